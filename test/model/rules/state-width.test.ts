import { stateWidth } from '../../../src/model/rules/state-width.js';
import { coremltoolsModels, handMadeSpec, ruleCases } from '../../support/rule-tester.js';

const built = coremltoolsModels(['program_stateful', 'rule_state_decayed', 'program_fp16'] as const);

const state = (name: string, shape: number[]) => ({ name, kind: 'state' as const, optional: false, dataType: 'fp16' as const, shape, flexibility: null });

ruleCases(stateWidth, {
  invalid: [
    {
      name: 'a [1, 4, 48] state',
      model: built.program_stateful,
      findings: [{ subject: { kind: 'state', name: 'cache', type: 'state' }, messageIncludes: ['state "cache" (state) has shape [1, 4, 48], its last axis 48 not a multiple of 32', 'Pad the last axis to 64 and slice the padding off'] }],
    },
    {
      name: 'the widths of apple/coremltools#2631 and one past 32 (hand-made)',
      model: handMadeSpec({ states: [state('k', [1, 270]), state('v', [33])] }),
      findings: [
        { subject: { kind: 'state', name: 'k' }, messageIncludes: ['its last axis 270', 'Pad the last axis to 288'] },
        { subject: { kind: 'state', name: 'v' }, messageIncludes: ['Pad the last axis to 64'] },
      ],
    },
    { name: 'a width of 1 (hand-made)', model: handMadeSpec({ states: [state('one', [1])] }), findings: [{ subject: { kind: 'state', name: 'one' }, messageIncludes: ['Pad the last axis to 32'] }] },
  ],
  valid: [
    { name: 'a [1, 4, 64] state', model: built.rule_state_decayed },
    { name: 'no state', model: built.program_fp16 },
    { name: 'widths 32 and 256, and a state without a shape (hand-made)', model: handMadeSpec({ states: [state('a', [32]), state('b', [2, 256]), state('c', []), state('d', [0]), state('e', [-1])] }) },
  ],
});
