import { rangeShapeInput } from '../../../src/model/rules/range-shape-input.js';
import { coremltoolsModels, handMadeSpec, ruleCases, sharedModels } from '../../support/rule-tester.js';

const built = coremltoolsModels(['program_range_input', 'nn_flexible', 'rule_range_unbounded_nn', 'rule_range_fixed_bounds', 'program_enumerated_layer_norm', 'program_fp16', 'program_multifunction'] as const);
const shared = sharedModels({ dtln: 'dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage' });

const range = { kind: 'range' as const, ranges: [{ lower: 1, upper: 1 }, { lower: 2, upper: 8 }] };
const input = (name: string) => ({ name, kind: 'multiArray' as const, optional: false, dataType: 'fp32' as const, shape: [1, 4], flexibility: range });

ruleCases(rangeShapeInput, {
  invalid: [
    {
      name: 'two RangeDim inputs of an ML program',
      model: built.program_range_input,
      findings: [
        { subject: { kind: 'input', name: 'x', type: 'multiArray' }, messageIncludes: ['input "x" (multiArray) takes a range of shapes (dimensions 1-1 x 1-64, default [1, 16])', 'only the default shape is eligible for the ANE, the others go to the GPU or CPU', 'ct.EnumeratedShapes'] },
        { subject: { kind: 'input', name: 'y', type: 'multiArray' }, messageIncludes: ['dimensions 1-1 x 8-512, default [1, 16]'] },
      ],
    },
    {
      name: 'an image size range (the enumerated array beside it is not a finding)',
      model: built.nn_flexible,
      findings: [{ subject: { kind: 'input', name: 'image', type: 'image' }, messageIncludes: ['input "image" (image) takes a range of shapes (height, width 16-64 x 16-unbounded, default [32, 32])'] }],
    },
    {
      name: 'an unbounded range of a network',
      model: built.rule_range_unbounded_nn,
      findings: [{ subject: { kind: 'input', name: 'x' }, messageIncludes: ['dimensions 3-3 x 4-unbounded x 8-8, default [3, 8, 8]'] }],
    },
    {
      name: 'the DTLN package, its three inputs ranging over the batch',
      model: shared.dtln,
      findings: [
        { subject: { kind: 'input', name: 'lpb_magnitude' } },
        { subject: { kind: 'input', name: 'mic_magnitude' } },
        { subject: { kind: 'input', name: 'states_in' }, messageIncludes: ['dimensions 1-2 x 2-2 x 128-128 x 2-2'] },
      ],
    },
    {
      name: 'a function of a multi-function model (hand-made: the function is named)',
      model: handMadeSpec({ inputs: [input('x')], functionDescriptions: [{ name: 'prefill', inputs: [input('x')], outputs: [], states: [] }, { name: 'decode', inputs: [], outputs: [], states: [] }] }),
      findings: [{ subject: { kind: 'input', name: 'x', function: 'prefill' }, messageIncludes: ['input "x" (multiArray) of function prefill takes a range'] }],
    },
  ],
  valid: [
    { name: 'enumerated shapes', model: built.program_enumerated_layer_norm },
    { name: 'a RangeDim whose bounds are equal (one shape)', model: built.rule_range_fixed_bounds },
    { name: 'fixed inputs', model: built.program_fp16 },
    { name: 'a multi-function model with fixed inputs', model: built.program_multifunction },
    { name: 'an output with a range is not an input', model: handMadeSpec({ outputs: [input('y')] }) },
    { name: 'a range of one size per dimension', model: handMadeSpec({ inputs: [{ ...input('x'), flexibility: { kind: 'range', ranges: [{ lower: 4, upper: 4 }] } }] }) },
  ],
});
