import { bandPart } from '../../../src/model/rules/band-part.js';
import { coremltoolsModels, ruleCases } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_band_part', 'rule_nn_nd_layers', 'program_fp16', 'nn_layers'] as const);

ruleCases(bandPart, {
  invalid: [
    {
      name: 'a causal mask made with band_part',
      model: built.rule_band_part,
      findings: [{ subject: { kind: 'op', name: 'causal_cast_fp16', type: 'band_part', function: 'main' }, messageIncludes: ['band_part op "causal_cast_fp16" in function main: band_part was measured off the ANE', 'Make the mask a constant'] }],
    },
    { name: 'a matrixBandPart layer', model: built.rule_nn_nd_layers, findings: [{ subject: { kind: 'layer', name: 'mask', type: 'matrixBandPart' }, messageIncludes: ['matrixBandPart layer "mask": band_part was measured off the ANE'] }] },
  ],
  valid: [
    { name: 'no band_part', model: built.program_fp16 },
    { name: 'other layers', model: built.nn_layers },
  ],
});
