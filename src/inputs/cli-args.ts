import { parseArgs } from 'node:util';

import { ACTION_INPUTS } from './action-inputs.js';
import { InputError } from '../errors.js';
import { INPUT_NAMES, type InputName, type RawInputs } from './settings.js';

/** Inputs that are switches on the command line: given alone, they are true. */
const SWITCHES: ReadonlySet<string> = new Set<InputName>(['discover']);

/** Inputs that only the Action acts on (the pull-request comment, the GitHub API): here they are called out and ignored. */
const ACTION_ONLY: ReadonlySet<string> = new Set<InputName>(['github-token', 'comment', 'baseline-artifact']);

export type CommandLine =
  | { kind: 'help' | 'version' | 'usage' }
  /**
   * `ignored`: what the command line will not act on, to say so before measuring. `mode`: `lint` (the model
   * check of the models given) or `diff` (what changed between two models); `json`: print the report as JSON.
   */
  | { kind: 'run'; inputs: RawInputs; ignored: string[]; mode?: 'lint' | 'diff'; json?: boolean };

/** The flags of `ane-check lint` and `ane-check diff`, beside their models: the inputs that bear on the model check. */
const MODEL_FLAGS: readonly InputName[] = ['fail-on', 'allow-off-ane', 'report', 'junit', 'name'];

/**
 * Reads the command line with node:util's parseArgs: `--name value` or `--name=value` for each input of
 * the Action, switches alone (`--discover`), `--help`, `--version`. No arguments at all is a request for
 * the usage, not a measurement of nothing. Throws InputError naming the flag and the fix.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  if (argv.length === 0) return { kind: 'usage' };
  if (argv[0] === 'lint' || argv[0] === 'diff') return parseModelCommand(argv[0], argv.slice(1));
  const args = argv.map(switchWithValue).filter((arg): arg is string => arg !== undefined);
  for (const arg of args) {
    const flag = /^--?([^=]*)/u.exec(arg)?.[1];
    if (flag === undefined || arg === '--') continue;
    if (!isKnown(flag)) throw new InputError(`--${flag}`, `is not a flag of ane-check${suggestion(flag)}; see ane-check --help`);
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new InputError('ane-check', `${(error as Error).message.split('. ')[0]}; every input is a flag with its value (--threshold 50), see ane-check --help`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) {
    throw new InputError(`'${positionals[0]}'`, 'is not a flag: every input is --name value (quote a command with its arguments: --command "./runner --model m.mlpackage")');
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const inputs: RawInputs = {};
  const ignored: string[] = [];
  for (const name of INPUT_NAMES) {
    const value = values[name];
    if (value === undefined) continue;
    if (ACTION_ONLY.has(name)) {
      ignored.push(`--${name} does nothing on the command line: it is for the Action's pull-request comment and GitHub API.`);
      continue;
    }
    inputs[name] = typeof value === 'boolean' ? String(value) : value;
  }
  return { kind: 'run', inputs, ignored };
}

/**
 * `ane-check lint MODEL... [--base PATH] [--json]`: the model check alone, failing on every error finding, or
 * with `--base` on new ones (contract.md, "Command line"). `ane-check diff BASE HEAD`: what changed between two
 * models, failing on nothing unless `--fail-on` says so.
 */
