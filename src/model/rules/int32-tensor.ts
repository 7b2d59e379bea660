/**
 * An op that computes an int32 tensor at run time, or casts one: the ANE has no int32 tensors. The ANE compiler's
 * reason, as anemll-profile prints it from Core ML's log: "Unsupported tensor data type: int32"; Anemll's notes
 * (MB_GRAPH_ISSUES.md): int32 "Falls back to BNNS/CPU", and "ANE cannot execute int32 operations including cast
 * FROM int32". Constants are not findings (they are folded when the program is compiled), nor are `while_loop` and
 * `cond` themselves (their int32 results are made by the ops inside them, which are findings). A gather's int32
 * indices are `gather-int32-indices`'s.
 */
import type { FunctionFacts, OperationFacts } from '../facts.js';
import { type Rule, finding } from './rule.js';
import { boundTo, computingOps, tensorOf } from './program.js';
import { describeOp, opSubject } from './subjects.js';

/** Ops whose results are made by the ops of their blocks. */
const CONTAINERS = new Set(['while_loop', 'cond']);

const meta = {
  id: 'int32-tensor',
  severity: 'error',
  evidence: 'message',
  sources: ['https://github.com/Anemll/anemll-profile', 'https://github.com/Anemll/Anemll'],
  scope: 'all',
  description: 'An op produces an int32 tensor at run time, or casts from int32.',
  why: 'The ANE has no int32 tensors ("Unsupported tensor data type: int32"): such ops, casts from int32 included, run on the CPU.',
  fix: 'Do integer work (positions, counters, index arithmetic) once at the model\'s edge or in the app, compute in float16 where the values allow, and give gathers uint16 indices.',
} as const;

function reason(fn: FunctionFacts, op: OperationFacts): string | undefined {
  if (op.outputs.some((output) => tensorOf(output.type)?.dataType === 'int32')) return 'produces int32';
  if (op.type === 'cast' && tensorOf(boundTo(fn, op, 'x')?.type)?.dataType === 'int32') return 'casts from int32';
  return undefined;
}

export const int32Tensor: Rule = {
  meta,
  check(model) {
    return computingOps(model).flatMap(({ fn, op }) => {
      if (CONTAINERS.has(op.type)) return [];
      const why = reason(fn, op);
      return why ? [finding(meta, opSubject(fn, op), `${describeOp(fn, op)} ${why}: the ANE has no int32 tensors ("Unsupported tensor data type: int32"), so it runs on the CPU. ${meta.fix}`)] : [];
    });
  },
};
