/**
 * A float32 island: in a function that computes in float16, an op that produces a float32 tensor which other ops
 * use (a `cast` to fp32, an fp32 mask, a state kept in fp32). The runtime keeps the op's fp32 type as its minimum
 * precision, so the op cannot go to the ANE (coremltools "Typed Execution"), and every switch away from the ANE
 * and back costs a copy: smpanaro/more-ane-transformers measured a causal mask moved "from f32 -> f16 (so it
 * stays on the ANE instead of shifting to CPU)".
 *
 * The `cast` to fp32 that coremltools puts before a float32 output of a float16 program feeds no op (only the
 * function's output): it is where the program ends, not an island, and is not a finding.
 */
import { type Rule, finding } from './rule.js';
import { computingOps, consumersOf, tensorOf } from './program.js';
import { describeOp, opSubject } from './subjects.js';

const meta = {
  id: 'float32-island',
  severity: 'error',
  evidence: 'Apple',
  sources: ['https://apple.github.io/coremltools/docs-guides/source/typed-execution.html', 'https://github.com/smpanaro/more-ane-transformers/blob/main/src/experiments/NOTES.md'],
  scope: 'ML programs (iOS 15+)',
  description: 'In a float16 ML program, an op produces a float32 tensor that other ops use.',
  why: 'An op typed float32 cannot run on the ANE, so the program leaves the ANE for it and comes back, with a copy each way.',
  fix: 'Keep the op in float16: make masks and constants fp16 and drop the cast to fp32; keep float32 only where accuracy needs it, knowing those ops leave the ANE.',
} as const;

export const float32Island: Rule = {
  meta,
  check(model) {
    return computingOps(model).flatMap(({ fn, op }) => {
      if ((fn.precision.fp16 ?? 0) === 0) return [];
      const used = op.outputs.filter((output) => tensorOf(output.type)?.dataType === 'fp32' && consumersOf(fn, output.name).length > 0);
      if (used.length === 0) return [];
      const users = [...new Set(used.flatMap((output) => consumersOf(fn, output.name).map((user) => user.type)))].join(', ');
      return [
        finding(
          meta,
          opSubject(fn, op),
          `${describeOp(fn, op)} produces float32 in a float16 program, and ${users} ops use it: an fp32 op cannot run on the ANE, so the program leaves it there and back. ${meta.fix}`,
        ),
      ];
    });
  },
};
