import { roundPercent } from '../round.js';
import { requestedRun } from '../evidence/latency.js';
import type { Report } from './report.js';

/** Reports to compare with, and where they came from; or why there are none. */
export type BaselineSource =
  /** `anyName`: one report that is the baseline whatever its name (a file); otherwise matched by name. */
  | { reports: Report[]; from: string; anyName?: boolean }
  | { missing: string };

/**
 * Compares a report with its baseline and applies `max-drop`. A drop beyond it turns a `pass` into a
 * `fail`; a report or baseline without coverage is compared with nothing (it is not measured, so no
 * regression can be claimed either way). `missing` says why there is no baseline, when there is none.
 */
export function compareWithBaseline(report: Report, baseline: Report | undefined, maxDrop: number | undefined, missing?: string): Report {
  const compared: Report = { ...report, reasons: [...report.reasons], notes: [...report.notes], gates: { ...report.gates, maxDrop: maxDrop ?? null } };
  if (!baseline) {
    compared.baseline = null;
    if (missing) compared.notes.push(missing);
    return compared;
  }
  const delta = report.coverage !== null && baseline.coverage !== null ? roundPercent(report.coverage - baseline.coverage) : null;
  compared.baseline = { name: baseline.name, coverage: baseline.coverage, delta, ...newlyOffAne(report, baseline) };
  if (baseline.coverage === null) {
    compared.notes.push(`The baseline (${baseline.name}) has no coverage (it was ${baseline.status}): no comparison.`);
  } else if (delta !== null && maxDrop !== undefined && -delta > maxDrop && (report.status === 'pass' || report.status === 'fail')) {
    compared.status = 'fail';
    compared.reasons.push(
      `ANE coverage fell by ${(-delta).toFixed(1)} points against the baseline (${baseline.coverage.toFixed(1)}% to ${report.coverage!.toFixed(1)}%), more than max-drop ${maxDrop}.`,
    );
  }
  return compared;
}

/**
 * Compares the median latency of the requested compute units with the baseline's (the same setting), and
 * applies `max-slowdown`: a rise beyond it turns a `pass` into a `fail`. Without latency on either side,
 * nothing is compared.
 */
export function compareLatency(report: Report, baseline: Report | undefined, maxSlowdown: number | undefined): Report {
  const head = requestedRun(report.latency?.runs ?? [], report.latency?.computeUnits);
  const base = head && baseline?.latency?.runs.find((run) => run.computeUnits === head.computeUnits);
  if (!report.baseline || !head || !base || base.medianMs <= 0) {
    if (maxSlowdown !== undefined && baseline) {
      return { ...report, notes: [...report.notes, `max-slowdown is set, but ${head ? `the baseline has no latency for ${head.computeUnits}` : 'this run has no latency (ane-check:latency lines)'}: no latency comparison.`] };
    }
    return report;
  }
  const slowdown = roundPercent(((head.medianMs - base.medianMs) / base.medianMs) * 100);
  const compared: Report = { ...report, reasons: [...report.reasons], baseline: { ...report.baseline, medianMs: base.medianMs, slowdown } };
  if (maxSlowdown !== undefined && slowdown > maxSlowdown && (report.status === 'pass' || report.status === 'fail')) {
    compared.status = 'fail';
    compared.reasons.push(
      `The median prediction latency (${head.computeUnits}) rose by ${slowdown.toFixed(1)}% against the baseline (${base.medianMs.toFixed(2)} ms to ${head.medianMs.toFixed(2)} ms), more than max-slowdown ${maxSlowdown}%.`,
    );
  }
  return compared;
}

/** Op types that the plan places off the ANE now and that the baseline's plan did not; nothing without both plans. */
function newlyOffAne(report: Report, baseline: Report): { newOffAne?: string[] } {
  if (!report.plan || !baseline.plan) return {};
  const before = new Set(baseline.plan.offAne.map((group) => group.op));
  return { newOffAne: [...new Set(report.plan.offAne.map((group) => group.op))].filter((op) => !before.has(op)) };
}
