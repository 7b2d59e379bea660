import { ENGINES } from '../profiles/profile.js';
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

/** `▲ 1`, `▼ 0.5` or `=`: the change of dispatches per prediction against the baseline. */
export function formatCountChange(before: number, after: number): string {
  const change = Math.round((after - before) * 100) / 100;
  return change > 0 ? `▲ ${change}` : change < 0 ? `▼ ${-change}` : '=';
}

/** How many kernels of one kind the headline names before it says "and N more". */
const HEADLINE_KERNELS = 3;

/**
 * One sentence on what moved against the baseline: dispatches per prediction that changed, fallback
 * kernels new and gone (`ANE 2 → 1 per prediction; new on the CPU: inner_product_kernel`). Undefined
 * unless both sides were measured. `code` shows a function name (escaped for Markdown, or as it is).
 */
export function describeChange(report: Report, code: (name: string) => string): string | undefined {
  const base = report.baseline;
  if (!base?.perPrediction || report.coverage === null) return undefined;
  const parts: string[] = [];
  const moved = ENGINES.filter((engine) => base.perPrediction![engine] !== report.engines[engine].perPrediction);
  if (moved.length > 0) parts.push(`${moved.map((engine) => `${ENGINE_LABEL[engine]} ${base.perPrediction![engine]} → ${report.engines[engine].perPrediction}`).join(', ')} per prediction`);
  const names = (kernels: { name: string }[]) =>
    kernels.slice(0, HEADLINE_KERNELS).map((kernel) => code(kernel.name)).join(', ') + (kernels.length > HEADLINE_KERNELS ? ` and ${kernels.length - HEADLINE_KERNELS} more` : '');
  for (const engine of ENGINES) {
    const arrived = (base.newKernels ?? []).filter((kernel) => kernel.engine === engine);
    if (arrived.length > 0) parts.push(`new on the ${ENGINE_LABEL[engine]}: ${names(arrived)}`);
  }
  if (base.goneKernels?.length) parts.push(`gone: ${names(base.goneKernels)}`);
  return parts.length > 0 ? parts.join('; ') : 'no change in dispatches per prediction or in fallback kernels';
}
