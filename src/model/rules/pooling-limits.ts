/**
 * Pooling with a kernel above 13 or a stride above 2 (MIL `max_pool`, `avg_pool`, `l2_pool`; NeuralNetwork
 * `pooling`, `pooling3d`). Espresso's own kernel validation, as logged in hollance/neural-engine#2 (2020):
 * "Unsupported: (dilated)kernel width = 28 > 13" and "Unsupported: stride_x = 4 > 2". A global pooling layer
 * (`globalPooling`, its kernel written as 0) is not checked: its kernel is the input's size, which the file may not
 * give.
 */
import type { LayerFacts } from '../facts.js';
import { type Rule, finding } from './rule.js';
import { computingOps, constantNumbers } from './program.js';
import { describeLayer, describeOp, layersOf, layerSubject, opSubject } from './subjects.js';

export const MAX_KERNEL = 13;
export const MAX_STRIDE = 2;
const OPS = new Set(['max_pool', 'avg_pool', 'l2_pool']);

const meta = {
  id: 'pooling-limits',
  severity: 'error',
  evidence: 'message',
  sources: ['hollance/neural-engine#2'],
  scope: 'all',
  description: 'A pooling op or layer has a kernel above 13 or a stride above 2.',
  why: 'The ANE\'s pooling takes kernels up to 13 and strides up to 2 ("kernel width = 28 > 13", "stride_x = 4 > 2"); a larger one runs on the GPU or CPU.',
  fix: 'Split the pooling into several with kernels up to 13 and strides up to 2 (a 28x28 average as 14x14 stride 2 then 2x2), or use a reduce_mean over the axes for a global average.',
} as const;

/** What a kernel and stride exceed, in words; empty when within the limits. */
export function excess(kernel: readonly number[], stride: readonly number[]): string[] {
  return [
    ...(kernel.some((size) => size > MAX_KERNEL) ? [`kernel ${kernel.join('x')} (above ${MAX_KERNEL})`] : []),
    ...(stride.some((step) => step > MAX_STRIDE) ? [`stride ${stride.join('x')} (above ${MAX_STRIDE})`] : []),
  ];
}

function layerParams(layer: LayerFacts): { kernel: number[]; stride: number[] } | undefined {
  // The reader gives a layer these params only when it is of that kind.
  if (layer.pooling && !layer.pooling.globalPooling) return { kernel: layer.pooling.kernelSize, stride: layer.pooling.stride };
  if (layer.pooling3d) return { kernel: layer.pooling3d.kernelSize, stride: layer.pooling3d.stride };
  return undefined;
}

export const poolingLimits: Rule = {
  meta,
  check(model) {
    const ops = computingOps(model).flatMap(({ fn, op }) => {
      if (!OPS.has(op.type)) return [];
      const over = excess(constantNumbers(fn, op, 'kernel_sizes'), constantNumbers(fn, op, 'strides'));
      return over.length > 0 ? [finding(meta, opSubject(fn, op), `${describeOp(fn, op)} has ${over.join(' and ')}: ${meta.why} ${meta.fix}`)] : [];
    });
    const layers = layersOf(model).flatMap((layer) => {
      const params = layerParams(layer);
      const over = params ? excess(params.kernel, params.stride) : [];
      return over.length > 0 ? [finding(meta, layerSubject(layer), `${describeLayer(layer)} has ${over.join(' and ')}: ${meta.why} ${meta.fix}`)] : [];
    });
    return [...ops, ...layers];
  },
};
