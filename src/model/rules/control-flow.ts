/**
 * Control flow and list ops in an ML program: `while_loop`, `cond`, and the list ops a converted TensorFlow
 * loop (a TensorArray) becomes: `make_list`, `list_read`, `list_write`, `list_gather`, `list_scatter`,
 * `list_length`. apple/coremltools#2208 measured a plain `while_loop` (a counter and a matmul) that "I haven't had
 * any success making them run accelerated on the ANE, and neither the GPU". One measurement: a warning. The
 * ops inside a loop's or a condition's blocks are checked by the other rules like any op.
 */
import { type Rule, finding } from './rule.js';
import { computingOps } from './program.js';
import { describeOp, opSubject } from './subjects.js';

const CONTROL_FLOW = new Set(['while_loop', 'cond']);
const LIST_OPS = new Set(['make_list', 'list_read', 'list_write', 'list_gather', 'list_scatter', 'list_length']);

const meta = {
  id: 'control-flow',
  severity: 'warning',
  evidence: 'measured',
  sources: ['apple/coremltools#2208'],
  scope: 'ML programs (iOS 15+)',
  description: 'Control flow (while_loop, cond) or list ops (make_list, list_read, list_write, list_gather, list_scatter, list_length).',
  why: 'A while_loop was measured running on the CPU, off both the ANE and the GPU, and the lists a converted loop keeps go with it.',
  fix: 'Unroll the loop over a fixed number of steps (convert the source with the loop traced, not scripted), keep the steps\' results in a stacked tensor instead of a list, and turn conditions into masks (select).',
} as const;

export const controlFlow: Rule = {
  meta,
  check(model) {
    return computingOps(model).flatMap(({ fn, op }) => {
      const what = CONTROL_FLOW.has(op.type) ? 'is control flow' : LIST_OPS.has(op.type) ? 'is a list op (a converted loop\'s TensorArray)' : undefined;
      return what ? [finding(meta, opSubject(fn, op), `${describeOp(fn, op)} ${what}: ${meta.why} ${meta.fix}`)] : [];
    });
  },
};
