import type { EngineReport, Report, Status } from './report.js';

export const STATUS_LABEL: Record<Status, string> = {
  pass: 'pass',
  fail: 'FAIL',
  inconclusive: 'inconclusive',
  error: 'ERROR',
};

export const ENGINE_LABEL = { ane: 'ANE', gpu: 'GPU', cpu: 'CPU' } as const;

export const DISPATCH_NOTE =
  'One ANE dispatch runs a whole segment of the model; one GPU or CPU dispatch is usually a single kernel. Shares compare dispatches, not time.';

/** Dispatches per prediction: the mean, with the range when predictions differed (`2.5 (2–3)`). */
export function formatPerPrediction(count: Pick<EngineReport, 'perPrediction' | 'minPerPrediction' | 'maxPerPrediction'>): string {
  const { perPrediction, minPerPrediction: min, maxPerPrediction: max } = count;
  return min !== null && max !== null && min !== max ? `${perPrediction} (${min}–${max})` : String(perPrediction);
}

export function formatPercent(value: number | null): string {
  return value === null ? 'not measured' : `${value.toFixed(1)}%`;
}

/** `▼ 5.0 pp` against the baseline, or undefined without one. */
export function formatDelta(report: Report): string | undefined {
  const delta = report.baseline?.delta;
  if (delta === null || delta === undefined) return undefined;
  const arrow = delta > 0 ? '▲' : delta < 0 ? '▼' : '=';
  return `${arrow} ${Math.abs(delta).toFixed(1)} pp`;
}

export function describeWindow(report: Report): string {
  const { predictions, run } = report;
  const closed = run.windowEnd ? `, window closed by ${run.windowEnd}` : '';
  return `${predictions.counted} of ${predictions.observed} observed predictions counted (warm-up ${predictions.warmup}${closed})`;
}

export function unresolvedProbes(report: Report) {
  return report.probes.filter((probe) => !probe.resolved);
}

/** One line on Core ML's compute plan, or undefined without one. */
export function describePlan(report: Report): string | undefined {
  const plan = report.plan;
  if (!plan) return undefined;
  const share = plan.aneCostShare === null ? 'no ANE share' : `${plan.aneCostShare.toFixed(1)}% of the ${plan.basis === 'cost' ? 'estimated cost' : 'operations'} on the ANE`;
  const isNew = new Set(report.baseline?.newOffAne ?? []);
  const cost = (group: (typeof plan.offAne)[number]) => (plan.basis === 'cost' ? `, cost ${group.cost}` : `, ${group.operations} op${group.operations === 1 ? '' : 's'}`);
  const off = plan.offAne.map(
    (group) => `${group.op} (${group.device.toUpperCase()}${cost(group)}${group.aneSupported ? ', ANE-supported' : ''}${isNew.has(group.op) ? ', new since the baseline' : ''})`,
  );
  return `Core ML's compute plan (${plan.computeUnits}): ${share}, ${plan.byDevice.ane.operations} of ${plan.operations} operations${off.length > 0 ? `; off the ANE: ${off.join(', ')}` : ''}`;
}

/** One line on the timed predictions, or undefined without them. */
export function describeLatency(report: Report): string | undefined {
  const latency = report.latency;
  if (!latency) return undefined;
  const runs = latency.runs.map((run) => `${run.medianMs.toFixed(2)} ms (${run.computeUnits}, median of ${run.count})`);
  const speedup = latency.aneSpeedup !== undefined ? `; ANE speed-up ${latency.aneSpeedup.toFixed(2)}×` : '';
  const slowdown = report.baseline?.slowdown != null ? `; ${report.baseline.slowdown >= 0 ? '+' : ''}${report.baseline.slowdown.toFixed(1)}% against the baseline` : '';
  return `Latency: ${runs.join(', ')}${speedup}${slowdown}`;
}
