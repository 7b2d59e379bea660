// Writes src/inputs/action-inputs.ts from action.yml and package.json, so that the command line's help says what
// the Action's inputs say and --version what the package says (npm run inputs; test/cli.test.ts fails when
// they differ).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { parse } from 'yaml';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const INPUTS_MODULE = path.join(ROOT, 'src', 'inputs', 'action-inputs.ts');

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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const read = (file) => readFileSync(path.join(ROOT, file), 'utf8');
  writeFileSync(INPUTS_MODULE, renderInputsModule(read('action.yml'), read('package.json')));
  console.log(`Wrote ${path.relative(ROOT, INPUTS_MODULE)}`);
}
