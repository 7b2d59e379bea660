import { beforeAll, describe, expect, it } from 'vitest';

import { emptyModelSpec, type Binding, type DataType, type Dim, type LayerFacts, type ModelFacts, type ModelSpecFacts, type NamedValue, type OperationFacts, type Scalar, type ValueType } from '../../src/model/facts.js';
import { functionFacts } from '../../src/model/read/function-facts.js';
import { readModel } from '../../src/model/read/index.js';
import type { Finding, Rule, RuleContext, Subject } from '../../src/model/rules/rule.js';
import { buildModels } from './coremltools.js';
import { sharedModel } from './shared-models.js';

/**
 * ESLint's RuleTester, for the model check's rules: a rule runs on models it must fire on (`invalid`, each naming
 * the findings it must produce, in order) and models it must not (`valid`). A model is given lazily, since most come
 * from coremltools (`coremltoolsModels`) or ../shared/models (`sharedModels`), read in a beforeAll.
 */
/** What no text of the model check may say: that a model, or some of it, runs on the ANE. */
export const ANE_CLAIM = /\b(runs|will run|is running|ran|executes|stays|can run) (entirely |fully |only )?on the (ANE|Neural Engine)\b/iu;

export type ModelSource = ModelSpecFacts | (() => ModelSpecFacts);

export interface ExpectedFinding {
  /** At least its kind and name; findings are compared in the order of kind and name. */
  subject: Partial<Subject> & Pick<Subject, 'kind' | 'name'>;
  /** Texts the message must contain. */
  messageIncludes?: string[];
  /** The message must not contain these. */
  messageExcludes?: string[];
  /** The whole message. */
  message?: string;
}

export interface ValidCase {
  name: string;
  model: ModelSource;
  context?: Partial<RuleContext>;
}

export interface InvalidCase extends ValidCase {
  findings: ExpectedFinding[];
}

function order(subject: Partial<Subject>): string {
  return [subject.kind, subject.name].join('/');
}

function resolve(model: ModelSource): ModelSpecFacts {
  return typeof model === 'function' ? model() : model;
}

/** The context checkModel gives a model: a file's weights for a file's root model, its own message's otherwise. */
function contextFor(model: ModelSpecFacts, given: Partial<RuleContext> | undefined): RuleContext {
  const weightBytes = 'weightBytes' in model ? (model as ModelFacts).weightBytes : model.embeddedWeightBytes;
  return { weightBytes, ...given };
}

export function run(rule: Rule, model: ModelSource, context?: Partial<RuleContext>): Finding[] {
  const facts = resolve(model);
  return rule.check(facts, contextFor(facts, context));
}

/** Every finding of a rule carries the rule's own id, severity, evidence, main source and fix. */
export function expectFromRule(rule: Rule, found: Finding): void {
  expect(found).toMatchObject({ rule: rule.meta.id, severity: rule.meta.severity, evidence: rule.meta.evidence, source: rule.meta.sources[0], fix: rule.meta.fix });
  expect(found.count).toBeUndefined();
  expect(found.subject.name).not.toBe('');
}

export function ruleCases(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(`${rule.meta.id}: fires on`, () => {
    it.each(cases.invalid.map((testCase) => [testCase.name, testCase] as const))('%s', (_, testCase) => {
      const found = run(rule, testCase.model, testCase.context).sort((a, b) => order(a.subject).localeCompare(order(b.subject)));
      const findings = [...testCase.findings].sort((a, b) => order(a.subject).localeCompare(order(b.subject)));
      expect(
        found.map((each) => each.subject),
        `${rule.meta.id} on ${testCase.name}`,
      ).toMatchObject(findings.map((expected) => expected.subject));
      expect(found).toHaveLength(findings.length);
      findings.forEach((expected, i) => {
        const actual = found[i]!;
        expectFromRule(rule, actual);
        expect(actual.message).not.toMatch(ANE_CLAIM);
        for (const text of expected.messageIncludes ?? []) expect(actual.message).toContain(text);
        for (const text of expected.messageExcludes ?? []) expect(actual.message).not.toContain(text);
        if (expected.message !== undefined) expect(actual.message).toBe(expected.message);
      });
    });
  });
  describe(`${rule.meta.id}: does not fire on`, () => {
    it.each(cases.valid.map((testCase) => [testCase.name, testCase] as const))('%s', (_, testCase) => {
      expect(run(rule, testCase.model, testCase.context)).toEqual([]);
    });
  });
}

