import type { Probe } from '../profiles/profile.js';
import { quoteLldb } from './lldb-quote.js';
import type { Snapshot } from './transcript.js';

/** Names given to the breakpoints ane-check sets, so that the transcript can be read back by name. */
export const BREAKPOINT_NAMES = {
  probe: (index: number) => `ane_check_probe_${index}`,
  /** Every probe, so that they can be enabled together. */
  anyProbe: 'ane_check_probe',
  /** Probes listed in full at each prediction, a line per location with its own count (where a probe needs it). */
  counted: 'ane_check_counted',
  /**
   * Probes listed on one line each at each prediction (`breakpoint list -b`: the breakpoint's hit count without
   * its locations, llvm-project lldb/source/Breakpoint/Breakpoint.cpp, Breakpoint::GetDescription), where no probe
   * needs its locations listed: prediction probes and dispatch probes set on a symbol, one function as a rule.
   */
  tallied: 'ane_check_tallied',
  windowEnd: 'ane_check_window_end',
  /** Where the app says that its probes may start (armAt). */
  arm: 'ane_check_arm',
  /** The fallback points: a stop at the first prediction, where probes that did not resolve in their image are set again in every image. */
  fallback: 'ane_check_fallback',
  /** The fallback point of one prediction probe: the same function, in every image. */
  fallbackPoint: (index: number) => `ane_check_fallback_${index}`,
  /** A prediction probe set again at the fallback stop in the function the target stands in: its count is one prediction behind. */
  entered: 'ane_check_entered',
} as const;

/** Aliases whose echo in the transcript marks what the output below them is. */
export const ALIASES = {
  /** A prediction's snapshot in full: every counted probe, with its locations. */
  predictionSnapshot: 'ane_check_prediction_snapshot',
  /** A prediction's snapshot on one line per counted probe. */
  predictionTally: 'ane_check_prediction_tally',
  finalSnapshot: 'ane_check_snapshot_final',
  threads: 'ane_check_threads',
  arm: 'ane_check_arm_probes',
  /** What the driver lists at the fallback stop: every probe and fallback point, in full. */
  fallbackList: 'ane_check_fallback_list',
} as const;

/**
 * How breakpoint hits are counted. `auto-continue`: LLDB continues after each hit by itself, the cheap
 * path. `driven`: every breakpoint stops and ane-check continues it, for LLDBs that are reported to lose
 * auto-continue hits (domain.md, "Field evidence").
 */
export type CountingMode = 'auto-continue' | 'driven';

export interface WindowPlan {
  warmup: number;
  predictions: number;
}

/** How the target gets a process: LLDB commands before the breakpoints, and the ones that start it. */
export interface TargetCommands {
  setup: string[];
  /** An app on a device: ane-check selects the device and attaches (retrying, waiting) before `start`. */
  deviceAttach?: { device: string; pid: number };
  start: string[];
}

/** A probe that names its image, and how to set it again in every image should it not resolve there. */
export interface MovedProbe {
  index: number;
  /** The probe's breakpoints without `-s`: the same names, flags, snapshot command and window-end twin. */
  commands: string[];
  /**
   * For a prediction probe whose function the target stands at in the fallback stop: a thread that resumes at
   * a breakpoint site first steps over it without reporting a hit (llvm-project lldb/source/Target/Thread.cpp,
   * Thread::SetupForResume, which pushes ThreadPlanStepOverBreakpoint), so the new breakpoint misses the
   * prediction that has begun, and its twin stops one hit earlier.
   */
  entered?: string[];
}

/** What the driver does at the fallback stop (lldb-driver.ts), when any probe names an image. */
export interface FallbackPlan {
  probes: MovedProbe[];
}

/** The script of one measurement, in the order the session sends it. */
export interface LldbScript {
  setup: string[];
  deviceAttach?: { device: string; pid: number };
  start: string[];
  /** Sent once the target has stopped for good (or exited): the final snapshot, discovery, the threads, the kill. */
  end: string[];
  fallback?: FallbackPlan;
}

