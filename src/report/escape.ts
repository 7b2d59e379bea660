/**
 * Makes foreign text (names of programs, models, functions) inert in GitHub Markdown at little cost in
 * length: `<`, `>` and `&` become entities (no HTML, so no comment marker either); the characters that
 * start emphasis, code, links, images, strikethrough or table cells get a backslash (CommonMark's escape of
 * ASCII punctuation, https://spec.commonmark.org/0.31.2/#backslash-escapes); a zero-width space after `@`
 * and `#` keeps GitHub from making a mention or an issue link, and one after `://` and `www` keeps GFM's
 * autolinks (https://github.github.com/gfm/#autolinks-extension-) from making a link.
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(/[&<>]/gu, (char) => ENTITY[char]!)
    .replace(/[\\`*_~[\]|!]/gu, '\\$&')
    .replace(/[@#]|:\/\/|www/giu, `$&${ZERO_WIDTH_SPACE}`);
}

/**
 * Foreign text as a code span: shown as it is, with nothing in it interpreted (no HTML, no mention, no
 * link). The fence is one backtick longer than any run of backticks in the text
 * (https://spec.commonmark.org/0.31.2/#code-spans). In a table cell, `|` still ends the cell inside a
 * code span unless escaped (https://github.github.com/gfm/#example-200), so `inTable` escapes it.
 */
export function markdownCode(text: string, where: { inTable?: boolean } = {}): string {
  let content = oneLine(text);
  if (where.inTable) content = content.replace(/\|/gu, '\\|');
  const longestRun = Math.max(0, ...(content.match(/`+/gu) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // A space on each side when the text starts or ends with a backtick (or is only spaces), which the span strips again.
  const padded = /^`|`$|^ *$/u.test(content) ? ` ${content} ` : content;
  return `${fence}${padded}${fence}`;
}

const ZERO_WIDTH_SPACE = '\u200b';
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ');
}
