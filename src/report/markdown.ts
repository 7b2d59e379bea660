import { ENGINES, type Engine } from '../profiles/profile.js';
import { splitInputReferences } from '../inputs/input-references.js';
import { escapeMarkdown, markdownCode } from './escape.js';
import {
  describeChange,
  describeLatency,
  describePlan,
  describeWindow,
  DISPATCH_NOTE,
  ENGINE_LABEL,
  formatCountChange,
  formatDelta,
  formatPercent,
  formatPerPrediction,
  STATUS_LABEL,
  unresolvedProbes,
} from './format.js';
import { combinedStatus, type Report, type Status, type TrendPoint } from './report.js';

/** GitHub refuses comment bodies longer than this. */
export const COMMENT_LIMIT = 65_536;
export const CUT_NOTICE = `\n\n> ✂️ Shortened to GitHub's limit of ${COMMENT_LIMIT.toLocaleString('en-US')} characters for a comment: the job summary has the full report.\n`;

const STATUS_ICON: Record<Status, string> = { pass: '✅', fail: '❌', inconclusive: '⚠️', error: '💥' };

/** Fallback kernels shown before the rest are folded (full body). */
const KERNELS_IN_VIEW = 10;
/** A trend with more runs than this is folded. */
const TREND_IN_VIEW = 8;

export interface MarkdownOptions {
  /** A link to the run that measured. */
  runUrl?: string;
  /** The hidden first line of a pull-request comment. */
  marker?: string;
  /** The longest body allowed; longer ones are shortened, then cut with a notice. */
  limit?: number;
}

/** How much a body shows: everything (the job summary), or a shortened comment with at most `kernels` kernels per report. */
type Extent = { compact: false } | { compact: true; kernels: number };

/**
 * The job summary and the pull-request comment: one report in full, or several (a matrix) as an
 * overview table with each one's details below it. Every foreign string is escaped. Over `limit`, the
 * body is shortened (as many fallback kernels as fit, fewer probes, no trend), then cut at a line, with
 * a notice either way.
 */
export function renderMarkdown(reports: readonly Report[], options: MarkdownOptions = {}): string {
  const full = render(reports, options, { compact: false });
  if (options.limit === undefined || full.length <= options.limit) return full;
  const room = options.limit - CUT_NOTICE.length;
  const compact = (kernels: number) => render(reports, options, { compact: true, kernels });
  const bare = compact(0);
  if (bare.length > room) return cut(bare, room) + CUT_NOTICE;
  // The bare body fits, so `compact(fits)` always does. The most kernels that fit: a binary search, since the
  // body grows with each kernel shown.
  let fits = 0;
  let tooMany = Math.max(...reports.map((report) => report.fallbackKernels.length)) + 1;
  while (tooMany - fits > 1) {
    const middle = Math.floor((fits + tooMany) / 2);
    if (compact(middle).length <= room) fits = middle;
    else tooMany = middle;
  }
  return compact(fits) + CUT_NOTICE;
}

function render(reports: readonly Report[], options: MarkdownOptions, extent: Extent): string {
  const out: string[] = [];
  if (options.marker) out.push(options.marker);
  if (reports.length === 1) {
    const report = reports[0]!;
    out.push(`### ${STATUS_ICON[report.status]} ANE check: ${escapeMarkdown(report.name)}: ${STATUS_LABEL[report.status]}`, '');
    out.push(...details(report, extent));
  } else {
    const status = combinedStatus(reports);
    out.push(`### ${STATUS_ICON[status]} ANE check: ${reports.length} measurements: ${STATUS_LABEL[status]}`, '');
    out.push('| Measurement | Status | ANE coverage | Against baseline | ANE / GPU / CPU per prediction | Why |', '| --- | --- | ---: | ---: | --- | --- |');
    for (const report of reports) {
      const perPrediction = report.predictions.counted > 0 ? ENGINES.map((engine) => report.engines[engine].perPrediction).join(' / ') : '';
      out.push(`| ${escapeMarkdown(report.name)} | ${STATUS_ICON[report.status]} ${STATUS_LABEL[report.status]} | ${formatPercent(report.coverage)} | ${formatDelta(report) ?? ''} | ${perPrediction} | ${why(report)} |`);
    }
    out.push('');
    for (const report of reports) {
      out.push(`<details><summary>${STATUS_ICON[report.status]} ${escapeMarkdown(report.name)}: ${STATUS_LABEL[report.status]}</summary>`, '');
      out.push(...details(report, extent));
      out.push('</details>', '');
    }
  }
  if (options.runUrl) out.push(`[Run](${encodeURI(options.runUrl)})`, '');
  return out.join('\n');
}

