/**
 * A gather whose indices are an int32 tensor computed or fed at run time (MIL `gather`, `gather_nd`,
 * `gather_along_axis`): the ANE has no int32 tensors, and the gather goes to the CPU with the reason "Unsupported
 * tensor data type: int32". Anemll's notes (MB_GRAPH_ISSUES.md) measured int16 indices still falling back on some
 * ANE versions and uint16 indices staying on the ANE ("Use uint16 for ALL gather indices"). Constant indices are not
 * findings: no measurement says how the compiler treats them.
 */
import { type Rule, finding } from './rule.js';
import { boundTo, computingOps, tensorOf } from './program.js';
import { describeOp, opSubject } from './subjects.js';

export const GATHER_OPS = new Set(['gather', 'gather_nd', 'gather_along_axis']);

const meta = {
  id: 'gather-int32-indices',
  severity: 'error',
  evidence: 'message',
  sources: ['https://github.com/Anemll/Anemll', 'https://github.com/Anemll/anemll-profile'],
  scope: 'all',
  description: 'A gather (gather, gather_nd, gather_along_axis) takes int32 indices computed or fed at run time.',
  why: 'The ANE has no int32 tensors: a gather with int32 indices runs on the CPU ("Unsupported tensor data type: int32").',
  fix: 'Cast the indices to uint16 once, before the gathers (mb.cast(x=ids, dtype="uint16")); the cast itself stays on the CPU, the gathers need not.',
} as const;

export const gatherInt32Indices: Rule = {
  meta,
  check(model) {
    return computingOps(model).flatMap(({ fn, op }) => {
      if (!GATHER_OPS.has(op.type)) return [];
      const indices = boundTo(fn, op, 'indices');
      if (indices?.kind !== 'runtime' || tensorOf(indices.type)?.dataType !== 'int32') return [];
      return [finding(meta, opSubject(fn, op), `${describeOp(fn, op)} takes int32 indices ("${indices.name}"): the ANE has no int32 tensors, so the gather runs on the CPU. ${meta.fix}`)];
    });
  },
};
