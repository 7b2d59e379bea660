import { ENGINES, type Engine } from '../profiles/profile.js';
import { escapeMarkdown, markdownCode } from './escape.js';
import { describeLatency, describePlan, describeWindow, DISPATCH_NOTE, ENGINE_LABEL, formatDelta, formatPercent, formatPerPrediction, STATUS_LABEL, unresolvedProbes } from './format.js';
import { combinedStatus, type Report, type Status } from './report.js';

/** GitHub refuses comment bodies longer than this. */
export const COMMENT_LIMIT = 65_536;
export const CUT_NOTICE = `\n\n> ✂️ Shortened to GitHub's limit of ${COMMENT_LIMIT.toLocaleString('en-US')} characters for a comment: the job summary has the full report.\n`;

const STATUS_ICON: Record<Status, string> = { pass: '✅', fail: '❌', inconclusive: '⚠️', error: '💥' };

export interface MarkdownOptions {
  /** A link to the run that measured. */
  runUrl?: string;
  /** The hidden first line of a pull-request comment. */
  marker?: string;
  /** The longest body allowed; longer ones are shortened, then cut with a notice. */
  limit?: number;
}

/**
 * The job summary and the pull-request comment: one report in full, or several (a matrix) as an
 * overview table with each one's details below it. Every foreign string is escaped. Over `limit`, the
 * body is shortened (fewer kernels and probes, no chart), then cut at a line, with a notice either way.
 */
export function renderMarkdown(reports: readonly Report[], options: MarkdownOptions = {}): string {
  const full = render(reports, options, false);
  if (options.limit === undefined || full.length <= options.limit) return full;
  const compact = render(reports, options, true);
  if (compact.length + CUT_NOTICE.length <= options.limit) return compact + CUT_NOTICE;
  return cut(compact, options.limit - CUT_NOTICE.length) + CUT_NOTICE;
}

function render(reports: readonly Report[], options: MarkdownOptions, compact: boolean): string {
  const out: string[] = [];
  if (options.marker) out.push(options.marker);
  if (reports.length === 1) {
    const report = reports[0]!;
    out.push(`### ${STATUS_ICON[report.status]} ANE check: ${escapeMarkdown(report.name)}: ${STATUS_LABEL[report.status]}`, '');
    out.push(...details(report, compact));
  } else {
    const status = combinedStatus(reports);
    out.push(`### ${STATUS_ICON[status]} ANE check: ${reports.length} measurements: ${STATUS_LABEL[status]}`, '');
    out.push('| Measurement | Status | ANE coverage | Against baseline | ANE / GPU / CPU per prediction |', '| --- | --- | ---: | ---: | --- |');
    for (const report of reports) {
      const perPrediction = report.predictions.counted > 0 ? ENGINES.map((engine) => report.engines[engine].perPrediction).join(' / ') : '';
      out.push(`| ${escapeMarkdown(report.name)} | ${STATUS_ICON[report.status]} ${STATUS_LABEL[report.status]} | ${formatPercent(report.coverage)} | ${formatDelta(report) ?? ''} | ${perPrediction} |`);
    }
    out.push('');
    for (const report of reports) {
      out.push(`<details><summary>${STATUS_ICON[report.status]} ${escapeMarkdown(report.name)}: ${STATUS_LABEL[report.status]}</summary>`, '');
      out.push(...details(report, compact));
      out.push('</details>', '');
    }
  }
  if (options.runUrl) out.push(`[Run](${encodeURI(options.runUrl)})`, '');
  return out.join('\n');
}

