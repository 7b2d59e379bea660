/**
 * The outputs `findings` and `new-findings` (contract.md): the model check's findings of severity error and
 * warning, and those of them the base model does not have. Null when the model check did not run, or, for the
 * new ones, when no model had a base to compare with. A finding that stands for several ops counts each.
 */
import type { Finding } from '../rules/index.js';
import type { ModelReport } from './model-report.js';

export interface FindingCounts {
  findings: number | null;
  newFindings: number | null;
}

export function findingCounts(reports: readonly { models?: readonly ModelReport[] }[]): FindingCounts {
  const models = reports.flatMap((report) => report.models ?? []);
  const ran = reports.some((report) => report.models !== undefined);
  const compared = models.filter((model) => model.diff !== undefined);
  return {
    findings: ran ? blockers(models.flatMap((model) => model.findings)) : null,
    newFindings: compared.length > 0 ? blockers(compared.flatMap((model) => model.diff!.findings.new)) : null,
  };
}

function blockers(findings: readonly Finding[]): number {
  return findings.filter((finding) => finding.severity !== 'info').reduce((sum, finding) => sum + (finding.count ?? 1), 0);
}
