/**
 * A report with the model check's result beside it (or in place of a measurement): its `models`, its reasons
 * and notes, and the status of both checks together, the worse of the two (contract.md: the status comes from
 * `fail-on`, together with the measured gates when both ran).
 */
import type { ModelCheckResult } from '../model/check/run-model-check.js';
import { combinedStatus, type Report } from './report.js';

export function withModelCheck(report: Report, result: ModelCheckResult, run: { measured: boolean; note?: string }): Report {
  const status = run.measured ? combinedStatus([report, result]) : result.status;
  return {
    ...report,
    status,
    reasons: [...(run.measured ? report.reasons : []), ...result.reasons],
    notes: [...report.notes, ...(run.note ? [run.note] : []), ...result.notes],
    checks: run.measured ? ['model', 'measure'] : ['model'],
    models: result.models,
  };
}
