import { int32Tensor } from '../../../src/model/rules/int32-tensor.js';
import { coremltoolsModels, handMadeOp, handMadeProgram, ruleCases, sharedModels, tensor } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_int32_math', 'rule_gather_uint16', 'program_control_flow', 'program_gather_int32', 'program_fp16', 'rule_dynamic_reshape'] as const);
const shared = sharedModels({ dtln: 'dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage' });

ruleCases(int32Tensor, {
  invalid: [
    {
      name: 'an int32 add, and a cast from int32',
      model: built.rule_int32_math,
      findings: [
        { subject: { kind: 'op', name: 'shifted', type: 'add', function: 'main' }, messageIncludes: ['add op "shifted" in function main produces int32: the ANE has no int32 tensors ("Unsupported tensor data type: int32"), so it runs on the CPU', 'uint16 indices'] },
        { subject: { kind: 'op', name: 'cast_0', type: 'cast' }, messageIncludes: ['cast op "cast_0" in function main casts from int32'] },
      ],
    },
    { name: 'the cast of int32 ids to uint16 before a gather', model: built.rule_gather_uint16, findings: [{ subject: { kind: 'op', name: 'cast_1', type: 'cast' }, messageIncludes: ['casts from int32'] }] },
    {
      name: 'a loop counter and its arithmetic (not the while_loop or cond themselves)',
      model: built.program_control_flow,
      findings: [
        { subject: { kind: 'op', name: 'add_3', type: 'add' } },
        { subject: { kind: 'op', name: 'mod_1', type: 'mod' } },
      ],
    },
    {
      name: 'a shape computed at run time',
      model: built.rule_dynamic_reshape,
      findings: [
        { subject: { kind: 'op', name: 'reversed_shape', type: 'reverse' } },
        { subject: { kind: 'op', name: 'shape_of_x_cast_fp16', type: 'shape' } },
      ],
    },
    {
      name: 'DTLN\'s two loop counters',
      model: shared.dtln,
      findings: [
        { subject: { kind: 'op', name: 'DTLN_AEC_Part1_lstm_1_0_PartitionedCall_while_while_body_3605_while_add_2', type: 'add' } },
        { subject: { kind: 'op', name: 'DTLN_AEC_Part1_lstm_1_1_PartitionedCall_while_while_body_4023_while_add_2', type: 'add' } },
      ],
    },
    {
      name: 'an op with a second output of int32, and a cond of int32 results (not the cond) (hand-made)',
      model: handMadeProgram([handMadeOp('topk', 'top', { outputs: [tensor('fp16', [4]), tensor('int32', [4])] }), handMadeOp('cond', 'choose', { outputs: [tensor('int32', [1])] })]),
      findings: [{ subject: { kind: 'op', name: 'top', type: 'topk' }, messageIncludes: ['topk op "top" in function main produces int32'] }],
    },
  ],
  valid: [
    { name: 'int32 indices fed straight to a gather (gather-int32-indices\'s)', model: built.program_gather_int32 },
    { name: 'a float16 program whose int32 constants are parameters', model: built.program_fp16 },
  ],
});
