/**
 * Makes foreign text (names of programs, models, functions) inert in GitHub Markdown: no HTML, no
 * formatting, no links, no table breaks, no @mentions, no issue references. Every character that means
 * something is written as an HTML entity, which GitHub shows as the character itself.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[&<>"'`*_~[\]()#|\\!@:{}+=.-]/gu, (char) => `&#${char.codePointAt(0)};`)
    .replace(/&#(64|35);/gu, '&#$1;&#8203;') // a zero-width space after @ and #: no mention, no issue link
    .replace(/\s+/gu, ' ');
}

/** Foreign text shown as code: `<code>` with escaped content, since entities are not decoded inside backticks. */
export function markdownCode(text: string): string {
  return `<code>${escapeMarkdown(text)}</code>`;
}
