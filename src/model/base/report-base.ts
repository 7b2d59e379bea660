/**
 * A base taken from an earlier run's report (the base branch's, for instance): its `models` entries, by path,
 * as the diff's base side. The report is the caller's parsed JSON; it may come from another version of
 * ane-check or have been edited, so each entry is checked, and one that is malformed is refused with a message
 * that names the file and the field, while the other entries stay usable.
 */
import type { DiffFinding, ModelSide } from '../diff.js';
import type { DimRange, FeatureFacts, FeatureKind, Flexibility, MinimumOs, ModelFormat } from '../facts.js';
import type { FunctionSummary, ModelSummary, SpecSummary } from '../summary.js';
import type { BaseProblem } from './git-base.js';

export type ReportEntry = { kind: 'model'; side: ModelSide } | BaseProblem;

export type ReportBase = { kind: 'report'; file: string; entries: ReadonlyMap<string, ReportEntry> } | BaseProblem;

const FIX =
  'Make the report again with this version of ane-check on the base branch, or set `base-model` to `auto` (the base commit, from git) or to a path.';

/** The report's models, by path (normalized: `./a//b/` is `a/b`). */
export function reportBase(report: unknown, file: string): ReportBase {
  if (!isObject(report)) return { kind: 'problem', message: `${file} is not a report: its JSON is not an object.`, fix: FIX };
  if (!('models' in report)) {
    return { kind: 'problem', message: `${file} has no \`models\`: it comes from a run without the model check.`, fix: FIX };
  }
  const models = report.models;
  if (!Array.isArray(models)) return { kind: 'problem', message: `${file}: its \`models\` is not a list.`, fix: FIX };
  const entries = new Map<string, ReportEntry>();
  for (const [index, entry] of models.entries()) {
    const modelPath = isObject(entry) && typeof entry.path === 'string' ? entry.path : undefined;
    if (modelPath === undefined) return { kind: 'problem', message: `${file}: \`models[${index}]\` has no \`path\`, so it names no model.`, fix: FIX };
    try {
      entries.set(normalizedPath(modelPath), { kind: 'model', side: { summary: modelSummary(entry as Json), findings: findings((entry as Json).findings) } });
    } catch (error) {
      // A Malformed names the field; anything else (a pipeline nested past the stack) is said as it is.
      const reason = error instanceof Malformed ? error.message : `it cannot be read (${error instanceof Error ? error.message : String(error)})`;
      entries.set(normalizedPath(modelPath), { kind: 'problem', message: `${file}: the entry of ${modelPath} (\`models[${index}]\`) is not one ane-check can compare: ${reason}.`, fix: FIX });
    }
  }
  return { kind: 'report', file, entries };
}

/** The entry of a model, or undefined when the report does not have it (then it is new since that report). */
export function reportEntryFor(base: Extract<ReportBase, { kind: 'report' }>, modelPath: string): ReportEntry | undefined {
  return base.entries.get(normalizedPath(modelPath));
}

function normalizedPath(given: string): string {
  return given
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

// ---------------------------------------------------------------------------------------------------------
// Checking an entry, field by field: a Malformed names the field (`inputs[0].shape`) and what is wrong.

type Json = Record<string, unknown>;

class Malformed extends Error {}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(field: string, wanted: string): never {
  throw new Malformed(`\`${field}\` is not ${wanted}`);
}

function object(value: unknown, field: string): Json {
  return isObject(value) ? value : fail(field, 'an object');
}

function string(value: unknown, field: string): string {
  return typeof value === 'string' ? value : fail(field, 'a string');
}

function number(value: unknown, field: string): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(field, 'a number');
}

function list(value: unknown, field: string): unknown[] {
  return Array.isArray(value) ? value : fail(field, 'a list');
}

function counts(value: unknown, field: string): Record<string, number> {
  const record = object(value, field);
  for (const [key, count] of Object.entries(record)) number(count, `${field}.${key}`);
  return record as Record<string, number>;
}

function orNull<T>(value: unknown, read: (value: unknown) => T): T | null {
  return value === null || value === undefined ? null : read(value);
}

const FORMATS: readonly ModelFormat[] = ['mlmodel', 'mlpackage', 'mlmodelc'];
const SEVERITIES: readonly DiffFinding['severity'][] = ['error', 'warning', 'info'];
const SUBJECTS: readonly DiffFinding['subject']['kind'][] = ['op', 'layer', 'input', 'output', 'state', 'model'];

function modelSummary(entry: Json): ModelSummary {
  const format = entry.format;
  if (!FORMATS.includes(format as ModelFormat)) fail('format', `one of ${FORMATS.join(', ')}`);
  return {
    path: entry.path as string,
    format: format as ModelFormat,
    ...specSummary(entry, ''),
    weightBytes: number(entry.weightBytes, 'weightBytes'),
    notes: entry.notes === undefined ? [] : list(entry.notes, 'notes').map((note, i) => string(note, `notes[${i}]`)),
  };
}

