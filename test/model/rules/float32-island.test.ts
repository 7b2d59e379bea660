import { float32Island } from '../../../src/model/rules/float32-island.js';
import { coremltoolsModels, handMadeOp, handMadeProgram, ruleCases, tensor } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_fp32_island', 'rule_fp16_softmax', 'rule_fp32_softmax', 'program_fp16', 'program_palettized', 'rule_lists'] as const);

ruleCases(float32Island, {
  invalid: [
    {
      name: 'a softmax kept in float32 (FP16ComputePrecision op_selector): the cast into it and the softmax',
      model: built.rule_fp32_island,
      findings: [
        { subject: { kind: 'op', name: 'cast_2', type: 'cast', function: 'main' }, messageIncludes: ['cast op "cast_2" in function main produces float32 in a float16 program, and softmax ops use it', 'an fp32 op cannot run on the ANE'] },
        { subject: { kind: 'op', name: 'attend', type: 'softmax', function: 'main' }, messageIncludes: ['and cast ops use it'] },
      ],
    },
    {
      name: 'a float32 value written into a list of a float16 program',
      model: built.rule_lists,
      findings: [{ subject: { kind: 'op', name: 'cast_0', type: 'cast' }, messageIncludes: ['and list_write ops use it'] }],
    },
    {
      name: 'an fp32 mask used by two kinds of op (hand-made)',
      model: handMadeProgram([
        handMadeOp('relu', 'half', { outputs: [tensor('fp16', [1, 4])] }),
        handMadeOp('cast', 'mask', { inputs: { x: 'half' }, outputs: [tensor('fp32', [1, 4])] }),
        handMadeOp('add', 'masked', { inputs: { x: 'mask' }, outputs: [tensor('fp32', [1, 4])] }),
        handMadeOp('mul', 'scaled', { inputs: { x: 'mask' }, outputs: [tensor('fp32', [1, 4])] }),
      ], { outputs: ['masked', 'scaled'] }),
      findings: [{ subject: { kind: 'op', name: 'mask', type: 'cast' }, messageIncludes: ['and add, mul ops use it'] }],
    },
  ],
  valid: [
    { name: 'the same program all in float16', model: built.rule_fp16_softmax },
    { name: 'the same program all in float32 (float32-compute\'s)', model: built.rule_fp32_softmax },
    { name: 'a float16 program whose last cast to fp32 feeds only its output', model: built.program_fp16 },
    { name: 'a palettized float16 program', model: built.program_palettized },
  ],
});
