import { ENGINES } from '../profiles/profile.js';
import { escapeMarkdown, markdownCode } from './escape.js';
import { describeWindow, DISPATCH_NOTE, ENGINE_LABEL, formatDelta, formatPercent, STATUS_LABEL, unresolvedProbes } from './format.js';
import type { Report } from './report.js';

const STATUS_ICON = { pass: '✅', fail: '❌', inconclusive: '⚠️', error: '💥' } as const;

/** The job summary: everything in the report, readable. */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`### ${STATUS_ICON[report.status]} ANE check: ${escapeMarkdown(report.name)}: ${STATUS_LABEL[report.status]}`, '');
  const delta = formatDelta(report);
  const baseline = report.baseline?.coverage != null ? ` · baseline ${formatPercent(report.baseline.coverage)}${delta ? ` (${delta})` : ''}` : '';
  out.push(`**ANE coverage: ${formatPercent(report.coverage)}** · threshold ${report.gates.threshold}%${report.gates.maxDrop !== null ? ` · max drop ${report.gates.maxDrop} pp` : ''}${baseline}`, '');

  if (report.reasons.length > 0) {
    for (const reason of report.reasons) out.push(`> ${escapeMarkdown(reason)}`);
    out.push('');
  }

  if (report.predictions.counted > 0) {
    out.push('| Engine | Dispatches | Per prediction | Share |', '| --- | ---: | ---: | ---: |');
    for (const engine of ENGINES) {
      const count = report.engines[engine];
      const seen = count.resolved ? '' : ' (no probe resolved)';
      out.push(`| ${ENGINE_LABEL[engine]}${seen} | ${count.dispatches} | ${count.perPrediction} | ${count.share.toFixed(1)}% |`);
    }
    out.push('', `<sub>${DISPATCH_NOTE} ${escapeMarkdown(describeWindow(report))}.</sub>`, '');
  }

  if (report.fallbackKernels.length > 0) {
    out.push('#### Fallback kernels (GPU and CPU functions in the counted predictions)', '', '| Engine | Function | Hits |', '| --- | --- | ---: |');
    for (const kernel of report.fallbackKernels) out.push(`| ${ENGINE_LABEL[kernel.engine]} | ${markdownCode(kernel.name)} | ${kernel.hits} |`);
    out.push('');
  }

  const unresolved = unresolvedProbes(report);
  if (unresolved.length > 0) {
    out.push('#### Probes that did not resolve', '');
    for (const probe of unresolved) {
      const what = probe.symbol !== undefined ? markdownCode(probe.symbol) : `regex ${markdownCode(probe.regex ?? '')}`;
      out.push(`- ${what} (${probe.engine ? `${ENGINE_LABEL[probe.engine]} ` : ''}${probe.role})`);
    }
    out.push('');
  }

  if (report.notes.length > 0) {
    out.push('#### Notes', '');
    for (const note of report.notes) out.push(`- ${escapeMarkdown(note)}`);
    out.push('');
  }

  const env = report.environment;
  out.push(
    '<details><summary>Run</summary>',
    '',
    `- target: ${escapeMarkdown(env.target)}${env.device ? ` (${escapeMarkdown(env.device)})` : ''}`,
    `- OS: ${escapeMarkdown(env.os)}`,
    `- LLDB: ${escapeMarkdown(env.lldb)}`,
    `- profile: ${escapeMarkdown(env.profile)}${env.profiles.length > 0 ? ` (${env.profiles.map(escapeMarkdown).join(', ')})` : ''}`,
    `- predictions: ${escapeMarkdown(describeWindow(report))}`,
    `- target ended: ${escapeMarkdown(report.run.targetEnd ?? 'unknown')}; ${(report.run.durationMs / 1000).toFixed(1)} s`,
    '',
    '</details>',
    '',
  );
  return out.join('\n');
}
