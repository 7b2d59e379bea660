import { parse } from 'shell-quote';

import { InputError } from '../errors.js';

/**
 * Splits `text` into words the way a POSIX shell would (quotes and backslashes honoured), without
 * running a shell: operators, globs and variables are refused, since nothing would give them meaning.
 */
export function splitCommand(input: string, text: string): string[] {
  const open = unclosedQuote(text);
  if (open) throw new InputError(input, `the ${open} quote is never closed; close it or escape it with a backslash`);
  const variables: string[] = [];
  const words = parse(text, (name) => {
    variables.push(name);
    return '';
  });
  if (variables.length > 0) {
    throw new InputError(
      input,
      `$${variables[0]} would not be expanded: no shell runs the command. Write its value instead (in a workflow, \${{ env.${variables[0]} }}; in a terminal, the shell expands $${variables[0]} outside single quotes), or keep the single quotes to pass it literally`,
    );
  }
  return words.map((word) => {
    if (typeof word === 'string') return word;
    const what = 'comment' in word ? `#${word.comment}` : 'pattern' in word ? word.pattern : word.op;
    throw new InputError(
      input,
      `'${what}' is shell syntax, and no shell runs the command; quote it to pass it as an argument, or put the pipeline in a script and give the script`,
    );
  });
}

function unclosedQuote(text: string): 'single' | 'double' | undefined {
  let quote: 'single' | 'double' | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote === 'single') {
      if (char === "'") quote = undefined;
    } else if (char === '\\') {
      i++;
    } else if (char === '"') {
      quote = quote === 'double' ? undefined : 'double';
    } else if (char === "'" && quote === undefined) {
      quote = 'single';
    }
  }
  return quote;
}
