/**
 * The model check as the renderers say it, in plain text (Markdown escapes it, the terminal prints it): the
 * sentence of known blockers (contract.md: "no known blocker" or "N known blockers (M new)"), what a model holds
 * in a compact form, and for each finding whether it is new and whether it fails the step. Pure functions of the
 * report's `models` entries and gates. Never says that a model runs on the ANE.
 */
import { bytes } from '../model/diff-summary.js';
import type { DimRange, FeatureFacts, Flexibility, MinimumOs } from '../model/facts.js';
import { findingCounts } from '../model/check/finding-counts.js';
import type { CheckedModel, ModelReport } from '../model/check/model-report.js';
import type { Finding } from '../model/rules/rule.js';
import type { SpecSummary } from '../model/summary.js';

/** A blocker: an error or a warning finding (contract.md, outputs `findings` and `new-findings`). */
export function isBlocker(finding: Pick<Finding, 'severity'>): boolean {
  return finding.severity !== 'info';
}

/** How many subjects findings stand for: a grouped finding counts once for each (its `count`). */
export function subjects(findings: readonly Pick<Finding, 'count'>[]): number {
  return findings.reduce((sum, finding) => sum + (finding.count ?? 1), 0);
}

export interface BlockerCounts {
  /** Error and warning findings of every model read, grouped ones counted per subject. */
  blockers: number;
  /**
   * Those of them new against the base; null when no model read had a base to compare with (the `new-findings`
   * output counts a deleted model's diff too, which has none new).
   */
  fresh: number | null;
  /** Models that could not be read. */
  unread: number;
  /** Models the pull request deletes. */
  deleted: number;
}

export function blockerCounts(models: readonly ModelReport[]): BlockerCounts {
  const checked = models.filter((model): model is CheckedModel => model.status === 'checked');
  const compared = checked.filter((model) => model.diff !== undefined);
  return {
    // The same count as the `findings` output.
    blockers: findingCounts([{ models }]).findings ?? 0,
    fresh: compared.length === 0 ? null : subjects(compared.flatMap((model) => model.diff!.findings.new.filter(isBlocker))),
    unread: models.filter((model) => model.status === 'error').length,
    deleted: models.filter((model) => model.status === 'deleted').length,
  };
}

/** `no known blocker`, `1 known blocker`, `6 known blockers (2 new)`; then the models not read, and those deleted. */
export function modelCheckSentence(models: readonly ModelReport[]): string {
  const { blockers, fresh, unread, deleted } = blockerCounts(models);
  const found = blockers === 0 ? 'no known blocker' : `${plural(blockers, 'known blocker')}${fresh === null ? '' : ` (${fresh} new)`}`;
  const more = [unread > 0 ? `${plural(unread, 'model')} could not be read` : '', deleted > 0 ? `${plural(deleted, 'model')} deleted by the pull request` : ''];
  return [found, ...more.filter(Boolean)].join('; ');
}

// ---------------------------------------------------------------------------------------------------------
// What a model holds

/** `mlProgram · mlpackage · specification 7 (iOS 16, macOS 13, tvOS 16, watchOS 9) · 2.0 MB of weights`. */
export function describeModel(model: CheckedModel): string {
  const spec = model.specificationVersion === null ? 'specification unknown' : `specification ${model.specificationVersion}`;
  const os = model.minimumOs ? ` (${describeOs(model.minimumOs)})` : '';
  const parts = [model.kind, model.format, `${spec}${os}`, `${bytes(model.weightBytes)} of weights`];
  if (model.isUpdatable) parts.push('updatable');
  return parts.join(' · ');
}

function describeOs(os: MinimumOs): string {
  return [`iOS ${os.iOS}`, `macOS ${os.macOS}`, `tvOS ${os.tvOS}`, `watchOS ${os.watchOS}`, ...(os.visionOS === undefined ? [] : [`visionOS ${os.visionOS}`])].join(', ');
}

/**
 * An input, output or state without its name: `multiArray fp32 [1, 1, 257], range 1...2 × 1 × 257`,
 * `image rgb 224×224`, `multiArray fp16 [1, 3], enumerated [1, 3], [1, 5]`; `(optional)` when it is.
 */
