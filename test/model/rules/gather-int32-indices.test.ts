import { gatherInt32Indices } from '../../../src/model/rules/gather-int32-indices.js';
import { coremltoolsModels, handMadeOp, handMadeProgram, ruleCases, tensor } from '../../support/rule-tester.js';

const built = coremltoolsModels(['program_gather_int32', 'rule_gather_variants', 'rule_gather_uint16', 'rule_nn_lookups', 'program_fp16'] as const);

ruleCases(gatherInt32Indices, {
  invalid: [
    {
      name: 'an embedding lookup of int32 ids (iOS 16)',
      model: built.program_gather_int32,
      findings: [{ subject: { kind: 'op', name: 'embed_cast_fp16', type: 'gather', function: 'main' }, messageIncludes: ['gather op "embed_cast_fp16" in function main takes int32 indices ("ids")', 'so the gather runs on the CPU', 'mb.cast(x=ids, dtype="uint16")'] }],
    },
    {
      name: 'gather_nd and gather_along_axis of int32 inputs (the gather of constant indices is not)',
      model: built.rule_gather_variants,
      findings: [
        { subject: { kind: 'op', name: 'rows_cast_fp16', type: 'gather_nd' }, messageIncludes: ['("nd_indices")'] },
        { subject: { kind: 'op', name: 'columns_cast_fp16', type: 'gather_along_axis' }, messageIncludes: ['("axis_indices")'] },
      ],
    },
  ],
  valid: [
    { name: 'uint16 indices', model: built.rule_gather_uint16 },
    {
      name: 'a scatter of int32 indices, a gather without indices, one of indices of no known type (hand-made)',
      model: handMadeProgram([handMadeOp('scatter', 'put', { inputs: { indices: 'ids' } }), handMadeOp('gather', 'bare'), handMadeOp('gather', 'unknown', { inputs: { indices: 'nowhere' } })], { inputs: [{ name: 'ids', type: tensor('int32', [4]) }] }),
    },
    { name: 'NeuralNetwork lookups (their indices have no type in the file)', model: built.rule_nn_lookups },
    { name: 'no gather', model: built.program_fp16 },
  ],
});
