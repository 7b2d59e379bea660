import { quoteLldb } from '../probe/lldb-quote.js';
import type { TargetCommands } from '../probe/lldb-script.js';

export interface HostLaunch {
  /** The program (absolute path) and its arguments. */
  command: string[];
  /** Where the program's standard output and error go: kept out of LLDB's transcript. */
  stdoutPath: string;
  stderrPath: string;
  /** The program's TMPDIR, as the run found it (undefined: unset). LLDB itself runs with another (lldb-session.ts). */
  tmpdir?: string;
}

/**
 * `target: host`: LLDB creates the target and launches it. Arguments are set by our own quoting (not
 * LLDB's command line, which would let a backtick in an argument run an expression). The program's
 * output goes to files, so that nothing it prints can pass for LLDB's output.
 */
export function hostCommands(launch: HostLaunch): TargetCommands {
  const [program, ...args] = launch.command;
  if (program === undefined) throw new Error('no program to launch');
  return {
    setup: [
      `target create ${quoteLldb(program)}`,
      // LLDB refuses `settings set` with no value; a new target has no arguments anyway.
      ...(args.length > 0 ? [`settings set -- target.run-args ${args.map(quoteLldb).join(' ')}`] : []),
      // The program inherits LLDB's environment (target.inherit-env), whose TMPDIR is the run's work folder.
      launch.tmpdir === undefined ? 'settings set target.unset-env-vars TMPDIR' : `settings set target.env-vars ${quoteLldb(`TMPDIR=${launch.tmpdir}`)}`,
    ],
    start: [`process launch -i /dev/null -o ${quoteLldb(launch.stdoutPath)} -e ${quoteLldb(launch.stderrPath)}`],
  };
}
