import { rnn } from '../../../src/model/rules/rnn.js';
import { coremltoolsModels, ruleCases, sharedModels } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_rnn_ops', 'rule_rnn_layers', 'nn_layers', 'program_fp16', 'program_control_flow', 'rule_nn_nd_layers'] as const);
const shared = sharedModels({ dtln: 'dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage' });

ruleCases(rnn, {
  invalid: [
    {
      name: 'MIL lstm, gru and rnn',
      model: built.rule_rnn_ops,
      findings: [
        { subject: { kind: 'op', name: 'lstm_cast_fp16', type: 'lstm', function: 'main' }, messageIncludes: ['lstm op "lstm_cast_fp16" in function main is recurrent', 'Core ML runs LSTM, GRU and RNN on the CPU', 'Unroll the recurrence'] },
        { subject: { kind: 'op', name: 'gru_cast_fp16', type: 'gru' } },
        { subject: { kind: 'op', name: 'rnn_cast_fp16', type: 'rnn' } },
      ],
    },
    {
      name: 'NeuralNetwork biDirectionalLSTM, gru and simpleRecurrent',
      model: built.rule_rnn_layers,
      findings: [
        { subject: { kind: 'layer', name: 'bilstm', type: 'biDirectionalLSTM' }, messageIncludes: ['biDirectionalLSTM layer "bilstm" is recurrent'] },
        { subject: { kind: 'layer', name: 'gru', type: 'gru' } },
        { subject: { kind: 'layer', name: 'simple', type: 'simpleRecurrent' } },
      ],
    },
    { name: 'a uniDirectionalLSTM among other layers', model: built.nn_layers, findings: [{ subject: { kind: 'layer', name: 'lstm', type: 'uniDirectionalLSTM' } }] },
  ],
  valid: [
    { name: 'a convolution program', model: built.program_fp16 },
    { name: 'a while_loop (control-flow\'s)', model: built.program_control_flow },
    { name: 'an LSTM converted to a loop of matmuls (DTLN)', model: shared.dtln },
    { name: 'other layers', model: built.rule_nn_nd_layers },
  ],
});
