import type { LatencyLine } from './evidence-lines.js';

/** The report's `latency` (contract.md): per compute-units setting, the median and 90th percentile. */
export interface LatencyReport {
  /** The setting the measured run used, whose run the latency output and gate read. */
  computeUnits?: string;
  runs: { computeUnits: string; count: number; medianMs: number; p90Ms: number }[];
  /** The `cpuOnly` median over the requested setting's; absent without both. */
  aneSpeedup?: number;
  /** The time the timed predictions took together, in ms: what timing added to the run (warm-ups aside). */
  timedMs: number;
}

const twoDecimals = (value: number) => Math.round(value * 100) / 100;

/** The value below which `fraction` of the sorted values lie, interpolated between neighbours. */
export function quantile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * fraction;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * Sums up the timed predictions. A setting timed twice keeps its last line. `requested` is the setting the
 * measured run used (the plan's, or the harness's `compute-units`): the ANE speed-up is how much slower
 * `cpuOnly` is than it.
 */
export function summarizeLatency(lines: readonly LatencyLine[], requested: string | undefined): LatencyReport | undefined {
  if (lines.length === 0) return undefined;
  const bySetting = new Map(lines.map((line) => [line.computeUnits, line]));
  const runs = [...bySetting.values()].map((line) => ({
    computeUnits: line.computeUnits,
    count: line.ms.length,
    medianMs: twoDecimals(quantile(line.ms, 0.5)),
    p90Ms: twoDecimals(quantile(line.ms, 0.9)),
  }));
  const cpuOnly = runs.find((run) => run.computeUnits === 'cpuOnly');
  const chosen = requestedRun(runs, requested);
  const speedup = cpuOnly && chosen && chosen !== cpuOnly && chosen.medianMs > 0 ? twoDecimals(cpuOnly.medianMs / chosen.medianMs) : undefined;
  const timedMs = twoDecimals([...bySetting.values()].reduce((sum, line) => sum + line.ms.reduce((total, ms) => total + ms, 0), 0));
  return { ...(chosen ? { computeUnits: chosen.computeUnits } : {}), runs, ...(speedup !== undefined ? { aneSpeedup: speedup } : {}), timedMs };
}

/** The run of the requested setting, or else the first one that is not `cpuOnly`. */
export function requestedRun<Run extends { computeUnits: string }>(runs: readonly Run[], requested: string | undefined): Run | undefined {
  return runs.find((run) => run.computeUnits === requested) ?? runs.find((run) => run.computeUnits !== 'cpuOnly');
}
