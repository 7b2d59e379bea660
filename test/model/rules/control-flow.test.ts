import { controlFlow } from '../../../src/model/rules/control-flow.js';
import { coremltoolsModels, handMadeOp, handMadeProgram, ruleCases, sharedModels } from '../../support/rule-tester.js';

const built = coremltoolsModels(['program_control_flow', 'rule_lists', 'nn_branch', 'program_fp16', 'rule_rnn_ops'] as const);
const shared = sharedModels({ dtln: 'dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage' });

ruleCases(controlFlow, {
  invalid: [
    {
      name: 'a while_loop with a cond in its body',
      model: built.program_control_flow,
      findings: [
        { subject: { kind: 'op', name: 'loop', type: 'while_loop', function: 'main' }, messageIncludes: ['while_loop op "loop" in function main is control flow: A while_loop was measured running on the CPU, off both the ANE and the GPU', 'Unroll the loop'] },
        { subject: { kind: 'op', name: 'cond_1', type: 'cond' }, messageIncludes: ['is control flow'] },
      ],
    },
    {
      name: 'list ops',
      model: built.rule_lists,
      findings: [
        { subject: { kind: 'op', name: 'steps', type: 'make_list' }, messageIncludes: ['make_list op "steps" in function main is a list op (a converted loop\'s TensorArray)'] },
        { subject: { kind: 'op', name: 'first', type: 'list_write' } },
        { subject: { kind: 'op', name: 'second', type: 'list_write' } },
        { subject: { kind: 'op', name: 'last', type: 'list_read' } },
        { subject: { kind: 'op', name: 'all', type: 'list_gather' } },
      ],
    },
    { name: 'list_length (hand-made: coremltools folds a constant one)', model: handMadeProgram([handMadeOp('list_length', 'n')]), findings: [{ subject: { kind: 'op', name: 'n', type: 'list_length' } }] },
    {
      name: 'DTLN: an LSTM converted to two loops over lists',
      model: shared.dtln,
      findings: [
        { subject: { kind: 'op', name: 'DTLN_AEC_Part1_lstm_1_0_PartitionedCall_while_renamed', type: 'while_loop' } },
        { subject: { kind: 'op', name: 'DTLN_AEC_Part1_lstm_1_1_PartitionedCall_while_renamed', type: 'while_loop' } },
        { subject: { kind: 'op', name: 'tf_make_list_0', type: 'make_list' } },
        { subject: { kind: 'op', name: 'tf_make_list_1', type: 'make_list' } },
        { subject: { kind: 'op', name: 'DTLN_AEC_Part1_lstm_1_0_PartitionedCall_TensorArrayV2_1', type: 'make_list' } },
        { subject: { kind: 'op', name: 'DTLN_AEC_Part1_lstm_1_1_PartitionedCall_TensorArrayV2_1', type: 'make_list' } },
        { subject: { kind: 'op', name: 'DTLN_AEC_Part1_lstm_1_0_PartitionedCall_TensorArrayUnstack_TensorListFromTensor', type: 'list_scatter' } },
        { subject: { kind: 'op', name: 'DTLN_AEC_Part1_lstm_1_1_PartitionedCall_TensorArrayUnstack_TensorListFromTensor', type: 'list_scatter' } },
        { subject: { kind: 'op', name: 'DTLN_AEC_Part1_lstm_1_0_PartitionedCall_while_while_body_3605_while_TensorArrayV2Read_TensorListGetItem', type: 'list_read' } },
        { subject: { kind: 'op', name: 'DTLN_AEC_Part1_lstm_1_1_PartitionedCall_while_while_body_4023_while_TensorArrayV2Read_TensorListGetItem', type: 'list_read' } },
        { subject: { kind: 'op', name: 'DTLN_AEC_Part1_lstm_1_0_PartitionedCall_while_while_body_3605_while_TensorArrayV2Write_TensorListSetItem', type: 'list_write' } },
        { subject: { kind: 'op', name: 'DTLN_AEC_Part1_lstm_1_1_PartitionedCall_while_while_body_4023_while_TensorArrayV2Write_TensorListSetItem', type: 'list_write' } },
        { subject: { kind: 'op', name: 'DTLN_AEC_Part1_lstm_1_0_PartitionedCall_TensorArrayV2Stack_TensorListStack', type: 'list_gather' } },
        { subject: { kind: 'op', name: 'DTLN_AEC_Part1_lstm_1_1_PartitionedCall_TensorArrayV2Stack_TensorListStack', type: 'list_gather' } },
      ],
    },
  ],
  valid: [
    { name: 'ops named like lists that are not (hand-made)', model: handMadeProgram([handMadeOp('list', 'l'), handMadeOp('while', 'w')]) },
    { name: 'a NeuralNetwork branch (not checked: the measurement is of ML programs)', model: built.nn_branch },
    { name: 'straight-line ops', model: built.program_fp16 },
    { name: 'recurrent ops (rnn\'s)', model: built.rule_rnn_ops },
  ],
});
