/**
 * A tensor of rank above 5. The ANE lays a tensor on five axes (N, D, C, H, W: the compiler's own messages name
 * them, "Tensor dimensions N1D1C1H1W240000 ...", pytorch/executorch#7907), and Espresso refuses a sixth: "Invalid
 * blob shape: ANE does not support blob with rank: 6" (microsoft/onnxruntime#14212, a rank-6 reshape in SAM's
 * image encoder). Checked: the inputs, outputs and states (default and enumerated shapes), the outputs of the ops
 * that compute, and a NeuralNetwork's layer tensors.
 */
import type { ModelSpecFacts } from '../facts.js';
import { type Finding, type Rule, finding } from './rule.js';
import { computingOps, tensorOf } from './program.js';
import { describeFeature, describeLayer, describeOp, featuresOf, featureSubject, layersOf, layerSubject, opSubject, shapeText } from './subjects.js';

export const MAX_RANK = 5;

const meta = {
  id: 'tensor-rank-above-5',
  severity: 'error',
  evidence: 'message',
  sources: ['microsoft/onnxruntime#14212', 'pytorch/executorch#7907'],
  scope: 'all',
  description: 'A tensor has more than 5 dimensions.',
  why: 'The ANE lays every tensor on five axes (N, D, C, H, W); a tensor of rank 6 or more is refused ("ANE does not support blob with rank: 6") and its ops go to the GPU or CPU.',
  fix: 'Merge axes so that no tensor has more than 5 (fold batch, heads or window axes together with a reshape before the op and split them after).',
} as const;

function message(what: string, rank: number, shape: readonly (number | null)[]): string {
  const dims = shape.length === rank ? ` ${shapeText(shape)}` : '';
  return `${what} has rank ${rank}${dims}: the ANE has five axes and refuses a tensor of rank ${rank}. ${meta.fix}`;
}

function features(model: ModelSpecFacts): Finding[] {
  const entries = [...featuresOf(model, 'input'), ...featuresOf(model, 'output'), ...featuresOf(model, 'state')];
  return entries.flatMap((entry) => {
    const { feature } = entry;
    const shapes = [feature.shape, ...(feature.flexibility?.kind === 'enumerated' ? feature.flexibility.shapes : [])];
    const shape = shapes.find((candidate) => candidate.length > MAX_RANK);
    return shape ? [finding(meta, featureSubject(entry), message(describeFeature(entry), shape.length, shape))] : [];
  });
}

export const tensorRank: Rule = {
  meta,
  check(model) {
    const ops = computingOps(model).flatMap(({ fn, op }) => {
      const tensor = op.outputs.map((output) => tensorOf(output.type)).find((candidate) => candidate !== null && candidate.rank > MAX_RANK);
      return tensor ? [finding(meta, opSubject(fn, op), message(describeOp(fn, op), tensor.rank, tensor.shape))] : [];
    });
    const layers = layersOf(model).flatMap((layer) => {
      const tensor = [...layer.inputTensors, ...layer.outputTensors].find((candidate) => candidate.rank > MAX_RANK);
      return tensor ? [finding(meta, layerSubject(layer), message(describeLayer(layer), tensor.rank, tensor.shape))] : [];
    });
    return [...features(model), ...ops, ...layers];
  },
};
