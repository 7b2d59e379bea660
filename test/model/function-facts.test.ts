import { describe, expect, it } from 'vitest';

import type { OperationFacts, ValueType } from '../../src/model/facts.js';
import { functionFacts, isConstant, operationName, tensorDataType } from '../../src/model/read/function-facts.js';

const tensor = (dataType: 'fp16' | 'fp32' | 'int32'): ValueType => ({ kind: 'tensor', dataType, rank: 1, shape: [4] });
function op(type: string, ...outputs: ValueType[]): OperationFacts {
  return { type, name: type, path: [], inputs: {}, outputs: outputs.map((output, i) => ({ name: `${type}${i}`, type: output })), blocks: 0, attributes: {} };
}

describe('function facts', () => {
  it('count op types, and the precision of the ops that compute, once per type an op produces', () => {
    const fn = functionFacts('main', 'CoreML7', [], ['y'], [
      op('const', tensor('fp32')),
      op('constexpr_lut_to_dense', tensor('fp16')),
      op('conv', tensor('fp16')),
      op('split', tensor('fp16'), tensor('fp16')),
      op('cast', tensor('fp32')),
      op('topk', tensor('fp16'), tensor('int32')),
      op('make_list', { kind: 'list', element: tensor('fp32'), length: null }),
      op('while_loop', { kind: 'tuple', types: [] }),
    ]);
    expect(fn.operationCounts).toEqual({ const: 1, constexpr_lut_to_dense: 1, conv: 1, split: 1, cast: 1, topk: 1, make_list: 1, while_loop: 1 });
    expect(fn.precision).toEqual({ fp16: 3, fp32: 2, int32: 1 });
  });

  it('name an op by its attribute, its first output, or its type and place', () => {
    expect(operationName('conv_1', [{ name: 'out', type: null }], 'conv', 3)).toBe('conv_1');
    expect(operationName(undefined, [{ name: 'out', type: null }], 'conv', 3)).toBe('out');
    expect(operationName(undefined, [], 'conv', 3)).toBe('conv#3');
  });

  it('know a constant and a tensor type inside a state', () => {
    expect([isConstant('const'), isConstant('constexpr_affine_dequantize'), isConstant('constant_pad')]).toEqual([true, true, false]);
    expect(tensorDataType({ kind: 'state', wrapped: tensor('fp16') })).toBe('fp16');
    expect(tensorDataType({ kind: 'unknown' })).toBeNull();
    expect(tensorDataType(null)).toBeNull();
  });
});
