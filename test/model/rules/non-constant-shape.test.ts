import { nonConstantShape } from '../../../src/model/rules/non-constant-shape.js';
import { coremltoolsModels, handMadeOp, handMadeProgram, ruleCases, sharedModels, tensor } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_dynamic_slice', 'rule_dynamic_reshape', 'program_stateful', 'rule_state_decayed', 'program_fp16'] as const);
const shared = sharedModels({ dtln: 'dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage' });

ruleCases(nonConstantShape, {
  invalid: [
    {
      name: 'slice_by_index and slice_by_size bounded by an input (the constant slice is not)',
      model: built.rule_dynamic_slice,
      findings: [
        { subject: { kind: 'op', name: 'window_cast_fp16', type: 'slice_by_index', function: 'main' }, messageIncludes: ['slice_by_index op "window_cast_fp16" in function main takes begin (from "begin") and end (from "end") computed at run time', 'the ANE compiler needs them as constants', 'select positions with a mask'] },
        { subject: { kind: 'op', name: 'sized_cast_fp16', type: 'slice_by_size' }, messageIncludes: ['takes begin (from "begin") computed at run time'], messageExcludes: ['size ('] },
      ],
    },
    { name: 'a reshape to a shape computed from the input', model: built.rule_dynamic_reshape, findings: [{ subject: { kind: 'op', name: 'flip_cast_fp16', type: 'reshape' }, messageIncludes: ['takes shape (from "reversed_shape")'] }] },
    {
      name: 'a slice_update into a run-time position, a slice_by_size of a run-time size (hand-made)',
      model: handMadeProgram([handMadeOp('slice_update', 'write_at', { inputs: { begin: 'position', end: [1, 2] } }), handMadeOp('slice_by_size', 'take', { inputs: { begin: [0, 0], size: 'position' } }), handMadeOp('slice_update', 'write_to', { inputs: { begin: [0, 0], end: 'position' } })], {
        inputs: [{ name: 'position', type: tensor('int32', [2]) }],
      }),
      findings: [
        { subject: { kind: 'op', name: 'write_at', type: 'slice_update' }, message: 'slice_update op "write_at" in function main takes begin (from "position") computed at run time: the ANE compiler needs them as constants. Make the bounds and shapes constants: slice with fixed bounds and select positions with a mask (one_hot, where) instead of a run-time position; reshape to a constant shape.' },
        { subject: { kind: 'op', name: 'take', type: 'slice_by_size' }, messageIncludes: ['takes size (from "position")'] },
        { subject: { kind: 'op', name: 'write_to', type: 'slice_update' }, messageIncludes: ['takes end (from "position")'] },
      ],
    },
  ],
  valid: [
    { name: 'ops with such parameters that are not slices or reshapes (hand-made)', model: handMadeProgram([handMadeOp('tile', 't', { inputs: { reps: 'r', shape: 'r', begin: 'r' } })], { inputs: [{ name: 'r', type: tensor('int32', [2]) }] }) },
    { name: 'a state update with constant bounds', model: built.program_stateful },
    { name: 'another', model: built.rule_state_decayed },
    { name: 'DTLN: strided slices and reshapes with constant bounds', model: shared.dtln },
    { name: 'no slice', model: built.program_fp16 },
  ],
});
