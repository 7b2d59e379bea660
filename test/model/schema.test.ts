import { describe, expect, it } from 'vitest';

import { LAYER_KINDS } from '../../src/model/read/layer-kinds.js';
import { ACTIVATIONS, LAYER_WEIGHTS, MIL_DATA_TYPES, MODEL_KINDS, dataTypeName } from '../../src/model/read/schema.js';
import { schemaNames } from '../support/coremltools.js';

// The reader's field numbers are its own copy of the public schema: they must be the schema coremltools ships.

/** MIL.proto's DataType names, in MIL text's spelling. */
const MIL_TEXT_NAMES: Record<string, string> = {
  BOOL: 'bool',
  STRING: 'string',
  FLOAT8E4M3FN: 'fp8e4m3fn',
  FLOAT8E5M2: 'fp8e5m2',
  FLOAT16: 'fp16',
  FLOAT32: 'fp32',
  FLOAT64: 'fp64',
  BFLOAT16: 'bf16',
  INT4: 'int4',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  UINT1: 'uint1',
  UINT2: 'uint2',
  UINT3: 'uint3',
  UINT4: 'uint4',
  UINT6: 'uint6',
  UINT8: 'uint8',
  UINT16: 'uint16',
  UINT32: 'uint32',
  UINT64: 'uint64',
};

describe('the schema tables', () => {
  it('are those of coremltools 9', async () => {
    const names = await schemaNames();
    expect(Object.fromEntries(Object.entries(MODEL_KINDS).map(([n, name]) => [n, name]))).toEqual(names.modelKinds);
    expect(Object.fromEntries(Object.entries(LAYER_KINDS))).toEqual(names.layerKinds);
    expect(Object.keys(LAYER_KINDS)).toHaveLength(158);
    expect(Object.fromEntries(Object.entries(ACTIVATIONS))).toEqual(names.activations);
    // Where every layer kind keeps its WeightParams, found by coremltools' descriptors.
    expect(JSON.parse(JSON.stringify(LAYER_WEIGHTS))).toEqual(names.layerWeights);
    expect(Object.fromEntries(Object.entries(MIL_DATA_TYPES))).toEqual(Object.fromEntries(Object.entries(names.milDataTypes).map(([n, name]) => [n, MIL_TEXT_NAMES[name]])));
  });

  it('names a value the schema does not know by its number', () => {
    expect(dataTypeName(MIL_DATA_TYPES, 10)).toBe('fp16');
    expect(dataTypeName(MIL_DATA_TYPES, 99)).toBe('unknown(99)');
  });
});
