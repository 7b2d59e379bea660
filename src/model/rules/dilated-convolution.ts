/**
 * Dilated convolutions: MIL `conv` and `conv_transpose` whose `dilations` exceed 1; NeuralNetwork `convolution`
 * (`dilationFactor`) and `convolution3d` (`dilation`). hollance/neural-engine (docs/unsupported-layers.md) lists
 * "dilated convolutions" among the layers "known to not work on the ANE", with the caveat that some entries "are
 * guesses": reported, so info.
 */
import { type Rule, finding } from './rule.js';
import { computingOps, constantNumbers } from './program.js';
import { describeLayer, describeOp, layersOf, layerSubject, opSubject } from './subjects.js';

const OPS = new Set(['conv', 'conv_transpose']);

const meta = {
  id: 'dilated-convolution',
  severity: 'info',
  evidence: 'reported',
  sources: ['https://github.com/hollance/neural-engine/blob/master/docs/unsupported-layers.md'],
  scope: 'all',
  description: 'A convolution with a dilation above 1.',
  why: 'Dilated convolutions are reported not to run on the ANE.',
  fix: 'Measure it on a device; if it leaves the ANE, use an undilated convolution with a larger kernel or a space-to-batch rearrangement around it.',
} as const;

function dilated(dilations: readonly number[]): boolean {
  return dilations.some((factor) => factor > 1);
}

export const dilatedConvolution: Rule = {
  meta,
  check(model) {
    const ops = computingOps(model).flatMap(({ fn, op }) => {
      const dilations = OPS.has(op.type) ? constantNumbers(fn, op, 'dilations') : [];
      return dilated(dilations) ? [finding(meta, opSubject(fn, op), `${describeOp(fn, op)} has dilations ${dilations.join('x')}: ${meta.why} ${meta.fix}`)] : [];
    });
    const layers = layersOf(model).flatMap((layer) => {
      const dilations = layer.convolution?.dilationFactor ?? layer.convolution3d?.dilation ?? [];
      return dilated(dilations) ? [finding(meta, layerSubject(layer), `${describeLayer(layer)} has dilations ${dilations.join('x')}: ${meta.why} ${meta.fix}`)] : [];
    });
    return [...ops, ...layers];
  },
};
