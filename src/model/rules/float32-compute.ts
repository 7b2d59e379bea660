/**
 * An ML program function that computes in float32 (`ct.convert(..., compute_precision=ct.precision.FLOAT32)`):
 * its ops are typed fp32, and the runtime keeps a program's types as the minimum precision, so none of them can
 * go to the ANE. coremltools' "Typed Execution": "Only the NE is barred as a compute unit when a model is typed
 * with float 32 precision"; a float 32 typed model "will execute on a combination of the GPU and CPU".
 *
 * The facts' `FunctionFacts.precision` counts the ops that produce each data type; a function whose floating-point
 * ops are all fp32 fires, one finding per function. A NeuralNetwork is never a finding here, whatever its weights:
 * its intermediate tensors have no type in the file, and Core ML picks their precision by the compute unit that
 * runs them (the same page, "Neural Network Untyped Tensors").
 */
import { type Rule, finding } from './rule.js';
import { functionsOf } from './program.js';
import { modelSubject } from './subjects.js';

const meta = {
  id: 'float32-compute',
  severity: 'error',
  evidence: 'Apple',
  sources: ['https://apple.github.io/coremltools/docs-guides/source/typed-execution.html'],
  scope: 'ML programs (iOS 15+)',
  description: 'An ML program function computes in float32 (compute_precision=FLOAT32).',
  why: 'The runtime keeps an ML program\'s types as its minimum precision, and the ANE computes in float16: a float32-typed program runs on the GPU and CPU only.',
  fix: 'Convert with compute_precision=ct.precision.FLOAT16 (the default) and check the accuracy; keep float32 only for the few ops that need it (ct.transform.FP16ComputePrecision(op_selector=...)).',
} as const;

export const float32Compute: Rule = {
  meta,
  check(model) {
    return functionsOf(model).flatMap((fn) => {
      const fp32 = fn.precision.fp32 ?? 0;
      if (fp32 === 0 || (fn.precision.fp16 ?? 0) > 0) return [];
      return [
        finding(
          meta,
          modelSubject(model, fn),
          `Function ${fn.name} computes in float32 (${fp32} ops produce fp32, none fp16): a float32-typed ML program runs on the GPU and CPU only. ${meta.fix}`,
        ),
      ];
    });
  },
};
