import { ENGINES, type Engine } from '../profiles/profile.js';
import { splitInputReferences } from '../inputs/input-references.js';
import type { CheckedModel, ModelReport } from '../model/check/model-report.js';
import { summarizeDiff } from '../model/diff-summary.js';
import type { Finding, Subject } from '../model/rules/rule.js';
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
  formatPerPrediction,
  STATUS_LABEL,
  unresolvedProbes,
} from './format.js';
import { describeGates, headlineOf, measuredHeadline } from './headline.js';
import {
  describeCounts,
  describeFeature,
  describeModel,
  findingOutcomes,
  findingText,
  type FindingOutcome,
  modelCheckSentence,
  newFindings,
  orderFindings,
  pipelineSteps,
  plural,
  severityCounts,
  sourceUrl,
  subjects,
} from './model-text.js';
import { combinedStatus, measured, type Report, type Status } from './report.js';

/** GitHub refuses comment bodies longer than this. */
export const COMMENT_LIMIT = 65_536;
export const CUT_NOTICE = `\n\n> ✂️ Shortened to GitHub's limit of ${COMMENT_LIMIT.toLocaleString('en-US')} characters for a comment: the job summary has the full report.\n`;

const STATUS_ICON: Record<Status, string> = { pass: '✅', fail: '❌', inconclusive: '⚠️', error: '💥' };
const SEVERITY_ICON: Record<Finding['severity'], string> = { error: '⛔', warning: '⚠️', info: 'ℹ️' };

/** Fallback kernels shown before the rest are folded (full body). */
const KERNELS_IN_VIEW = 10;
/** A model's findings shown before the rest are folded (full body). */
const FINDINGS_IN_VIEW = 10;
/** Lines of a model's diff shown before the rest are folded (full body), and in a shortened comment. */
const CHANGES_IN_VIEW = 10;
const CHANGES_IN_COMPACT = 5;
/** Op types or layer kinds named per function in a shortened comment; the job summary names them all. */
const COUNTS_IN_COMPACT = 10;
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

/**
 * How much a body shows: everything (the job summary), or a shortened comment with at most `items` fallback
 * kernels per report and `items` findings per model.
 */
type Extent = { compact: false } | { compact: true; items: number };

/**
 * The job summary and the pull-request comment: one report in full, or several (a matrix) as an
 * overview table with each one's details below it. Every foreign string is escaped. Over `limit`, the
 * body is shortened (as many fallback kernels and findings as fit, fewer probes and changes, no trend), then
 * cut at a line, with a notice either way.
 */
export function renderMarkdown(reports: readonly Report[], options: MarkdownOptions = {}): string {
  const full = render(reports, options, { compact: false });
  if (options.limit === undefined || full.length <= options.limit) return full;
  const room = options.limit - CUT_NOTICE.length;
  const compact = (items: number) => render(reports, options, { compact: true, items });
  const bare = compact(0);
  if (bare.length > room) return cut(bare, room) + CUT_NOTICE;
  // The bare body fits, so `compact(fits)` always does. The most kernels and findings that fit: a binary search,
  // since the body grows with each one shown.
  let fits = 0;
  let tooMany = Math.max(...reports.map(listLength)) + 1;
  while (tooMany - fits > 1) {
    const middle = Math.floor((fits + tooMany) / 2);
    if (compact(middle).length <= room) fits = middle;
    else tooMany = middle;
  }
  return compact(fits) + CUT_NOTICE;
}