/** The matrix table's "Why": a leg's first reason, when it did not pass. */
function why(report: Report): string {
  if (report.status === 'pass' || report.reasons.length === 0) return '';
  const more = report.reasons.length > 1 ? ` (and ${report.reasons.length - 1} more)` : '';
  return prose(report.reasons[0]!) + more;
}

/** Everything about one report below its headline. */
function details(report: Report, extent: Extent): string[] {
  const out: string[] = [];
  out.push(headline(report), '');
  const change = describeChange(report, (name) => markdownCode(name));
  if (change) out.push(`**Against the baseline:** ${change}.`, '');
  for (const reason of report.reasons) out.push(`- ${STATUS_ICON[report.status]} ${prose(reason)}`);
  if (report.reasons.length > 0) out.push('');

  out.push(...engineTable(report));
  if (!extent.compact) out.push(...trend(report.baseline?.trend ?? []));

  const evidence = [describePlan(report), describeLatency(report), report.plan ? report.agreement?.detail : undefined].filter((line): line is string => line !== undefined);
  if (evidence.length > 0) {
    out.push('#### Plan and latency', '', ...evidence.map((line) => `- ${escapeMarkdown(line)}`), '');
  }

  out.push(...kernelTable(report, extent));

  const whyOff = report.fallbackReasons ?? [];
  if (whyOff.length > 0) {
    out.push("#### Why work left the ANE (Core ML's log)", '');
    for (const line of extent.compact ? whyOff.slice(0, 5) : whyOff) out.push(`- ${markdownCode(line)}`);
    out.push('');
  }

  // The target's own words come before the probes: a program that failed to start explains itself there.
  const errorOutput = report.run.targetErrorOutput ?? [];
  if (errorOutput.length > 0) out.push("#### The target's error output (last lines)", '', ...codeBlock(errorOutput), '');

  const unresolved = unresolvedProbes(report);
  if (unresolved.length > 0) {
    out.push('#### Probes that did not resolve', '');
    for (const probe of extent.compact ? unresolved.slice(0, 10) : unresolved) {
      const what = probe.symbol !== undefined ? markdownCode(probe.symbol) : `regex ${markdownCode(probe.regex ?? '')}`;
      out.push(`- ${what} (${probe.engine ? `${ENGINE_LABEL[probe.engine]} ` : ''}${probe.role})`);
    }
    if (extent.compact && unresolved.length > 10) out.push(`- and ${unresolved.length - 10} more`);
    out.push('');
  }

  if (report.discovery && !extent.compact) {
    const { discovery } = report;
    out.push(`#### Symbol discovery`, '', `${discovery.functions} engine-like functions in the live process; ${discovery.probes.length} candidate probes written to ${markdownCode(discovery.profile)}.`, '');
    if (discovery.probes.length > 0) {
      out.push('<details><summary>Candidate probes</summary>', '', '| Engine | Role | Symbol |', '| --- | --- | --- |');
      for (const probe of discovery.probes) out.push(`| ${probe.engine ? ENGINE_LABEL[probe.engine] : ''} | ${probe.role} | ${markdownCode(probe.symbol, { inTable: true })} |`);
      out.push('', '</details>', '');
    }
  }

  if (report.notes.length > 0) {
    out.push('#### Notes', '');
    for (const note of report.notes) out.push(`- ${prose(note)}`);
    out.push('');
  }

  out.push(...environment(report));
  return out;
}

/** Coverage, its change against the baseline, and the gates, in one line. */
function headline(report: Report): string {
  const delta = formatDelta(report);
  const against = report.baseline?.coverage != null ? ` · ${delta ? `${delta} against` : 'against'} the baseline's ${formatPercent(report.baseline.coverage)}` : '';
  const maxDrop = report.gates.maxDrop !== null ? ` · max drop ${report.gates.maxDrop} pp` : '';
  return `**ANE coverage: ${formatPercent(report.coverage)}**${against} · threshold ${report.gates.threshold}%${maxDrop}`;
}

