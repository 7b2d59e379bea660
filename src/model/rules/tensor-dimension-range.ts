/**
 * A tensor with a dimension outside the ANE's ranges. The ANE compiler names a tensor by five axes and rejects
 * it with "Tensor dimensions N1D1C1H1W240000 are not within supported range, N[1-65536]D[1-16384]C[1-65536]
 * H[1-16384]W[1-16384]" (pytorch/executorch#7907, FluidInference/FluidAudio#121, where a [1, 240000] waveform
 * became W240000).
 *
 * The mapping used here: a tensor of rank 1 to 5 is laid onto the axes from the right, the last axis on W, then
 * H, C, D and N: [a] is W; [a, b] is H, W; [a, b, c] is C, H, W; [a, b, c, d] is D, C, H, W; rank 5 is N, D, C,
 * H, W. An image feature's [height, width] is H, W. Ranks above 5 are `tensor-rank-above-5`'s. What is checked:
 * the inputs, outputs and states (their default shape and each enumerated shape), the outputs of the ops that
 * compute (not the constants: weights are laid out by the compiler, not as activations) and a NeuralNetwork's
 * layer output tensors. An unknown dimension (a range, or 0 in an old network) is not checked.
 */
import type { FeatureFacts, ModelSpecFacts } from '../facts.js';
import { type Finding, type Rule, type Subject, finding } from './rule.js';
import { computingOps, tensorOf } from './program.js';
import { describeFeature, describeLayer, describeOp, featuresOf, featureSubject, layersOf, layerSubject, opSubject, shapeText } from './subjects.js';

export const AXES = ['N', 'D', 'C', 'H', 'W'] as const;
export type Axis = (typeof AXES)[number];
export const AXIS_LIMITS: Readonly<Record<Axis, number>> = { N: 65536, D: 16384, C: 65536, H: 16384, W: 16384 };

/** The ANE axes of a tensor of `rank` 1-5, from the right; empty for other ranks. */
export function axesOf(rank: number): Axis[] {
  return rank <= AXES.length ? AXES.slice(AXES.length - rank) : [];
}

/** The dimensions of `shape` beyond their axis's limit, as `W = 240000`. */
export function outOfRange(shape: readonly (number | null)[]): string[] {
  const axes = axesOf(shape.length);
  return axes.flatMap((axis, i) => {
    const dim = shape[i] ?? null;
    return (dim ?? 0) > AXIS_LIMITS[axis] ? [`${axis} = ${dim}`] : [];
  });
}

const meta = {
  id: 'tensor-dimension-range',
  severity: 'error',
  evidence: 'message',
  sources: ['pytorch/executorch#7907', 'FluidInference/FluidAudio#121'],
  scope: 'all',
  description: 'A tensor has a dimension outside the ANE\'s ranges: N 1-65536, D 1-16384, C 1-65536, H 1-16384, W 1-16384 (the last axis is W).',
  why: 'The ANE compiler lays every tensor on five axes (N, D, C, H, W) with these limits, and rejects a tensor that does not fit; the work goes to the GPU or CPU.',
  fix: 'Reshape or split the tensor so that every axis fits, above all the last one (W, at most 16384): move length into another axis ([1, 240000] as [1, 15, 16000]) or process it in chunks.',
} as const;

function message(what: string, shape: readonly (number | null)[], over: string[]): string {
  return `${what} has shape ${shapeText(shape)}: ${over.join(', ')} is beyond the ANE's limits (N and C 65536; D, H and W 16384; the last axis is W). ${meta.fix}`;
}

function featureShapes(feature: FeatureFacts): number[][] {
  const enumerated = feature.flexibility?.kind === 'enumerated' ? feature.flexibility.shapes : [];
  return [feature.shape, ...enumerated];
}

function features(model: ModelSpecFacts): Finding[] {
  const entries = [...featuresOf(model, 'input'), ...featuresOf(model, 'output'), ...featuresOf(model, 'state')];
  return entries.flatMap((entry) => {
    const shape = featureShapes(entry.feature).find((candidate) => outOfRange(candidate).length > 0);
    return shape ? [finding(meta, featureSubject(entry), message(describeFeature(entry), shape, outOfRange(shape)))] : [];
  });
}

function tensors(subject: Subject, what: string, shapes: (readonly (number | null)[])[]): Finding[] {
  const shape = shapes.find((candidate) => outOfRange(candidate).length > 0);
  return shape ? [finding(meta, subject, message(what, shape, outOfRange(shape)))] : [];
}

export const tensorDimensionRange: Rule = {
  meta,
  check(model) {
    const ops = computingOps(model).flatMap(({ fn, op }) =>
      tensors(
        opSubject(fn, op),
        describeOp(fn, op),
        op.outputs.flatMap((output) => {
          const tensor = tensorOf(output.type);
          return tensor ? [tensor.shape] : [];
        }),
      ),
    );
    const layers = layersOf(model).flatMap((layer) => tensors(layerSubject(layer), describeLayer(layer), layer.outputTensors.map((tensor) => tensor.shape)));
    return [...features(model), ...ops, ...layers];
  },
};