/** The longest list that a shortened comment trims: the fallback kernels, or one model's findings. */
function listLength(report: Report): number {
  return Math.max(report.fallbackKernels.length, ...(report.models ?? []).map((model) => model.findings.length));
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
    const what = reports.every(measured) ? 'measurements' : 'reports';
    out.push(`### ${STATUS_ICON[status]} ANE check: ${reports.length} ${what}: ${STATUS_LABEL[status]}`, '');
    const modelColumn = reports.some((report) => report.models !== undefined);
    out.push(
      `| Measurement | Status | ANE | Against baseline | ANE / GPU / CPU per prediction |${modelColumn ? ' Model check |' : ''} Why |`,
      `| --- | --- | --- | ---: | --- |${modelColumn ? ' --- |' : ''} --- |`,
    );
    for (const report of reports) {
      const perPrediction = report.predictions.counted > 0 ? ENGINES.map((engine) => report.engines[engine].perPrediction).join(' / ') : '';
      const model = modelColumn ? ` ${report.models ? escapeMarkdown(modelCheckSentence(report.models)) : 'not run'} |` : '';
      out.push(`| ${escapeMarkdown(report.name)} | ${STATUS_ICON[report.status]} ${STATUS_LABEL[report.status]} | ${aneCell(report)} | ${formatDelta(report) ?? ''} | ${perPrediction} |${model} ${why(report)} |`);
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

/** The matrix table's figure: the one that leads, named (`70.0% of the cost · 40.0% of dispatches`); empty without a measurement. */
function aneCell(report: Report): string {
  const headline = headlineOf(report);
  if (headline.figure === 'model-check') return '';
  if (report.coverage === null) return 'not measured';
  const dispatches = `${report.coverage.toFixed(1)}% of dispatches`;
  return headline.figure === 'plan-cost-share' && headline.value !== null ? `${headline.value.toFixed(1)}% of the cost · ${dispatches}` : dispatches;
}

/** The matrix table's "Why": a leg's first reason, when it did not pass. */
function why(report: Report): string {
  if (report.status === 'pass' || report.reasons.length === 0) return '';
  const more = report.reasons.length > 1 ? ` (and ${report.reasons.length - 1} more)` : '';
  return prose(report.reasons[0]!) + more;
}

/**
 * Everything about one report below its title: the figure that leads and the gates (the model check's sentence
 * first when nothing was measured), what changed in the models, the reasons; then the measurement, the models,
 * the notes and the environment.
 */
function details(report: Report, extent: Extent): string[] {
  const out: string[] = [];
  const lead = measuredHeadline(report);
  const sentence = report.models ? [`**Model check: ${escapeMarkdown(modelCheckSentence(report.models))}**`, ''] : [];
  const gates = describeGates(report);
  const gateLine = gates.length > 0 ? [`Gates: ${gates.map(prose).join(' · ')}.`, ''] : [];
  if (lead) out.push(`**${lead.lead}**${lead.rest}`, '', ...gateLine, ...sentence);
  else out.push(...sentence, ...gateLine);
  if (report.models) out.push(...whatChanged(report.models, extent));

  const change = describeChange(report, (name) => markdownCode(name));
  if (change) out.push(`**Against the baseline:** ${change}.`, '');
  for (const reason of report.reasons) out.push(`- ${STATUS_ICON[report.status]} ${prose(reason)}`);
  if (report.reasons.length > 0) out.push('');

  if (lead) out.push(...measurement(report, extent));
  for (const model of report.models ?? []) out.push(...modelSection(model, report, extent));

  if (report.notes.length > 0) {
    out.push('#### Notes', '');
    for (const note of report.notes) out.push(`- ${prose(note)}`);
    out.push('');
  }

  out.push(...environment(report));
  return out;
}

/** What the measurement saw: engines, trend, plan and latency, kernels, Core ML's log, the target's errors, probes, discovery. */
function measurement(report: Report, extent: Extent): string[] {
  const out: string[] = [];
  out.push(...engineTable(report));
  if (!extent.compact) out.push(...trend(report));

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
    out.push(`#### Symbol discovery`, '', `${discovery.functions} engine-like functions in the live process; ${discovery.probes.length} candidate probes written to ${markdownCode(discovery.profile)}.${discovery.probes.length > 0 ? ` Check it (keep the job's artifact), then measure with ${markdownCode(`symbols: ${discovery.profile}`)}.` : ''}`, '');
    if (discovery.probes.length > 0) {
      out.push('<details><summary>Candidate probes</summary>', '', '| Engine | Role | Symbol |', '| --- | --- | --- |');
      for (const probe of discovery.probes) out.push(`| ${probe.engine ? ENGINE_LABEL[probe.engine] : ''} | ${probe.role} | ${markdownCode(probe.symbol, { inTable: true })} |`);
      out.push('', '</details>', '');
    }
  }
  return out;
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
 * The base branch's coverage over its last runs as a Mermaid line (GitHub renders `xychart-beta`), with this
 * run's own point last, labelled `this run`, so that a drop shows in the picture; folded when long. Runs that
 * measured nothing are left out of the line and counted below it.
 */
function trend(report: Report): string[] {
  const points = report.baseline?.trend ?? [];
  const measuredRuns = points.filter((point): point is TrendPoint & { coverage: number } => point.coverage !== null);
  // Labels are short commit SHAs (hex), run numbers or `this run`: nothing that Mermaid or Markdown would read.
  const line = measuredRuns.map((point, index) => ({ label: point.commit && /^[0-9a-f]+$/iu.test(point.commit) ? point.commit.slice(0, 7) : `run ${index + 1}`, coverage: point.coverage }));
  if (report.coverage !== null) line.push({ label: 'this run', coverage: report.coverage });
  // One point is no line: a trend needs two, the base branch's runs and this run together.
  if (line.length < 2) return [];
  const chart = [
    '```mermaid',
    // Mermaid's default theme draws the first line in a pale lilac; a blue line and a lower chart read at a glance.
    '%%{init: {"xyChart": {"height": 260}, "themeVariables": {"xyChart": {"plotColorPalette": "#0969da"}}}}%%',
    'xychart-beta',
    `    title "ANE coverage (%) on the base branch${report.coverage !== null ? ', then this run' : ''}"`,
    `    x-axis [${line.map((point) => `"${point.label}"`).join(', ')}]`,
    '    y-axis "ANE coverage (%)" 0 --> 100',
    `    line [${line.map((point) => point.coverage.toFixed(1)).join(', ')}]`,
    '```',
    '',
  ];
  const skipped = points.length - measuredRuns.length;
  const footnotes = [
    ...(skipped > 0 ? [`${skipped} of the ${points.length} runs measured nothing and are left out.`] : []),
    ...(report.coverage === null ? ['This run measured nothing: it has no point.'] : []),
  ];
  const footnote = footnotes.length > 0 ? [`<sub>${footnotes.join(' ')}</sub>`, ''] : [];
  const title = `ANE coverage on the base branch over its last ${points.length} runs (oldest first)${report.coverage !== null ? ', and this run' : ''}`;
  if (points.length > TREND_IN_VIEW) return [`<details><summary>${title}</summary>`, '', ...chart, ...footnote, '</details>', ''];
  return [`#### ${title}`, '', ...chart, ...footnote];
}

type TrendPoint = NonNullable<NonNullable<Report['baseline']>['trend']>[number];

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
    const shown = extent.compact ? extent.items : KERNELS_IN_VIEW;
    out.push('#### Fallback kernels (GPU and CPU functions in the counted predictions)', '');
    if (shown > 0) out.push(...header, ...kernels.slice(0, shown).map(row), '');
    if (kernels.length > shown) {
      if (extent.compact) out.push(`<sub>${shown > 0 ? `${kernels.length - shown} more` : `${kernels.length} kernels`} in the job summary.</sub>`, '');
      else out.push(`<details><summary>${kernels.length - shown} more</summary>`, '', ...header, ...kernels.slice(shown).map(row), '', '</details>', '');
    }
  }
  const gone = report.baseline?.goneKernels ?? [];
  if (gone.length > 0) {
    const listed = extent.compact ? gone.slice(0, Math.max(1, extent.items)) : gone;
    const more = gone.length > listed.length ? `, and ${gone.length - listed.length} more` : '';
    out.push(`**Gone since the baseline:** ${listed.map((kernel) => `${markdownCode(kernel.name)} (${ENGINE_LABEL[kernel.engine]})`).join(', ')}${more}.`, '');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The model check

/**
 * What changed in each model against its base, in the diff's own sentences (diff-summary.ts); the models
 * unchanged in one line; a base that could not be read, with what to do. Models without a base say nothing here.
 */
function whatChanged(models: readonly ModelReport[], extent: Extent): string[] {
  const out: string[] = [];
  const unchanged: string[] = [];
  for (const model of models) {
    if (model.base?.problem !== undefined) {
      out.push(`**What changed** in ${markdownCode(model.path)}: unknown, since its base (${baseText(model.base)}) could not be read. ${codeSpans(model.base.problem)}`, '');
      continue;
    }
    if (!model.diff) continue;
    if (model.diff.status === 'unchanged') {
      unchanged.push(markdownCode(model.path));
      continue;
    }
    // `*`, not `-`: a list right after it (the reasons) is then a list of its own, not more of this one.
    const lines = summarizeDiff(model.diff).map((line) => `* ${codeSpans(line)}`);
    out.push(`**What changed** in ${markdownCode(model.path)}${model.base ? ` against ${baseText(model.base)}` : ''}:`, '');
    const shown = extent.compact ? CHANGES_IN_COMPACT : CHANGES_IN_VIEW;
    out.push(...lines.slice(0, shown), '');
    if (lines.length > shown) {
      if (extent.compact) out.push(`<sub>${lines.length - shown} more in the job summary.</sub>`, '');
      else out.push(`<details><summary>${lines.length - shown} more</summary>`, '', ...lines.slice(shown), '', '</details>', '');
    }
  }
  if (unchanged.length > 0) out.push(`**Unchanged** against ${unchanged.length === 1 ? 'its base' : 'their bases'} (nothing the model check reads changed): ${unchanged.join(', ')}.`, '');
  return out;
}

/** Where a base came from: `the base commit \`3b1f0a9c4e2d\``, `\`models/old.mlpackage\``, `the report \`base.json\``. */
function baseText(base: NonNullable<ModelReport['base']>): string {
  if (base.source === 'git') return `the base commit ${markdownCode(/^[0-9a-f]{40}$/u.test(base.ref) ? base.ref.slice(0, 12) : base.ref)}`;
  if (base.source === 'report') return `the report ${markdownCode(base.ref)}`;
  return markdownCode(base.ref);
}

/** One model: what it holds, its findings (new ones first) and, when it was measured too, the plan beside them. */
function modelSection(model: ModelReport, report: Report, extent: Extent): string[] {
  const title = `#### Model ${markdownCode(model.path)}`;
  if (model.status !== 'checked') {
    return [title, '', model.status === 'error' ? `💥 Could not be read: ${codeSpans(model.error ?? 'no reason given')}` : '🗑️ The pull request deletes this model.', ''];
  }
  const out = [title, '', escapeMarkdown(describeModel(model)), '', ...holds(model, extent), ''];
  if (model.notes.length > 0) out.push(...model.notes.map((note) => `- ${codeSpans(note)}`), '');
  out.push(...besidePlan(model));
  out.push(...findingTable(model, report, extent));
  return out;
}

/** What a model holds, one list item each: inputs, outputs and states, each function's ops, its layers, its pipeline's steps. */
function holds(model: CheckedModel, extent: Extent): string[] {
  const features = (label: string, list: CheckedModel['inputs']) =>
    list.length > 0 ? [`- **${label}:** ${list.map((feature) => `${markdownCode(feature.name)} ${escapeMarkdown(describeFeature(feature))}`).join('; ')}`] : [];
  const counted = (counts: Record<string, number>) => {
    const { listed, more } = describeCounts(counts, extent.compact ? COUNTS_IN_COMPACT : undefined);
    return `${listed.map(([name, count]) => `${escapeMarkdown(name)} ${count}`).join(', ')}${more > 0 ? ` and ${plural(more, 'more type')}` : ''}`;
  };
  const contents = (spec: CheckedModel | NonNullable<CheckedModel['pipeline']>[number]['model'], indent: string): string[] => {
    const lines: string[] = [];
    for (const fn of spec.functions) {
      const total = describeCounts(fn.operations).total;
      lines.push(`${indent}- **Ops** in ${markdownCode(fn.name)} (${escapeMarkdown(fn.opset)}, ${plural(total, 'op')}): ${counted(fn.operations)}`);
    }
    const precision = describeCounts(spec.precision as Record<string, number>);
    if (precision.listed.length > 0) lines.push(`${indent}- **Computes in:** ${precision.listed.map(([type, count]) => `${escapeMarkdown(type)} (${plural(count, 'op')})`).join(', ')}`);
    const layers = describeCounts(spec.layers);
    if (layers.total > 0) lines.push(`${indent}- **Layers** (${layers.total}): ${counted(spec.layers)}`);
    return lines;
  };
  const out = [...features('Inputs', model.inputs), ...features('Outputs', model.outputs), ...features('States', model.states), ...contents(model, '')];
  for (const step of pipelineSteps(model)) {
    out.push(`- **Pipeline step** ${markdownCode(step.label)}: ${escapeMarkdown(step.spec.kind)}`, ...contents(step.spec, '  '));
  }
  return out;
}

/**
 * Both checks side by side: each op type Core ML's plan places off the ANE, with the rules that predicted it or
 * "no rule predicted this"; the findings the plan contradicts are counted here and marked in the findings.
 */
function besidePlan(model: CheckedModel): string[] {
  const plan = model.plan;
  if (!plan) return [];
  if (plan.offAne.length === 0) return ["**Beside Core ML's compute plan:** it places no op type off the ANE.", '', ...contradictions(plan.contradicted.length)];
  const rows = plan.offAne.map(
    (group) =>
      `| ${markdownCode(group.op, { inTable: true })} | ${group.device.toUpperCase()} | ${group.operations} | ${group.rules.length > 0 ? group.rules.map((rule) => markdownCode(rule, { inTable: true })).join(', ') : 'no rule predicted this'} |`,
  );
  return [
    "**Beside Core ML's compute plan:** each op type it places off the ANE, and the rules whose findings predicted it.",
    '',
    '| Op type off the ANE | Device | Ops | Predicted by |',
    '| --- | --- | ---: | --- |',
    ...rows,
    '',
    ...contradictions(plan.contradicted.length),
  ];
}

function contradictions(count: number): string[] {
  return count > 0 ? [`**Contradicted by the plan:** ${plural(count, 'finding')} (marked ⚖️ below): the plan places ${count === 1 ? 'its op type' : 'their op types'} on the ANE.`, ''] : [];
}

/**
 * The findings of a model: severity, rule (linked to its source), subject and message with the fix; new ones
 * first and marked, with what `fail-on` makes of them, and those the plan contradicts marked. The first few are in
 * view, the rest folded; a shortened comment shows as many as fit.
 */
function findingTable(model: CheckedModel, report: Report, extent: Extent): string[] {
  if (model.findings.length === 0) return ['**Findings:** none, no known blocker.', ''];
  const fresh = newFindings(model);
  const outcomes = findingOutcomes(model, report.gates);
  const failing = subjects(model.findings.filter((finding) => outcomes.get(finding) === 'fails'));
  const contradicted = new Map((model.plan?.contradicted ?? []).map((entry) => [JSON.stringify([entry.rule, entry.subject]), entry.plan]));
  const findings = orderFindings(model.findings, fresh);
  const header = ['| Severity | Rule | Subject | Finding |', '| --- | --- | --- | --- |'];
  const row = (finding: Finding) => {
    const marks = [`${SEVERITY_ICON[finding.severity]} ${finding.severity}`, ...(fresh.has(finding) ? ['🆕 new'] : []), ...outcomeMark(outcomes.get(finding)!)];
    const against = contradicted.get(JSON.stringify([finding.rule, finding.subject]));
    const text = `${escapeMarkdown(findingText(finding))}${against !== undefined ? ` ⚖️ Contradicted by Core ML's plan: ${escapeMarkdown(against)}.` : ''}`;
    return `| ${marks.join(' · ')} | ${ruleLink(finding)} | ${subjectMarkdown(finding.subject, finding.count)} | ${text} |`;
  };
  const summary = [severityCounts(model.findings), ...(model.diff ? [`${subjects([...fresh])} new`] : []), ...(failing > 0 ? [`${failing} failing the step`] : [])];
  const out = [`**Findings:** ${summary.join('; ')}.`, ''];
  const shown = extent.compact ? extent.items : FINDINGS_IN_VIEW;
  if (shown > 0) out.push(...header, ...findings.slice(0, shown).map(row), '');
  if (findings.length > shown) {
    if (extent.compact) out.push(`<sub>${shown > 0 ? `${findings.length - shown} more` : plural(findings.length, 'finding')} in the job summary.</sub>`, '');
    else out.push(`<details><summary>${findings.length - shown} more findings</summary>`, '', ...header, ...findings.slice(shown).map(row), '', '</details>', '');
  }
  return out;
}

function outcomeMark(outcome: FindingOutcome): string[] {
  if (outcome === 'fails') return ['❌ fails the step'];
  if (outcome === 'unknown') return ['fails the step if new (its base could not be read)'];
  return [];
}

/** The rule's id as code, linked to its source when that is a web address or a GitHub issue. */
function ruleLink(finding: Finding): string {
  const url = sourceUrl(finding.source);
  const rule = markdownCode(finding.rule, { inTable: true });
  return url ? `[${rule}](${url})` : `${rule} (${escapeMarkdown(finding.source)})`;
}

/** What a finding is about, its names as code: `lstm op \`lstm_0\` in \`main\``, `input \`x\``, `the model`; `×4` for a group. */
function subjectMarkdown(subject: Subject, count: number | undefined): string {
  const code = (name: string) => markdownCode(name, { inTable: true });
  const fn = subject.function !== undefined ? ` in ${code(subject.function)}` : '';
  const step = subject.model !== undefined ? ` (${code(subject.model)})` : '';
  const times = count !== undefined && count > 1 ? ` ×${count}` : '';
  switch (subject.kind) {
    case 'op':
    case 'layer':
      return `${subject.type !== undefined ? `${code(subject.type)} ` : ''}${subject.kind} ${code(subject.name)}${fn}${step}${times}`;
    case 'model':
      return `the model${subject.function !== undefined ? `'s function ${code(subject.function)}` : ''}${step}`;
    default:
      return `${subject.kind} ${code(subject.name)}${fn}${step}`;
  }
}

/**
 * A sentence of the model check (the diff's, a reader's error, a base's problem), whose names and settings are
 * in backticks: those as code spans, the rest escaped. A name with a backtick of its own only moves where a span
 * starts; every part is escaped or a code span either way.
 */
function codeSpans(text: string): string {
  return text
    .split('`')
    .map((part, index) => (index % 2 === 1 ? markdownCode(part) : escapeMarkdown(part)))
    .join('');
}

// ---------------------------------------------------------------------------------------------------------

function environment(report: Report): string[] {
  const env = report.environment;
  const when = `${escapeMarkdown(report.createdAt ?? 'unknown')}${report.commit ? ` at commit ${escapeMarkdown(report.commit.slice(0, 12))}` : ''}`;
  // Only the model check ran: no target, LLDB, profile or predictions to speak of.
  if (!measured(report)) return ['<details><summary>Environment</summary>', '', `- OS: ${escapeMarkdown(env.os)}`, `- checked: ${when}`, '', '</details>', ''];
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
    `- measured: ${when}`,
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
