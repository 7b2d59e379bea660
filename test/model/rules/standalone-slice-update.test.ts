import { standaloneSliceUpdate } from '../../../src/model/rules/standalone-slice-update.js';
import type { FunctionFacts } from '../../../src/model/facts.js';
import { coremltoolsModels, handMadeOp, handMadeProgram, handMadeSpec, ruleCases } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_state_decayed', 'rule_slice_update_returned', 'program_stateful', 'program_fp16'] as const);

// A slice_update whose result nothing uses: coremltools removes such dead ops, so it is made by hand.
const unused: FunctionFacts = {
  name: 'main',
  opset: 'CoreML8',
  inputs: [{ name: 'x', type: { kind: 'tensor', dataType: 'fp16', rank: 1, shape: [4] } }],
  outputs: ['x'],
  operations: [
    { type: 'slice_update', name: 'lost', path: [], inputs: { x: [{ kind: 'name', name: 'x' }] }, outputs: [{ name: 'lost', type: { kind: 'tensor', dataType: 'fp16', rank: 1, shape: [4] } }], blocks: 0, attributes: {} },
  ],
  operationCounts: { slice_update: 1 },
  precision: { fp16: 1 },
};

ruleCases(standaloneSliceUpdate, {
  invalid: [
    {
      name: 'a slice_update that feeds a mul before the state write',
      model: built.rule_state_decayed,
      findings: [{ subject: { kind: 'op', name: 'update', type: 'slice_update', function: 'main' }, messageIncludes: ['slice_update op "update" in function main is standalone (its result feeds mul ops)', '"Cannot support standalone slice_update"', 'then read the state again'] }],
    },
    { name: 'a slice_update of a plain input, returned', model: built.rule_slice_update_returned, findings: [{ subject: { kind: 'op', name: 'update' }, messageIncludes: ['(its result feeds the function\'s outputs)'] }] },
    {
      name: 'a slice_update whose result nothing uses (hand-made)',
      model: handMadeSpec({ kind: 'mlProgram', program: { version: 1, functions: [unused] } }),
      findings: [{ subject: { kind: 'op', name: 'lost' }, messageIncludes: ['(its result is written to no state)'] }],
    },
    {
      name: 'a slice_update returned and used by two kinds of op, and one written to its state only (hand-made)',
      model: handMadeProgram([
        handMadeOp('slice_update', 'everywhere'),
        handMadeOp('mul', 'scaled', { inputs: { x: 'everywhere' } }),
        handMadeOp('add', 'shifted', { inputs: { x: 'everywhere', y: 'everywhere' } }),
        handMadeOp('slice_update', 'kept'),
        handMadeOp('coreml_update_state', 'write', { inputs: { value: 'kept' } }),
        handMadeOp('slice_update', 'no_result', { outputs: [] }),
      ], { outputs: ['everywhere'] }),
      findings: [
        { subject: { kind: 'op', name: 'everywhere' }, messageIncludes: ['is standalone (its result feeds mul ops and add ops and the function\'s outputs):'] },
        { subject: { kind: 'op', name: 'no_result' }, messageIncludes: ['(its result is written to no state)'] },
      ],
    },
  ],
  valid: [
    { name: 'read_state, slice_update, write_state', model: built.program_stateful },
    { name: 'no slice_update', model: built.program_fp16 },
  ],
});