/** Everything about one report below its headline. */
function details(report: Report, compact: boolean): string[] {
  const out: string[] = [];
  const delta = formatDelta(report);
  const against = report.baseline?.coverage != null ? ` · ${delta ? `${delta} against` : 'against'} the baseline's ${formatPercent(report.baseline.coverage)}` : '';
  const maxDrop = report.gates.maxDrop !== null ? ` · max drop ${report.gates.maxDrop} pp` : '';
  out.push(`**ANE coverage: ${formatPercent(report.coverage)}**${against} · threshold ${report.gates.threshold}%${maxDrop}`, '');
  for (const reason of report.reasons) out.push(`> ${escapeMarkdown(reason)}`);
  if (report.reasons.length > 0) out.push('');

  if (report.predictions.counted > 0 && report.coverage !== null) {
    out.push('| Engine | Per prediction | Dispatches | Share | |', '| --- | ---: | ---: | ---: | --- |');
    for (const engine of ENGINES) {
      const count = report.engines[engine];
      const share = count.share ?? 0;
      out.push(`| ${engineLabel(engine, count.resolved)} | ${formatPerPrediction(count)} | ${count.dispatches} | ${share.toFixed(1)}% | ${bar(share)} |`);
    }
    out.push('', `<sub>${DISPATCH_NOTE} ${escapeMarkdown(describeWindow(report))}.</sub>`, '');
    const slices = ENGINES.filter((engine) => report.engines[engine].dispatches > 0);
    if (!compact && slices.length > 0) {
      out.push('```mermaid', 'pie showData title Dispatches by engine');
      for (const engine of slices) out.push(`    "${ENGINE_LABEL[engine]}" : ${report.engines[engine].dispatches}`);
      out.push('```', '');
    }
  } else if (report.predictions.counted > 0) {
    // Not a measurement: what was seen is listed, with no share, bar or chart.
    out.push(`#### Dispatches seen (not a measurement: the run was ${report.status})`, '', '| Engine | Per prediction | Dispatches |', '| --- | ---: | ---: |');
    for (const engine of ENGINES) {
      const count = report.engines[engine];
      out.push(`| ${engineLabel(engine, count.resolved)} | ${formatPerPrediction(count)} | ${count.dispatches} |`);
    }
    out.push('', `<sub>${escapeMarkdown(describeWindow(report))}.</sub>`, '');
  }

  const evidence = [describePlan(report), describeLatency(report), report.plan ? report.agreement?.detail : undefined].filter((line): line is string => line !== undefined);
  if (evidence.length > 0) {
    out.push('#### Plan and latency', '', ...evidence.map((line) => `- ${escapeMarkdown(line)}`), '');
  }

  const kernels = report.fallbackKernels;
  if (kernels.length > 0) {
    const shown = compact ? 5 : 10;
    const row = (kernel: (typeof kernels)[number]) => `| ${ENGINE_LABEL[kernel.engine]} | ${markdownCode(kernel.name)} | ${kernel.hits} |`;
    const header = ['| Engine | Function | Hits |', '| --- | --- | ---: |'];
    out.push('#### Fallback kernels (GPU and CPU functions in the counted predictions)', '', ...header, ...kernels.slice(0, shown).map(row), '');
    if (kernels.length > shown) {
      if (compact) out.push(`<sub>${kernels.length - shown} more in the job summary.</sub>`, '');
      else out.push(`<details><summary>${kernels.length - shown} more</summary>`, '', ...header, ...kernels.slice(shown).map(row), '', '</details>', '');
    }
  }

  const why = report.fallbackReasons ?? [];
  if (why.length > 0) {
    out.push("#### Why work left the ANE (Core ML's log)", '');
    for (const line of compact ? why.slice(0, 5) : why) out.push(`- ${markdownCode(line)}`);
    out.push('');
  }

  const unresolved = unresolvedProbes(report);
  if (unresolved.length > 0) {
    out.push('#### Probes that did not resolve', '');
    for (const probe of compact ? unresolved.slice(0, 10) : unresolved) {
      const what = probe.symbol !== undefined ? markdownCode(probe.symbol) : `regex ${markdownCode(probe.regex ?? '')}`;
      out.push(`- ${what} (${probe.engine ? `${ENGINE_LABEL[probe.engine]} ` : ''}${probe.role})`);
    }
    if (compact && unresolved.length > 10) out.push(`- and ${unresolved.length - 10} more`);
    out.push('');
  }

  if (report.discovery && !compact) {
    const { discovery } = report;
    out.push(`#### Symbol discovery`, '', `${discovery.functions} engine-like functions in the live process; ${discovery.probes.length} candidate probes written to ${markdownCode(discovery.profile)}.`, '');
    if (discovery.probes.length > 0) {
      out.push('<details><summary>Candidate probes</summary>', '', '| Engine | Role | Symbol |', '| --- | --- | --- |');
      for (const probe of discovery.probes) out.push(`| ${probe.engine ? ENGINE_LABEL[probe.engine] : ''} | ${probe.role} | ${markdownCode(probe.symbol)} |`);
      out.push('', '</details>', '');
    }
  }

  if (report.notes.length > 0) {
    out.push('#### Notes', '');
    for (const note of report.notes) out.push(`- ${escapeMarkdown(note)}`);
    out.push('');
  }

  const env = report.environment;
  out.push(
    '<details><summary>Environment</summary>',
    '',
    `- target: ${escapeMarkdown(env.target)}`,
    `- OS: ${escapeMarkdown(env.os)}`,
    `- device: ${escapeMarkdown(env.device ?? 'this machine')}`,
    `- LLDB: ${escapeMarkdown(env.lldb)}${report.run.counting ? `; counting: ${escapeMarkdown(report.run.counting.mode)} (${escapeMarkdown(report.run.counting.reason)})` : ''}`,
    `- profile: ${escapeMarkdown(env.profile)}${env.profiles.length > 0 ? ` (${env.profiles.map(escapeMarkdown).join(', ')})` : ''}`,
    `- predictions: ${escapeMarkdown(describeWindow(report))}`,
    `- target ended: ${escapeMarkdown(report.run.targetEnd ?? 'unknown')}; ${(report.run.durationMs / 1000).toFixed(1)} s`,
    '',
    '</details>',
    '',
  );
  return out;
}

function engineLabel(engine: Engine, resolved: boolean): string {
  return `${ENGINE_LABEL[engine]}${resolved ? '' : ' (no probe resolved)'}`;
}

/** A ten-step bar for a share in percent. */
function bar(share: number): string {
  const filled = Math.round(share / 10);
  return `\`${'█'.repeat(filled)}${'░'.repeat(10 - filled)}\``;
}

/** Cuts at a line boundary within `length`, closing any `<details>` left open. */
function cut(text: string, length: number): string {
  const closer = '\n</details>';
  let kept = text.slice(0, length);
  kept = kept.slice(0, Math.max(0, kept.lastIndexOf('\n')));
  for (;;) {
    const open = (kept.match(/<details>/gu) ?? []).length - (kept.match(/<\/details>/gu) ?? []).length;
    const closed = kept + closer.repeat(Math.max(0, open));
    if (closed.length <= length || kept === '') return closed;
    kept = kept.slice(0, Math.max(0, kept.lastIndexOf('\n')));
  }
}
