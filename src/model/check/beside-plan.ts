/**
 * Both checks side by side (a Mac that ran the model): each op type that Core ML's compute plan places off the
 * ANE, with the rules whose findings predicted it, or none ("no rule predicted this": what a user would report
 * to improve the rules); and the findings that the plan contradicts, because it places their op type on the ANE
 * after all. A contradicted finding is shown as such, never hidden: the plan is what Core ML intends on this
 * machine, the rule what is known to block the ANE somewhere.
 *
 * The plan names an op with its opset (`ios17.conv`), the file by its bare type (`conv`): they are compared by
 * what follows the last dot, case aside (model-check.md, "Matching the file to the plan"). A finding about the
 * whole model or one of its inputs (float32 compute, a range-shaped input) speaks for every op.
 */
import type { PlanReport } from '../../evidence/plan.js';
import type { Finding } from '../rules/index.js';
import { bareType } from './fail-on.js';

export interface OffAnePrediction {
  /** The op type as the plan names it. */
  op: string;
  device: 'gpu' | 'cpu';
  operations: number;
  /** The rules with a finding about this op type, or about the whole model; empty: no rule predicted this. */
  rules: string[];
}

export interface ContradictedFinding {
  rule: string;
  subject: Finding['subject'];
  /** What the plan says instead, in words: `the plan places all 12 conv ops on the ANE`. */
  plan: string;
}

export interface PlanComparison {
  offAne: OffAnePrediction[];
  contradicted: ContradictedFinding[];
}

/** The op types (bare, lower case) the plan places on the ANE, with how many ops; from the plan's own summary. */
export function comparePlan(plan: Pick<PlanReport, 'offAne' | 'onAne'>, findings: readonly Finding[]): PlanComparison {
  const key = (type: string) => bareType(type).toLowerCase();
  const ofOps = (finding: Finding) => finding.subject.kind === 'op' || finding.subject.kind === 'layer';
  const wholeModel = findings.filter((finding) => !ofOps(finding) && finding.severity !== 'info');
  const byType = new Map<string, Finding[]>();
  for (const finding of findings.filter(ofOps)) {
    const type = key(finding.subject.type ?? '');
    byType.set(type, [...(byType.get(type) ?? []), finding]);
  }
  const offAne = plan.offAne.map((group) => ({
    op: group.op,
    device: group.device,
    operations: group.operations,
    rules: unique([...(byType.get(key(group.op)) ?? []), ...wholeModel].map((finding) => finding.rule)),
  }));
  const off = new Set(plan.offAne.map((group) => key(group.op)));
  const on = new Map((plan.onAne ?? []).map((group) => [key(group.op), group.operations]));
  const contradicted: ContradictedFinding[] = [];
  for (const [type, members] of byType) {
    const count = on.get(type);
    if (count === undefined || off.has(type)) continue;
    for (const finding of members) contradicted.push({ rule: finding.rule, subject: finding.subject, plan: `the plan places all ${count} ${type} op${count === 1 ? '' : 's'} on the ANE` });
  }
  if (off.size === 0 && on.size > 0) {
    for (const finding of wholeModel) contradicted.push({ rule: finding.rule, subject: finding.subject, plan: 'the plan places every op with a usage on the ANE' });
  }
  return { offAne, contradicted };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
