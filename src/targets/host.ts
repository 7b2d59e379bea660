import { quoteLldb } from '../probe/lldb-quote.js';
import type { TargetCommands } from '../probe/lldb-script.js';

export interface HostLaunch {
  /** The program (absolute path) and its arguments. */
  command: string[];
  /** Where the program's standard output and error go: kept out of LLDB's transcript. */
  stdoutPath: string;
  stderrPath: string;
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
    ],
    start: [`process launch -i /dev/null -o ${quoteLldb(launch.stdoutPath)} -e ${quoteLldb(launch.stderrPath)}`],
  };
}