/**
 * Dispatches per engine: with the baseline's per prediction and the change beside the head's when there
 * is one, and a share with its bar only for a measurement. A run that measured nothing lists what it saw,
 * labelled as such, with no share, bar or chart.
 */
function engineTable(report: Report): string[] {
  if (report.predictions.counted === 0) return [];
  if (report.coverage === null) {
    const rows = ENGINES.map((engine) => `| ${engineLabel(report, engine)} | ${formatPerPrediction(report.engines[engine])} | ${report.engines[engine].dispatches} |`);
    return [`#### Dispatches seen (not a measurement: the run was ${report.status})`, '', '| Engine | Per prediction | Dispatches |', '| --- | ---: | ---: |', ...rows, '', `<sub>${escapeMarkdown(describeWindow(report))}.</sub>`, ''];
  }
  const base = report.baseline?.perPrediction;
  const header = base
    ? ['| Engine | Base per prediction | Head per prediction | Change | Dispatches | Share | |', '| --- | ---: | ---: | ---: | ---: | ---: | --- |']
    : ['| Engine | Per prediction | Dispatches | Share | |', '| --- | ---: | ---: | ---: | --- |'];
  const rows = ENGINES.map((engine) => {
    const count = report.engines[engine];
    const share = count.share ?? 0;
    const compared = base ? `${base[engine]} | ${formatPerPrediction(count)} | ${formatCountChange(base[engine], count.perPrediction)}` : formatPerPrediction(count);
    return `| ${engineLabel(report, engine)} | ${compared} | ${count.dispatches} | ${share.toFixed(1)}% | ${bar(share)} |`;
  });
  return [...header, ...rows, '', `<sub>${DISPATCH_NOTE} ${escapeMarkdown(describeWindow(report))}.</sub>`, ''];
}

/**
 * The base branch's coverage over its last runs as a Mermaid line (GitHub renders `xychart-beta`), folded
 * when long. Runs that measured nothing are left out of the line and counted below it.
 */
function trend(points: readonly TrendPoint[]): string[] {
  const measured = points.filter((point): point is TrendPoint & { coverage: number } => point.coverage !== null);
  if (measured.length < 2) return [];
  // Labels are short commit SHAs (hex) or run numbers: nothing that Mermaid or Markdown would read.
  const label = (point: TrendPoint, index: number) => `"${point.commit && /^[0-9a-f]+$/iu.test(point.commit) ? point.commit.slice(0, 7) : `run ${index + 1}`}"`;
  const chart = [
    '```mermaid',
    // Mermaid's default theme draws the first line in a pale lilac; a blue line and a lower chart read at a glance.
    '%%{init: {"xyChart": {"height": 260}, "themeVariables": {"xyChart": {"plotColorPalette": "#0969da"}}}}%%',
    'xychart-beta',
    '    title "ANE coverage (%) on the base branch"',
    `    x-axis [${measured.map(label).join(', ')}]`,
    '    y-axis "ANE coverage (%)" 0 --> 100',
    `    line [${measured.map((point) => point.coverage.toFixed(1)).join(', ')}]`,
    '```',
    '',
  ];
  const skipped = points.length - measured.length;
  const footnote = skipped > 0 ? [`<sub>${skipped} of the ${points.length} runs measured nothing and are left out.</sub>`, ''] : [];
  const title = `ANE coverage on the base branch over its last ${points.length} runs (oldest first)`;
  if (points.length > TREND_IN_VIEW) return [`<details><summary>${title}</summary>`, '', ...chart, ...footnote, '</details>', ''];
  return [`#### ${title}`, '', ...chart, ...footnote];
}

/**
 * The GPU and CPU functions hit in the counted predictions; those new since the baseline first and
 * marked, those gone listed below. The summary shows the first few and folds the rest; a shortened
 * comment shows as many as fit and points to the summary for the others.
 */