function specSummary(entry: Json, at: string): SpecSummary {
  const summary: SpecSummary = {
    kind: string(entry.kind, `${at}kind`),
    specificationVersion: orNull(entry.specificationVersion, (value) => number(value, `${at}specificationVersion`)),
    minimumOs: orNull(entry.minimumOs, (value) => minimumOs(value, `${at}minimumOs`)),
    isUpdatable: entry.isUpdatable === true,
    inputs: features(entry.inputs, `${at}inputs`),
    outputs: features(entry.outputs, `${at}outputs`),
    states: entry.states === undefined ? [] : features(entry.states, `${at}states`),
    functions: list(entry.functions ?? [], `${at}functions`).map((fn, i) => functionSummary(fn, `${at}functions[${i}]`)),
    layers: counts(entry.layers ?? {}, `${at}layers`),
    precision: counts(entry.precision ?? {}, `${at}precision`),
  };
  if (entry.pipeline !== undefined) {
    summary.pipeline = list(entry.pipeline, `${at}pipeline`).map((step, i) => {
      const field = `${at}pipeline[${i}]`;
      const { name, model } = object(step, field);
      return { name: orNull(name, (value) => string(value, `${field}.name`)), model: specSummary(object(model, `${field}.model`), `${field}.model.`) };
    });
  }
  return summary;
}

function minimumOs(value: unknown, field: string): MinimumOs {
  const os = object(value, field);
  const table: MinimumOs = {
    iOS: string(os.iOS, `${field}.iOS`),
    macOS: string(os.macOS, `${field}.macOS`),
    tvOS: string(os.tvOS, `${field}.tvOS`),
    watchOS: string(os.watchOS, `${field}.watchOS`),
  };
  if (os.visionOS !== undefined) table.visionOS = string(os.visionOS, `${field}.visionOS`);
  return table;
}

function functionSummary(value: unknown, field: string): FunctionSummary {
  const fn = object(value, field);
  return {
    name: string(fn.name, `${field}.name`),
    opset: string(fn.opset, `${field}.opset`),
    operations: counts(fn.operations, `${field}.operations`),
    precision: counts(fn.precision ?? {}, `${field}.precision`),
  };
}

function features(value: unknown, field: string): FeatureFacts[] {
  return list(value, field).map((item, i) => feature(item, `${field}[${i}]`));
}

function feature(value: unknown, field: string): FeatureFacts {
  const entry = object(value, field);
  const facts: FeatureFacts = {
    name: string(entry.name, `${field}.name`),
    kind: string(entry.kind, `${field}.kind`) as FeatureKind,
    optional: entry.optional === true,
    dataType: orNull(entry.dataType, (type) => string(type, `${field}.dataType`)) as FeatureFacts['dataType'],
    shape: list(entry.shape, `${field}.shape`).map((dim, i) => number(dim, `${field}.shape[${i}]`)),
    flexibility: orNull(entry.flexibility, (flex) => flexibility(flex, `${field}.flexibility`)),
  };
  if (entry.image !== undefined) {
    const image = object(entry.image, `${field}.image`);
    facts.image = {
      width: number(image.width, `${field}.image.width`),
      height: number(image.height, `${field}.image.height`),
      colorSpace: string(image.colorSpace, `${field}.image.colorSpace`) as NonNullable<FeatureFacts['image']>['colorSpace'],
    };
  }
  return facts;
}

function flexibility(value: unknown, field: string): Flexibility {
  const flex = object(value, field);
  if (flex.kind === 'range') {
    const ranges = list(flex.ranges, `${field}.ranges`).map((range, i): DimRange => {
      const bounds = object(range, `${field}.ranges[${i}]`);
      return { lower: number(bounds.lower, `${field}.ranges[${i}].lower`), upper: orNull(bounds.upper, (upper) => number(upper, `${field}.ranges[${i}].upper`)) };
    });
    return { kind: 'range', ranges };
  }
  if (flex.kind === 'enumerated') {
    const shapes = list(flex.shapes, `${field}.shapes`).map((shape, i) => list(shape, `${field}.shapes[${i}]`).map((dim, j) => number(dim, `${field}.shapes[${i}][${j}]`)));
    return { kind: 'enumerated', shapes };
  }
  return fail(`${field}.kind`, '`range` or `enumerated`');
}

function findings(value: unknown): DiffFinding[] {
  return list(value ?? [], 'findings').map((item, i) => {
    const field = `findings[${i}]`;
    const entry = object(item, field);
    string(entry.rule, `${field}.rule`);
    if (!SEVERITIES.includes(entry.severity as DiffFinding['severity'])) fail(`${field}.severity`, `one of ${SEVERITIES.join(', ')}`);
    const subject = object(entry.subject, `${field}.subject`);
    if (!SUBJECTS.includes(subject.kind as DiffFinding['subject']['kind'])) fail(`${field}.subject.kind`, `one of ${SUBJECTS.join(', ')}`);
    string(subject.name, `${field}.subject.name`);
    for (const optional of ['type', 'function', 'model'] as const) {
      if (subject[optional] !== undefined) string(subject[optional], `${field}.subject.${optional}`);
    }
    if (entry.count !== undefined && !(Number.isInteger(entry.count) && (entry.count as number) > 0)) fail(`${field}.count`, 'a whole number above 0');
    // The finding as the report has it (message, evidence, fix...): the diff reads the fields checked above.
    return entry as unknown as DiffFinding;
  });
}
