import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { quoteLldb } from './lldb-quote.js';
import { ALIASES, BREAKPOINT_NAMES, fallbackCommands, type CountingMode, type FallbackPlan, type LldbScript } from './lldb-script.js';
import { parseBreakpointList } from './transcript.js';

/**
 * The conversation with LLDB, in the way public drivers of Xcode's LLDB talk to it (Flutter's
 * flutter_tools/lib/src/ios/lldb.dart): write a command, read lines, recognise what came back, answer.
 * LLDB reads its commands from a named pipe that it sources as a command file (`-s <pipe>`), so it runs
 * them in its synchronous mode (LLDB's Driver.cpp sets it for command files, the same "async mode off" that
 * Flutter turned on by hand for flutter/flutter#184254) and takes the next line only when the previous
 * command is done: a stopped target waits for our answer. Every wait is bounded and, when it gives up,
 * says what it waited for.
 */
export interface LldbChannel {
  write(lines: readonly string[]): void;
  /** Resolves with the first line (from now on) that `matches`, or `undefined` if LLDB exits first. */
  expect(matches: (line: string) => boolean): Promise<string | undefined>;
  /** `error:` lines LLDB has printed so far (standard error, and standard output, where a few commands put theirs). */
  errorCount(): number;
  errorsSince(count: number): string[];
  /** No more commands: LLDB ends its batch run once it has run what it was sent. */
  close(): void;
}

export interface DriverWaits {
  /** How long `device select` is retried while LLDB discovers devices. */
  deviceSelectMs: number;
  /** Pause between two tries of `device select`. */
  deviceRetryMs: number;
  /** How long the attach to an app on a device may take. */
  attachMs: number;
}

export const DEFAULT_WAITS: DriverWaits = { deviceSelectMs: 30_000, deviceRetryMs: 1_000, attachMs: 60_000 };

/** A bounded wait that gave up: the run is an error with this message. */
export class DriverGaveUp extends Error {}

/** Chooses a run's script and counting mode from LLDB's version (undefined when LLDB printed none). */
export type ScriptChoice = (version: string | undefined) => { script: LldbScript; counting: CountingMode };

/**
 * The script and its counting mode, or how to choose them once LLDB's version is known (`lldb --version`, read
 * while the session's LLDB starts: the two start side by side, and the script waits only for the answer).
 */
export type ScriptSource = { script: LldbScript; counting: CountingMode } | { script: ScriptChoice; version: Promise<string | undefined>; counting?: undefined };

export type DriveOptions = ScriptSource & {
  workDir: string;
  waits: DriverWaits;
};

export interface DriveResult {
  /** Breakpoint stops that ane-check continued: every one in driven mode, the fallback stop in either mode. */
  continued: number;
}

/**
 * Runs one measurement's script: setup, the device attach, the start, the stops (driven), the end. With a
 * fallback plan the first prediction stops at a fallback point in either mode (lldb-script.ts): the driver lists
 * the probes, sends what `fallbackCommands` makes of the listing, and continues; in auto-continue mode the end
 * is sent only after that stop, since LLDB would otherwise run it there.
 */
export async function drive(channel: LldbChannel, lines: LineWatch, options: DriveOptions): Promise<DriveResult> {
  let continued = 0;
  const { script, counting } = 'version' in options ? options.script(await options.version) : options;
  channel.write(script.setup);
  if (script.deviceAttach && !(await attachToDevice(channel, script.deviceAttach, options))) {
    // LLDB cannot attach (its error is in the transcript): it ends once it has no more input.
    channel.close();
    return { continued };
  }
  // Everything before the command that sets the target running (an attach by pid) is done first, so
  // that its stop is not taken for one of the run's.
  const starting = script.start.slice(0, -1);
  const running = script.start.slice(-1);
  channel.write(starting);
  if (starting.length > 0 && !(await sync(channel))) return { continued };
  let fallback = script.fallback;
  if (counting === 'driven') {
    let send = running;
    for (;;) {
      const stop = await nextStop(channel, lines, send);
      if (stop === 'ended' || isFinal(stop, lines)) break;
      if (fallback && atFallback(stop, lines)) {
        if (!(await fallBack(channel, fallback))) return { continued };
        fallback = undefined;
      }
      send = ['process continue'];
      continued++;
    }
  } else if (fallback) {
    // The fallback point is the first stop, unless the target ends or is stopped (idle, timeout) before a prediction.
    const stop = await nextStop(channel, lines, running);
    if (stop !== 'ended' && atFallback(stop, lines)) {
      if (!(await fallBack(channel, fallback))) return { continued };
      channel.write(['process continue']);
      continued++;
    }
  } else {
    channel.write(running);
  }
  // In auto-continue mode these wait in the pipe until the target stops for good.
  channel.write(script.end);
  channel.close();
  return { continued };
}

let syncCounter = 0;

/** Waits until LLDB has run everything sent so far: it echoes a comment only when it reaches it. */
async function sync(channel: LldbChannel): Promise<boolean> {
  const marker = `# ane-check: sync ${++syncCounter}`;
  const echoed = channel.expect((line) => line.trim() === `(lldb) ${marker}`);
  channel.write([marker]);
  return (await echoed) !== undefined;
}

