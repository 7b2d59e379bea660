/**
 * The headline: which figure leads the terminal, the job summary and the comment, and the gates beside it.
 *
 * ANE coverage (the dispatch share) counts dispatches: one ANE dispatch runs a whole segment of the model, one CPU
 * kernel one layer, so a model whose estimated cost is 95% on the ANE can show 50%. Where Core ML's compute plan is
 * present and the run agrees with it, the plan's cost share leads, confirmed by the ANE dispatches per prediction,
 * with the dispatch share beside it, named as such. Without a plan, or where the run disagrees with it (or could
 * not confirm it), the dispatch share leads and says what it counts, and why the plan's share does not lead. A
 * report with only the model check leads with the model check's sentence. Outputs and gates keep their meaning:
 * `threshold` and `max-drop` check the dispatch share, `plan-threshold` the cost share; each gate names its figure.
 */
import { formatPerPrediction } from './format.js';
import { blockerCounts } from './model-text.js';
import { type Headline, measured, type Report } from './report.js';

/** The figure that leads a report (report.ts, `Headline`). */
export function chooseHeadline(report: Pick<Report, 'checks' | 'coverage' | 'plan' | 'agreement' | 'models'>): Headline {
  if (!measured(report)) return { figure: 'model-check', value: blockerCounts(report.models ?? []).blockers };
  const share = report.plan?.aneCostShare;
  if (share !== null && share !== undefined && report.coverage !== null && report.agreement?.status === 'agrees') return { figure: 'plan-cost-share', value: share };
  return { figure: 'dispatch-share', value: report.coverage };
}

/** The report's own headline, or for an older report the one it would have. */
export function headlineOf(report: Report): Headline {
  return report.headline ?? chooseHeadline(report);
}

/**
 * The measurement's headline in plain text: `lead` (the figure, shown in bold) and what follows it on the same
 * line (what it counts, the other figure, the change against the baseline). Undefined for a report that did not
 * measure.
 */
export function measuredHeadline(report: Report): { lead: string; rest: string } | undefined {
  if (!measured(report)) return undefined;
  const plan = report.plan;
  const basis = plan?.basis === 'operations' ? 'operations' : 'estimated cost';
  const baseline = report.baseline;
  const delta = baseline?.delta ?? null;
  const change = delta === null ? '' : `${delta > 0 ? '▲' : delta < 0 ? '▼' : '='} ${Math.abs(delta).toFixed(1)} pp `;
  const against = baseline && baseline.coverage !== null ? ` · ${change}against the baseline's ${baseline.coverage.toFixed(1)}%` : '';
  if (headlineOf(report).figure === 'plan-cost-share' && plan?.aneCostShare != null && report.coverage !== null) {
    const perPrediction = formatPerPrediction(report.engines.ane);
    const confirmed = `Core ML's plan, confirmed by the run: ${perPrediction} ANE dispatch${perPrediction === '1' ? '' : 'es'} per prediction`;
    return { lead: `ANE: ${plan.aneCostShare.toFixed(1)}% of the ${basis}`, rest: ` (${confirmed}) · dispatch share ${report.coverage.toFixed(1)}%${against}` };
  }
  const counts = report.coverage === null ? '' : ' (it counts dispatches, not cost: one ANE dispatch runs a whole segment of the model)';
  let unconfirmed = '';
  if (plan && plan.aneCostShare !== null) {
    const planned = `Core ML's plan places ${plan.aneCostShare.toFixed(1)}% of the ${basis} on the ANE`;
    unconfirmed =
      report.agreement?.status === 'disagrees' ? ` · ${planned}, but the run disagrees with it: the plan's share does not lead` : ` · ${planned}, which the run could not confirm`;
  }
  return { lead: `ANE dispatch share: ${report.coverage === null ? 'not measured' : `${report.coverage.toFixed(1)}%`}`, rest: `${counts}${against}${unconfirmed}` };
}

/**
 * The gates, each with the figure it checks, naming inputs in backticks (`threshold`) so that the job summary
 * shows them as code and the terminal as flags. Measurement gates only when the report measured, `fail-on` only
 * with the model check. Empty when there is none.
 */
export function describeGates(report: Report): string[] {
  const { gates } = report;
  const out: string[] = [];
  if (measured(report)) {
    out.push(`\`threshold\` ${gates.threshold}% on the dispatch share`);
    if (gates.maxDrop !== null) out.push(`\`max-drop\` ${gates.maxDrop} pp on the dispatch share against the baseline`);
    if (gates.planThreshold != null) out.push(`\`plan-threshold\` ${gates.planThreshold}% on the plan's cost share`);
    if (gates.allowOffAne?.length) out.push(`\`allow-off-ane\` on the op types the plan places off the ANE (${gates.allowOffAne.join(', ')} allowed)`);
    if (gates.maxSlowdown != null) out.push(`\`max-slowdown\` ${gates.maxSlowdown}% on the median latency against the baseline`);
  }
  if (report.models !== undefined) out.push(`\`fail-on: ${gates.failOn ?? 'new'}\` on the model check's findings`);
  return out;
}
