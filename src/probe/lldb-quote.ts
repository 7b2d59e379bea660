/**
 * Quotes one argument for an LLDB command line. Inside double quotes LLDB takes a backslash before
 * `\`, `"` and the backtick literally; an unescaped backtick would run an expression in the target.
 * A line break cannot be quoted at all: it would end the command, so it is refused.
 */
export function quoteLldb(argument: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/u.test(argument)) {
    throw new Error(`cannot pass ${JSON.stringify(argument)} to LLDB: it contains a control character`);
  }
  return `"${argument.replace(/[\\"`]/gu, (char) => `\\${char}`)}"`;
}