/**
 * The LLDB script of one measurement. Every probe is a breakpoint named after its index. Each prediction
 * probe also lists every counted breakpoint when it is hit (a snapshot per prediction: the measurement
 * takes the differences), and has a twin that stops the target at its hit warm-up + predictions + 1: by
 * then the counted predictions are complete. Where prediction probes nest, the outer one's twin fires first,
 * on time; where they alternate, later, and the measurement still cuts the window at the right snapshot.
 * A snapshot is one command, which lists every counted probe in full, with a count per location, where a probe
 * may have several functions (a dispatch probe set on a regex, or any probe that the fallback stop may set again
 * in every image), and otherwise on one line each (`breakpoint list -b`), the hit count of each one function.
 * Two commands, a tally then the rest in full, measured no faster (`npm run bench`, f): a third of the lines, but
 * LLDB's cost is the breakpoint's stop, not what it prints.
 * In `auto-continue` mode the probes continue by themselves; in `driven` mode they stop and the session
 * continues them. If the target exits, crashes or is stopped first, the final snapshot is taken all the
 * same. Symbol discovery, when asked for, runs on the loaded images before the target is killed.
 * With `armAt` (the bundled harness, which times its predictions first) every probe starts disabled and is
 * enabled when the app calls that function: predictions timed before it run without a breakpoint.
 * When a probe names its image (`module`), the first prediction also stops at a fallback point: the prediction
 * probes' functions in every image. There the driver sets again, in every image, each probe that names an image
 * but did not resolve in it (an OS release that moved the function into another image), before the counted
 * window opens; one stop per run at most, and none when no probe names an image.
 */
export function buildLldbScript(
  probes: readonly Probe[],
  window: WindowPlan,
  target: TargetCommands,
  counting: CountingMode,
  extra: { discoveryScript?: string; armAt?: string } = {},
): LldbScript {
  const scoped = probes.some((probe) => probe.module !== undefined);
  const predictionIndexes = probes.flatMap((probe, index) => (probe.role === 'prediction' ? [index] : []));
  const fallback = scoped && predictionIndexes.length > 0;
  const fullListing = fallback || probes.some((probe) => probe.role === 'dispatch' && probe.regex !== undefined);
  const snapshot = [`breakpoint command add -o ${fullListing ? ALIASES.predictionSnapshot : ALIASES.predictionTally}`];
  const set = (probe: Probe, index: number, where: string, options: { disabled: boolean; twinIgnore: number; entered?: boolean }): string[] => {
    const flags = `${counting === 'auto-continue' ? ' -G true' : ''}${options.disabled ? ' -d' : ''}`;
    const group = probe.role === 'marker' ? undefined : fullListing ? BREAKPOINT_NAMES.counted : BREAKPOINT_NAMES.tallied;
    const names = [BREAKPOINT_NAMES.probe(index), BREAKPOINT_NAMES.anyProbe, ...(group ? [group] : []), ...(options.entered ? [BREAKPOINT_NAMES.entered] : [])];
    const commands = [`breakpoint set ${where}${flags}${names.map((name) => ` -N ${name}`).join('')}`];
    if (probe.role !== 'prediction') return commands;
    return [...commands, ...snapshot, `breakpoint set ${where} -i ${options.twinIgnore}${options.disabled ? ' -d' : ''} -N ${BREAKPOINT_NAMES.windowEnd}`];
  };
  const ignore = window.warmup + window.predictions;
  // Armed later: the probes are set disabled, costing nothing, until the app calls `armAt`.
  const disabled = extra.armAt !== undefined;
  const breakpoints = probes.flatMap((probe, index) => set(probe, index, probeLocation(probe, true), { disabled, twinIgnore: ignore }));
  const fallbackPoints = fallback
    ? predictionIndexes.map(
        (index) => `breakpoint set ${probeLocation(probes[index]!, false)}${disabled ? ' -d' : ''} -N ${BREAKPOINT_NAMES.fallback} -N ${BREAKPOINT_NAMES.fallbackPoint(index)}`,
      )
    : [];
  const arming =
    extra.armAt === undefined
      ? []
      : [
          `command alias ${ALIASES.arm} breakpoint enable ${BREAKPOINT_NAMES.anyProbe} ${BREAKPOINT_NAMES.windowEnd}${fallback ? ` ${BREAKPOINT_NAMES.fallback}` : ''}`,
          `breakpoint set -n ${quoteLldb(extra.armAt)} -G true -N ${BREAKPOINT_NAMES.arm}`,
          `breakpoint command add -o ${ALIASES.arm}`,
        ];
  const plan: FallbackPlan | undefined = fallback
    ? {
        probes: probes.flatMap((probe, index) => {
          if (probe.module === undefined) return [];
          // Set at the fallback stop, the probes are armed already.
          const commands = set(probe, index, probeLocation(probe, false), { disabled: false, twinIgnore: ignore });
          if (probe.role !== 'prediction') return [{ index, commands }];
          return [{ index, commands, entered: set(probe, index, probeLocation(probe, false), { disabled: false, twinIgnore: ignore - 1, entered: true }) }];
        }),
      }
    : undefined;
  return {
    setup: [
      'settings set auto-confirm true',
      // A stop shows one line per thread and frame, no source or disassembly: less to print and read.
      'settings set stop-disassembly-display never',
      'settings set stop-line-count-before 0',
      'settings set stop-line-count-after 0',
      ...target.setup,
      `command alias ${ALIASES.predictionTally} breakpoint list -b ${BREAKPOINT_NAMES.tallied}`,
      `command alias ${ALIASES.predictionSnapshot} breakpoint list ${BREAKPOINT_NAMES.counted}`,
      `command alias ${ALIASES.finalSnapshot} breakpoint list`,
      `command alias ${ALIASES.threads} thread list`,
      ...(fallback ? [`command alias ${ALIASES.fallbackList} breakpoint list ${BREAKPOINT_NAMES.anyProbe} ${BREAKPOINT_NAMES.fallback}`] : []),
      ...breakpoints,
      ...fallbackPoints,
      ...arming,
    ],
    ...(target.deviceAttach ? { deviceAttach: target.deviceAttach } : {}),
    start: target.start,
    end: [
      ALIASES.finalSnapshot,
      // Discovery may find nothing, which LLDB calls an error: sourced with -e false, that ends only it.
      ...(extra.discoveryScript ? [`command source -e false ${quoteLldb(extra.discoveryScript)}`] : []),
      // The threads and queues of a live target are witnesses (the ANE service thread); after an exit this
      // fails, which ends the script where there is nothing left to kill.
      ALIASES.threads,
      'process kill',
    ],
    ...(plan ? { fallback: plan } : {}),
  };
}

