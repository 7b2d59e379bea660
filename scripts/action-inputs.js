// Writes src/inputs/action-inputs.ts from action.yml and package.json, so that the command line's help says what
// the Action's inputs say and --version what the package says, and README's tables of inputs and outputs from
// action.yml, so that the two cannot drift (as actions/checkout's misc/generate-docs.ts does). npm run inputs;
// test/cli.test.ts and test/action-yml.test.ts fail when they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { parse } from 'yaml';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const INPUTS_MODULE = path.join(ROOT, 'src', 'inputs', 'action-inputs.ts');
export const README = path.join(ROOT, 'README.md');

/** The TypeScript module for the inputs of an action.yml's text and the version of a package.json's text. */
export function renderInputsModule(actionYml, packageJson) {
  const inputs = Object.entries(parse(actionYml).inputs).map(([name, input]) => ({
    name,
    description: input.description,
    ...(input.default !== undefined ? { default: String(input.default) } : {}),
  }));
  return [
    '// Generated from action.yml by scripts/action-inputs.js (npm run inputs): do not edit.',
    '',
    'export interface ActionInput {',
    '  name: string;',
    '  description: string;',
    '  default?: string;',
    '}',
    '',
    `export const ACTION_INPUTS: readonly ActionInput[] = ${JSON.stringify(inputs, null, 2)};`,
    '',
    `export const VERSION = ${JSON.stringify(JSON.parse(packageJson).version)};`,
    '',
  ].join('\n');
}

const TABLES = {
  inputs: { header: '| input | default | meaning |\n|---|---|---|', row: (name, entry) => `| \`${name}\` | ${entry.default !== undefined && entry.default !== '' ? code(String(entry.default)) : ''} | ${cell(entry.description)} |` },
  outputs: { header: '| output | value |\n|---|---|', row: (name, entry) => `| \`${name}\` | ${cell(entry.description)} |` },
};

/** README with its tables of inputs and outputs made anew from action.yml, between their markers. */
export function renderReadme(readme, actionYml) {
  const action = parse(actionYml);
  let text = readme;
  for (const [section, table] of Object.entries(TABLES)) {
    const start = `<!-- ${section}: generated from action.yml by npm run inputs -->`;
    const end = `<!-- end of ${section} -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} block`);
    const rows = Object.entries(action[section]).map(([name, entry]) => table.row(name, entry));
    text = `${text.slice(0, from + start.length)}\n${table.header}\n${rows.join('\n')}\n${text.slice(to)}`;
  }
  return text;
}

/** A table cell: one line, its bars and stars escaped (a glob's `**` is not emphasis). */
function cell(text) {
  return text.replace(/\s+/gu, ' ').trim().replace(/[|*]/gu, (char) => `\\${char}`);
}

function code(text) {
  return `\`${text}\``;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const read = (file) => readFileSync(path.join(ROOT, file), 'utf8');
  writeFileSync(INPUTS_MODULE, renderInputsModule(read('action.yml'), read('package.json')));
  console.log(`Wrote ${path.relative(ROOT, INPUTS_MODULE)}`);
  writeFileSync(README, renderReadme(read('README.md'), read('action.yml')));
  console.log(`Wrote the tables of ${path.relative(ROOT, README)}`);
}
