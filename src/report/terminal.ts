import { inputsAsFlags } from '../inputs/input-references.js';
import { ENGINES } from '../profiles/profile.js';
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
import type { Report } from './report.js';

/** The report as plain text for a terminal: the command line's, so inputs are named as its flags. */
export function renderTerminal(report: Report): string {
  const out: string[] = [];
  const delta = formatDelta(report);
  out.push(`ane-check: ${report.name}: ${STATUS_LABEL[report.status]}`);
  out.push(
    `ANE coverage: ${formatPercent(report.coverage)} (threshold ${report.gates.threshold}%${report.gates.maxDrop !== null ? `, max drop ${report.gates.maxDrop} pp` : ''})` +
      (report.baseline ? `, baseline ${formatPercent(report.baseline.coverage)}${delta ? ` ${delta}` : ''}` : ''),
  );
  const change = describeChange(report, (name) => name);
  if (change) out.push(`Against the baseline: ${change}.`);
  for (const reason of report.reasons) out.push(`  - ${inputsAsFlags(reason)}`);

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
  if (report.notes.length > 0) {
    out.push('', 'Notes:');
    for (const note of report.notes) out.push(`  - ${inputsAsFlags(note)}`);
  }
  const env = report.environment;
  const counting = report.run.counting ? ` · counting ${report.run.counting.mode}` : '';
  out.push('', `${env.target} · ${env.os} · ${env.lldb}${counting} · profile ${env.profile}${env.profiles.length ? ` (${env.profiles.join(', ')})` : ''}`);
  // Names come from the target's binaries: no escape sequence of theirs reaches the terminal.
  // eslint-disable-next-line no-control-regex
  return `${out.join('\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/gu, '?')}\n`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const numeric = (column: number) => column > 0 && rows.every((row) => /^([\d.%]+|[▲▼] [\d.]+|=)$/u.test(row[column] ?? ''));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (numeric(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