/**
 * The commands of the fallback stop, from what `ALIASES.fallbackList` printed there: the fallback points go (one
 * stop per run), and each probe that names an image and has no resolved location there is set again in every
 * image (as `entered` where the target stands in its function).
 */
export function fallbackCommands(plan: FallbackPlan, listing: Snapshot): string[] {
  const named = (name: string) => listing.filter((breakpoint) => breakpoint.names.includes(name));
  const resolved = (index: number) => named(BREAKPOINT_NAMES.probe(index)).some((breakpoint) => breakpoint.locations.some((location) => location.resolved));
  const entered = new Set(enteredAtFallback(listing, plan.probes.map((probe) => probe.index)));
  const moved = plan.probes.filter((probe) => !resolved(probe.index)).flatMap((probe) => (probe.entered && entered.has(probe.index) ? probe.entered : probe.commands));
  return [`breakpoint delete ${BREAKPOINT_NAMES.fallback}`, ...moved];
}

function probeLocation(probe: Probe, inModule: boolean): string {
  const where = probe.symbol !== undefined ? `-n ${quoteLldb(probe.symbol)}` : `-r ${quoteLldb(probe.regex)}`;
  return probe.module === undefined || !inModule ? where : `${where} -s ${quoteLldb(probe.module)}`;
}

/**
 * The prediction probes (of `indexes`, those that name an image) that the fallback stop found in the prediction it
 * stopped in: their fallback point was hit, and they had not resolved in their image. Their breakpoints, set again
 * there, miss that prediction's hit (MovedProbe.entered).
 */
export function enteredAtFallback(listing: Snapshot, indexes: readonly number[]): number[] {
  const named = (name: string) => listing.filter((breakpoint) => breakpoint.names.includes(name));
  const resolved = (index: number) => named(BREAKPOINT_NAMES.probe(index)).some((breakpoint) => breakpoint.locations.some((location) => location.resolved));
  return indexes.filter((index) => !resolved(index) && named(BREAKPOINT_NAMES.fallbackPoint(index)).some((point) => point.hitCount > 0));
}
