/**
 * Enumerated input shapes together with `layer_norm` (NeuralNetwork `layerNormalization`). apple/coremltools#1909
 * measured a model with a `LayerNorm` that stayed off the ANE with `EnumeratedShapes` inputs (175 ms) and ran
 * there with a fixed shape or a RangeDim (20 ms); without the LayerNorm the enumerated model used the ANE.
 * One measurement: a warning, one finding per layer_norm.
 */
import type { ModelSpecFacts } from '../facts.js';
import { type Rule, finding } from './rule.js';
import { computingOps } from './program.js';
import { describeLayer, describeOp, featuresOf, layersOf, layerSubject, opSubject } from './subjects.js';

const meta = {
  id: 'enumerated-shapes-layer-norm',
  severity: 'warning',
  evidence: 'measured',
  sources: ['apple/coremltools#1909'],
  scope: 'all',
  description: 'A layer_norm op or layerNormalization layer in a model with an enumerated-shape input.',
  why: 'A model with enumerated input shapes and a layer_norm was measured off the ANE; with a fixed shape or a range instead, it was not.',
  fix: 'Export one model (or one function of a multi-function model) per shape with fixed inputs, or write the normalization with reduce_mean, sub, mul and rsqrt.',
} as const;

function enumeratedInputs(model: ModelSpecFacts): string[] {
  return [...new Set(featuresOf(model, 'input').filter((entry) => entry.feature.flexibility?.kind === 'enumerated').map((entry) => entry.feature.name))];
}

export const enumeratedShapesLayerNorm: Rule = {
  meta,
  check(model) {
    const inputs = enumeratedInputs(model);
    if (inputs.length === 0) return [];
    const named = inputs.map((name) => `"${name}"`).join(', ');
    const ops = computingOps(model)
      .filter(({ op }) => op.type === 'layer_norm')
      .map(({ fn, op }) => finding(meta, opSubject(fn, op), `${describeOp(fn, op)} is in a model whose input ${named} takes enumerated shapes: ${meta.why} ${meta.fix}`));
    const layers = layersOf(model)
      .filter((layer) => layer.kind === 'layerNormalization')
      .map((layer) => finding(meta, layerSubject(layer), `${describeLayer(layer)} is in a model whose input ${named} takes enumerated shapes: ${meta.why} ${meta.fix}`));
    return [...ops, ...layers];
  },
};
