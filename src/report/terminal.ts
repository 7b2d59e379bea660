import { inputsAsFlags } from '../inputs/input-references.js';
import type { CheckedModel, ModelReport } from '../model/check/model-report.js';
import { subjectText } from '../model/check/subject-text.js';
import { summarizeDiff } from '../model/diff-summary.js';
import type { SpecSummary } from '../model/summary.js';
import { ENGINES } from '../profiles/profile.js';
import {
  describeChange,
  describeLatency,
  describePlan,
  describeWindow,
  DISPATCH_NOTE,
  ENGINE_LABEL,
  formatCountChange,
  formatPerPrediction,
  STATUS_LABEL,
  unresolvedProbes,
} from './format.js';
import { describeGates, measuredHeadline } from './headline.js';
import {
  describeCounts,
  describeFeature,
  describeModel,
  findingOutcomes,
  findingText,
  modelCheckSentence,
  newFindings,
  orderFindings,
  pipelineSteps,
  plural,
  severityCounts,
  sourceUrl,
  subjects,
} from './model-text.js';
import type { Report } from './report.js';

/** The report as plain text for a terminal: the command line's, so inputs are named as its flags. */
export function renderTerminal(report: Report): string {
  const out: string[] = [];
  out.push(`ane-check: ${report.name}: ${STATUS_LABEL[report.status]}`);
  const lead = measuredHeadline(report);
  const sentence = report.models ? [`Model check: ${modelCheckSentence(report.models)}`] : [];
  const gates = describeGates(report);
  const gateLine = gates.length > 0 ? [`Gates: ${gates.map(inputsAsFlags).join(' · ')}.`] : [];
  if (lead) out.push(`${lead.lead}${lead.rest}`, ...gateLine, ...sentence);
  else out.push(...sentence, ...gateLine);
  const change = describeChange(report, (name) => name);
  if (change) out.push(`Against the baseline: ${change}.`);
  for (const reason of report.reasons) out.push(`  - ${inputsAsFlags(reason)}`);
  out.push(...whatChanged(report.models ?? []));
  if (lead) out.push(...measurement(report));
  for (const model of report.models ?? []) out.push(...modelLines(model, report));
  if (report.notes.length > 0) {
    out.push('', 'Notes:');
    for (const note of report.notes) out.push(`  - ${inputsAsFlags(note)}`);
  }
  const env = report.environment;
  const counting = report.run.counting ? ` · counting ${report.run.counting.mode}` : '';
  out.push('', lead ? `${env.target} · ${env.os} · ${env.lldb}${counting} · profile ${env.profile}${env.profiles.length ? ` (${env.profiles.join(', ')})` : ''}` : env.os);
  // Names come from the target's binaries and the model files: no escape sequence of theirs reaches the terminal.
  // eslint-disable-next-line no-control-regex
  return `${out.join('\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/gu, '?')}\n`;
}

/** What the measurement saw: engines, plan and latency, kernels, Core ML's log, the target's errors, probes. */
function measurement(report: Report): string[] {
  const out: string[] = [];
  if (report.predictions.counted > 0) {
    // A share only for a measurement: dispatches seen in a run that measured nothing are listed as such.
    const measured = report.coverage !== null;
    const base = measured ? report.baseline?.perPrediction : undefined;
    const header = !measured
      ? ['engine', 'dispatches seen', 'per prediction']
      : base
        ? ['engine', 'dispatches', 'base per prediction', 'per prediction', 'change', 'share']
        : ['engine', 'dispatches', 'per prediction', 'share'];
    out.push('', table(header, ENGINES.map((engine) => {
      const count = report.engines[engine];
      const name = ENGINE_LABEL[engine] + (count.resolved ? '' : ' (no probe)');
      if (!measured) return [name, String(count.dispatches), formatPerPrediction(count)];
      const share = `${(count.share ?? 0).toFixed(1)}%`;
      if (base) return [name, String(count.dispatches), String(base[engine]), formatPerPrediction(count), formatCountChange(base[engine], count.perPrediction), share];
      return [name, String(count.dispatches), formatPerPrediction(count), share];
    })));
    out.push(measured ? DISPATCH_NOTE : `Not a measurement (${report.status}): no share.`, `Predictions: ${describeWindow(report)}.`);
  }
  for (const line of [describePlan(report), describeLatency(report), report.plan ? report.agreement?.detail : undefined]) {
    if (line !== undefined) out.push(line);
  }
  if (report.fallbackKernels.length > 0) {
    const isNew = new Set((report.baseline?.newKernels ?? []).map((kernel) => `${kernel.engine} ${kernel.name}`));
    const compared = report.baseline?.newKernels !== undefined;
    const rows = report.fallbackKernels.map((k) => [ENGINE_LABEL[k.engine], k.name, String(k.hits), ...(compared ? [isNew.has(`${k.engine} ${k.name}`) ? 'new' : ''] : [])]);
    out.push('', 'Fallback kernels:', table(['engine', 'function', 'hits', ...(compared ? ['since the baseline'] : [])], rows));
  }
  if (report.baseline?.goneKernels?.length) {
    out.push('', 'Gone since the baseline:');
    for (const kernel of report.baseline.goneKernels) out.push(`  - ${kernel.name} (${ENGINE_LABEL[kernel.engine]})`);
  }
  if (report.fallbackReasons?.length) {
    out.push('', "Why work left the ANE (Core ML's log):");
    for (const line of report.fallbackReasons) out.push(`  - ${line}`);
  }
  if (report.run.targetErrorOutput?.length) {
    out.push('', "The target's error output (last lines):");
    for (const line of report.run.targetErrorOutput) out.push(`  ${line}`);
  }
  const unresolved = unresolvedProbes(report);
  if (unresolved.length > 0) {
    out.push('', 'Probes that did not resolve:');
    for (const probe of unresolved) out.push(`  - ${probe.symbol ?? `regex ${probe.regex}`} (${probe.engine ? `${ENGINE_LABEL[probe.engine]} ` : ''}${probe.role})`);
  }
  return out;
}