/** How the script adds a prediction probe's snapshot (lldb-script.ts): the breakpoint set just before is one. */
const SNAPSHOT_COMMANDS = [ALIASES.predictionTally, ALIASES.predictionSnapshot].map((alias) => `breakpoint command add -o ${alias}`);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Gives LLDB's standard error a moment to arrive after its standard output. */
const settle = () => pause(50);

/**
 * `device select`, retried while LLDB discovers devices in the background (it can fail at first; drivers
 * retry it with `device list` between tries), then `device process attach`, which finishes in the
 * background: `process continue` is only sent once LLDB says the process stopped. Returns false when
 * LLDB cannot go on (the error is in the transcript); throws DriverGaveUp when a wait ran out.
 */
async function attachToDevice(channel: LldbChannel, attach: { device: string; pid: number }, options: DriveOptions): Promise<boolean> {
  // Sourced with -e false: a failed try does not end the script, which stops at the first error (lldb-session.ts).
  const selectFile = path.join(options.workDir, 'device-select.lldb');
  await writeFile(selectFile, `device select ${quoteLldb(attach.device)}\n`, 'utf8');
  const listFile = path.join(options.workDir, 'device-list.lldb');
  await writeFile(listFile, 'device list\n', 'utf8');
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const before = channel.errorCount();
    channel.write([`command source -e false -s 0 ${quoteLldb(selectFile)}`]);
    if (!(await sync(channel))) return false;
    await settle();
    const errors = channel.errorsSince(before);
    if (errors.length === 0) break;
    // An LLDB without the command will not learn it by waiting.
    if (errors.some((error) => /is not a valid command/u.test(error))) return false;
    const waited = Date.now() - started;
    if (waited >= options.waits.deviceSelectMs) {
      throw new DriverGaveUp(
        `LLDB did not find the device ${attach.device}: \`device select\` failed ${attempt} time(s) over ${Math.round(waited / 1000)} s while LLDB discovered devices (last answer: ${errors.at(-1)}). Check that the device is connected, unlocked and paired (xcrun devicectl list devices), then run again.`,
      );
    }
    await pause(options.waits.deviceRetryMs);
    // `device list` can fail too while LLDB is still discovering devices: from its own file, so that it is harmless.
    channel.write([`command source -e false -s 0 ${quoteLldb(listFile)}`]);
    if (!(await sync(channel))) return false;
  }

  const stopped = new RegExp(`^Process ${attach.pid} stopped`, 'u');
  const attached = channel.expect((line) => stopped.test(line));
  channel.write([`device process attach --pid ${attach.pid}`]);
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.waits.attachMs);
  });
  const outcome = await Promise.race([attached, gaveUp]);
  clearTimeout(timer);
  if (outcome === undefined) return false;
  if (outcome === 'timeout') {
    throw new DriverGaveUp(
      `LLDB did not finish attaching to process ${attach.pid} on the device within ${Math.round(options.waits.attachMs / 1000)} s (waited for "Process ${attach.pid} stopped"). Check that the app is still running (xcrun devicectl device info processes), and that the device's symbols are prepared (connect it in Xcode once).`,
    );
  }
  // The attach's own stop report ends before anything else is sent.
  return sync(channel);
}

type Stop = 'ended' | { reasons: string[] };

/** Sends `command`, then waits for the target to stop or exit, with every thread's stop reason once LLDB has printed them all. */
async function nextStop(channel: LldbChannel, lines: LineWatch, command: readonly string[]): Promise<Stop> {
  lines.startStop();
  const next = channel.expect((line) => /^Process \d+ (stopped|exited)/u.test(line));
  channel.write(command);
  const event = await next;
  if (event === undefined || /exited/u.test(event)) return 'ended';
  if (!(await sync(channel))) return 'ended';
  return { reasons: lines.stopReasons() };
}

/**
 * Whether this stop ends the run: anything but breakpoints (a signal, a crash), or a window-end breakpoint
 * reaching the hit at which LLDB would stop it, its ignore count + 1. LLDB names every breakpoint at the stopped
 * address, also one that is still ignoring hits, so the driver counts the window-end breakpoints' stops itself.
 */
function isFinal(stop: { reasons: string[] }, lines: LineWatch): boolean {
  if (stop.reasons.length === 0) return true;
  let final = false;
  for (const reason of stop.reasons) {
    const ids = breakpointIds(reason);
    if (!ids) return true;
    for (const id of ids) {
      if (lines.windowEndIds.has(id) && lines.countWindowEndStop(id) > lines.ignoreCount(id)) final = true;
    }
  }
  return final;
}

/** The breakpoints of a stop reason `breakpoint 3.1 9.1`, or undefined for any other reason. */
function breakpointIds(reason: string): Set<number> | undefined {
  const breakpoint = /^breakpoint ((?:\d+\.\d+\s*)+)$/u.exec(reason.trim());
  return breakpoint ? new Set(breakpoint[1]!.trim().split(/\s+/u).map((location) => Number(location.split('.')[0]))) : undefined;
}