function kernelTable(report: Report, extent: Extent): string[] {
  const isNew = new Set((report.baseline?.newKernels ?? []).map((kernel) => `${kernel.engine} ${kernel.name}`));
  const compared = report.baseline?.newKernels !== undefined;
  const kernels = [...report.fallbackKernels].sort((a, b) => Number(isNew.has(`${b.engine} ${b.name}`)) - Number(isNew.has(`${a.engine} ${a.name}`)));
  const out: string[] = [];
  if (kernels.length > 0) {
    const header = compared ? ['| Engine | Function | Hits | Since the baseline |', '| --- | --- | ---: | --- |'] : ['| Engine | Function | Hits |', '| --- | --- | ---: |'];
    const row = (kernel: (typeof kernels)[number]) =>
      `| ${ENGINE_LABEL[kernel.engine]} | ${markdownCode(kernel.name, { inTable: true })} | ${kernel.hits} |${compared ? ` ${isNew.has(`${kernel.engine} ${kernel.name}`) ? '🆕 new' : ''} |` : ''}`;
    const shown = extent.compact ? extent.kernels : KERNELS_IN_VIEW;
    out.push('#### Fallback kernels (GPU and CPU functions in the counted predictions)', '');
    if (shown > 0) out.push(...header, ...kernels.slice(0, shown).map(row), '');
    if (kernels.length > shown) {
      if (extent.compact) out.push(`<sub>${shown > 0 ? `${kernels.length - shown} more` : `${kernels.length} kernels`} in the job summary.</sub>`, '');
      else out.push(`<details><summary>${kernels.length - shown} more</summary>`, '', ...header, ...kernels.slice(shown).map(row), '', '</details>', '');
    }
  }
  const gone = report.baseline?.goneKernels ?? [];
  if (gone.length > 0) {
    const listed = extent.compact ? gone.slice(0, Math.max(1, extent.kernels)) : gone;
    const more = gone.length > listed.length ? `, and ${gone.length - listed.length} more` : '';
    out.push(`**Gone since the baseline:** ${listed.map((kernel) => `${markdownCode(kernel.name)} (${ENGINE_LABEL[kernel.engine]})`).join(', ')}${more}.`, '');
  }
  return out;
}

function environment(report: Report): string[] {
  const env = report.environment;
  const counting = report.run.counting ? `; counting: ${escapeMarkdown(report.run.counting.mode)} (${escapeMarkdown(report.run.counting.reason)})` : '';
  return [
    '<details><summary>Environment</summary>',
    '',
    `- target: ${escapeMarkdown(env.target)}`,
    `- OS: ${escapeMarkdown(env.os)}`,
    `- device: ${escapeMarkdown(env.device ?? 'this machine')}`,
    `- LLDB: ${escapeMarkdown(env.lldb)}${counting}`,
    `- profile: ${escapeMarkdown(env.profile)}${env.profiles.length > 0 ? ` (${env.profiles.map(escapeMarkdown).join(', ')})` : ''}`,
    `- predictions: ${escapeMarkdown(describeWindow(report))}`,
    `- measured: ${escapeMarkdown(report.createdAt ?? 'unknown')}${report.commit ? ` at commit ${escapeMarkdown(report.commit.slice(0, 12))}` : ''}`,
    `- target ended: ${escapeMarkdown(report.run.targetEndDetail ?? report.run.targetEnd ?? 'no target ran')}; ${(report.run.durationMs / 1000).toFixed(1)} s`,
    '',
    '</details>',
    '',
  ];
}

/** A reason or note: escaped, with the inputs it names as code (`timeout`). */
function prose(text: string): string {
  return splitInputReferences(text)
    .map((part) => (part.input ? markdownCode(part.text, { inTable: true }) : escapeMarkdown(part.text)))
    .join('');
}

function engineLabel(report: Report, engine: Engine): string {
  return `${ENGINE_LABEL[engine]}${report.engines[engine].resolved ? '' : ' (no probe resolved)'}`;
}

/** Foreign lines as a fenced code block, whose fence is longer than any run of backticks in them. */
function codeBlock(lines: readonly string[]): string[] {
  const longestRun = Math.max(0, ...lines.flatMap((line) => line.match(/`+/gu) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return [fence, ...lines, fence];
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
