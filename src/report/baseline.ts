import { roundPercent } from '../round.js';
import { requestedRun } from '../evidence/latency.js';
import { ENGINES, type Engine } from '../profiles/profile.js';
import type { BaselineReport, Report, TrendPoint } from './report.js';

/** One run of the base branch and the reports it left (baseline: auto), newest first in a list. */
export interface BaseRun {
  commit: string | null;
  createdAt: string | null;
  reports: Report[];
}

/** Reports to compare with, and where they came from; or why there are none. */
export type BaselineSource =
  /**
   * `anyName`: one report that is the baseline whatever its name (a file); otherwise matched by name.
   * `history`: the base branch's recent runs, newest first, for the coverage trend.
   */
  | { reports: Report[]; from: string; anyName?: boolean; history?: BaseRun[] }
  | { missing: string };

type Effects = NonNullable<Report['baselineEffects']>;

/**
 * Compares a report with its baseline and applies `max-drop`. A drop beyond it turns a `pass` into a
 * `fail`; a report or baseline without coverage is compared with nothing (it is not measured, so no
 * regression can be claimed either way). `missing` says why there is no baseline, when there is none.
 * A report compared before (a measuring leg, then publishing) is first put back as it was measured.
 */
export function compareWithBaseline(report: Report, baseline: Report | undefined, maxDrop: number | undefined, missing?: string): Report {
  const measured = asMeasured(report);
  const effects: Effects = { statusBefore: measured.status, reasons: [], notes: [] };
  const compared: Report = { ...measured, gates: { ...measured.gates, maxDrop: maxDrop ?? null } };
  if (!baseline) {
    compared.baseline = null;
    if (missing) effects.notes.push(missing);
    return withEffects(compared, effects);
  }
  const delta = report.coverage !== null && baseline.coverage !== null ? roundPercent(report.coverage - baseline.coverage) : null;
  compared.baseline = {
    name: baseline.name,
    status: baseline.status,
    ...(baseline.commit !== undefined ? { commit: baseline.commit } : {}),
    coverage: baseline.coverage,
    delta,
    ...beforeAndAfter(report, baseline),
    ...newlyOffAne(report, baseline),
  };
  if (baseline.coverage === null) {
    effects.notes.push(`The baseline (${baseline.name}) has no coverage (it was ${baseline.status}): no comparison.`);
  } else if (delta !== null && maxDrop !== undefined && -delta > maxDrop && (measured.status === 'pass' || measured.status === 'fail')) {
    compared.status = 'fail';
    const moved = compared.baseline.newKernels?.length ? ' The kernels marked new show the work that left the ANE;' : '';
    effects.reasons.push(
      `ANE coverage fell by ${(-delta).toFixed(1)} points against the baseline (${baseline.coverage.toFixed(1)}% to ${report.coverage!.toFixed(1)}%), more than \`max-drop\` ${maxDrop}.${moved || ' Compare the fallback kernels with the baseline\'s;'} raise \`max-drop\` only if the drop is intended.`,
    );
  }
  return withEffects(compared, effects);
}

/**
 * Compares the median latency of the requested compute units with the baseline's (the same setting), and
 * applies `max-slowdown`: a rise beyond it turns a `pass` into a `fail`. Without latency on either side,
 * nothing is compared. Call it after compareWithBaseline, whose effects it extends.
 */
export function compareLatency(report: Report, baseline: Report | undefined, maxSlowdown: number | undefined): Report {
  const effects: Effects = report.baselineEffects ?? { statusBefore: report.status, reasons: [], notes: [] };
  const head = requestedRun(report.latency?.runs ?? [], report.latency?.computeUnits);
  const base = head && baseline?.latency?.runs.find((run) => run.computeUnits === head.computeUnits);
  if (!report.baseline || !head || !base || base.medianMs <= 0) {
    if (maxSlowdown !== undefined && baseline) {
      const why = head ? `the baseline has no latency for ${head.computeUnits}` : 'this run has no latency (ane-check:latency lines)';
      return withEffects(report, { ...effects, notes: [...effects.notes, `\`max-slowdown\` is set, but ${why}: no latency comparison.`] });
    }
    return report;
  }
  const slowdown = roundPercent(((head.medianMs - base.medianMs) / base.medianMs) * 100);
  const compared: Report = { ...report, baseline: { ...report.baseline, medianMs: base.medianMs, slowdown } };
  if (maxSlowdown !== undefined && slowdown > maxSlowdown && (report.status === 'pass' || report.status === 'fail')) {
    compared.status = 'fail';
    const reason = `The median prediction latency (${head.computeUnits}) rose by ${slowdown.toFixed(1)}% against the baseline (${base.medianMs.toFixed(2)} ms to ${head.medianMs.toFixed(2)} ms), more than \`max-slowdown\` ${maxSlowdown}%. Compare the plan's op types off the ANE with the baseline's; raise \`max-slowdown\` only if the change is intended.`;
    return withEffects(compared, { ...effects, reasons: [...effects.reasons, reason] });
  }
  return compared;
}

