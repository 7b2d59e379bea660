/**
 * Gathers and embedding lookups (MIL `gather`, `gather_nd`, `gather_along_axis`; NeuralNetwork `gather`,
 * `gatherND`, `gatherAlongAxis`, `embedding`, `embeddingND`) were measured on the CPU. Apple's own ANE-optimized
 * distilbert (apple/ml-ane-transformers README): "4 of the 606 operations in the optimized model are executed on
 * the CPU. These are the embedding lookup related operations"; smpanaro/CoreMLInspect's README shows a `gather`
 * whose supported devices are the GPU and CPU only; hollance/neural-engine lists "gather". These are measurements
 * of particular models (Anemll measured uint16-indexed gathers placed on the ANE), hence a warning.
 *
 * A MIL gather whose indices are int32 computed at run time is `gather-int32-indices`'s finding, not this rule's.
 */
import type { FunctionFacts, OperationFacts } from '../facts.js';
import { GATHER_OPS } from './gather-int32-indices.js';
import { type Rule, finding } from './rule.js';
import { boundTo, computingOps, tensorOf } from './program.js';
import { describeLayer, describeOp, layersOf, layerSubject, opSubject } from './subjects.js';

const LAYERS = new Set(['gather', 'gatherND', 'gatherAlongAxis', 'embedding', 'embeddingND']);

const meta = {
  id: 'gather-lookup',
  severity: 'warning',
  evidence: 'measured',
  sources: ['https://github.com/apple/ml-ane-transformers', 'https://github.com/smpanaro/CoreMLInspect', 'https://github.com/hollance/neural-engine/blob/master/docs/unsupported-layers.md'],
  scope: 'all',
  description: 'A gather or embedding lookup (gather ops; gather and embedding layers), its indices not int32.',
  why: 'Gathers and embedding lookups were measured on the CPU, even in Apple\'s ANE-optimized distilbert, which splits the model around them.',
  fix: 'Do the lookup in the app or in a small model of its own and feed this one the embeddings; where a gather must stay, give it uint16 indices, with which gathers were measured on the ANE.',
} as const;

function hasInt32RuntimeIndices(fn: FunctionFacts, op: OperationFacts): boolean {
  const indices = boundTo(fn, op, 'indices');
  return indices?.kind === 'runtime' && tensorOf(indices.type)?.dataType === 'int32';
}

export const gatherLookup: Rule = {
  meta,
  check(model) {
    const ops = computingOps(model)
      .filter(({ fn, op }) => GATHER_OPS.has(op.type) && !hasInt32RuntimeIndices(fn, op))
      .map(({ fn, op }) => finding(meta, opSubject(fn, op), `${describeOp(fn, op)} is a lookup: ${meta.why} ${meta.fix}`));
    const layers = layersOf(model)
      .filter((layer) => LAYERS.has(layer.kind))
      .map((layer) => finding(meta, layerSubject(layer), `${describeLayer(layer)} is a lookup: ${meta.why} ${meta.fix}`));
    return [...ops, ...layers];
  },
};
