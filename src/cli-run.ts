import { commitOfCheckout } from './commit.js';
import { errorMessage, InputError } from './errors.js';
import { runFromInputs } from './main.js';
import { renderTerminal } from './report/terminal.js';
import { terminalLog } from './targets/xcodebuild.js';
import { combinedStatus, type Status } from './report/report.js';
import { INPUT_NAMES, type InputName, type RawInputs } from './settings.js';

const USAGE = `Usage: ane-check --command "<program> [args]" [--flag value ...]

Runs a program under LLDB with breakpoints on Core ML's engine functions and reports how much of the
model ran on the Apple Neural Engine. Every input of the GitHub Action is a flag (--flag value or
--flag=value):
${INPUT_NAMES.filter((name) => name !== 'github-token').map((name) => `  --${name}`).join('\n')}

Exit status: 0 pass, 1 fail or error, 2 inconclusive.`;

/** Exit codes of the command line. */
export const EXIT_CODES: Record<Status, number> = { pass: 0, fail: 1, error: 1, inconclusive: 2 };

export function parseFlags(argv: readonly string[]): RawInputs | 'help' {
  const raw: RawInputs = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    const match = /^--([a-z-]+)(?:=(.*))?$/su.exec(arg);
    if (!match || !INPUT_NAMES.includes(match[1] as InputName)) throw new InputError(arg, 'is not a flag of ane-check; see ane-check --help');
    const name = match[1] as InputName;
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new InputError(`--${name}`, 'needs a value');
    raw[name] = value;
  }
  return raw;
}

/** Runs the command line; returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  let raw: RawInputs | 'help';
  try {
    raw = parseFlags(argv);
  } catch (error) {
    process.stderr.write(`ane-check: ${errorMessage(error)}\n`);
    return EXIT_CODES.error;
  }
  if (raw === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const cwd = process.cwd();
  const environment = { platform: process.platform, path: process.env.PATH ?? '', cwd, commit: await commitOfCheckout(cwd, process.env) };
  const { reports, reportPath } = await runFromInputs(raw, environment, { buildLog: terminalLog });
  process.stdout.write(reports.map(renderTerminal).join('\n'));
  if (reportPath) process.stdout.write(`Report written to ${reportPath}\n`);
  return EXIT_CODES[combinedStatus(reports)];
}
