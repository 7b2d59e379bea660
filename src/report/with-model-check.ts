/**
 * A report with the model check's result beside it (or in place of a measurement): its `models`, its reasons
 * and notes, and the status of both checks together, the worse of the two (contract.md: the status comes from
 * `fail-on`, together with the measured gates when both ran).
 */
import { comparePlan } from '../model/check/beside-plan.js';
import type { ModelCheckResult } from '../model/check/run-model-check.js';
import { chooseHeadline } from './headline.js';
import { combinedStatus, type Report } from './report.js';

export function withModelCheck(report: Report, result: ModelCheckResult, run: { measured: boolean; note?: string }): Report {
  const status = run.measured ? combinedStatus([report, result]) : result.status;
  // The plan is the measured model's: only with one model can its findings be set beside it.
  const models =
    run.measured && report.plan && result.models.length === 1 && result.models[0]!.status === 'checked'
      ? [{ ...result.models[0]!, plan: comparePlan(report.plan, result.models[0]!.findings) }]
      : result.models;
  const combined: Report = {
    ...report,
    status,
    reasons: [...(run.measured ? report.reasons : []), ...result.reasons],
    notes: [...report.notes, ...(run.note ? [run.note] : []), ...result.notes],
    checks: run.measured ? ['model', 'measure'] : ['model'],
    models,
  };
  // Without a measurement the model check's sentence leads; with one, the measurement's figure still does.
  return { ...combined, headline: chooseHeadline(combined) };
}
