import type { Probe } from '../profiles/profile.js';
import { quoteLldb } from './lldb-quote.js';

/** Names given to the breakpoints ane-check sets, so that the transcript can be read back by name. */
export const BREAKPOINT_NAMES = {
  probe: (index: number) => `ane_check_probe_${index}`,
  progress: 'ane_check_progress',
  windowStart: 'ane_check_window_start',
  windowEnd: 'ane_check_window_end',
} as const;

/** Aliases whose echo in the transcript marks what the output below them is. */
export const ALIASES = {
  predictionSeen: 'ane_check_prediction_seen',
  windowStartSnapshot: 'ane_check_snapshot_window_start',
  finalSnapshot: 'ane_check_snapshot_final',
} as const;

export interface WindowPlan {
  warmup: number;
  predictions: number;
}

/** How the target gets a process: LLDB commands before the breakpoints, and the ones that start it. */
export interface TargetCommands {
  setup: string[];
  start: string[];
}

/**
 * The LLDB script of one measurement. Every probe is an auto-continue breakpoint: LLDB counts its hits
 * with no command run per hit, the cheap path. Three more breakpoints sit on the prediction functions:
 * - progress: prints its hit count at every prediction, so that the session can tell when the app
 *   has gone idle;
 * - window start: one-shot, ignores the warm-up predictions, then lists every breakpoint (the start
 *   snapshot) at the entry of the first counted prediction and continues;
 * - window end: ignores warm-up + counted predictions, then stops the target at the entry of the next
 *   prediction. The script then takes the final snapshot and kills the target.
 * If the target exits, crashes or is stopped first, the final snapshot is taken all the same. Symbol
 * discovery, when asked for, runs on the loaded images before the target is killed.
 */
export function buildLldbScript(probes: readonly Probe[], window: WindowPlan, target: TargetCommands, extra: { discoveryScript?: string } = {}): string {
  const predictionProbes = probes.filter((probe) => probe.role === 'prediction');
  const predictionWhere = windowLocation(predictionProbes);
  const lines = [
    'settings set auto-confirm true',
    // The debugger's own version, for the report, read from the same run.
    'version',
    ...target.setup,
    `command alias ${ALIASES.predictionSeen} breakpoint list --brief ${BREAKPOINT_NAMES.progress}`,
    `command alias ${ALIASES.windowStartSnapshot} breakpoint list`,
    `command alias ${ALIASES.finalSnapshot} breakpoint list`,
    ...probes.map((probe, index) => `breakpoint set ${probeLocation(probe)} -G true -N ${BREAKPOINT_NAMES.probe(index)}`),
    `breakpoint set ${predictionWhere} -G true -N ${BREAKPOINT_NAMES.progress}`,
    `breakpoint command add -o ${ALIASES.predictionSeen}`,
    `breakpoint set ${predictionWhere} -i ${window.warmup} -o true -G true -N ${BREAKPOINT_NAMES.windowStart}`,
    `breakpoint command add -o ${ALIASES.windowStartSnapshot}`,
    `breakpoint set ${predictionWhere} -i ${window.warmup + window.predictions} -N ${BREAKPOINT_NAMES.windowEnd}`,
    ...target.start,
    ALIASES.finalSnapshot,
    // Discovery may find nothing, which LLDB calls an error: sourced with -e false, that ends only it.
    ...(extra.discoveryScript ? [`command source -e false ${quoteLldb(extra.discoveryScript)}`] : []),
    'process kill',
  ];
  return `${lines.join('\n')}\n`;
}

function probeLocation(probe: Probe): string {
  return probe.symbol !== undefined ? `-n ${quoteLldb(probe.symbol)}` : `-r ${quoteLldb(probe.regex)}`;
}

/** One breakpoint over every prediction probe: several -n, or the one regex (profiles allow no mix). */
function windowLocation(predictionProbes: readonly Probe[]): string {
  return predictionProbes.map(probeLocation).join(' ');
}