function parseModelCommand(mode: 'lint' | 'diff', argv: readonly string[]): CommandLine {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
    json: { type: 'boolean' },
    ...(mode === 'lint' ? { base: { type: 'string' } } : {}),
  };
  for (const name of MODEL_FLAGS) options[name] = { type: 'string' };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true }) as typeof parsed;
  } catch (error) {
    throw new InputError(`ane-check ${mode}`, `${(error as Error).message.split('. ')[0]}; see ane-check ${mode} --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const usage = mode === 'lint' ? 'ane-check lint MODEL... [--base PATH]' : 'ane-check diff BASE HEAD';
  if (mode === 'lint' && positionals.length === 0) throw new InputError('ane-check lint', `needs the models to check (paths or quoted globs): ${usage}`);
  if (mode === 'diff' && positionals.length !== 2) throw new InputError('ane-check diff', `needs two models, the base and the head: ${usage}`);
  const [base, ...models] = mode === 'diff' ? positionals : [values.base as string | undefined, ...positionals];
  const inputs: RawInputs = { check: 'static', model: models.join('\n'), 'base-model': base ?? 'none', 'fail-on': mode === 'diff' ? 'never' : base !== undefined ? 'new' : 'error' };
  for (const name of MODEL_FLAGS) if (typeof values[name] === 'string') inputs[name] = values[name];
  return { kind: 'run', inputs, ignored: [], mode, json: values.json === true };
}

function parse(args: string[]) {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'V' },
  };
  for (const name of INPUT_NAMES) options[name] = { type: SWITCHES.has(name) ? 'boolean' : 'string' };
  return parseArgs({ args, options, strict: true, allowPositionals: true }) as { values: Record<string, string | boolean | undefined>; positionals: string[] };
}

/** `--discover=true` is the switch and `--discover=false` its absence, as the Action's `discover: true` reads. */
function switchWithValue(arg: string): string | undefined {
  const match = /^--([a-z-]+)=(true|false)$/u.exec(arg);
  if (!match || !SWITCHES.has(match[1]!)) return arg;
  return match[2] === 'true' ? `--${match[1]}` : undefined;
}

function isKnown(flag: string): boolean {
  return ['help', 'h', 'version', 'V', ''].includes(flag) || (INPUT_NAMES as readonly string[]).includes(flag);
}

/** ` (did you mean --threshold?)` for a flag one or two edits away from a real one. */
function suggestion(flag: string): string {
  const near = INPUT_NAMES.find((name) => editDistance(flag, name) <= 2);
  return near ? ` (did you mean --${near}?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

const WIDTH = 100;
const FLAG_COLUMN = 28;

/** The help: usage, then every flag with the description and default that action.yml gives its input. */
export function helpText(): string {
  const flag = (name: string) => (SWITCHES.has(name) ? `--${name}` : `--${name} <value>`);
  const rows = ACTION_INPUTS.filter((input) => !ACTION_ONLY.has(input.name)).map((input) => {
    const preset = input.default !== undefined && !SWITCHES.has(input.name) ? ` (default: ${input.default})` : '';
    return row(flag(input.name), input.description + preset);
  });
  return [
    USAGE,
    '',
    'ane-check lint reads each model file (on any machine: no Xcode, no LLDB) and reports what keeps',
    'work off the ANE; it fails on every error finding, or with --base on those the base model does not',
    'have. ane-check diff says what changed between two models. Both take --fail-on, --allow-off-ane,',
    '--report, --junit, --name and --json (print the report as JSON).',
    '',
    'Runs a program (or a model, with the bundled harness) under LLDB with breakpoints on Core ML\'s',
    'engine functions, and reports how much of the model ran on the Apple Neural Engine. Each flag is',
    'an input of the GitHub Action (action.yml); a switch needs no value.',
    '',
    'Flags:',
    ...rows,
    row('-h, --help', 'This help.'),
    row('-V, --version', 'The version of ane-check.'),
    '',
    `Only for the Action (ignored here): ${[...ACTION_ONLY].map((name) => `--${name}`).join(', ')}.`,
    '',
    'Exit status: 0 pass, 1 fail or error, 2 inconclusive; lint and diff: 0 when no finding counts toward',
    '--fail-on, 1 otherwise.',
  ].join('\n');
}

export const USAGE = `Usage: ane-check --command "<program> [args]" [flags]
       ane-check --model <model.mlpackage> [flags]
       ane-check lint <model>... [--base <model or report.json>] [--json]
       ane-check diff <base model> <head model> [--json]
       ane-check --publish "<glob of reports>" [flags]
       ane-check --help`;

/** A flag and its description, wrapped to WIDTH columns under the description's column. */
function row(flag: string, description: string): string {
  const lines: string[] = [];
  let line = `  ${flag}`.padEnd(FLAG_COLUMN);
  if (line.length > FLAG_COLUMN) {
    lines.push(line.trimEnd());
    line = ' '.repeat(FLAG_COLUMN);
  }
  for (const word of description.split(/\s+/u)) {
    if (line.length + word.length + 1 > WIDTH && line.trim() !== '') {
      lines.push(line.trimEnd());
      line = ' '.repeat(FLAG_COLUMN);
    }
    line += line.endsWith(' ') ? word : ` ${word}`;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}
