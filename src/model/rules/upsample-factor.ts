/**
 * Upsampling by a factor other than 2 (MIL `upsample_nearest_neighbor`, `upsample_bilinear`, and
 * `resize_nearest_neighbor`, `resize_bilinear` by their input and output sizes; NeuralNetwork `upsample`).
 * Espresso's kernel validation, logged in hollance/neural-engine#2: "only scaling factor of 2 is supported,
 * getting (28, 28)". A factor of 1 leaves an axis as it is and is not counted; a resize whose sizes the file
 * does not give is not checked.
 */
import type { FunctionFacts, LayerFacts, OperationFacts } from '../facts.js';
import { type Rule, finding } from './rule.js';
import { boundTo, computingOps, constantNumbers, tensorOf } from './program.js';
import { describeLayer, describeOp, layersOf, layerSubject, opSubject } from './subjects.js';

const SCALED = new Set(['upsample_nearest_neighbor', 'upsample_bilinear']);
const RESIZED = new Set(['resize_nearest_neighbor', 'resize_bilinear']);

const meta = {
  id: 'upsample-factor',
  severity: 'error',
  evidence: 'message',
  sources: ['hollance/neural-engine#2'],
  scope: 'all',
  description: 'An upsample or resize scales an axis by a factor other than 2.',
  why: 'The ANE\'s upsampling takes a factor of 2 only ("only scaling factor of 2 is supported, getting (28, 28)"); other factors run on the GPU or CPU.',
  fix: 'Upsample in steps of 2 (4x as two 2x), or use a transposed convolution of stride 2; resize by other factors outside the model.',
} as const;

/** The height and width factors of a scaled or resized op, when the file gives them. */
function opFactors(fn: FunctionFacts, op: OperationFacts): number[] {
  if (SCALED.has(op.type)) {
    return ['scale_factor_height', 'scale_factor_width'].flatMap((param) => constantNumbers(fn, op, param));
  }
  if (!RESIZED.has(op.type)) return [];
  const input = tensorOf(boundTo(fn, op, 'x')?.type)?.shape ?? [];
  const output = tensorOf(op.outputs[0]?.type)?.shape ?? [];
  if (input.length < 2 || output.length !== input.length) return [];
  return [-2, -1].flatMap((axis) => {
    const from = input.at(axis);
    const to = output.at(axis);
    return (from ?? 0) > 0 && (to ?? 0) > 0 ? [to! / from!] : [];
  });
}

function layerFactors(layer: LayerFacts): number[] {
  // The reader gives a layer these params only when it is an upsample.
  if (!layer.upsample) return [];
  const { fractionalScalingFactor, scalingFactor } = layer.upsample;
  return fractionalScalingFactor.some((factor) => factor !== 0) ? fractionalScalingFactor : scalingFactor;
}

function unsupported(factors: number[]): boolean {
  return factors.some((factor) => factor !== 1 && factor !== 2);
}

function text(factors: number[]): string {
  return factors.map((factor) => String(Number(factor.toFixed(3)))).join('x');
}

export const upsampleFactor: Rule = {
  meta,
  check(model) {
    const ops = computingOps(model).flatMap(({ fn, op }) => {
      const factors = opFactors(fn, op);
      return unsupported(factors) ? [finding(meta, opSubject(fn, op), `${describeOp(fn, op)} scales by ${text(factors)}: ${meta.why} ${meta.fix}`)] : [];
    });
    const layers = layersOf(model).flatMap((layer) => {
      const factors = layerFactors(layer);
      return unsupported(factors) ? [finding(meta, layerSubject(layer), `${describeLayer(layer)} scales by ${text(factors)}: ${meta.why} ${meta.fix}`)] : [];
    });
    return [...ops, ...layers];
  },
};
