import { execFile, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { onCancel } from '../cancel.js';
import { quoteLldb } from './lldb-quote.js';
import { DEFAULT_WAITS, drive, DriverGaveUp, LineWatch, type DriverWaits, type LldbChannel, type ScriptSource } from './lldb-driver.js';
import type { WindowPlan } from './lldb-script.js';
import { eventAfterPrompt } from './transcript.js';
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

const execFileAsync = promisify(execFile);
let sessions = 0;

export const DEFAULT_IDLE: IdlePolicy = { minimumMs: 2_000, gapFactor: 4, withoutGapMs: 30_000 };

/** The script with its counting mode, or how to choose them from the version that the session's LLDB prints (lldb-driver.ts). */
export type SessionOptions = ScriptSource & SessionSettings;

export interface SessionSettings {
  /** The debugger's command line, e.g. ['xcrun', 'lldb']. */
  lldb: string[];
  window: WindowPlan;
  workDir: string;
  timeoutMs: number;
  idle?: IdlePolicy;
  waits?: DriverWaits;
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
  /** A bounded wait of the conversation gave up (finding the device, attaching): what it waited for. */
  gaveUp?: string;
  timedOut: boolean;
  /** The target was stopped because it had gone idle after its predictions. */
  idleStopped: boolean;
  /** Breakpoint stops that ane-check continued (every one when driven, and the fallback stop: lldb-driver.ts). */
  continued: number;
  /** Processes still alive after clean-up: always empty unless the system refused to kill them. */
  leftRunning: number[];
  durationMs: number;
}

/**
 * Runs LLDB on a measurement's script and returns what it printed. LLDB reads the script from a named
 * pipe as ane-check writes it (lldb-driver.ts holds the conversation). Watches the prediction snapshots to end the
 * window of an app that has gone idle, enforces the timeout, and makes sure that neither LLDB, its
 * debug server nor the target outlives the call.
 */
export async function runLldbSession(options: SessionOptions): Promise<SessionResult> {
  const idle = options.idle ?? DEFAULT_IDLE;
  const graceMs = options.graceMs ?? 5_000;
  const started = Date.now();
  const [program, ...baseArgs] = options.lldb;
  if (!program) throw new Error('no LLDB command');

  // The script is fed through a named pipe that LLDB sources as a command file: LLDB runs it synchronously.
  // (Node gives a child's stdin as a socket, which LLDB cannot open as a file.) -x: no ~/.lldbinit, whose
  // settings could change what the script does or prints.
  const scriptPipe = path.join(options.workDir, `probe-${process.pid}-${++sessions}.lldb`);
  await execFileAsync('mkfifo', ['-m', '600', scriptPipe]);
  const child = spawn(program, [...baseArgs, '-x', '--batch', '-o', sourceScriptCommand(scriptPipe)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    // LLDB keeps files of its own in $TMPDIR/lldb/<pid>/ and removes them only when it exits by itself: in the
    // work folder, which the run removes, a killed LLDB leaves nothing behind. A program that LLDB launches gets
    // its own TMPDIR back (hostCommands).
    env: { ...(options.env ?? process.env), TMPDIR: options.workDir },
  });
  const script = openScriptPipe(scriptPipe);

  const stdout: string[] = [];
  const stderr: string[] = [];
  const errors: string[] = [];
  let spawnError: string | undefined;
  let timedOut = false;
  let idleStopped = false;
  let finished = false;
  const known = new Map<number, Descendant>();
  let targetPid = options.targetPid;

  const progress = trackProgress(options.window.warmup);
  const watch = new LineWatch();
  const waiters = new Set<{ matches: (line: string) => boolean; resolve: (line: string | undefined) => void }>();
  const splitOut = lineSplitter((printed) => {
    // An event printed after the prompt (`(lldb) Process 752 stopped`) is the event, not an echoed command.
    const line = eventAfterPrompt(printed) ?? printed;
    const error = /^error: (.*)$/u.exec(line)?.[1];
    if (error !== undefined) errors.push(error);
    watch.read(line);
    if (progress.update(watch) && targetPid === undefined) void rememberTree();
    for (const waiter of waiters) {
      if (waiter.matches(line)) {
        waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  });
  const splitErr = lineSplitter((line) => {
    const error = /^error: (.*)$/u.exec(line.trim())?.[1];
    if (error !== undefined) errors.push(error);
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout.push(chunk);
    splitOut(chunk);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    splitErr(chunk);
  });
  const exited = new Promise<void>((resolve) => {
    child.on('error', (error) => {
      spawnError = error.message;
      resolve();
    });
    child.on('close', () => resolve());
  });
  void exited.then(() => {
    for (const waiter of waiters) waiter.resolve(undefined);
    waiters.clear();
    script.release();
  });

  const channel: LldbChannel = {
    write: (lines) => script.write(lines.map((line) => `${line}\n`).join('')),
    expect: (matches) =>
      new Promise((resolve) => {
        if (finished || spawnError !== undefined) return resolve(undefined);
        waiters.add({ matches, resolve });
      }),
    errorCount: () => errors.length,
    errorsSince: (count) => errors.slice(count),
    close: () => script.close(),
  };

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

  let gaveUp: string | undefined;
  let continued = 0;
  const conversation = drive(channel, watch, {
    ...options,
    workDir: options.workDir,
    waits: options.waits ?? DEFAULT_WAITS,
  }).then(
    (result) => {
      continued = result.continued;
    },
    (error: unknown) => {
      if (!(error instanceof DriverGaveUp)) throw error;
      gaveUp = error.message;
      // Nothing was measured: end LLDB and the target now.
      void killEverything();
    },
  );

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

  // A cancelled run must not leave LLDB or the target behind.
  const cancelled = onCancel(() => killEverything());

  await exited;
  finished = true;
  await conversation;
  cancelled();
  clearInterval(idleTimer);
  clearTimeout(timeoutTimer);
  if (graceTimer) clearTimeout(graceTimer);

  await rm(scriptPipe, { force: true });
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
    gaveUp,
    timedOut,
    idleStopped,
    continued,
    leftRunning,
    durationMs: Date.now() - started,
  };
}

/**
 * The command that runs the script, with both of `command source`'s choices explicit rather than left to LLDB's
 * settings and defaults (llvm-project, CommandInterpreter::HandleCommandsFromFile): `-e true`, the script stops at
 * the first command LLDB refuses, which the verdict names (commands that may fail, such as `device select` and
 * `device list` while LLDB discovers devices, are sourced from files of their own with `-e false`); `-c false`, a
 * command that reports the target as continuing does not end the script, which a sourced file does by default:
 * Xcode's `device process attach` finishes in the background. `-s 0` echoes each command, which the transcript
 * is read by. `lldb -s FILE` runs `command source -s 0 FILE` (LLDB's Driver.cpp, WriteCommandsForSourcing), so
 * apart from the two choices this is what `-s` does.
 */
export function sourceScriptCommand(scriptPipe: string): string {
  return `command source -s 0 -e true -c false ${quoteLldb(scriptPipe)}`;
}

/**
 * The writing end of the script's named pipe. Opening it waits for LLDB to open the reading end; if LLDB
 * ends without opening it, `release` opens a reader so that the waiting open returns. Writes are queued
 * in order; closing it is LLDB's end of input.
 */
function openScriptPipe(file: string) {
  const opened = open(file, 'w');
  let queue: Promise<unknown> = opened;
  let closed = false;
  const enqueue = (step: (handle: FileHandle) => Promise<unknown>) => {
    queue = queue.then(() => opened.then(step)).catch(() => undefined);
  };
  return {
    write(text: string) {
      if (!closed) enqueue((handle) => handle.write(text));
    },
    close() {
      if (closed) return;
      closed = true;
      enqueue((handle) => handle.close());
    },
    release() {
      closed = true;
      void open(file, constants.O_RDONLY | constants.O_NONBLOCK)
        .then(async (reader) => {
          await opened.then((handle) => handle.close()).catch(() => undefined);
          await reader.close();
        })
        .catch(() => undefined);
    },
  };
}

/** Calls `online` with each complete line of a stream of chunks. */
function lineSplitter(online: (line: string) => void): (chunk: string) => void {
  let partial = '';
  return (chunk) => {
    const lines = (partial + chunk).split(/\r?\n/u);
    partial = lines.pop() ?? '';
    for (const line of lines) online(line);
  };
}

async function waitUntilGone(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    if (!(await isRunning(pid))) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/**
 * Follows the predictions as the snapshots show them: when the last one began, and the longest gap
 * between two. Idleness only counts once the counted window has opened (after the warm-up).
 */
function trackProgress(warmup: number) {
  let seen = 0;
  let lastAt = 0;
  let longestGap = 0;
  let done = false;
  return {
    /** Returns true when the first prediction has just been seen. */
    update(watch: LineWatch): boolean {
      done ||= watch.finished();
      const now = watch.predictionsSeen();
      if (now <= seen) return false;
      const at = Date.now();
      if (seen > 0) longestGap = Math.max(longestGap, at - lastAt);
      const first = seen === 0;
      seen = now;
      lastAt = at;
      return first;
    },
    running: () => seen > warmup && !done,
    lastAt: () => lastAt,
    idleLimit: (policy: IdlePolicy) =>
      seen < 2 ? Math.max(policy.minimumMs, policy.withoutGapMs) : Math.max(policy.minimumMs, policy.gapFactor * longestGap),
  };
}
