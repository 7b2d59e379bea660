/**
 * What a pull request changed in a model: the base and the head, each a report `models` entry (the summary and
 * its findings), compared. It works from summaries rather than full facts because the base may come from an
 * earlier run's report, which keeps only the summary. Pure: no file, no git (the base's sources are in base/).
 */
import type { FeatureFacts, Flexibility, MinimumOs, ModelFormat } from './facts.js';
import type { ModelSummary, SpecSummary } from './summary.js';

/** The part of a finding the diff reads; src/model/rules/ makes findings with these fields and more. */
export interface DiffFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  subject: {
    kind: 'op' | 'layer' | 'input' | 'output' | 'state' | 'model';
    name: string;
    type?: string;
    function?: string;
    /** The pipeline step the subject is in, named as `pipelineStepLabel` names it. */
    model?: string;
  };
  /** A finding that stands for several subjects of one type (the rules group them): how many. */
  count?: number;
}

/** One side of the comparison: a model as the report has it. */
export interface ModelSide<F extends DiffFinding = DiffFinding> {
  summary: ModelSummary;
  findings: readonly F[];
}

/** `added`: new in the pull request (everything in it is new); `deleted`: the pull request removes it. */
export type DiffStatus = 'changed' | 'unchanged' | 'added' | 'deleted';

/** A value before and after; null on the side where the model is absent (or the value unknown). */
export interface BeforeAfter<T> {
  before: T | null;
  after: T | null;
}

/** An op type or layer kind whose count rose (`added`) or fell (`removed`). */
export interface CountChange {
  name: string;
  before: number;
  after: number;
}

/** Where ops and layers live: the model itself (`model` null) or a pipeline step (`pipelineStepLabel`). */
export interface OperationChanges {
  model: string | null;
  function: string;
  /** The function's opset on each side; null where the function is not there. */
  opset: BeforeAfter<string>;
  added: CountChange[];
  removed: CountChange[];
  /** Data types whose count of producing ops changed (summary.ts, FunctionSummary.precision). */
  precision: CountChange[];
}

export interface LayerChanges {
  model: string | null;
  added: CountChange[];
  removed: CountChange[];
}

export type FeatureAspect = 'kind' | 'dataType' | 'shape' | 'flexibility' | 'optional' | 'colorSpace';

export interface FeatureChange {
  name: string;
  before: FeatureFacts;
  after: FeatureFacts;
  /** What differs, in this order: kind, data type, shape, flexibility, optional, color space. */
  aspects: FeatureAspect[];
}

export interface FeatureChanges {
  added: FeatureFacts[];
  removed: FeatureFacts[];
  /** A feature gone and one new that are the same but for the name. */
  renamed: { from: string; to: string; feature: FeatureFacts }[];
  changed: FeatureChange[];
}

export interface ModelDiff<F extends DiffFinding = DiffFinding> {
  status: DiffStatus;
  kind: BeforeAfter<string>;
  format: BeforeAfter<ModelFormat>;
  specificationVersion: BeforeAfter<number>;
  minimumOs: BeforeAfter<MinimumOs>;
  weightBytes: BeforeAfter<number>;
  /** Functions whose ops, opset or precision changed, head order first. */
  operations: OperationChanges[];
  /** NeuralNetworks whose layer kinds changed. */
  layers: LayerChanges[];
  inputs: FeatureChanges;
  outputs: FeatureChanges;
  states: FeatureChanges;
  findings: {
    /**
     * Head findings the base has no match for. A grouped finding new by only some of the subjects it stands for
     * comes back with `count` set to those (its message still describes the whole group).
     */
    new: F[];
    /** Base findings the head has no match for, grouped ones likewise. */
    gone: F[];
  };
}

export function diffModels<F extends DiffFinding>(base: ModelSide<F> | null, head: ModelSide<F> | null): ModelDiff<F> {
  const before = base?.summary ?? null;
  const after = head?.summary ?? null;
  const changes: Omit<ModelDiff<F>, 'status'> = {
    kind: beforeAfter(before?.kind, after?.kind),
    format: beforeAfter(before?.format, after?.format),
    specificationVersion: beforeAfter(before?.specificationVersion, after?.specificationVersion),
    minimumOs: beforeAfter(before?.minimumOs, after?.minimumOs),
    weightBytes: beforeAfter(before?.weightBytes, after?.weightBytes),
    operations: operationChanges(parts(before), parts(after)),
    layers: layerChanges(parts(before), parts(after)),
    inputs: featureChanges(before?.inputs ?? [], after?.inputs ?? []),
    outputs: featureChanges(before?.outputs ?? [], after?.outputs ?? []),
    states: featureChanges(before?.states ?? [], after?.states ?? []),
    findings: findingChanges(base?.findings ?? [], head?.findings ?? []),
  };
  const status = base === null ? (head === null ? 'unchanged' : 'added') : head === null ? 'deleted' : anyChange(changes) ? 'changed' : 'unchanged';
  return { status, ...changes };
}

