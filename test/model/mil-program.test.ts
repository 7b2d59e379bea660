import { beforeAll, describe, expect, it } from 'vitest';

import type { FunctionFacts, ModelFacts, OperationFacts, Scalar } from '../../src/model/facts.js';
import { readModel } from '../../src/model/read/index.js';
import { type CoremltoolsSpec, buildModels, loadSpecs } from '../support/coremltools.js';
import { expectAgreesWithCoremltools } from '../support/coremltools-compare.js';

// ML programs built by coremltools' MIL builder and ct.convert: every op, binding and small value the rules look
// up is in the facts, and agrees with what coremltools decodes from the same file.

const CASES = ['program_fp16', 'program_fp32', 'program_stateful', 'program_control_flow', 'program_gather_int32', 'program_palettized', 'program_range_input'] as const;
let models: Record<(typeof CASES)[number], string>;
const facts: Partial<Record<(typeof CASES)[number], ModelFacts>> = {};
const specs: Partial<Record<(typeof CASES)[number], CoremltoolsSpec>> = {};

beforeAll(async () => {
  models = await buildModels(CASES);
  const loaded = await loadSpecs(CASES.map((name) => models[name]));
  for (const [i, name] of CASES.entries()) {
    facts[name] = await readModel(models[name]);
    specs[name] = loaded[i];
  }
});

function main(name: (typeof CASES)[number]): FunctionFacts {
  return facts[name]!.program!.functions[0]!;
}

function op(fn: FunctionFacts, type: string): OperationFacts {
  const found = fn.operations.find((candidate) => candidate.type === type);
  if (!found) throw new Error(`no ${type} op`);
  return found;
}

/** What a rule does: the small value bound to an op's parameter, by following its name to the const that makes it. */
function constantOf(fn: FunctionFacts, target: OperationFacts, param: string): Scalar[] | undefined {
  const binding = target.inputs[param]?.[0];
  if (binding?.kind === 'value') return binding.value.data;
  const producer = fn.operations.find((candidate) => candidate.outputs.some((output) => output.name === binding?.name));
  return producer?.type === 'const' ? producer.attributes.val?.data : undefined;
}

