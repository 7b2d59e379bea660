/**
 * Recurrent ops and layers: MIL `lstm`, `gru`, `rnn`; NeuralNetwork `uniDirectionalLSTM`, `biDirectionalLSTM`,
 * `gru`, `simpleRecurrent`. An Apple engineer on apple/coremltools#1780: "This is expected, RNN or LSTM are not
 * supported on the neural engine"; apple/coremltools#337 found LSTM layers on BNNS (the CPU) while the rest of the
 * model used the ANE; hollance/neural-engine lists "RNN layers such as LSTM or GRU".
 */
import { type Rule, finding } from './rule.js';
import { computingOps } from './program.js';
import { describeLayer, describeOp, layersOf, layerSubject, opSubject } from './subjects.js';

const OPS = new Set(['lstm', 'gru', 'rnn']);
const LAYERS = new Set(['uniDirectionalLSTM', 'biDirectionalLSTM', 'gru', 'simpleRecurrent']);

const meta = {
  id: 'rnn',
  severity: 'error',
  evidence: 'Apple',
  sources: ['apple/coremltools#1780', 'apple/coremltools#337', 'https://github.com/hollance/neural-engine/blob/master/docs/unsupported-layers.md'],
  scope: 'all',
  description: 'An RNN op (lstm, gru, rnn) or layer (uniDirectionalLSTM, biDirectionalLSTM, gru, simpleRecurrent).',
  why: 'The ANE has no recurrent ops: Core ML runs LSTM, GRU and RNN on the CPU.',
  fix: 'Unroll the recurrence into matmul and activation ops over a fixed number of steps, replace it with convolutions or attention, or run it in a separate model and keep the rest free of it.',
} as const;

export const rnn: Rule = {
  meta,
  check(model) {
    const ops = computingOps(model)
      .filter(({ op }) => OPS.has(op.type))
      .map(({ fn, op }) => finding(meta, opSubject(fn, op), `${describeOp(fn, op)} is recurrent: ${meta.why} ${meta.fix}`));
    const layers = layersOf(model)
      .filter((layer) => LAYERS.has(layer.kind))
      .map((layer) => finding(meta, layerSubject(layer), `${describeLayer(layer)} is recurrent: ${meta.why} ${meta.fix}`));
    return [...ops, ...layers];
  },
};
