import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { INPUT_NAMES } from '../src/settings.js';
import { ROOT } from './support/paths.js';

const actionYml = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The keys one level under `section:` in action.yml. */
function keysOf(section: string): string[] {
  const body = actionYml.split(`\n${section}:\n`)[1]?.split(/\n(?=\S)/u)[0] ?? '';
  return [...body.matchAll(/^ {2}([a-z-]+):$/gmu)].map((match) => match[1]!);
}

describe('action.yml and README', () => {
  it('declares every input the code reads, and no other', () => {
    expect(keysOf('inputs')).toEqual([...INPUT_NAMES]);
  });

  it('declares the outputs of the contract and runs the bundle on node24', () => {
    expect(keysOf('outputs')).toEqual(['status', 'coverage', 'delta', 'report']);
    expect(actionYml).toMatch(/runs:\n {2}using: node24\n {2}main: dist\/index\.js/u);
  });

  it('documents every input and output in README', () => {
    for (const name of [...keysOf('inputs'), ...keysOf('outputs')]) expect(readme).toContain(`| \`${name}\` |`);
  });
});
