import { upsampleFactor } from '../../../src/model/rules/upsample-factor.js';
import { coremltoolsModels, handMadeOp, handMadeProgram, handMadeSpec, ruleCases, tensor } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_upsampling', 'rule_nn_upsample', 'nn_layers', 'program_fp16'] as const);

const upsample = (name: string, scalingFactor: number[], fractionalScalingFactor: number[]) => ({
  name,
  kind: 'upsample',
  inputs: ['x'],
  outputs: [name],
  inputTensors: [],
  outputTensors: [],
  path: [],
  isUpdatable: false,
  weights: [],
  upsample: { scalingFactor, fractionalScalingFactor, mode: 'nearest' as const },
});

ruleCases(upsampleFactor, {
  invalid: [
    {
      name: 'upsampling by 3 and by 1.5, and a resize to three times the size (not the 2x ones)',
      model: built.rule_upsampling,
      findings: [
        { subject: { kind: 'op', name: 'triple_cast_fp16', type: 'upsample_nearest_neighbor', function: 'main' }, messageIncludes: ['upsample_nearest_neighbor op "triple_cast_fp16" in function main scales by 3x3', '"only scaling factor of 2 is supported, getting (28, 28)"', 'Upsample in steps of 2'] },
        { subject: { kind: 'op', name: 'half_again_cast_fp16', type: 'upsample_bilinear' }, messageIncludes: ['scales by 1.5x1.5'] },
        { subject: { kind: 'op', name: 'resized_cast_fp16', type: 'resize_bilinear' }, messageIncludes: ['scales by 3x3'] },
      ],
    },
    { name: 'a NeuralNetwork upsample by 1.5 (not the 2x one)', model: built.rule_nn_upsample, findings: [{ subject: { kind: 'layer', name: 'fractional', type: 'upsample' }, messageIncludes: ['upsample layer "fractional" scales by 1.5x1.5'] }] },
    { name: 'a NeuralNetwork upsample by 3', model: built.nn_layers, findings: [{ subject: { kind: 'layer', name: 'up' }, messageIncludes: ['scales by 3x3'] }] },
    {
      name: 'scaling factors the builder does not write: 1x3, and a third (hand-made)',
      model: handMadeSpec({ network: { layers: [upsample('wide', [1, 3], []), upsample('third', [1, 1], [0.333333, 1]), upsample('tall', [2, 1], [0, 0])], layerCounts: { upsample: 3 }, weightStorage: {}, layerNames: 'schema' } }),
      findings: [
        { subject: { kind: 'layer', name: 'wide' }, messageIncludes: ['scales by 1x3'] },
        { subject: { kind: 'layer', name: 'third' }, messageIncludes: ['scales by 0.333x1'] },
      ],
    },
    {
      name: 'resizes of rank 3 and rank 2 by their sizes; none without sizes, of another rank, or of an empty axis (hand-made)',
      model: handMadeProgram(
        [
          handMadeOp('relu', 'x3', { outputs: [tensor('fp16', [4, 8, 16])] }),
          handMadeOp('resize_bilinear', 'taller', { inputs: { x: 'x3' }, outputs: [tensor('fp16', [4, 24, 16])] }),
          handMadeOp('relu', 'x2', { outputs: [tensor('fp16', [8, 16])] }),
          handMadeOp('resize_nearest_neighbor', 'wider', { inputs: { x: 'x2' }, outputs: [tensor('fp16', [8, 48])] }),
          handMadeOp('resize_bilinear', 'no_input'),
          handMadeOp('resize_bilinear', 'no_output', { inputs: { x: 'x3' }, outputs: [] }),
          handMadeOp('resize_bilinear', 'unknown_sizes', { inputs: { x: 'x3' }, outputs: [tensor('fp16', [4, null, null])] }),
          handMadeOp('relu', 'x1', { outputs: [tensor('fp16', [8])] }),
          handMadeOp('resize_bilinear', 'rank1', { inputs: { x: 'x1' }, outputs: [tensor('fp16', [24])] }),
          handMadeOp('resize_bilinear', 'rank_changed', { inputs: { x: 'x3' }, outputs: [tensor('fp16', [1, 4, 24, 16])] }),
          handMadeOp('relu', 'empty', { outputs: [tensor('fp16', [4, 0, 16])] }),
          handMadeOp('resize_bilinear', 'from_empty', { inputs: { x: 'empty' }, outputs: [tensor('fp16', [4, 24, 16])] }),
          handMadeOp('resize_bilinear', 'to_empty', { inputs: { x: 'x3' }, outputs: [tensor('fp16', [4, 0, 16])] }),
          handMadeOp('relu', 'wide_scale', { inputs: { scale_factor_height: [3] } }),
        ],
      ),
      findings: [
        { subject: { kind: 'op', name: 'taller', type: 'resize_bilinear' }, messageIncludes: ['scales by 3x1:'] },
        { subject: { kind: 'op', name: 'wider', type: 'resize_nearest_neighbor' }, messageIncludes: ['scales by 1x3:'] },
      ],
    },
  ],
  valid: [
    { name: 'a 2x upsample_nearest_neighbor', model: built.program_fp16 },
    { name: 'a NeuralNetwork upsample without params (hand-made)', model: handMadeSpec({ network: { layers: [{ ...upsample('bare', [], []), upsample: undefined }], layerCounts: { upsample: 1 }, weightStorage: {}, layerNames: 'schema' } }) },
  ],
});
