import { describe, expect, it } from 'vitest';

import { excess, poolingLimits } from '../../../src/model/rules/pooling-limits.js';
import { coremltoolsModels, ruleCases, sharedModels } from '../../support/rule-tester.js';

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
  ],
  valid: [
    { name: 'a 3x3 max_pool of stride 2', model: built.program_fp16 },
    { name: 'a NeuralNetwork 3x3 pooling of stride 2', model: built.nn_layers },
    { name: 'a global average pooling layer', model: shared.custom },
    { name: '2x2 poolings of stride 2', model: shared.tinyDrawing },
  ],
});
