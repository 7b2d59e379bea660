/**
 * What `ane-check diff` prints: for each model, what changed against its base, in the diff's own sentences
 * (src/model/diff-summary.ts), or why there is nothing to compare.
 */
import { summarizeDiff } from '../model/diff-summary.js';
import type { Report } from './report.js';

export function renderDiffText(report: Report): string {
  const lines: string[] = [];
  for (const model of report.models ?? []) {
    lines.push(`${model.path}:`);
    if (model.status === 'error') lines.push(`  could not be read: ${model.error ?? 'no reason given'}`);
    else if (model.base?.problem) lines.push(`  no comparison: ${model.base.problem}`);
    else if (!model.diff) lines.push('  no base to compare with');
    else if (model.diff.status === 'unchanged') lines.push('  unchanged');
    else lines.push(...summarizeDiff(model.diff).map((line) => `  ${line}`));
  }
  for (const reason of report.reasons) lines.push(`! ${reason}`);
  return `${lines.join('\n')}\n`;
}