/** What changed in each model against its base, as the diff says it; a base that could not be read; the models unchanged. */
function whatChanged(models: readonly ModelReport[]): string[] {
  const out: string[] = [];
  const unchanged: string[] = [];
  for (const model of models) {
    if (model.base?.problem !== undefined) out.push('', `What changed in ${model.path}: unknown, since its base (${baseText(model.base)}) could not be read. ${inputsAsFlags(model.base.problem)}`);
    else if (model.diff?.status === 'unchanged') unchanged.push(model.path);
    else if (model.diff) out.push('', `What changed in ${model.path}${model.base ? ` against ${baseText(model.base)}` : ''}:`, ...summarizeDiff(model.diff).map((line) => `  - ${line}`));
  }
  if (unchanged.length > 0) out.push('', `Unchanged against ${unchanged.length === 1 ? 'its base' : 'their bases'}: ${unchanged.join(', ')}.`);
  return out;
}

function baseText(base: NonNullable<ModelReport['base']>): string {
  if (base.source === 'git') return `the base commit ${/^[0-9a-f]{40}$/u.test(base.ref) ? base.ref.slice(0, 12) : base.ref}`;
  return base.source === 'report' ? `the report ${base.ref}` : base.ref;
}

/** One model: what it holds, the plan beside its findings, and its findings, new ones first. */
function modelLines(model: ModelReport, report: Report): string[] {
  const out = ['', `Model ${model.path}:`];
  if (model.status !== 'checked') return [...out, model.status === 'error' ? `  could not be read: ${inputsAsFlags(model.error ?? 'no reason given')}` : '  deleted by the pull request'];
  out.push(`  ${describeModel(model)}`);
  const features = (label: string, list: CheckedModel['inputs']) => (list.length > 0 ? [`  ${label}: ${list.map((feature) => `${feature.name} ${describeFeature(feature)}`).join('; ')}`] : []);
  out.push(...features('inputs', model.inputs), ...features('outputs', model.outputs), ...features('states', model.states));
  const counts = (counts: Record<string, number>) => describeCounts(counts).listed.map(([name, count]) => `${name} ${count}`).join(', ');
  const contents = (spec: SpecSummary, indent: string) => [
    ...spec.functions.map((fn) => `${indent}ops in ${fn.name} (${fn.opset}, ${plural(describeCounts(fn.operations).total, 'op')}): ${counts(fn.operations)}`),
    ...(describeCounts(spec.layers).total > 0 ? [`${indent}layers (${describeCounts(spec.layers).total}): ${counts(spec.layers)}`] : []),
  ];
  out.push(...contents(model, '  '));
  for (const step of pipelineSteps(model)) out.push(`  pipeline step ${step.label}: ${step.spec.kind}`, ...contents(step.spec, '    '));
  for (const note of model.notes) out.push(`  note: ${inputsAsFlags(note)}`);
  if (model.plan) {
    out.push("  beside Core ML's compute plan (op types off the ANE):");
    if (model.plan.offAne.length === 0) out.push('    none');
    for (const group of model.plan.offAne) out.push(`    ${group.op} (${group.device.toUpperCase()}, ${plural(group.operations, 'op')}): ${group.rules.length > 0 ? `predicted by ${group.rules.join(', ')}` : 'no rule predicted this'}`);
  }
  if (model.findings.length === 0) return [...out, '  findings: none, no known blocker'];
  const fresh = newFindings(model);
  const outcomes = findingOutcomes(model, report.gates);
  const contradicted = new Map((model.plan?.contradicted ?? []).map((entry) => [JSON.stringify([entry.rule, entry.subject]), entry.plan]));
  out.push(`  findings: ${severityCounts(model.findings)}${model.diff ? `; ${subjects([...fresh])} new` : ''}`);
  for (const finding of orderFindings(model.findings, fresh)) {
    const outcome = outcomes.get(finding);
    const marks = [...(fresh.has(finding) ? ['new'] : []), ...(outcome === 'fails' ? ['fails the step'] : outcome === 'unknown' ? ['fails the step if new'] : [])];
    const against = contradicted.get(JSON.stringify([finding.rule, finding.subject]));
    out.push(`    ${finding.severity} ${finding.rule}: ${subjectText(finding.subject)}${finding.count !== undefined && finding.count > 1 ? ` ×${finding.count}` : ''}${marks.length > 0 ? ` [${marks.join(', ')}]` : ''}`);
    out.push(`      ${findingText(finding)}`);
    if (against !== undefined) out.push(`      contradicted by Core ML's plan: ${against}`);
    out.push(`      source: ${sourceUrl(finding.source) ?? finding.source}`);
  }
  return out;
}
function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const numeric = (column: number) => column > 0 && rows.every((row) => /^([\d.%]+|[▲▼] [\d.]+|=)$/u.test(row[column] ?? ''));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (numeric(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
