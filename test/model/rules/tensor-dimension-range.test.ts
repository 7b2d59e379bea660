import { describe, expect, it } from 'vitest';

import { axesOf, outOfRange, tensorDimensionRange } from '../../../src/model/rules/tensor-dimension-range.js';
import { coremltoolsModels, handMadeSpec, ruleCases, sharedModels } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_wide_16385', 'rule_wide_16384', 'rule_deep_rank4', 'rule_batch_rank5', 'rule_channels_rank3', 'rule_wide_image', 'program_fp16', 'rule_rank6_network'] as const);
const shared = sharedModels({ image2image: 'hollance-image2image/Image2Image.mlmodel', dtln: 'dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage' });

const state = { name: 'cache', kind: 'state' as const, optional: false, dataType: 'fp16' as const, shape: [1, 20000], flexibility: null };
const enumerated = {
  name: 'audio',
  kind: 'multiArray' as const,
  optional: false,
  dataType: 'fp32' as const,
  shape: [1, 16000],
  flexibility: { kind: 'enumerated' as const, shapes: [[1, 16000], [1, 32000]] },
};

describe('the ANE axes of a shape, from the right', () => {
  it('lays ranks 1 to 5 onto N, D, C, H, W with the last axis on W', () => {
    expect([1, 2, 3, 4, 5].map(axesOf)).toEqual([['W'], ['H', 'W'], ['C', 'H', 'W'], ['D', 'C', 'H', 'W'], ['N', 'D', 'C', 'H', 'W']]);
    expect(axesOf(0)).toEqual([]);
    expect(axesOf(6)).toEqual([]);
  });

  it('names each dimension beyond its axis\'s limit, and no other', () => {
    expect(outOfRange([65537, 16385, 65537, 16385, 16385])).toEqual(['N = 65537', 'D = 16385', 'C = 65537', 'H = 16385', 'W = 16385']);
    expect(outOfRange([65536, 16384, 65536, 16384, 16384])).toEqual([]);
    expect(outOfRange([null, 20000])).toEqual(['W = 20000']);
    expect(outOfRange([20000, null])).toEqual(['H = 20000']);
    expect(outOfRange([1, 2, 3, 4, 5, 100000])).toEqual([]);
  });
});

ruleCases(tensorDimensionRange, {
  invalid: [
    {
      name: 'a [1, 16385] input, its casts, relu and output: W one past 16384',
      model: built.rule_wide_16385,
      findings: [
        { subject: { kind: 'input', name: 'x', type: 'multiArray' }, messageIncludes: ['input "x" (multiArray) has shape [1, 16385]: W = 16385 is beyond the ANE\'s limits', 'the last axis is W', 'Reshape or split the tensor'] },
        { subject: { kind: 'output', name: 'relu' } },
        { subject: { kind: 'op', name: 'cast_0', function: 'main' } },
        { subject: { kind: 'op', name: 'cast_1' } },
        { subject: { kind: 'op', name: 'relu_cast_fp16', type: 'relu' }, messageIncludes: ['relu op "relu_cast_fp16" in function main has shape [1, 16385]'] },
      ],
    },
    {
      name: 'rank 4 puts the first axis on D: 16385 is too deep',
      model: built.rule_deep_rank4,
      findings: [
        { subject: { kind: 'input', name: 'x' }, messageIncludes: ['D = 16385'] },
        { subject: { kind: 'output', name: 'relu' } },
        { subject: { kind: 'op', name: 'cast_0' } },
        { subject: { kind: 'op', name: 'cast_1' } },
        { subject: { kind: 'op', name: 'relu_cast_fp16' } },
      ],
    },
    {
      name: 'rank 3 puts the first axis on C: 65537 channels',
      model: built.rule_channels_rank3,
      findings: [
        { subject: { kind: 'input', name: 'x' }, messageIncludes: ['C = 65537'] },
        { subject: { kind: 'output', name: 'relu' } },
        { subject: { kind: 'op', name: 'cast_0' } },
        { subject: { kind: 'op', name: 'cast_1' } },
        { subject: { kind: 'op', name: 'relu_cast_fp16' } },
      ],
    },
    {
      name: 'an image 20000 wide, and the layer tensor the file describes',
      model: built.rule_wide_image,
      findings: [
        { subject: { kind: 'input', name: 'image', type: 'image' }, messageIncludes: ['input "image" (image) has shape [8, 20000]: W = 20000'] },
        { subject: { kind: 'layer', name: 'relu', type: 'activation' }, messageIncludes: ['activation layer "relu" has shape [1, 8, 20000]'] },
      ],
    },
    {
      name: 'a state and one of an input\'s enumerated shapes (hand-made)',
      model: handMadeSpec({ states: [state], inputs: [enumerated] }),
      findings: [
        { subject: { kind: 'input', name: 'audio' }, messageIncludes: ['has shape [1, 32000]: W = 32000'] },
        { subject: { kind: 'state', name: 'cache', type: 'state' }, messageIncludes: ['state "cache" (state) has shape [1, 20000]'] },
      ],
    },
    {
      name: 'two axes past their limits (hand-made)',
      model: handMadeSpec({ inputs: [{ ...enumerated, name: 'square', shape: [20000, 20000], flexibility: null }] }),
      findings: [{ subject: { kind: 'input', name: 'square' }, message: 'input "square" (multiArray) has shape [20000, 20000]: H = 20000, W = 20000 is beyond the ANE\'s limits (N and C 65536; D, H and W 16384; the last axis is W). Reshape or split the tensor so that every axis fits, above all the last one (W, at most 16384): move length into another axis ([1, 240000] as [1, 15, 16000]) or process it in chunks.' }],
    },
  ],
  valid: [
    { name: 'a [1, 16384] input: W at the limit', model: built.rule_wide_16384 },
    { name: 'rank 5 puts the first axis on N: 65536 is the limit', model: built.rule_batch_rank5 },
    { name: 'a 256x256 image', model: shared.image2image },
    { name: 'DTLN, whose batch dimension is unknown in its ops', model: shared.dtln },
    { name: 'a convolution program', model: built.program_fp16 },
    { name: 'rank 6 (tensor-rank-above-5\'s)', model: built.rule_rank6_network },
    { name: 'a state and inputs without shapes (hand-made)', model: handMadeSpec({ states: [{ ...state, shape: [] }], inputs: [{ ...enumerated, shape: [], flexibility: null }] }) },
  ],
});
