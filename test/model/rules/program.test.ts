import { describe, expect, it } from 'vitest';

import type { FunctionFacts, OperationFacts, ValueType } from '../../../src/model/facts.js';
import { functionFacts } from '../../../src/model/read/function-facts.js';
import { boundTo, computingOps, constantNumbers, constantOf, consumersOf, functionIndex, functionsOf, isFunctionOutput, numbersOf, producerOf, tensorOf } from '../../../src/model/rules/program.js';
import { coremltoolsModels, handMadeSpec } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_channel_gate', 'program_fp16', 'rule_dynamic_slice', 'nn_layers'] as const);

const main = (name: 'rule_channel_gate' | 'program_fp16' | 'rule_dynamic_slice'): FunctionFacts => built[name]().program!.functions[0]!;
const named = (fn: FunctionFacts, name: string): OperationFacts => fn.operations.find((op) => op.name === name)!;

describe('the values of a function', () => {
  it('knows the op that makes a value, and that a function input has none', () => {
    const fn = main('rule_dynamic_slice');
    expect(producerOf(fn, 'begin')).toEqual({ op: null, type: { kind: 'tensor', dataType: 'int32', rank: 1, shape: [2] } });
    expect(producerOf(fn, 'end')?.op?.type).toBe('add');
    expect(producerOf(fn, 'nowhere')).toBeUndefined();
  });

  it('lists the ops that use a value in program order, each once (mul(x=a, y=a) uses a once)', () => {
    const fn = main('rule_channel_gate');
    const squared = named(fn, 'squared_cast_fp16');
    const single = squared.inputs.x![0]!;
    expect(single.kind === 'name' && consumersOf(fn, single.name)).toEqual([squared]);
    expect(consumersOf(fn, 'nowhere')).toEqual([]);
  });

  it('knows the function\'s outputs', () => {
    const fn = main('program_fp16');
    expect(isFunctionOutput(fn, fn.outputs[0]!)).toBe(true);
    expect(isFunctionOutput(fn, 'conv_cast_fp16')).toBe(false);
  });

  it('tells constants (a const op\'s output, an immediate value) from values computed at run time', () => {
    const fn = main('rule_dynamic_slice');
    const window = named(fn, 'window_cast_fp16');
    expect(boundTo(fn, window, 'begin')).toEqual({ kind: 'runtime', name: 'begin', type: { kind: 'tensor', dataType: 'int32', rank: 1, shape: [2] } });
    expect(boundTo(fn, window, 'end')).toMatchObject({ kind: 'runtime', name: 'end' });
    expect(boundTo(fn, window, 'absent')).toBeUndefined();
    const fixed = named(fn, 'fixed_cast_fp16');
    expect(boundTo(fn, fixed, 'begin')).toEqual({ kind: 'constant', type: { kind: 'tensor', dataType: 'int32', rank: 1, shape: [2] }, data: [0, 2] });
    expect(constantOf(fn, fixed, 'end')).toEqual([1, 6]);
    expect(constantOf(fn, window, 'begin')).toBeUndefined();
    const immediate: OperationFacts = { type: 'pad', name: 'p', path: [], inputs: { pad: [{ kind: 'value', value: { type: null, data: [1, 1] } }], mode: [{ kind: 'value', value: { type: null } }] }, outputs: [], blocks: 0, attributes: {} };
    expect(boundTo(fn, immediate, 'pad')).toEqual({ kind: 'constant', type: null, data: [1, 1] });
    expect(boundTo(fn, immediate, 'mode')).toEqual({ kind: 'constant', type: null });
    const unknown: OperationFacts = { ...immediate, inputs: { x: [{ kind: 'name', name: 'nowhere' }] } };
    expect(boundTo(fn, unknown, 'x')).toEqual({ kind: 'runtime', name: 'nowhere', type: null });
  });

  it('keeps a large constant\'s type without its data', () => {
    const fn = main('program_fp16');
    const conv = named(fn, 'conv_cast_fp16');
    expect(boundTo(fn, conv, 'weight')).toEqual({ kind: 'constant', type: { kind: 'tensor', dataType: 'fp16', rank: 4, shape: [8, 3, 3, 3] } });
  });

  it('is indexed once per function', () => {
    const fn = main('rule_dynamic_slice');
    expect(functionIndex(fn)).toBe(functionIndex(fn));
    expect(functionIndex(fn).producers.size).toBeGreaterThan(fn.operations.length);
  });

  it('takes a const op without a decoded value as a constant of unknown data', () => {
    const fn = functionFacts('main', 'CoreML7', [], [], [
      { type: 'const', name: 'w', path: [], inputs: {}, outputs: [{ name: 'w', type: null }], blocks: 0, attributes: {} },
      { type: 'conv', name: 'c', path: [], inputs: { weight: [{ kind: 'name', name: 'w' }] }, outputs: [], blocks: 0, attributes: {} },
    ]);
    expect(boundTo(fn, fn.operations[1]!, 'weight')).toEqual({ kind: 'constant', type: null });
  });

  it('reads the numbers a parameter is bound to, none when they are not numbers', () => {
    const fn = main('program_fp16');
    const pool = fn.operations.find((op) => op.type === 'max_pool')!;
    expect(constantNumbers(fn, pool, 'kernel_sizes')).toEqual([3, 3]);
    expect(constantNumbers(fn, pool, 'pad_type')).toEqual([]);
    expect(constantNumbers(fn, pool, 'absent')).toEqual([]);
  });

  it('reads numbers only from a constant of numbers', () => {
    expect(numbersOf([1, 2])).toEqual([1, 2]);
    expect(numbersOf([1, 'same'])).toBeUndefined();
    expect(numbersOf(undefined)).toBeUndefined();
  });

  it('reads a tensor type, or the tensor a state wraps', () => {
    const tensor: ValueType = { kind: 'tensor', dataType: 'fp16', rank: 2, shape: [1, 4] };
    expect(tensorOf(tensor)).toEqual({ dataType: 'fp16', rank: 2, shape: [1, 4] });
    expect(tensorOf({ kind: 'state', wrapped: tensor })).toEqual({ dataType: 'fp16', rank: 2, shape: [1, 4] });
    expect(tensorOf({ kind: 'state', wrapped: null })).toBeNull();
    expect(tensorOf({ kind: 'list', element: tensor, length: 2 })).toBeNull();
    expect(tensorOf(null)).toBeNull();
    expect(tensorOf(undefined)).toBeNull();
  });
});

describe('the ops of a model', () => {
  it('are every function\'s ops that compute: no const, no constexpr_*', () => {
    const op = (type: string): OperationFacts => ({ type, name: type, path: [], inputs: {}, outputs: [], blocks: 0, attributes: {} });
    const one = functionFacts('one', 'CoreML8', [], [], [op('const'), op('constexpr_lut_to_dense'), op('relu')]);
    const two = functionFacts('two', 'CoreML8', [], [], [op('sigmoid')]);
    const model = handMadeSpec({ kind: 'mlProgram', program: { version: 1, functions: [one, two] } });
    expect(computingOps(model).map(({ fn, op: computing }) => [fn.name, computing.type])).toEqual([
      ['one', 'relu'],
      ['two', 'sigmoid'],
    ]);
    expect(functionsOf(model)).toEqual([one, two]);
    expect(functionsOf(built.nn_layers())).toEqual([]);
  });
});
