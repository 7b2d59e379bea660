import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { descendantsOf, isDebugServer, isRunning, sendSignal, type Descendant } from './process-tree.js';

/**
 * When an app that never exits counts as idle: silence after its last prediction, once the counted window
 * has opened. Before that, the first predictions may be slow (loading, compiling for the ANE), and only
 * the timeout ends a run.
 */
export interface IdlePolicy {
  /** Never less than this. */
  minimumMs: number;
  /** This many times the longest gap seen between two predictions (a slow model gets longer). */
  gapFactor: number;
  /** Used while only one prediction has been seen (no warm-up), so no gap is known. */
  withoutGapMs: number;
}

export const DEFAULT_IDLE: IdlePolicy = { minimumMs: 2_000, gapFactor: 4, withoutGapMs: 30_000 };

export interface SessionOptions {
  /** The debugger's command line, e.g. ['xcrun', 'lldb']. */
  lldb: string[];
  script: string;
  /** Where the script is written. */
  workDir: string;
  timeoutMs: number;
  idle?: IdlePolicy;
  /** The echoed command whose next line carries the prediction count. */
  progressCommand: string;
  /** The echoed command that takes the snapshot at the start of the counted window. */
  windowStartCommand: string;
  /** The echoed command after which the target is no longer running. */
  finalCommand: string;
  /** The target's pid on this machine when it is known before LLDB starts (a simulator app); found in LLDB's tree otherwise. */
  targetPid?: number;
  /** Stops the target another way than a signal from here (an app on a device). */
  interruptTarget?: () => Promise<void>;
  /** How long LLDB gets to take its final snapshot after the target was stopped for a timeout. */
  graceMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface SessionResult {
  stdout: string;
  stderr: string;
  /** LLDB could not be started at all. */
  spawnError?: string;
  timedOut: boolean;
  /** The target was stopped because it had gone idle after its predictions. */
  idleStopped: boolean;
  /** Processes still alive after clean-up: always empty unless the system refused to kill them. */
  leftRunning: number[];
  durationMs: number;
}

/**
 * Runs LLDB in batch mode on a script and returns what it printed. Watches the prediction progress to
 * end the window of an app that has gone idle, enforces the timeout, and makes sure that neither LLDB,
 * its debug server nor the target outlives the call.
 */
export async function runLldbSession(options: SessionOptions): Promise<SessionResult> {
  const idle = options.idle ?? DEFAULT_IDLE;
  const graceMs = options.graceMs ?? 5_000;
  const scriptPath = path.join(options.workDir, 'probe.lldb');
  await writeFile(scriptPath, options.script, 'utf8');
  const started = Date.now();
  const [program, ...baseArgs] = options.lldb;
  if (!program) throw new Error('no LLDB command');

  // -x: no ~/.lldbinit, whose settings could change what the script does or prints.
  const child = spawn(program, [...baseArgs, '-x', '--batch', '-s', scriptPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: options.env ?? process.env,
  });

  const stdout: string[] = [];
  const stderr: string[] = [];
  let spawnError: string | undefined;
  let timedOut = false;
  let idleStopped = false;
  let finished = false;
  const known = new Map<number, Descendant>();
  let targetPid = options.targetPid;

  const progress = trackProgress(options.progressCommand, options.windowStartCommand, options.finalCommand);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout.push(chunk);
    if (progress.read(chunk) && targetPid === undefined) void rememberTree();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));

  const exited = new Promise<void>((resolve) => {
    child.on('error', (error) => {
      spawnError = error.message;
      resolve();
    });
    child.on('close', () => resolve());
  });

  async function rememberTree(): Promise<void> {
    if (child.pid === undefined || finished) return;
    const tree = await descendantsOf(child.pid).catch(() => []);
    for (const descendant of tree) known.set(descendant.pid, descendant);
    targetPid ??= tree.find((descendant) => !isDebugServer(descendant.command) && !/(^|\/)lldb(-[\d.]+)?$/u.test(descendant.command))?.pid;
  }

  async function stopTarget(): Promise<void> {
    if (options.interruptTarget) return options.interruptTarget();
    if (targetPid === undefined) await rememberTree();
    if (targetPid !== undefined) sendSignal(targetPid, 'SIGSTOP');
  }

  async function killEverything(): Promise<void> {
    if (child.pid === undefined) return;
    await rememberTree();
    for (const pid of known.keys()) sendSignal(pid, 'SIGKILL');
    if (targetPid !== undefined) sendSignal(targetPid, 'SIGKILL');
    sendSignal(-child.pid, 'SIGKILL');
  }

  const idleTimer = setInterval(() => {
    if (finished || idleStopped || timedOut || !progress.running()) return;
    const silentFor = Date.now() - progress.lastAt();
    if (silentFor >= progress.idleLimit(idle)) {
      idleStopped = true;
      void stopTarget();
    }
  }, 100);

  let graceTimer: NodeJS.Timeout | undefined;
  const timeoutTimer = setTimeout(() => {
    timedOut = true;
    // Stopping the target lets LLDB take its final snapshot, so the report can still say what
    // resolved; if LLDB does not finish soon after, everything is killed.
    void stopTarget();
    graceTimer = setTimeout(() => void killEverything(), graceMs);
  }, options.timeoutMs);

  // A cancelled job (the runner sends SIGINT, then SIGTERM) must not leave LLDB or the target behind.
  const onCancel = (signal: NodeJS.Signals) => {
    process.removeListener('SIGINT', onCancel);
    process.removeListener('SIGTERM', onCancel);
    void killEverything().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onCancel);
  process.once('SIGTERM', onCancel);

  await exited;
  process.removeListener('SIGINT', onCancel);
  process.removeListener('SIGTERM', onCancel);
  finished = true;
  clearInterval(idleTimer);
  clearTimeout(timeoutTimer);
  if (graceTimer) clearTimeout(graceTimer);

  // LLDB kills the target itself at the end of its script; this covers LLDB dying or being killed.
  const suspects = new Set([...known.keys(), ...(targetPid === undefined ? [] : [targetPid])]);
  if (child.pid !== undefined) suspects.add(child.pid);
  const leftRunning: number[] = [];
  for (const pid of suspects) {
    if (await isRunning(pid)) {
      sendSignal(pid, 'SIGKILL');
      if (await waitUntilGone(pid)) continue;
      leftRunning.push(pid);
    }
  }

  return {
    stdout: stdout.join(''),
    stderr: stderr.join(''),
    spawnError,
    timedOut,
    idleStopped,
    leftRunning,
    durationMs: Date.now() - started,
  };
}

