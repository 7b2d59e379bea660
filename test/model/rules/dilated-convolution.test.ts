import { dilatedConvolution } from '../../../src/model/rules/dilated-convolution.js';
import { coremltoolsModels, handMadeOp, handMadeProgram, handMadeSpec, ruleCases, sharedModels } from '../../support/rule-tester.js';

const built = coremltoolsModels(['program_fp16', 'program_fp32', 'nn_layers', 'rule_nn_nd_layers', 'rule_pooling'] as const);
const shared = sharedModels({ tinyDrawing: 'ct-tiny-drawing-embedding/TinyDrawingEmbedding.mlmodel' });

const conv3d = (name: string, dilation: number[]) => ({
  name,
  kind: 'convolution3d',
  inputs: ['x'],
  outputs: [name],
  inputTensors: [],
  outputTensors: [],
  path: [],
  isUpdatable: false,
  weights: [],
  convolution3d: { kernelSize: [3, 3, 3], stride: [1, 1, 1], dilation, nGroups: 1, isDeconvolution: false },
});

ruleCases(dilatedConvolution, {
  invalid: [
    { name: 'a conv of dilations 2x2 (float16)', model: built.program_fp16, findings: [{ subject: { kind: 'op', name: 'conv_cast_fp16', type: 'conv', function: 'main' }, messageIncludes: ['conv op "conv_cast_fp16" in function main has dilations 2x2: Dilated convolutions are reported not to run on the ANE', 'Measure it on a device'] }] },
    { name: 'the same in float32', model: built.program_fp32, findings: [{ subject: { kind: 'op', name: 'conv', type: 'conv' } }] },
    { name: 'a NeuralNetwork convolution of dilation 2 (not the undilated one)', model: built.rule_nn_nd_layers, findings: [{ subject: { kind: 'layer', name: 'dilated', type: 'convolution' }, messageIncludes: ['convolution layer "dilated" has dilations 2x2'] }] },
    { name: 'another', model: built.nn_layers, findings: [{ subject: { kind: 'layer', name: 'conv' } }] },
    {
      name: 'a conv_transpose of dilations 1x3 (hand-made); not a pool with dilations',
      model: handMadeProgram([handMadeOp('conv_transpose', 'up', { inputs: { dilations: [1, 3] } }), handMadeOp('max_pool', 'pool', { inputs: { dilations: [2, 2] } }), handMadeOp('conv', 'plain', { inputs: { dilations: [1, 1] } })]),
      findings: [{ subject: { kind: 'op', name: 'up', type: 'conv_transpose' }, message: 'conv_transpose op "up" in function main has dilations 1x3: Dilated convolutions are reported not to run on the ANE. Measure it on a device; if it leaves the ANE, use an undilated convolution with a larger kernel or a space-to-batch rearrangement around it.' }],
    },
    {
      name: 'a convolution3d dilated in depth only (hand-made)',
      model: handMadeSpec({ network: { layers: [conv3d('deep', [2, 1, 1]), conv3d('plain', [1, 1, 1])], layerCounts: {}, weightStorage: {}, layerNames: 'schema' } }),
      findings: [{ subject: { kind: 'layer', name: 'deep', type: 'convolution3d' }, messageIncludes: ['has dilations 2x1x1'] }],
    },
  ],
  valid: [
    { name: 'undilated convolutions', model: shared.tinyDrawing },
    { name: 'no convolution', model: built.rule_pooling },
  ],
});
