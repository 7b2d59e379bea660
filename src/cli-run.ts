import { VERSION } from './inputs/action-inputs.js';
import { helpText, parseCommandLine, USAGE, type CommandLine } from './inputs/cli-args.js';
import { commitOfCheckout } from './commit.js';
import { errorMessage, InputError } from './errors.js';
import { inputsAsFlags } from './inputs/input-references.js';
import { runFromInputs } from './main.js';
import { writeJunit } from './report/junit.js';
import { combinedStatus, type Status } from './report/report.js';
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
  process.stdout.write(reports.map(renderTerminal).join('\n'));
  if (reportPath) process.stdout.write(`Report written to ${reportPath}\n`);
  let written = reportNotWritten === undefined;
  if (!written) process.stderr.write(`ane-check: ${inputsAsFlags(reportNotWritten!)} The result above is not saved anywhere else.\n`);
  if (settings?.junit) {
    try {
      await writeJunit(settings.junit, reports);
      process.stdout.write(`JUnit written to ${settings.junit}\n`);
    } catch (error) {
      written = false;
      process.stderr.write(`ane-check: the JUnit file could not be written to '${settings.junit}' (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}).\n`);
    }
  }
  // A result that could not be kept is an error, whatever it was: the next step would find no file.
  return written ? EXIT_CODES[combinedStatus(reports)] : EXIT_CODES.error;
}