async function waitUntilGone(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    if (!(await isRunning(pid))) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** Follows the prediction progress lines as LLDB prints them. */
function trackProgress(progressCommand: string, windowStartCommand: string, finalCommand: string) {
  let partial = '';
  let afterProgressEcho = false;
  let seen = 0;
  let lastAt = 0;
  let longestGap = 0;
  let windowOpened = false;
  let done = false;
  return {
    /** Returns true when the first prediction has just been seen. */
    read(chunk: string): boolean {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      let first = false;
      for (const line of lines) {
        if (line.startsWith('(lldb)')) {
          const command = line.slice('(lldb)'.length).trim();
          afterProgressEcho = command === progressCommand;
          if (command === windowStartCommand) windowOpened = true;
          if (command === finalCommand) done = true;
          continue;
        }
        if (afterProgressEcho && line.includes('hit count =')) {
          const now = Date.now();
          if (seen > 0) longestGap = Math.max(longestGap, now - lastAt);
          first ||= seen === 0;
          seen++;
          lastAt = now;
        }
        afterProgressEcho = false;
      }
      return first;
    },
    running: () => windowOpened && !done,
    lastAt: () => lastAt,
    idleLimit: (policy: IdlePolicy) =>
      seen < 2 ? Math.max(policy.minimumMs, policy.withoutGapMs) : Math.max(policy.minimumMs, policy.gapFactor * longestGap),
  };
}
