import { execFile } from 'node:child_process';

import type { CountingMode } from './lldb-script.js';

/** The `counting` input: a mode, or `auto` to choose one from LLDB's version and the target. */
export type CountingChoice = CountingMode | 'auto';

/** What `lldb --version` printed first: `lldb version 14.0.6`, `lldb-1704.0.20.4`; undefined if it could not run. */
export async function readLldbVersion(lldb: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const [program, ...args] = lldb;
  if (!program) return undefined;
  return new Promise((resolve) => {
    execFile(program, [...args, '--version'], { timeout: 30_000, env }, (error, stdout) => {
      const first = stdout.split('\n').find((line) => /lldb/iu.test(line))?.trim();
      resolve(error && !first ? undefined : first);
    });
  });
}

/** Apple's LLDB numbers its builds `lldb-1704.0.20.4`; upstream prints `lldb version 19.1.7`. */
export function appleLldbBuild(version: string | undefined): number | undefined {
  const match = /\blldb-(\d+)(?:\.\d+)*/u.exec(version ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * The counting mode for this run, and why (`deviceOs`: the OS of the device the app runs on, if any). Apple's lldb-1704 (Xcode 26.4) is reported to fail to re-arm
 * auto-continue breakpoints (llvm/llvm-project#190956, flutter/flutter#184254), and on iOS 27 devices
 * LLDB is reported not to stop on auto-continue breakpoints at all (flutter/flutter#191434): both lose
 * hits silently, so those runs are driven. Elsewhere auto-continue is the cheap, proven path.
 */
export function chooseCounting(requested: CountingChoice, version: string | undefined, deviceOs: string | undefined): { mode: CountingMode; reason: string } {
  if (requested !== 'auto') return { mode: requested, reason: `counting: ${requested} was asked for` };
  const build = appleLldbBuild(version);
  if (build !== undefined && build >= 1704) {
    return { mode: 'driven', reason: `LLDB lldb-${build} (Xcode 26.4 or later) is reported to lose auto-continue breakpoint hits` };
  }
  const ios = /\b(?:iOS|iPadOS) (\d+)/u.exec(deviceOs ?? '');
  if (ios && Number(ios[1]) >= 27) {
    return { mode: 'driven', reason: `LLDB is reported not to stop on auto-continue breakpoints on iOS ${ios[1]} devices` };
  }
  return { mode: 'auto-continue', reason: `${version ?? 'this LLDB'} is not reported to lose auto-continue breakpoint hits` };
}