export function describeFeature(feature: FeatureFacts): string {
  const type = feature.image
    ? `image ${feature.image.colorSpace} ${feature.image.width}×${feature.image.height}`
    : [feature.kind, feature.dataType ?? '', feature.shape.length > 0 ? shape(feature.shape) : ''].filter(Boolean).join(' ');
  const flexibility = feature.flexibility ? `, ${describeFlexibility(feature.flexibility)}` : '';
  const length = feature.sequenceLength ? `, length ${range(feature.sequenceLength)}` : '';
  return `${type}${flexibility}${length}${feature.optional ? ' (optional)' : ''}`;
}

/** Enumerated shapes listed up to this many; more are counted. */
const SHAPES_SHOWN = 4;

function describeFlexibility(flexibility: Flexibility): string {
  if (flexibility.kind === 'range') return `range ${flexibility.ranges.map(range).join(' × ')}`;
  const listed = flexibility.shapes.slice(0, SHAPES_SHOWN).map(shape).join(', ');
  const more = flexibility.shapes.length - SHAPES_SHOWN;
  return `enumerated ${listed}${more > 0 ? ` and ${more} more` : ''}`;
}

function range(dim: DimRange): string {
  return dim.lower === dim.upper ? String(dim.lower) : `${dim.lower}...${dim.upper ?? 'unbounded'}`;
}

function shape(dims: readonly number[]): string {
  return `[${dims.join(', ')}]`;
}

/** Counts as `name count` pairs, most first (then by name): `const 101, add 15`; at most `shown` of them, then how many more. */
export function describeCounts(counts: Readonly<Record<string, number>>, shown = Number.POSITIVE_INFINITY): { total: number; listed: [string, number][]; more: number } {
  const entries = Object.entries(counts).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const listed = entries.slice(0, shown);
  return { total: entries.reduce((sum, [, count]) => sum + count, 0), listed, more: entries.length - listed.length };
}

/** A pipeline's steps, nested ones too, in order, each with its label as the findings name it. */
export function pipelineSteps(spec: SpecSummary, outer: string | null = null): { label: string; spec: SpecSummary }[] {
  return (spec.pipeline ?? []).flatMap((step, index) => {
    const label = `${outer === null ? '' : `${outer} > `}pipeline[${index}]${step.name === null ? '' : ` "${step.name}"`}`;
    return [{ label, spec: step.model }, ...pipelineSteps(step.model, label)];
  });
}

// ---------------------------------------------------------------------------------------------------------
// Findings: new, failing, and where their rule is documented

export { findingOutcomes, newFindings, type FindingOutcome } from '../model/check/fail-on.js';

/**
 * A rule's source as a link target: a URL as it is (https only, nothing a Markdown link would end at), an
 * `owner/repo#123` reference as its GitHub issue; undefined for anything else, which is then shown as text.
 */
export function sourceUrl(source: string): string | undefined {
  const issue = /^([\w.-]+\/[\w.-]+)#(\d+)$/u.exec(source);
  if (issue) return `https://github.com/${issue[1]}/issues/${issue[2]}`;
  return /^https:\/\/[^\s<>()[\]`"'\\|]+$/u.test(source) ? source : undefined;
}

/** What a finding says, with its fix when the message does not already end with it. */
export function findingText(finding: Pick<Finding, 'message' | 'fix'>): string {
  return finding.message.includes(finding.fix) ? finding.message : `${finding.message} Fix: ${finding.fix}`;
}

/** Findings in the order a reader wants them: new ones first, then errors, warnings, advice; otherwise as the rules gave them. */
export function orderFindings(findings: readonly Finding[], fresh: ReadonlySet<Finding>): Finding[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...findings].sort((a, b) => Number(fresh.has(b)) - Number(fresh.has(a)) || rank[a.severity] - rank[b.severity]);
}

/** `3 errors, 1 warning, 2 info`, each kind only when there is one, grouped findings counted per subject. */
export function severityCounts(findings: readonly Finding[]): string {
  const parts = (['error', 'warning', 'info'] as const).flatMap((severity) => {
    const count = subjects(findings.filter((finding) => finding.severity === severity));
    return count > 0 ? [plural(count, severity, severity === 'info' ? 'info' : undefined)] : [];
  });
  return parts.join(', ');
}

export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : many}`;
}
