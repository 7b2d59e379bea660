import { upsampleFactor } from '../../../src/model/rules/upsample-factor.js';
import { coremltoolsModels, handMadeSpec, ruleCases } from '../../support/rule-tester.js';

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
  ],
  valid: [
    { name: 'a 2x upsample_nearest_neighbor', model: built.program_fp16 },
    { name: 'a NeuralNetwork upsample without params (hand-made)', model: handMadeSpec({ network: { layers: [{ ...upsample('bare', [], []), upsample: undefined }], layerCounts: { upsample: 1 }, weightStorage: {}, layerNames: 'schema' } }) },
  ],
});
