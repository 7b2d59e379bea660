import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import type { ModelFacts, ModelSpecFacts } from '../../src/model/facts.js';
import { ModelError } from '../../src/model/model-error.js';
import { readModel } from '../../src/model/read/index.js';
import { type CoremltoolsSpec, buildModels, loadSpecs } from '../support/coremltools.js';
import { expectAgreesWithCoremltools } from '../support/coremltools-compare.js';
import { tempFolder } from '../support/temp.js';
import { type Field, f, writeSparse } from '../support/wire-writer.js';

// A Model message: its kind, description and, for a pipeline, its sub-models in order.

const CASES = ['pipeline', 'program_multifunction'] as const;
const facts: Partial<Record<(typeof CASES)[number], ModelFacts>> = {};
const specs: Partial<Record<(typeof CASES)[number], CoremltoolsSpec>> = {};

beforeAll(async () => {
  const models = await buildModels(CASES);
  const loaded = await loadSpecs(CASES.map((name) => models[name]));
  for (const [i, name] of CASES.entries()) {
    facts[name] = await readModel(models[name]);
    specs[name] = loaded[i];
  }
});

const multiArray = (name: string): Field => f(1, [f(1, name), f(3, [f(5, [f(1, Uint8Array.of(4)), f(2, 65568)])])]);
const network = (layer: string): Field => f(500, [f(1, [f(1, layer), f(2, 'x'), f(3, 'y'), f(130, [f(10, [])])])]);

describe('a model message', () => {
  it.each(CASES)('%s: the facts agree with coremltools', (name) => {
    expectAgreesWithCoremltools(facts[name]!, specs[name]!);
  });

  it('a pipeline: its sub-models in order, with their names and their own facts', () => {
    const pipeline = facts.pipeline!;
    expect(pipeline.kind).toBe('pipeline');
    expect(pipeline.pipeline?.map((step) => [step.name, step.model.kind, step.model.network?.layerCounts, step.model.network?.layers[0]?.activation])).toEqual([
      ['encoder', 'neuralNetwork', { activation: 1 }, 'ReLU'],
      ['head', 'neuralNetwork', { activation: 1 }, 'tanh'],
    ]);
    expect(pipeline.pipeline?.[1]?.model.inputs.map((input) => input.name)).toEqual(['h']);
  });

  it('a multi-function program (spec 9): each function with its opset, and the default one named', () => {
    const model = facts.program_multifunction!;
    expect(model.specificationVersion).toBe(9);
    expect(model.defaultFunctionName).toBe('relu');
    expect(model.functionDescriptions.map((fn) => [fn.name, fn.inputs.map((input) => input.name), fn.outputs.map((output) => output.name)])).toEqual(
      expect.arrayContaining([
        ['relu', ['x'], ['relu']],
        ['sigmoid', ['x'], ['sigmoid']],
      ]),
    );
    const functions = Object.fromEntries(model.program!.functions.map((fn) => [fn.name, [fn.opset, fn.operationCounts]]));
    expect(functions).toEqual({
      relu: ['CoreML8', { const: 2, cast: 2, relu: 1 }],
      sigmoid: ['CoreML8', { const: 2, cast: 2, sigmoid: 1 }],
    });
  });

  it('a pipelineClassifier wraps its pipeline one message deeper; names may be missing', async () => {
    const dir = tempFolder('model-spec');
    const file = path.join(dir, 'classifier.mlmodel');
    writeSparse(file, [f(1, 1), f(2, [multiArray('x')]), f(200, [f(1, [f(1, [f(1, 1), network('first')]), f(1, [f(1, 1), network('second')]), f(2, 'only-one-name')])])]);
    const model = await readModel(file);
    expect(model.kind).toBe('pipelineClassifier');
    expect(model.pipeline?.map((step) => [step.name, step.model.network?.layers[0]?.name])).toEqual([
      ['only-one-name', 'first'],
      [null, 'second'],
    ]);
  });

  it('a model kind the schema does not name is kept by its number', async () => {
    const file = path.join(tempFolder('model-spec'), 'future.mlmodel');
    writeSparse(file, [f(1, 12), f(2, [multiArray('x')]), f(4000, [f(1, 'whatever')])]);
    const model = await readModel(file);
    expect(model).toMatchObject({ kind: 'unknown(4000)', specificationVersion: 12, minimumOs: null });
    expect(model.notes).toEqual(['specification version 12 is newer than the schema this reader knows (10): fields added since are not read']);
  });

  it('pipelines nested 1,000 deep are refused as overflowing, without exhausting the stack', async () => {
    let model: Field[] = [f(1, 1), network('innermost')];
    for (let i = 0; i < 1000; i++) model = [f(1, 1), f(202, [f(1, model)])];
    const file = path.join(tempFolder('model-spec'), 'deep.mlmodel');
    writeSparse(file, model);
    const error = await readModel(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ code: 'overflow', file });
    expect((error as Error).message).toMatch(/^.*deep\.mlmodel: cannot be a Core ML model: a (model|pipeline) is nested more than 100 deep \(at byte \d+\)\. Copy or download/u);
  });

  it('a pipeline nested a few levels deep is read whole', async () => {
    let model: Field[] = [f(1, 1), network('innermost')];
    for (let i = 0; i < 10; i++) model = [f(1, 1), f(202, [f(1, model), f(2, `level${9 - i}`)])];
    const file = path.join(tempFolder('model-spec'), 'nested.mlmodel');
    writeSparse(file, model);
    const names: (string | null)[] = [];
    let current: ModelSpecFacts = await readModel(file);
    while (current.pipeline) {
      names.push(current.pipeline[0]!.name);
      current = current.pipeline[0]!.model;
    }
    expect(names).toEqual(['level0', 'level1', 'level2', 'level3', 'level4', 'level5', 'level6', 'level7', 'level8', 'level9']);
    expect(current.network?.layers[0]?.name).toBe('innermost');
  });
});
