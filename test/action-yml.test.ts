import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// @ts-expect-error: a plain JavaScript script, with no types.
import { renderReadme } from '../scripts/action-inputs.js';
import { INPUT_NAMES } from '../src/inputs/settings.js';
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
    expect(keysOf('outputs')).toEqual(['status', 'coverage', 'delta', 'report', 'plan-coverage', 'latency', 'findings', 'new-findings']);
    expect(actionYml).toMatch(/runs:\n {2}using: node24\n {2}main: dist\/index\.js/u);
  });

  it("uses only declared inputs in the workflow examples of README and docs/", () => {
    const used = new Set<string>();
    const docs = readdirSync(path.join(ROOT, 'docs')).filter((file) => file.endsWith('.md')).map((file) => readFileSync(path.join(ROOT, 'docs', file), 'utf8'));
    const lines = [readme, ...docs].join('\n').split('\n');
    lines.forEach((line, index) => {
      if (!line.includes('uses: org/ane-check@v1')) return;
      const indent = line.search(/\S/u);
      for (const next of lines.slice(index + 1)) {
        if (next.trim() !== '' && next.search(/\S/u) <= indent) break;
        const inline = /with: \{(.*)\}/u.exec(next);
        if (inline) inline[1]!.split(',').forEach((pair) => used.add(pair.split(':')[0]!.trim()));
        const key = /^\s+([a-z-]+):/u.exec(next)?.[1];
        if (key && key !== 'with' && next.search(/\S/u) > indent + 2) used.add(key);
      }
    });
    expect([...used].sort()).toEqual(expect.arrayContaining(['baseline', 'command', 'comment', 'fail-on-inconclusive', 'junit', 'max-drop', 'model', 'name', 'plan-threshold', 'publish', 'target', 'threshold']));
    expect([...used].filter((key) => !keysOf('inputs').includes(key))).toEqual([]);
  });

  it('has README\'s tables of inputs and outputs as action.yml gives them (npm run inputs)', () => {
    expect(readme, 'README.md\'s tables are stale: run `npm run inputs`').toBe(renderReadme(readme, actionYml));
  });

  it('documents every input and output in README', () => {
    for (const name of [...keysOf('inputs'), ...keysOf('outputs')]) expect(readme).toContain(`| \`${name}\` |`);
  });
});
