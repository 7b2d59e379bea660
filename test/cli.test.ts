import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// @ts-expect-error: a plain JavaScript script, with no types.
import { renderInputsModule } from '../scripts/action-inputs.js';
import { ACTION_INPUTS } from '../src/inputs/action-inputs.js';
import { helpText, parseCommandLine } from '../src/inputs/cli-args.js';
import { InputError } from '../src/errors.js';
import { inputsAsFlags, splitInputReferences } from '../src/inputs/input-references.js';
import { ROOT } from './support/paths.js';

function refusal(argv: string[]): InputError {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('the inputs module', () => {
  it('is what action.yml and package.json say now (npm run inputs)', () => {
    const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
    expect(read('src/inputs/action-inputs.ts'), 'src/inputs/action-inputs.ts is stale: run `npm run inputs`').toBe(renderInputsModule(read('action.yml'), read('package.json')));
  });
});

describe('parseCommandLine', () => {
  it('asks for the usage when given nothing, and answers --help, -h, --version and -V', () => {
    expect(parseCommandLine([])).toEqual({ kind: 'usage' });
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['--threshold', '5', '-h'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommandLine(['-V'])).toEqual({ kind: 'version' });
  });

  it('reads --name value and --name=value, with the last of a repeated flag winning', () => {
    expect(parseCommandLine(['--command', './runner --fast', '--threshold=50', '--warmup', '2', '--warmup', '3'])).toEqual({
      kind: 'run',
      inputs: { command: './runner --fast', threshold: '50', warmup: '3' },
      ignored: [],
    });
  });

  it('takes a switch alone, so that the next flag is not its value', () => {
    expect(parseCommandLine(['--discover', '--threshold', '30'])).toEqual({ kind: 'run', inputs: { discover: 'true', threshold: '30' }, ignored: [] });
    expect(parseCommandLine(['--discover=false', '--threshold', '30'])).toEqual({ kind: 'run', inputs: { threshold: '30' }, ignored: [] });
  });

  it('calls out the flags that only the Action acts on, and does not pass them on', () => {
    const parsed = parseCommandLine(['--command', 'x', '--comment', 'off', '--github-token', 't']);
    expect(parsed).toEqual({
      kind: 'run',
      inputs: { command: 'x' },
      ignored: [
        "--github-token does nothing on the command line: it is for the Action's pull-request comment and GitHub API.",
        "--comment does nothing on the command line: it is for the Action's pull-request comment and GitHub API.",
      ],
    });
  });

  it('refuses an unknown flag, suggesting the one meant', () => {
    expect(refusal(['--treshold', '5']).message).toBe('--treshold: is not a flag of ane-check (did you mean --threshold?); see ane-check --help');
    expect(refusal(['--colour', 'red']).message).toBe('--colour: is not a flag of ane-check; see ane-check --help');
  });

  it('refuses a flag without its value, and a word that is no flag', () => {
    expect(refusal(['--threshold']).message).toMatch(/^ane-check: Option '--threshold <value>' argument missing; every input is a flag with its value/u);
    expect(refusal(['--report', '--threshold', '5']).message).toMatch(/^ane-check: Option '--report' argument is ambiguous/u);
    expect(refusal(['./runner']).message).toBe(
      "'./runner': is not a flag: every input is --name value (quote a command with its arguments: --command \"./runner --model m.mlpackage\")",
    );
  });
});

describe('helpText', () => {
  it('describes every input the command line acts on, with its default, from action.yml', () => {
    const help = helpText();
    const flat = help.replace(/\n {28}/gu, ' ');
    for (const input of ACTION_INPUTS) {
      if (['github-token', 'comment', 'baseline-artifact'].includes(input.name)) continue;
      expect(flat).toContain(`--${input.name}`);
      expect(flat).toContain(input.description);
    }
    expect(flat).toMatch(/\n {2}--threshold <value> +Minimum ANE coverage/u);
    expect(flat).toMatch(/\n {2}--warmup <value> +.* \(default: 1\)\n/u);
    expect(flat).toContain('--discover ');
    expect(flat).not.toContain('--discover <value>');
    expect(help).toContain('Only for the Action (ignored here): --github-token, --comment, --baseline-artifact.');
    expect(help.split('\n').every((line) => line.length <= 100)).toBe(true);
  });
});

describe('input references in messages', () => {
  it('become flags on the command line', () => {
    expect(inputsAsFlags('Raise `timeout`, or run with `discover: true` or `counting: driven`.')).toBe('Raise --timeout, or run with --discover or --counting driven.');
    expect(inputsAsFlags("threshold: 'abc' is not a percentage")).toBe("--threshold: 'abc' is not a percentage");
    // Words and backticked text that name no input stay as they are.
    expect(inputsAsFlags('target: the app; `process launch` failed')).toBe('--target: the app; `process launch` failed');
    expect(inputsAsFlags('LLDB: `breakpoint set` refused')).toBe('LLDB: `breakpoint set` refused');
  });

  it('are marked for Markdown, which shows them as code', () => {
    expect(splitInputReferences('Raise `timeout` or `breakpoint set`.')).toEqual([
      { text: 'Raise ', input: false },
      { text: 'timeout', input: true },
      { text: ' or `breakpoint set`.', input: false },
    ]);
  });
});

describe('ane-check lint and diff', () => {
  it('checks the models given, failing on every error finding, or on new ones with --base', () => {
    expect(parseCommandLine(['lint', 'a.mlpackage', 'Models/*.mlmodel'])).toEqual({
      kind: 'run',
      inputs: { check: 'static', model: 'a.mlpackage\nModels/*.mlmodel', 'base-model': 'none', 'fail-on': 'error' },
      ignored: [],
      mode: 'lint',
      json: false,
    });
    expect(parseCommandLine(['lint', 'a.mlpackage', '--base', 'main.json', '--json', '--report', 'r.json', '--allow-off-ane', 'gather'])).toEqual({
      kind: 'run',
      inputs: { check: 'static', model: 'a.mlpackage', 'base-model': 'main.json', 'fail-on': 'new', report: 'r.json', 'allow-off-ane': 'gather' },
      ignored: [],
      mode: 'lint',
      json: true,
    });
    expect(parseCommandLine(['lint', 'a.mlpackage', '--fail-on', 'warning']).kind === 'run' && parseCommandLine(['lint', 'a.mlpackage', '--fail-on', 'warning'])).toMatchObject({ inputs: { 'fail-on': 'warning' } });
    expect(parseCommandLine(['lint', '--help'])).toEqual({ kind: 'help' });
  });

  it('compares two models, failing on nothing unless asked', () => {
    expect(parseCommandLine(['diff', 'base.mlmodel', 'head.mlmodel'])).toEqual({
      kind: 'run',
      inputs: { check: 'static', model: 'head.mlmodel', 'base-model': 'base.mlmodel', 'fail-on': 'never' },
      ignored: [],
      mode: 'diff',
      json: false,
    });
    expect(parseCommandLine(['diff', 'b.mlmodel', 'h.mlmodel', '--fail-on', 'new'])).toMatchObject({ inputs: { 'fail-on': 'new' } });
  });

  it('refuses what the subcommands do not take, saying how they are used', () => {
    expect(refusal(['lint']).message).toBe('ane-check lint: needs the models to check (paths or quoted globs): ane-check lint MODEL... [--base PATH]');
    expect(refusal(['diff', 'a.mlmodel']).message).toBe('ane-check diff: needs two models, the base and the head: ane-check diff BASE HEAD');
    expect(refusal(['diff', 'a.mlmodel', 'b.mlmodel', '--base', 'c']).message).toMatch(/^ane-check diff: Unknown option '--base'; see ane-check diff --help/u);
    expect(refusal(['lint', 'a.mlmodel', '--threshold', '5']).message).toMatch(/^ane-check lint: Unknown option '--threshold'/u);
  });

  it('says in the help how they are used', () => {
    expect(helpText()).toContain('ane-check lint <model>... [--base <model or report.json>] [--json]');
    expect(helpText()).toContain('ane-check diff <base model> <head model> [--json]');
  });
});
