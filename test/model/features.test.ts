import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import type { ModelFacts } from '../../src/model/facts.js';
import { readModel } from '../../src/model/read/index.js';
import { type CoremltoolsSpec, buildModels, loadSpecs } from '../support/coremltools.js';
import { expectAgreesWithCoremltools } from '../support/coremltools-compare.js';
import { tempFolder } from '../support/temp.js';
import { type Field, f, writeSparse } from '../support/wire-writer.js';

// Inputs, outputs and states: kinds, data types, shapes and flexibility (FeatureTypes.proto).

const CASES = ['nn_flexible', 'program_enumerated_layer_norm'] as const;
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

/** A model whose description holds these inputs, written by the tests' own writer (kinds coremltools' builders
 * do not make for a network). */
async function withInputs(types: Field[][]): Promise<ModelFacts> {
  const file = path.join(tempFolder('features'), 'model.mlmodel');
  const inputs = types.map((type, i) => f(1, [f(1, `in${i}`), f(3, type)]));
  writeSparse(file, [f(1, 4), f(2, inputs), f(500, [])]);
  return readModel(file);
}

describe('features', () => {
  it.each(CASES)('%s: the facts agree with coremltools', (name) => {
    expectAgreesWithCoremltools(facts[name]!, specs[name]!);
  });

  it('an image with a size range, as [height, width], an unbounded width as null', () => {
    expect(facts.nn_flexible?.inputs[0]).toEqual({
      name: 'image',
      kind: 'image',
      optional: false,
      dataType: null,
      shape: [32, 32],
      flexibility: { kind: 'range', ranges: [{ lower: 16, upper: 64 }, { lower: 16, upper: null }] },
      image: { width: 32, height: 32, colorSpace: 'rgb' },
    });
  });

  it('an array with enumerated shapes, default first', () => {
    expect(facts.nn_flexible?.inputs[1]?.flexibility).toEqual({ kind: 'enumerated', shapes: [[3, 16, 16], [3, 64, 64], [3, 32, 32]] });
    expect(facts.program_enumerated_layer_norm?.inputs[0]?.flexibility).toEqual({ kind: 'enumerated', shapes: [[1, 8, 64], [1, 16, 64], [1, 32, 64]] });
  });

  it('scalars, strings, dictionaries, sequences, optional inputs and every array data type', async () => {
    const model = await withInputs([
      [f(1, [])],
      [f(2, []), f(1000, 1)],
      [f(3, [])],
      [f(6, [f(2, [])])],
      [f(7, [f(1, []), f(101, [f(1, 1), f(2, -1)])])],
      ...[65568, 65600, 131104, 131080, 65552, 7].map((dataType) => [f(5, [f(1, Uint8Array.of(2)), f(2, dataType)])]),
      [f(4, [f(1, 640), f(2, 480), f(3, 40), f(21, [f(1, [f(1, 320), f(2, 240)]), f(1, [f(1, 640), f(2, 480)])])])],
    ]);
    expect(model.inputs.map((input) => [input.kind, input.dataType, input.optional])).toEqual([
      ['int64', 'int64', false],
      ['double', 'fp64', true],
      ['string', 'string', false],
      ['dictionary', 'string', false],
      ['sequence', 'int64', false],
      ['multiArray', 'fp32', false],
      ['multiArray', 'fp64', false],
      ['multiArray', 'int32', false],
      ['multiArray', 'int8', false],
      ['multiArray', 'fp16', false],
      ['multiArray', 'unknown(7)', false],
      ['image', null, false],
    ]);
    expect(model.inputs[5]?.shape).toEqual([2]);
    expect(model.inputs[4]?.sequenceLength).toEqual({ lower: 1, upper: null });
    expect(model.inputs[11]).toMatchObject({ shape: [480, 640], image: { colorSpace: 'grayscaleFloat16' }, flexibility: { kind: 'enumerated', shapes: [[240, 320], [480, 640]] } });
  });

  it('a shape written unpacked (one varint per dimension) reads as a packed one does', async () => {
    const model = await withInputs([[f(5, [f(1, 1), f(1, 3), f(1, 224), f(2, 65552)])]]);
    expect(model.inputs[0]).toMatchObject({ shape: [1, 3, 224], dataType: 'fp16' });
  });
});
