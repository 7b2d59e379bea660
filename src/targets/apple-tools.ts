import { execFile } from 'node:child_process';

import type { TargetCommands } from '../probe/lldb-script.js';

/** Runs one Apple tool (argv, never a shell) and returns what it printed; rejects on a non-zero exit. */
export type RunTool = (argv: readonly string[], options?: { timeoutMs?: number }) => Promise<{ stdout: string; stderr: string }>;

export const runTool: RunTool = (argv, options = {}) =>
  new Promise((resolve, reject) => {
    const [program, ...args] = argv;
    if (!program) return reject(new Error('no program'));
    execFile(program, args, { timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const detail = stderr.trim().split('\n').slice(-3).join(' ') || error.message;
        reject(new Error(`${argv.join(' ')} failed: ${detail}`));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });

/** An app started on a simulator or device, ready for LLDB to attach, and how to stop and end it. */
export interface LaunchedApp {
  commands: TargetCommands;
  /** The process id, on the Mac for a simulator app, on the device for a device app. */
  pid: number;
  /** Stops the app so that LLDB takes its final snapshot (an idle app, or the timeout). */
  interrupt(): Promise<void>;
  /** Ends the app after the run, whatever LLDB did. */
  terminate(): Promise<void>;
  /** Where the app runs, for the report. */
  device: string;
  /** The OS the app runs on: `iOS 17.5`. */
  os: string;
  /** Brings the app's output (its evidence lines) to stdoutPath after the run, where it is not there already. */
  collectOutput?(): Promise<void>;
  /** The command that streams Core ML's log where the app runs, if there is one. */
  logStream?: string[];
  /** The file that receives the app's standard output, when it can be captured (the Simulator). */
  stdoutPath?: string;
  /** The file that receives the app's standard error (load errors), when it can be captured (the Simulator). */
  stderrPath?: string;
}

/** Whether Xcode (or its command-line tools) can compile Swift here: what building the bundled harness needs. */
export async function hasXcode(): Promise<boolean> {
  try {
    await runTool(['xcrun', '--find', 'swiftc'], { timeoutMs: 60_000 });
    return true;
  } catch {
    return false;
  }
}
