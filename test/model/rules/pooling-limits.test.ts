import { describe, expect, it } from 'vitest';

import { excess, poolingLimits } from '../../../src/model/rules/pooling-limits.js';
import { coremltoolsModels, handMadeLayer, handMadeNetwork, handMadeOp, handMadeProgram, ruleCases, sharedModels } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_pooling', 'rule_nn_pooling', 'program_fp16', 'nn_layers'] as const);
const shared = sharedModels({ custom: 'hollance-custom-layer/NeuralMcNeuralNet.mlmodel', tinyDrawing: 'ct-tiny-drawing-embedding/TinyDrawingEmbedding.mlmodel' });

describe('what a pooling exceeds', () => {
  it('kernels above 13 and strides above 2, each named once', () => {
    expect(excess([14, 1], [3, 1])).toEqual(['kernel 14x1 (above 13)', 'stride 3x1 (above 2)']);
    expect(excess([13, 13], [2, 2])).toEqual([]);
    expect(excess([], [])).toEqual([]);
  });
});

ruleCases(poolingLimits, {
  invalid: [
    {
      name: 'a 14x14 max_pool and an avg_pool of stride 3 (the 13x13 stride-2 l2_pool is not)',
      model: built.rule_pooling,
      findings: [
        { subject: { kind: 'op', name: 'wide_max_cast_fp16', type: 'max_pool', function: 'main' }, messageIncludes: ['max_pool op "wide_max_cast_fp16" in function main has kernel 14x14 (above 13)', '"kernel width = 28 > 13"', 'Split the pooling'] },
        { subject: { kind: 'op', name: 'strided_avg_cast_fp16', type: 'avg_pool' }, messageIncludes: ['has stride 3x3 (above 2)'], messageExcludes: ['kernel 2x2'] },
      ],
    },
    {
      name: 'NeuralNetwork pooling of kernel 14 and of stride 3 (not the one at the limits, not the global one)',
      model: built.rule_nn_pooling,
      findings: [
        { subject: { kind: 'layer', name: 'wide', type: 'pooling' }, messageIncludes: ['pooling layer "wide" has kernel 14x14 (above 13)'] },
        { subject: { kind: 'layer', name: 'strided', type: 'pooling' }, messageIncludes: ['stride 3x3 (above 2)'] },
      ],
    },
    {
      name: 'each pooling op past a limit, one past both (hand-made); not a conv with such a kernel',
      model: handMadeProgram([
        handMadeOp('avg_pool', 'avg', { inputs: { kernel_sizes: [14, 2], strides: [1, 1] } }),
        handMadeOp('l2_pool', 'l2', { inputs: { kernel_sizes: [2, 2], strides: [1, 3] } }),
        handMadeOp('max_pool', 'both', { inputs: { kernel_sizes: [20, 20], strides: [4, 4] } }),
        handMadeOp('max_pool', 'unknown'),
        handMadeOp('conv', 'conv', { inputs: { kernel_sizes: [20, 20], strides: [4, 4] } }),
      ]),
      findings: [
        { subject: { kind: 'op', name: 'avg', type: 'avg_pool' }, messageIncludes: ['has kernel 14x2 (above 13):'] },
        { subject: { kind: 'op', name: 'l2', type: 'l2_pool' }, messageIncludes: ['has stride 1x3 (above 2):'] },
        { subject: { kind: 'op', name: 'both' }, message: 'max_pool op "both" in function main has kernel 20x20 (above 13) and stride 4x4 (above 2): The ANE\'s pooling takes kernels up to 13 and strides up to 2 ("kernel width = 28 > 13", "stride_x = 4 > 2"); a larger one runs on the GPU or CPU. Split the pooling into several with kernels up to 13 and strides up to 2 (a 28x28 average as 14x14 stride 2 then 2x2), or use a reduce_mean over the axes for a global average.' },
      ],
    },
    {
      name: 'a pooling3d past both limits, and one within them (hand-made)',
      model: handMadeNetwork([
        handMadeLayer('pooling3d', 'deep', { pooling3d: { type: 'max', kernelSize: [2, 14, 14], stride: [1, 3, 3] } }),
        handMadeLayer('pooling3d', 'fine', { pooling3d: { type: 'average', kernelSize: [2, 2, 2], stride: [2, 2, 2] } }),
        handMadeLayer('convolution', 'conv'),
      ]),
      findings: [{ subject: { kind: 'layer', name: 'deep', type: 'pooling3d' }, message: 'pooling3d layer "deep" has kernel 2x14x14 (above 13) and stride 1x3x3 (above 2): The ANE\'s pooling takes kernels up to 13 and strides up to 2 ("kernel width = 28 > 13", "stride_x = 4 > 2"); a larger one runs on the GPU or CPU. Split the pooling into several with kernels up to 13 and strides up to 2 (a 28x28 average as 14x14 stride 2 then 2x2), or use a reduce_mean over the axes for a global average.' }],
    },
  ],
  valid: [
    { name: 'a 3x3 max_pool of stride 2', model: built.program_fp16 },
    { name: 'a NeuralNetwork 3x3 pooling of stride 2', model: built.nn_layers },
    { name: 'a global average pooling layer', model: shared.custom },
    { name: '2x2 poolings of stride 2', model: shared.tinyDrawing },
  ],
});
