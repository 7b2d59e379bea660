import { describe, expect, it } from 'vitest';

import { lastAxisPadding, padding } from '../../../src/model/rules/last-axis-padding.js';
import type { LayerFacts } from '../../../src/model/facts.js';
import { coremltoolsModels, handMadeOp, handMadeProgram, handMadeSpec, ruleCases, sharedModels, tensor } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_padding', 'program_fp16', 'rule_wide_16384'] as const);
const shared = sharedModels({ dtln: 'dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage', tinyDrawing: 'ct-tiny-drawing-embedding/TinyDrawingEmbedding.mlmodel' });

describe('padding the last axis to 64 bytes', () => {
  it('grows a tensor by the factor of its padded rows and adds their padding', () => {
    expect(padding([1, 512, 768, 1], 2)).toEqual({ factor: 32, waste: 512 * 768 * 62, rowBytes: 2 });
    expect(padding([4, 8], 2)).toEqual({ factor: 4, waste: 4 * 48, rowBytes: 16 });
    expect(padding([2, 33], 2)).toEqual({ factor: 128 / 66, waste: 2 * 62, rowBytes: 66 });
    expect(padding([3, 64], 1)).toEqual({ factor: 1, waste: 0, rowBytes: 64 });
  });

  it('is unknown for a shape of rank 1, or with an unknown or empty dimension', () => {
    expect(padding([4096], 2)).toBeUndefined();
    expect(padding([null, 1], 2)).toBeUndefined();
    expect(padding([4, 0], 2)).toBeUndefined();
  });
});

const layer = (name: string, shape: number[]): LayerFacts => ({
  name,
  kind: 'innerProduct',
  inputs: ['x'],
  outputs: [name],
  inputTensors: [],
  outputTensors: [{ rank: shape.length, shape }],
  path: [],
  isUpdatable: false,
  weights: [],
});

ruleCases(lastAxisPadding, {
  invalid: [
    {
      name: 'a last axis of 1 and one of 8 float16 values (4x, 1.5 MiB), with the casts at the ends',
      model: built.rule_padding,
      findings: [
        { subject: { kind: 'op', name: 'tall_relu_cast_fp16', type: 'relu', function: 'main' }, messageIncludes: ['relu op "tall_relu_cast_fp16" in function main makes [1, 512, 768, 1] fp16: its last axis (2 bytes) is padded to 64 bytes on the ANE, 32x the memory (23.3 MiB more)', 'channels-first'] },
        { subject: { kind: 'op', name: 'eight_relu_cast_fp16' }, messageIncludes: ['makes [1, 4, 8192, 8] fp16: its last axis (16 bytes) is padded to 64 bytes on the ANE, 4x the memory (1.5 MiB more)'] },
        { subject: { kind: 'op', name: 'cast_5', type: 'cast' }, messageIncludes: ['[1, 4, 8192, 8] fp16'] },
        { subject: { kind: 'op', name: 'cast_6' }, messageIncludes: ['[1, 512, 768, 1] fp32: its last axis (4 bytes)', '16x the memory (22.5 MiB more)'] },
        { subject: { kind: 'op', name: 'cast_7' } },
      ],
    },
    {
      name: 'a NeuralNetwork layer output laid out (B, S, C, 1), counted as float16 (hand-made shapes)',
      model: handMadeSpec({ network: { layers: [layer('project', [1, 512, 768, 1]), layer('small', [1, 64, 1]), layer('unknown', [])], layerCounts: {}, weightStorage: {}, layerNames: 'schema' } }),
      findings: [{ subject: { kind: 'layer', name: 'project', type: 'innerProduct' }, messageIncludes: ['innerProduct layer "project" makes [1, 512, 768, 1] fp16'] }],
    },
    {
      name: 'a last axis of one value in each type it knows the size of, and an op making a list first (hand-made)',
      model: handMadeProgram([
        handMadeOp('make_list', 'list', { outputs: [{ kind: 'list', element: null, length: null }] }),
        ...(['bf16', 'int16', 'uint16', 'int32', 'uint32', 'int8', 'uint8'] as const).map((dataType) => handMadeOp('relu', dataType, { outputs: [tensor(dataType, [1, 65536, 1])] })),
        handMadeOp('relu', 'bool', { outputs: [tensor('bool', [1, 65536, 1])] }),
      ]),
      findings: [
        { subject: { kind: 'op', name: 'bf16' }, messageIncludes: ['[1, 65536, 1] bf16: its last axis (2 bytes)', '32x the memory (3.9 MiB more)'] },
        { subject: { kind: 'op', name: 'int16' }, messageIncludes: ['(2 bytes)'] },
        { subject: { kind: 'op', name: 'uint16' }, messageIncludes: ['(2 bytes)'] },
        { subject: { kind: 'op', name: 'int32' }, messageIncludes: ['(4 bytes)', '16x the memory (3.8 MiB more)'] },
        { subject: { kind: 'op', name: 'uint32' }, messageIncludes: ['(4 bytes)'] },
        { subject: { kind: 'op', name: 'int8' }, messageIncludes: ['(1 bytes)', '64x the memory (3.9 MiB more)'] },
        { subject: { kind: 'op', name: 'uint8' }, messageIncludes: ['(1 bytes)'] },
      ],
    },
  ],
  valid: [
    { name: 'a convolution program', model: built.program_fp16 },
    { name: 'a long last axis', model: built.rule_wide_16384 },
    { name: 'DTLN: unknown batch dimensions', model: shared.dtln },
    { name: 'a CNN without layer shapes', model: shared.tinyDrawing },
  ],
});
