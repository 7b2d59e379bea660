/**
 * A `slice_update` whose result is used for anything but a state write. The ANE compiler takes a `slice_update`
 * only as the update of a state, `read_state` -> `slice_update` -> `write_state`; any other use is refused with
 * "Cannot support standalone slice_update" and the op runs on the CPU (BNNS). Seen in apple/coremltools#2553 and
 * Anemll/Anemll#27 (a KV cache), and explained in Anemll's notes (MB_GRAPH_ISSUES.md): "slice_update output MUST
 * flow directly into coreml_update_state (write_state)", then read the state again for attention.
 */
import { type Rule, finding } from './rule.js';
import { computingOps, consumersOf, isFunctionOutput } from './program.js';
import { describeOp, opSubject } from './subjects.js';

/** coremltools writes `coreml_update_state` as `write_state` (and a `read_state` of the new value). */
const STATE_WRITES = new Set(['write_state', 'coreml_update_state']);

const meta = {
  id: 'standalone-slice-update',
  severity: 'error',
  evidence: 'message',
  sources: ['apple/coremltools#2553', 'Anemll/Anemll#27', 'https://github.com/Anemll/Anemll'],
  scope: 'iOS 18+ (slice_update into a state)',
  description: 'A slice_update whose result is used for anything but a state write (write_state, coreml_update_state).',
  why: 'The ANE takes slice_update only as a state\'s update; a standalone one is refused ("Cannot support standalone slice_update") and runs on the CPU.',
  fix: 'Write the slice_update\'s result into its state only (coreml_update_state), then read the state again (read_state) for the ops that need the new value.',
} as const;

export const standaloneSliceUpdate: Rule = {
  meta,
  check(model) {
    return computingOps(model).flatMap(({ fn, op }) => {
      if (op.type !== 'slice_update') return [];
      // A slice_update has one result.
      const result = op.outputs[0]?.name ?? '';
      const users = consumersOf(fn, result);
      const returned = isFunctionOutput(fn, result);
      const others = [...new Set(users.filter((user) => !STATE_WRITES.has(user.type)).map((user) => user.type))];
      if (!returned && users.length > 0 && others.length === 0) return [];
      const uses = [...others.map((type) => `${type} ops`), ...(returned ? ['the function\'s outputs'] : [])];
      const what = uses.length > 0 ? `its result feeds ${uses.join(' and ')}` : 'its result is written to no state';
      return [finding(meta, opSubject(fn, op), `${describeOp(fn, op)} is standalone (${what}): ${meta.why} ${meta.fix}`)];
    });
  },
};