/** Whether the target stopped at a fallback point (with other breakpoints of the same address, maybe). */
function atFallback(stop: { reasons: string[] }, lines: LineWatch): boolean {
  return stop.reasons.some((reason) => [...(breakpointIds(reason) ?? [])].some((id) => lines.fallbackIds.has(id)));
}

/**
 * The fallback stop: lists the probes and the fallback points, then sends the commands `fallbackCommands` makes
 * of that listing. Returns false when LLDB ended first.
 */
async function fallBack(channel: LldbChannel, plan: FallbackPlan): Promise<boolean> {
  const printed = await listed(channel, ALIASES.fallbackList);
  if (printed === undefined) return false;
  channel.write(fallbackCommands(plan, parseBreakpointList(printed, 0)));
  return true;
}

/** Sends `command` and returns the lines it printed, once LLDB has run it (undefined if LLDB ended first). */
async function listed(channel: LldbChannel, command: string): Promise<string[] | undefined> {
  const marker = `# ane-check: sync ${++syncCounter}`;
  const printed: string[] = [];
  let listing = false;
  const done = channel.expect((line) => {
    if (line.trim() === `(lldb) ${marker}`) return true;
    if (listing) printed.push(line);
    else listing = line.trim() === `(lldb) ${command}`;
    return false;
  });
  channel.write([command, marker]);
  return (await done) === undefined ? undefined : printed;
}

/**
 * What the session learns from LLDB's output as it streams: which breakpoints are window ends and which
 * are prediction probes (from `Breakpoint N:` after their `breakpoint set`), the prediction probes' hit
 * counts in each snapshot, and the stop reasons of the current stop.
 */
export class LineWatch {
  readonly windowEndIds = new Set<number>();
  readonly fallbackIds = new Set<number>();
  private readonly windowEndStops = new Map<number, number>();
  private readonly ignoreCounts = new Map<number, number>();
  /** Prediction probes whose count misses the prediction in which they were set (BREAKPOINT_NAMES.entered). */
  private readonly behind = new Set<number>();
  private readonly predictionHits = new Map<number, number>();
  private lastCommand = '';
  private lastSetId: number | undefined;
  private reasons: string[] = [];

  read(line: string): void {
    const echo = /^\(lldb\) {1,2}(.*)$/u.exec(line);
    if (echo) {
      this.lastCommand = echo[1]!.trim();
      // The snapshot command is added to the prediction probe set just before it.
      if (SNAPSHOT_COMMANDS.includes(this.lastCommand) && this.lastSetId !== undefined) {
        this.predictionHits.set(this.lastSetId, 0);
      }
      return;
    }
    const set = /^Breakpoint (\d+):/u.exec(line);
    if (set && this.lastCommand.startsWith('breakpoint set')) {
      this.lastSetId = Number(set[1]);
      if (this.lastCommand.endsWith(`-N ${BREAKPOINT_NAMES.windowEnd}`)) {
        this.windowEndIds.add(this.lastSetId);
        this.ignoreCounts.set(this.lastSetId, Number(/ -i (\d+)/u.exec(this.lastCommand)?.[1] ?? 0));
      }
      if (this.lastCommand.includes(` -N ${BREAKPOINT_NAMES.fallback} `)) this.fallbackIds.add(this.lastSetId);
      if (this.lastCommand.endsWith(` -N ${BREAKPOINT_NAMES.entered}`)) this.behind.add(this.lastSetId);
    }
    // The prediction probes are in each snapshot, on one line or in full: their header line has the count.
    if (this.lastCommand === ALIASES.predictionTally || this.lastCommand === ALIASES.predictionSnapshot) {
      const header = /^(\d+): .*hit count = (\d+)/u.exec(line);
      if (header && this.predictionHits.has(Number(header[1]))) this.predictionHits.set(Number(header[1]), Number(header[2]));
    }
    const reason = /^[* ] thread #\d+.*, stop reason = (.*)$/u.exec(line);
    if (reason) this.reasons.push(reason[1]!);
  }

  /**
   * Predictions seen so far, as the hits of the busiest prediction probe: where one entry calls another
   * both count each prediction once, and the outer entry is never behind.
   */
  predictionsSeen(): number {
    return Math.max(0, ...[...this.predictionHits].map(([id, hits]) => hits + (this.behind.has(id) ? 1 : 0)));
  }

  /** Whether the final snapshot has begun. */
  finished(): boolean {
    return this.lastCommand === ALIASES.finalSnapshot;
  }

  startStop(): void {
    this.reasons = [];
  }

  stopReasons(): string[] {
    return [...this.reasons];
  }

  /** The hits a window-end breakpoint ignores (`-i`) before it stops. */
  ignoreCount(id: number): number {
    return this.ignoreCounts.get(id) ?? 0;
  }

  countWindowEndStop(id: number): number {
    const count = (this.windowEndStops.get(id) ?? 0) + 1;
    this.windowEndStops.set(id, count);
    return count;
  }
}
