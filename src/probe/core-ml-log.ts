import { spawn } from 'node:child_process';

/**
 * Core ML's own log says why work left the ANE (an unsupported op, a kernel size the ANE cannot run, a
 * compilation that failed and fell back in silence). It is streamed while the model runs, and the lines
 * that explain a fallback go into the report.
 */
export const CORE_ML_PREDICATE = 'subsystem IN {"com.apple.espresso","com.apple.coreml"}';

/** The command that streams Core ML's log where the model runs; undefined where there is none to stream. */
export function logStreamCommand(target: 'host' | 'simulator' | 'device', options: { platform: NodeJS.Platform; udid?: string }): string[] | undefined {
  const stream = ['log', 'stream', '--style', 'compact', '--level', 'debug', '--predicate', CORE_ML_PREDICATE];
  if (target === 'host') return options.platform === 'darwin' ? stream : undefined;
  if (target === 'simulator' && options.udid) return ['xcrun', 'simctl', 'spawn', options.udid, ...stream];
  // A device's log reaches the Mac through Console or a sysdiagnose, not a command ane-check can stream.
  return undefined;
}

/** The markers of an ANE compilation that failed while the model still loads (domain.md, "Field evidence"). */
export const COMPILE_FAILURE = /ANECCompile\(\) FAILED|MILCompilerForANE error|E5RT encountered an STL exception/u;

const FALLBACK_SIGNS: RegExp[] = [
  COMPILE_FAILURE,
  /unsupported (op|layer|operation)/iu,
  /not supported (in|on|by) (the )?ANE/iu,
  /ANE.*(compil\w* (failed|error)|fail\w* to compile)/iu,
  /fall(s|ing)? ?back to (the )?(CPU|GPU)/iu,
  /kernel size .* not supported/iu,
];

/** The log lines that explain a fallback, without their timestamps, each once, at most `limit`. */
export function explainFallbacks(log: string, limit = 20): string[] {
  const found: string[] = [];
  for (const line of log.split(/\r?\n/u)) {
    if (!FALLBACK_SIGNS.some((sign) => sign.test(line))) continue;
    // `2024-06-01 10:00:00.123 E  App[1:2] [com.apple.espresso:default] message` -> `[com.apple.espresso:default] message`
    const message = line.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+\s+\S+\s+\S+\s+/u, '').trim();
    if (message && !found.includes(message)) found.push(message);
    if (found.length >= limit) break;
  }
  return found;
}

/** The compile-failure markers in the app's own output, each line once. */
export function compileFailures(output: string, limit = 20): string[] {
  return [...new Set(output.split(/\r?\n/u).filter((line) => COMPILE_FAILURE.test(line)).map((line) => line.trim()))].slice(0, limit);
}

export interface LogCapture {
  /** Ends the stream and returns what it printed. */
  stop(): Promise<string>;
}

/** Streams a log in the background until stopped; a stream that cannot start gives an empty log. */
export function startLogCapture(argv: readonly string[]): LogCapture {
  const [program, ...args] = argv;
  const chunks: string[] = [];
  const child = spawn(program!, args, { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
  child.on('error', () => undefined);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
  const closed = new Promise<void>((resolve) => {
    child.on('close', () => resolve());
    child.on('error', () => resolve());
  });
  return {
    async stop() {
      // The stream and anything it started (simctl spawn) are one process group.
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      if (child.exitCode === null && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      return chunks.join('');
    },
  };
}