/** The base branch's coverage for one measurement over its recent runs, oldest first; runs without it are left out. */
export function coverageTrend(name: string, history: readonly BaseRun[]): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const run of history) {
    const report = run.reports.find((candidate) => candidate.name === name);
    if (report) points.push({ coverage: report.coverage, commit: run.commit ?? report.commit ?? null, createdAt: run.createdAt ?? report.createdAt ?? null });
  }
  return points.reverse();
}

/** The report as measured: the status, reasons and notes from before any earlier baseline comparison. */
function asMeasured(report: Report): Report {
  const { baselineEffects: before, ...rest } = report;
  if (!before) return { ...rest, reasons: [...rest.reasons], notes: [...rest.notes] };
  return {
    ...rest,
    status: before.statusBefore,
    reasons: rest.reasons.filter((reason) => !before.reasons.includes(reason)),
    notes: rest.notes.filter((note) => !before.notes.includes(note)),
  };
}

/** Adds the comparison's reasons and notes (each once) and records them, so that a later comparison can take them back. */
function withEffects(report: Report, effects: Effects): Report {
  const added = (list: string[], more: string[]) => [...list, ...more.filter((line, index) => !list.includes(line) && more.indexOf(line) === index)];
  const measured = asMeasured(report);
  const reasons = added(measured.reasons, effects.reasons);
  const notes = added(measured.notes, effects.notes);
  const changed = effects.reasons.length > 0 || effects.notes.length > 0 || effects.statusBefore !== report.status;
  return { ...measured, status: report.status, reasons, notes, ...(changed ? { baselineEffects: effects } : {}) };
}

/** The baseline's dispatches per prediction, and the fallback kernels that came and went; nothing unless both were measured. */
function beforeAndAfter(report: Report, baseline: Report): Pick<BaselineReport, 'perPrediction' | 'newKernels' | 'goneKernels'> {
  // A baseline file is read as data: one without the engines or the window (hand-written, or damaged) gives no per-engine comparison.
  const counted = ENGINES.every((engine) => typeof baseline.engines?.[engine]?.perPrediction === 'number') && (baseline.predictions?.counted ?? 0) > 0;
  if (baseline.coverage === null || !counted) return { perPrediction: null };
  const perPrediction = Object.fromEntries(ENGINES.map((engine) => [engine, baseline.engines[engine].perPrediction])) as Record<Engine, number>;
  if (report.coverage === null) return { perPrediction };
  const key = (kernel: { engine: Engine; name: string }) => `${kernel.engine} ${kernel.name}`;
  const baseKernels = Array.isArray(baseline.fallbackKernels) ? baseline.fallbackKernels : [];
  const before = new Set(baseKernels.map(key));
  const now = new Set(report.fallbackKernels.map(key));
  return {
    perPrediction,
    newKernels: report.fallbackKernels.filter((kernel) => !before.has(key(kernel))).map(({ engine, name }) => ({ engine, name })),
    goneKernels: baseKernels.filter((kernel) => !now.has(key(kernel))).map(({ engine, name }) => ({ engine, name })),
  };
}

/** Op types that the plan places off the ANE now and that the baseline's plan did not; nothing without both plans. */
function newlyOffAne(report: Report, baseline: Report): { newOffAne?: string[] } {
  if (!report.plan || !baseline.plan) return {};
  const before = new Set(baseline.plan.offAne.map((group) => group.op));
  return { newOffAne: [...new Set(report.plan.offAne.map((group) => group.op))].filter((op) => !before.has(op)) };
}
