/**
 * NeuralNetwork "broadcastable" and "ND" layers, the kinds Core ML 3 (spec 4) added for tensors of any rank:
 * `addBroadcastable`, `multiplyBroadcastable`, `concatND`, `splitND`, `loadConstantND` and the others whose kind
 * ends in `Broadcastable` or `ND`. hollance/neural-engine (docs/unsupported-layers.md): "These layers will not run
 * on the ANE. When it encounters such a "broadcastable" or "ND" layer type, Core ML will fall back to the CPU or
 * GPU", with the warning that some of the list "are guesses": reported, so info. `gatherND` and `embeddingND` are
 * `gather-lookup`'s.
 */
import { type Rule, finding } from './rule.js';
import { describeLayer, layersOf, layerSubject } from './subjects.js';

const LOOKUPS = new Set(['gatherND', 'embeddingND']);

export function isBroadcastableOrND(kind: string): boolean {
  return (kind.endsWith('Broadcastable') || kind.endsWith('ND')) && !LOOKUPS.has(kind);
}

const meta = {
  id: 'broadcastable-nd-layer',
  severity: 'info',
  evidence: 'reported',
  sources: ['https://github.com/hollance/neural-engine/blob/master/docs/unsupported-layers.md'],
  scope: 'NeuralNetwork models (spec 4+)',
  description: 'A NeuralNetwork broadcastable or ND layer (addBroadcastable, concatND, loadConstantND, ...).',
  why: 'The broadcastable and ND layers of Core ML 3 are reported to fall back to the CPU or GPU.',
  fix: 'Use the Core ML 2 layer where one exists (add, multiply, concat, loadConstant) on rank-3 tensors, or convert the model to an ML program.',
} as const;

export const broadcastableNdLayer: Rule = {
  meta,
  check(model) {
    return layersOf(model)
      .filter((layer) => isBroadcastableOrND(layer.kind))
      .map((layer) => finding(meta, layerSubject(layer), `${describeLayer(layer)} is one of Core ML 3's broadcastable or ND layers, reported to fall back to the CPU or GPU. ${meta.fix}`));
  },
};