describe('ML programs built by coremltools', () => {
  it.each(CASES)('%s: the facts agree with coremltools', (name) => {
    expectAgreesWithCoremltools(facts[name]!, specs[name]!);
  });

  it('a float16 program: its ops compute in fp16, the casts at its ends in and out of fp32', () => {
    const fn = main('program_fp16');
    expect(facts.program_fp16).toMatchObject({ kind: 'mlProgram', specificationVersion: 7, format: 'mlpackage' });
    expect(fn.opset).toBe('CoreML6');
    expect(fn.operationCounts).toEqual({ const: 15, cast: 2, conv: 1, relu: 1, max_pool: 1, upsample_nearest_neighbor: 1 });
    expect(fn.precision).toEqual({ fp16: 5, fp32: 1 });
    const casts = fn.operations.filter((candidate) => candidate.type === 'cast').map((cast) => [cast.outputs[0]?.type, constantOf(fn, cast, 'dtype')]);
    expect(casts).toEqual([
      [{ kind: 'tensor', dataType: 'fp16', rank: 4, shape: [1, 3, 32, 32] }, ['fp16']],
      [{ kind: 'tensor', dataType: 'fp32', rank: 4, shape: [1, 8, 30, 30] }, ['fp32']],
    ]);
  });

  it('the same program in float32 computes every op in fp32', () => {
    expect(main('program_fp32').precision).toEqual({ fp32: 4 });
    expect(main('program_fp32').operationCounts.cast).toBeUndefined();
  });

  it('kernel sizes, strides, dilations and scale factors are readable through the bindings', () => {
    const fn = main('program_fp16');
    const conv = op(fn, 'conv');
    expect(constantOf(fn, conv, 'dilations')).toEqual([2, 2]);
    expect(constantOf(fn, conv, 'strides')).toEqual([1, 1]);
    expect(constantOf(fn, conv, 'pad_type')).toEqual(['same']);
    const pool = op(fn, 'max_pool');
    expect(constantOf(fn, pool, 'kernel_sizes')).toEqual([3, 3]);
    expect(constantOf(fn, pool, 'strides')).toEqual([2, 2]);
    const up = op(fn, 'upsample_nearest_neighbor');
    expect([constantOf(fn, up, 'scale_factor_height'), constantOf(fn, up, 'scale_factor_width')]).toEqual([[2], [2]]);
    expect(up.outputs[0]?.type).toEqual({ kind: 'tensor', dataType: 'fp16', rank: 4, shape: [1, 8, 30, 30] });
  });

  it('a weight in the blob file keeps its type, file and record, never its data', () => {
    const weight = main('program_fp16').operations.find((candidate) => candidate.name === 'conv_weight_0_to_fp16');
    expect(weight?.attributes.val).toEqual({
      type: { kind: 'tensor', dataType: 'fp16', rank: 4, shape: [8, 3, 3, 3] },
      blob: { fileName: '@model_path/weights/weight.bin', offset: 64, dataType: 'fp16', bytes: 8 * 3 * 3 * 3 * 2 },
    });
    expect(facts.program_fp16?.weightFiles).toEqual([{ path: 'Data/com.apple.CoreML/weights/weight.bin', bytes: expect.any(Number) as number }]);
  });

  it('a stateful program: the state, and the ops that read, update and write it', () => {
    const fn = main('program_stateful');
    expect(facts.program_stateful).toMatchObject({ specificationVersion: 9, minimumOs: { iOS: '18', macOS: '15' } });
    expect(facts.program_stateful?.states).toEqual([{ name: 'cache', kind: 'state', optional: false, dataType: 'fp16', shape: [1, 4, 48], flexibility: null }]);
    expect(fn.inputs[0]).toEqual({ name: 'cache', type: { kind: 'state', wrapped: { kind: 'tensor', dataType: 'fp16', rank: 3, shape: [1, 4, 48] } } });
    const update = op(fn, 'slice_update');
    expect(constantOf(fn, update, 'begin')).toEqual([0, 0, 0]);
    expect(constantOf(fn, update, 'end')).toEqual([1, 1, 48]);
    // Which ops consume the update: the state write only, found by the bindings.
    const consumers = fn.operations.filter((candidate) => Object.values(candidate.inputs).some((bindings) => bindings.some((b) => b.kind === 'name' && b.name === update.outputs[0]?.name)));
    expect(consumers.map((consumer) => consumer.type)).toEqual(['write_state']);
    expect(fn.operationCounts).toEqual({ read_state: 2, const: 4, slice_update: 1, write_state: 1, reduce_sum: 1 });
  });

  it('control flow: a cond inside a while_loop, each op with the blocks it sits in', () => {
    const fn = main('program_control_flow');
    const loop = op(fn, 'while_loop');
    expect(loop).toMatchObject({ name: 'loop', blocks: 2, path: [] });
    expect(op(fn, 'less').path).toEqual([{ op: 'loop', type: 'while_loop', block: 0 }]);
    expect(op(fn, 'cond')).toMatchObject({ blocks: 2, path: [{ op: 'loop', type: 'while_loop', block: 1 }] });
    expect(op(fn, 'mul').path).toEqual([
      { op: 'loop', type: 'while_loop', block: 1 },
      { op: 'cond_1', type: 'cond', block: 1 },
    ]);
    expect(loop.inputs.loop_vars?.map((binding) => (binding.kind === 'name' ? binding.name : '?'))).toEqual(['fill_0', 'x']);
    expect(fn.operationCounts).toEqual({ const: 6, while_loop: 1, less: 1, mod: 1, equal: 1, squeeze: 1, cond: 1, add: 2, mul: 1 });
  });

  it('gather with int32 indices: the indices are the int32 input, found by name', () => {
    const fn = main('program_gather_int32');
    const gather = op(fn, 'gather');
    const indices = gather.inputs.indices?.[0];
    expect(indices).toEqual({ kind: 'name', name: 'ids' });
    expect(fn.inputs.find((input) => input.name === 'ids')?.type).toEqual({ kind: 'tensor', dataType: 'int32', rank: 2, shape: [1, 6] });
    expect(facts.program_gather_int32?.inputs[0]).toMatchObject({ name: 'ids', dataType: 'int32' });
  });

  it('a palettized program: constexpr_lut_to_dense ops hold the weights, and are not counted as compute', () => {
    const fn = main('program_palettized');
    expect(fn.operationCounts).toMatchObject({ constexpr_lut_to_dense: 2, linear: 2 });
    expect(fn.precision).toEqual({ fp16: 4, fp32: 1 });
    const lut = op(fn, 'constexpr_lut_to_dense');
    const indices = lut.inputs.indices?.[0];
    expect(indices?.kind === 'value' && indices.value.type).toEqual({ kind: 'tensor', dataType: 'uint4', rank: 2, shape: [128, 64] });
    expect(indices?.kind === 'value' && indices.value.blob).toMatchObject({ dataType: 'uint4', bytes: 128 * 64 / 2 });
    expect(op(fn, 'linear').inputs.weight).toEqual([{ kind: 'name', name: lut.outputs[0]?.name }]);
  });

  it('range inputs of an ML program', () => {
    expect(facts.program_range_input?.inputs.map((input) => [input.name, input.shape, input.flexibility])).toEqual([
      ['x', [1, 16], { kind: 'range', ranges: [{ lower: 1, upper: 1 }, { lower: 1, upper: 64 }] }],
      ['y', [1, 16], { kind: 'range', ranges: [{ lower: 1, upper: 1 }, { lower: 8, upper: 512 }] }],
    ]);
    // The function's own input types mark the flexible dimension as unknown.
    expect(main('program_range_input').inputs.map((input) => input.type)).toEqual([
      { kind: 'tensor', dataType: 'fp32', rank: 2, shape: [1, null] },
      { kind: 'tensor', dataType: 'fp32', rank: 2, shape: [1, null] },
    ]);
  });
});
