import { VERSION } from './inputs/action-inputs.js';
import { helpText, parseCommandLine, USAGE, type CommandLine } from './inputs/cli-args.js';
import { commitOfCheckout } from './commit.js';
import { errorMessage, InputError } from './errors.js';
import { inputsAsFlags } from './inputs/input-references.js';
import { runFromInputs } from './main.js';
import { writeJunit } from './report/junit.js';
import { combinedStatus, type Status } from './report/report.js';
import { renderDiffText } from './report/diff-text.js';
import { renderTerminal } from './report/terminal.js';
import { terminalLog } from './targets/xcodebuild.js';

/** Exit codes of the command line. */
export const EXIT_CODES: Record<Status, number> = { pass: 0, fail: 1, error: 1, inconclusive: 2 };

/** Runs the command line; returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  let commandLine: CommandLine;
  try {
    commandLine = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`ane-check: ${inputsAsFlags(errorMessage(error))}\n`);
    return EXIT_CODES.error;
  }
  switch (commandLine.kind) {
    case 'help':
      process.stdout.write(`${helpText()}\n`);
      return 0;
    case 'version':
      process.stdout.write(`ane-check ${VERSION}\n`);
      return 0;
    case 'usage':
      // Nothing to measure: the usage, and an exit status that no script mistakes for a pass.
      process.stderr.write(`${USAGE}\n\nSee ane-check --help for every flag.\n`);
      return EXIT_CODES.error;
  }
  for (const line of commandLine.ignored) process.stderr.write(`ane-check: ${line}\n`);

  const cwd = process.cwd();
  const environment = { platform: process.platform, path: process.env.PATH ?? '', cwd, commit: await commitOfCheckout(cwd, process.env) };
  const { reports, reportPath, reportNotWritten, settings } = await runFromInputs(commandLine.inputs, environment, { buildLog: terminalLog });
  const { mode, json } = commandLine;
  // With --json the report is all that standard output holds, so that it can be piped.
  const say = (text: string) => (json ? process.stderr : process.stdout).write(text);
  if (json) process.stdout.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
  else process.stdout.write(mode === 'diff' ? reports.map(renderDiffText).join('\n') : reports.map(renderTerminal).join('\n'));
  if (reportPath) say(`Report written to ${reportPath}\n`);
  for (const { discovery } of reports) {
    if (discovery) say(`Candidate profile written to ${discovery.profile} (${discovery.probes.length} probes from ${discovery.functions} engine-like functions): check it, then measure with --symbols ${discovery.profile}\n`);
  }
  let written = reportNotWritten === undefined;
  if (!written) process.stderr.write(`ane-check: ${inputsAsFlags(reportNotWritten!)} The result above is not saved anywhere else.\n`);
  if (settings?.junit) {
    try {
      await writeJunit(settings.junit, reports);
      say(`JUnit written to ${settings.junit}\n`);
    } catch (error) {
      written = false;
      process.stderr.write(`ane-check: the JUnit file could not be written to '${settings.junit}' (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}).\n`);
    }
  }
  // A result that could not be kept is an error, whatever it was: the next step would find no file.
  if (!written) return EXIT_CODES.error;
  const status = combinedStatus(reports);
  // lint and diff: 0 when nothing counts toward --fail-on, 1 otherwise (contract.md, "Command line").
  if (mode !== undefined) return status === 'pass' ? 0 : 1;
  return EXIT_CODES[status];
}
