import { INPUT_NAMES } from './settings.js';

/**
 * Messages name inputs in backticks (`timeout`, `discover: true`), and an input's own error starts with its
 * name (`threshold: 'abc' is not ...`). In the Action these read as they are (Markdown shows the backticked
 * ones as code); on the command line they become the flags (`--timeout`, `--discover`).
 */
const REFERENCE = /`([a-z-]+)(?:: ([^`]+))?`/gu;
const LEADING_NAME = /^([a-z-]+): /u;

const isInput = (name: string) => (INPUT_NAMES as readonly string[]).includes(name);

/** The text with each input written as the command line's flag. */
export function inputsAsFlags(text: string): string {
  return text
    .replace(LEADING_NAME, (whole, name: string) => (isInput(name) ? `--${name}: ` : whole))
    .replace(REFERENCE, (whole, name: string, value: string | undefined) => {
      if (!isInput(name)) return whole;
      if (value === undefined || value === 'true') return `--${name}`;
      return `--${name} ${value}`;
    });
}

/** The text in parts: plain text, and backticked input references (to show as code). */
export function splitInputReferences(text: string): { text: string; input: boolean }[] {
  const parts: { text: string; input: boolean }[] = [];
  let last = 0;
  for (const match of text.matchAll(REFERENCE)) {
    if (!isInput(match[1]!)) continue;
    if (match.index > last) parts.push({ text: text.slice(last, match.index), input: false });
    parts.push({ text: match[0].slice(1, -1), input: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), input: false });
  return parts;
}
