import { roundPercent } from '../analysis/verdict.js';
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
  compared.baseline = { name: baseline.name, coverage: baseline.coverage, delta };
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