function beforeAfter<T>(before: T | null | undefined, after: T | null | undefined): BeforeAfter<T> {
  return { before: before ?? null, after: after ?? null };
}

function anyChange(diff: Omit<ModelDiff<DiffFinding>, 'status'>): boolean {
  const features = [diff.inputs, diff.outputs, diff.states];
  return (
    diff.kind.before !== diff.kind.after ||
    diff.format.before !== diff.format.after ||
    diff.specificationVersion.before !== diff.specificationVersion.after ||
    !sameMinimumOs(diff.minimumOs.before, diff.minimumOs.after) ||
    diff.weightBytes.before !== diff.weightBytes.after ||
    diff.operations.length > 0 ||
    diff.layers.length > 0 ||
    features.some((changes) => changes.added.length + changes.removed.length + changes.renamed.length + changes.changed.length > 0) ||
    diff.findings.new.length + diff.findings.gone.length > 0
  );
}

export function sameMinimumOs(a: MinimumOs | null, b: MinimumOs | null): boolean {
  if (a === null || b === null) return a === b;
  return a.iOS === b.iOS && a.macOS === b.macOS && a.tvOS === b.tvOS && a.watchOS === b.watchOS && a.visionOS === b.visionOS;
}

// ---------------------------------------------------------------------------------------------------------
// Ops and layers, per function and per (sub-)model

/** The model and each pipeline step, by the label its ops and layers are reported under. */
interface Part {
  model: string | null;
  spec: SpecSummary;
}

/** The model and each of its pipeline's steps, nested ones too, each under its label. */
function parts(summary: SpecSummary | null, model: string | null = null): Part[] {
  if (summary === null) return [];
  const steps = (summary.pipeline ?? []).flatMap((step, index) => parts(step.model, pipelineStepLabel(model, index, step.name)));
  return [{ model, spec: summary }, ...steps];
}

/**
 * A pipeline step as the rules name it in a finding's subject (src/model/rules/index.ts): `pipeline[1] "encoder"`,
 * by its position from 0 and its name when it has one, nested steps joined by ` > `.
 */
export function pipelineStepLabel(outer: string | null, index: number, name: string | null): string {
  const here = `pipeline[${index}]${name === null ? '' : ` "${name}"`}`;
  return outer === null ? here : `${outer} > ${here}`;
}

/** Keys of both sides, the head's order first, then what only the base has. */
function unionKeys<T>(base: readonly T[], head: readonly T[], key: (item: T) => string): string[] {
  return [...new Set([...head.map(key), ...base.map(key)])];
}

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

function operationChanges(base: Part[], head: Part[]): OperationChanges[] {
  type Located = { model: string | null; fn: SpecSummary['functions'][number] };
  const functions = (side: Part[]): Located[] => side.flatMap((part) => part.spec.functions.map((fn) => ({ model: part.model, fn })));
  const key = (item: Located) => JSON.stringify([item.model, item.fn.name]);
  const before = byKey(functions(base), key);
  const after = byKey(functions(head), key);
  const changes: OperationChanges[] = [];
  for (const id of unionKeys(functions(base), functions(head), key)) {
    const old = before.get(id);
    const now = after.get(id);
    const located = (now ?? old)!;
    const counts = countChanges(old?.fn.operations ?? {}, now?.fn.operations ?? {});
    const precision = countChanges(old?.fn.precision ?? {}, now?.fn.precision ?? {});
    const opset = beforeAfter(old?.fn.opset, now?.fn.opset);
    if (counts.length === 0 && precision.length === 0 && opset.before === opset.after) continue;
    changes.push({
      model: located.model,
      function: located.fn.name,
      opset,
      added: counts.filter((change) => change.after > change.before),
      removed: counts.filter((change) => change.after < change.before),
      precision,
    });
  }
  return changes;
}

function layerChanges(base: Part[], head: Part[]): LayerChanges[] {
  const key = (part: Part) => JSON.stringify([part.model]);
  const before = byKey(base, key);
  const after = byKey(head, key);
  const changes: LayerChanges[] = [];
  for (const id of unionKeys(base, head, key)) {
    const old = before.get(id);
    const now = after.get(id);
    const counts = countChanges(old?.spec.layers ?? {}, now?.spec.layers ?? {});
    if (counts.length === 0) continue;
    changes.push({
      model: (now ?? old)!.model,
      added: counts.filter((change) => change.after > change.before),
      removed: counts.filter((change) => change.after < change.before),
    });
  }
  return changes;
}

/** The names whose counts differ, by name. */
function countChanges(before: Partial<Record<string, number>>, after: Partial<Record<string, number>>): CountChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.map((name) => ({ name, before: before[name] ?? 0, after: after[name] ?? 0 })).filter((change) => change.before !== change.after);
}

