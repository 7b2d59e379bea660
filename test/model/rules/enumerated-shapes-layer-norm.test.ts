import { enumeratedShapesLayerNorm } from '../../../src/model/rules/enumerated-shapes-layer-norm.js';
import { coremltoolsModels, handMadeOp, handMadeProgram, ruleCases } from '../../support/rule-tester.js';

const built = coremltoolsModels(['program_enumerated_layer_norm', 'rule_nn_layer_norm_enumerated', 'rule_layer_norm_fixed', 'rule_layer_norm_range', 'nn_flexible'] as const);

ruleCases(enumeratedShapesLayerNorm, {
  invalid: [
    {
      name: 'ct.EnumeratedShapes feeding a layer_norm',
      model: built.program_enumerated_layer_norm,
      findings: [{ subject: { kind: 'op', name: 'norm_cast_fp16', type: 'layer_norm', function: 'main' }, messageIncludes: ['layer_norm op "norm_cast_fp16" in function main is in a model whose input "x" takes enumerated shapes', 'was measured off the ANE', 'reduce_mean'] }],
    },
    { name: 'a layerNormalization layer with enumerated shapes', model: built.rule_nn_layer_norm_enumerated, findings: [{ subject: { kind: 'layer', name: 'norm', type: 'layerNormalization' }, messageIncludes: ['layerNormalization layer "norm" is in a model whose input "x" takes enumerated shapes'] }] },
    {
      name: 'two enumerated inputs, and one named twice by two functions (hand-made)',
      model: handMadeProgram([handMadeOp('layer_norm', 'ln')], {
        spec: {
          functionDescriptions: ['a', 'b'].map((fn) => ({
            name: fn,
            inputs: ['x', 'y'].map((name) => ({ name, kind: 'multiArray' as const, optional: false, dataType: 'fp32' as const, shape: [1], flexibility: { kind: 'enumerated' as const, shapes: [[1], [2]] } })),
            outputs: [],
            states: [],
          })),
        },
      }),
      findings: [{ subject: { kind: 'op', name: 'ln' }, messageIncludes: ['whose input "x", "y" takes enumerated shapes'] }],
    },
  ],
  valid: [
    { name: 'a layer_norm with a fixed input', model: built.rule_layer_norm_fixed },
    { name: 'a layer_norm with a RangeDim input', model: built.rule_layer_norm_range },
    { name: 'enumerated shapes without a layer_norm', model: built.nn_flexible },
  ],
});
