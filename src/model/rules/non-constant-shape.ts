/**
 * Slice bounds and shapes bound to values computed at run time: `slice_by_index` begin/end, `slice_by_size`
 * begin/size, `slice_update` begin/end, `reshape` shape, when the parameter is neither an immediate value nor a
 * constant's output. The ANE compiler needs them at compile time: "Failed to retrieve parameter end" (Anemll's
 * notes: "Any slice bounds that depend on runtime values (current_pos, dynamic seq_len) will compile into
 * slice_by_index with unresolved parameters, causing ANE failure") and "Impossible to retrieve non-constant
 * tensor shape" (apple/coreai-torch#6; Core ML's compute plan has the same reason).
 */
import { type Rule, finding } from './rule.js';
import { boundTo, computingOps } from './program.js';
import { describeOp, opSubject } from './subjects.js';

/** The parameters that must be known when the program is compiled, by op type. */
export const STATIC_PARAMETERS: ReadonlyMap<string, readonly string[]> = new Map([
  ['slice_by_index', ['begin', 'end']],
  ['slice_by_size', ['begin', 'size']],
  ['slice_update', ['begin', 'end']],
  ['reshape', ['shape']],
]);

const meta = {
  id: 'non-constant-shape',
  severity: 'error',
  evidence: 'message',
  sources: ['apple/coreai-torch#6', 'https://github.com/Anemll/Anemll'],
  scope: 'all',
  description: 'A slice\'s bounds or a reshape\'s shape is computed at run time (slice_by_index, slice_by_size, slice_update, reshape).',
  why: 'The ANE compiler needs slice bounds and shapes when it compiles the program ("Failed to retrieve parameter end", "Impossible to retrieve non-constant tensor shape"); ops whose bounds are computed at run time go to the CPU or GPU.',
  fix: 'Make the bounds and shapes constants: slice with fixed bounds and select positions with a mask (one_hot, where) instead of a run-time position; reshape to a constant shape.',
} as const;

export const nonConstantShape: Rule = {
  meta,
  check(model) {
    return computingOps(model).flatMap(({ fn, op }) => {
      const params = STATIC_PARAMETERS.get(op.type);
      if (!params) return [];
      const runtime = params.flatMap((param) => {
        const bound = boundTo(fn, op, param);
        return bound?.kind === 'runtime' ? [`${param} (from "${bound.name}")`] : [];
      });
      if (runtime.length === 0) return [];
      return [finding(meta, opSubject(fn, op), `${describeOp(fn, op)} takes ${runtime.join(' and ')} computed at run time: the ANE compiler needs them as constants. ${meta.fix}`)];
    });
  },
};