// ---------------------------------------------------------------------------------------------------------
// Inputs, outputs and states, by name

function featureChanges(base: readonly FeatureFacts[], head: readonly FeatureFacts[]): FeatureChanges {
  const before = byKey(base, (feature) => feature.name);
  const after = byKey(head, (feature) => feature.name);
  const removed = base.filter((feature) => !after.has(feature.name));
  const added = head.filter((feature) => !before.has(feature.name));
  const changed: FeatureChange[] = [];
  for (const feature of head) {
    const old = before.get(feature.name);
    if (old === undefined) continue;
    const aspects = featureAspects(old, feature);
    if (aspects.length > 0) changed.push({ name: feature.name, before: old, after: feature, aspects });
  }
  // A name gone and a name new that are otherwise the same feature: a rename, paired in order.
  const renamed: FeatureChanges['renamed'] = [];
  for (const old of [...removed]) {
    const match = added.find((feature) => featureAspects(old, feature).length === 0);
    if (match === undefined) continue;
    renamed.push({ from: old.name, to: match.name, feature: match });
    removed.splice(removed.indexOf(old), 1);
    added.splice(added.indexOf(match), 1);
  }
  return { added, removed, renamed, changed };
}

function featureAspects(a: FeatureFacts, b: FeatureFacts): FeatureAspect[] {
  const aspects: FeatureAspect[] = [];
  if (a.kind !== b.kind) aspects.push('kind');
  if (a.dataType !== b.dataType) aspects.push('dataType');
  if (!sameNumbers(a.shape, b.shape)) aspects.push('shape');
  if (!sameFlexibility(a.flexibility, b.flexibility)) aspects.push('flexibility');
  if (a.optional !== b.optional) aspects.push('optional');
  if (a.image?.colorSpace !== b.image?.colorSpace) aspects.push('colorSpace');
  return aspects;
}

function sameNumbers(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function sameFlexibility(a: Flexibility | null, b: Flexibility | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'range' && b.kind === 'range') {
    return a.ranges.length === b.ranges.length && a.ranges.every((range, i) => range.lower === b.ranges[i]!.lower && range.upper === b.ranges[i]!.upper);
  }
  if (a.kind === 'enumerated' && b.kind === 'enumerated') return a.shapes.length === b.shapes.length && a.shapes.every((shape, i) => sameNumbers(shape, b.shapes[i]!));
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Findings

/** Subjects named by what the user called them: an op or layer is matched by its type, since renaming is common. */
const NAMED_SUBJECTS: ReadonlySet<DiffFinding['subject']['kind']> = new Set(['input', 'output', 'state', 'model']);

/**
 * What makes two findings the same across base and head. Op and layer names are left out (a re-conversion
 * renames `conv_12` to `conv_13`); the name counts for inputs, outputs, states and the model.
 */
export function findingKey(finding: DiffFinding): string {
  const { kind, name, type, function: fn, model } = finding.subject;
  return JSON.stringify([finding.rule, kind, type ?? null, fn ?? null, model ?? null, NAMED_SUBJECTS.has(kind) ? name : null]);
}

/** How many subjects a finding stands for. */
function units(finding: DiffFinding): number {
  return finding.count ?? 1;
}

/**
 * Findings compared as multisets by key, each counting for the subjects it stands for: 3 LSTM findings against
 * 2 is 1 new, and so is a group of 48 `layer_norm` against one of 47. Within a key, findings of the same subject
 * name pair first, so that the one called new is the op that was not there before.
 */
function findingChanges<F extends DiffFinding>(base: readonly F[], head: readonly F[]): { new: F[]; gone: F[] } {
  const baseLeft = base.map(units);
  const headLeft = head.map(units);
  // The base's findings by key, as indices into `base`.
  const byFindingKey = new Map<string, number[]>();
  base.forEach((finding, i) => {
    const key = findingKey(finding);
    byFindingKey.set(key, [...(byFindingKey.get(key) ?? []), i]);
  });
  const match = (i: number, sameName: boolean) => {
    const now = head[i]!;
    for (const j of byFindingKey.get(findingKey(now)) ?? []) {
      if (sameName && base[j]!.subject.name !== now.subject.name) continue;
      const matched = Math.min(headLeft[i]!, baseLeft[j]!);
      headLeft[i]! -= matched;
      baseLeft[j]! -= matched;
    }
  };
  head.forEach((_, i) => match(i, true));
  head.forEach((_, i) => match(i, false));
  return { new: unmatched(head, headLeft), gone: unmatched(base, baseLeft) };
}

function unmatched<F extends DiffFinding>(findings: readonly F[], left: readonly number[]): F[] {
  return findings.flatMap((finding, i) => (left[i] === 0 ? [] : [left[i] === units(finding) ? finding : { ...finding, count: left[i] }]));
}
