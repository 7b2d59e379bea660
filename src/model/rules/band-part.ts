/**
 * `band_part` (TensorFlow's matrix_band_part; NeuralNetwork `matrixBandPart`), the op a causal mask is often
 * made with. smpanaro/more-ane-transformers measured it off the ANE (src/experiments/NOTES.md): chunks of a model
 * that "all start with matrix_band_part that is not able to run on ANE" ran on the CPU, and the whole chunk with
 * them. One measurement: a warning.
 */
import { type Rule, finding } from './rule.js';
import { computingOps } from './program.js';
import { describeLayer, describeOp, layersOf, layerSubject, opSubject } from './subjects.js';

const meta = {
  id: 'band-part',
  severity: 'warning',
  evidence: 'measured',
  sources: ['https://github.com/smpanaro/more-ane-transformers/blob/main/src/experiments/NOTES.md'],
  scope: 'all',
  description: 'A band_part op (matrix_band_part) or matrixBandPart layer.',
  why: 'band_part was measured off the ANE, pulling the ops around it to the CPU.',
  fix: 'Make the mask a constant (a precomputed float16 triangle), or pass it in as an input, and apply it with add or select.',
} as const;

export const bandPart: Rule = {
  meta,
  check(model) {
    const ops = computingOps(model)
      .filter(({ op }) => op.type === 'band_part')
      .map(({ fn, op }) => finding(meta, opSubject(fn, op), `${describeOp(fn, op)}: ${meta.why} ${meta.fix}`));
    const layers = layersOf(model)
      .filter((layer) => layer.kind === 'matrixBandPart')
      .map((layer) => finding(meta, layerSubject(layer), `${describeLayer(layer)}: ${meta.why} ${meta.fix}`));
    return [...ops, ...layers];
  },
};
