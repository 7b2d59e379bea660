import type { Probe } from '../profiles/profile.js';
import { quoteLldb } from './lldb-quote.js';

/** Names given to the breakpoints ane-check sets, so that the transcript can be read back by name. */
export const BREAKPOINT_NAMES = {
  probe: (index: number) => `ane_check_probe_${index}`,
  /** Every probe, so that they can be enabled together. */
  anyProbe: 'ane_check_probe',
  /** Every dispatch and prediction probe: what each per-prediction snapshot lists. */
  counted: 'ane_check_counted',
  windowEnd: 'ane_check_window_end',
  /** Where the app says that its probes may start (armAt). */
  arm: 'ane_check_arm',
} as const;

/** Aliases whose echo in the transcript marks what the output below them is. */
export const ALIASES = {
  predictionSnapshot: 'ane_check_prediction_snapshot',
  finalSnapshot: 'ane_check_snapshot_final',
  threads: 'ane_check_threads',
  arm: 'ane_check_arm_probes',
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

/** The script of one measurement, in the order the session sends it. */
export interface LldbScript {
  setup: string[];
  deviceAttach?: { device: string; pid: number };
  start: string[];
  /** Sent once the target has stopped for good (or exited): the final snapshot, discovery, the threads, the kill. */
  end: string[];
}

/**
 * The LLDB script of one measurement. Every probe is a breakpoint named after its index. Each prediction
 * probe also lists every counted breakpoint when it is hit (a snapshot per prediction: the measurement
 * takes the differences), and has a twin that stops the target at its hit warm-up + predictions + 1: by
 * then the counted predictions are complete. Where prediction probes nest, the outer one's twin fires first,
 * on time; where they alternate, later, and the measurement still cuts the window at the right snapshot.
 * In `auto-continue` mode the probes continue by themselves; in `driven` mode they stop and the session
 * continues them. If the target exits, crashes or is stopped first, the final snapshot is taken all the
 * same. Symbol discovery, when asked for, runs on the loaded images before the target is killed.
 * With `armAt` (the bundled harness, which times its predictions first) every probe starts disabled and is
 * enabled when the app calls that function: predictions timed before it run without a breakpoint.
 */
export function buildLldbScript(
  probes: readonly Probe[],
  window: WindowPlan,
  target: TargetCommands,
  counting: CountingMode,
  extra: { discoveryScript?: string; armAt?: string } = {},
): LldbScript {
  const autoContinue = counting === 'auto-continue' ? ' -G true' : '';
  // Armed later: the probes are set disabled, costing nothing, until the app calls `armAt`.
  const disabled = extra.armAt !== undefined ? ' -d' : '';
  const breakpoints = probes.flatMap((probe, index) => {
    const counted = probe.role === 'prediction' || probe.role === 'dispatch' ? ` -N ${BREAKPOINT_NAMES.counted}` : '';
    const set = `breakpoint set ${probeLocation(probe)}${autoContinue}${disabled} -N ${BREAKPOINT_NAMES.probe(index)} -N ${BREAKPOINT_NAMES.anyProbe}${counted}`;
    if (probe.role !== 'prediction') return [set];
    return [
      set,
      `breakpoint command add -o ${ALIASES.predictionSnapshot}`,
      `breakpoint set ${probeLocation(probe)} -i ${window.warmup + window.predictions}${disabled} -N ${BREAKPOINT_NAMES.windowEnd}`,
    ];
  });
  const arming =
    extra.armAt === undefined
      ? []
      : [
          `command alias ${ALIASES.arm} breakpoint enable ${BREAKPOINT_NAMES.anyProbe} ${BREAKPOINT_NAMES.windowEnd}`,
          `breakpoint set -n ${quoteLldb(extra.armAt)} -G true -N ${BREAKPOINT_NAMES.arm}`,
          `breakpoint command add -o ${ALIASES.arm}`,
        ];
  return {
    setup: [
      'settings set auto-confirm true',
      // A stop shows one line per thread and frame, no source or disassembly: less to print and read.
      'settings set stop-disassembly-display never',
      'settings set stop-line-count-before 0',
      'settings set stop-line-count-after 0',
      ...target.setup,
      `command alias ${ALIASES.predictionSnapshot} breakpoint list ${BREAKPOINT_NAMES.counted}`,
      `command alias ${ALIASES.finalSnapshot} breakpoint list`,
      `command alias ${ALIASES.threads} thread list`,
      ...breakpoints,
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
  };
}

function probeLocation(probe: Probe): string {
  const where = probe.symbol !== undefined ? `-n ${quoteLldb(probe.symbol)}` : `-r ${quoteLldb(probe.regex)}`;
  return probe.module === undefined ? where : `${where} -s ${quoteLldb(probe.module)}`;
}