/** Lazily read coremltools-built models (test/coremltools/build_models.py's cases), built and read once in a beforeAll. */
export function coremltoolsModels<Name extends string>(names: readonly Name[]): Record<Name, () => ModelFacts> {
  const facts = new Map<Name, ModelFacts>();
  beforeAll(async () => {
    const paths = await buildModels(names);
    for (const name of names) facts.set(name, await readModel(paths[name]));
  });
  return Object.fromEntries(names.map((name) => [name, () => facts.get(name) ?? missing(name)])) as Record<Name, () => ModelFacts>;
}

/** Lazily read models of ../shared/models, by their path there. */
export function sharedModels<Key extends string>(files: Readonly<Record<Key, string>>): Record<Key, () => ModelFacts> {
  const facts = new Map<Key, ModelFacts>();
  beforeAll(async () => {
    for (const [key, file] of Object.entries(files) as [Key, string][]) facts.set(key, await readModel(sharedModel(file)));
  });
  return Object.fromEntries(Object.keys(files).map((key) => [key, () => facts.get(key as Key) ?? missing(key)])) as Record<Key, () => ModelFacts>;
}

function missing(name: string): never {
  throw new Error(`${name} was not read: its beforeAll failed`);
}

/** A model message made by hand, for what no builder writes (odd facts, sizes no test should write). */
export function handMadeSpec(overrides: Partial<ModelSpecFacts> = {}): ModelSpecFacts {
  return { ...emptyModelSpec('neuralNetwork', 4), ...overrides };
}

/** A tensor type for hand-made facts. */
export function tensor(dataType: DataType, shape: Dim[]): ValueType {
  return { kind: 'tensor', dataType, rank: shape.length, shape };
}

/** An op for hand-made facts: its inputs bound by name (a string) or to an immediate value (numbers). */
export function handMadeOp(type: string, name: string, extra: { inputs?: Record<string, string | Scalar[]>; outputs?: (ValueType | null)[] } = {}): OperationFacts {
  const inputs = Object.fromEntries(
    Object.entries(extra.inputs ?? {}).map(([param, bound]): [string, Binding[]] => [param, [typeof bound === 'string' ? { kind: 'name', name: bound } : { kind: 'value', value: { type: null, data: bound } }]]),
  );
  const outputs = (extra.outputs ?? [tensor('fp16', [1, 4])]).map((type, i) => ({ name: i === 0 ? name : `${name}_${i}`, type }));
  return { type, name, path: [], inputs, outputs, blocks: 0, attributes: {} };
}

/** An ML program of one function, `main`, made by hand. */
export function handMadeProgram(operations: OperationFacts[], extra: { inputs?: NamedValue[]; outputs?: string[]; spec?: Partial<ModelSpecFacts> } = {}): ModelSpecFacts {
  const fn = functionFacts('main', 'CoreML7', extra.inputs ?? [], extra.outputs ?? [], operations);
  return handMadeSpec({ kind: 'mlProgram', specificationVersion: 8, program: { version: 1, functions: [fn] }, ...extra.spec });
}

/** A layer for hand-made facts. */
export function handMadeLayer(kind: string, name: string, extra: Partial<LayerFacts> = {}): LayerFacts {
  return { name, kind, inputs: ['x'], outputs: [name], inputTensors: [], outputTensors: [], path: [], isUpdatable: false, weights: [], ...extra };
}

/** A NeuralNetwork made by hand. */
export function handMadeNetwork(layers: LayerFacts[], spec: Partial<ModelSpecFacts> = {}): ModelSpecFacts {
  return handMadeSpec({ network: { layers, layerCounts: {}, weightStorage: {}, layerNames: 'schema' }, ...spec });
}
