import { tensorRank } from '../../../src/model/rules/tensor-rank.js';
import type { FunctionFacts } from '../../../src/model/facts.js';
import { coremltoolsModels, handMadeLayer, handMadeNetwork, handMadeSpec, ruleCases } from '../../support/rule-tester.js';

// coremltools refuses to write an ML program with a rank-6 tensor ("Core ML only supports tensors with rank <= 5"),
// so the op case is made by hand; an old network can state rank 6, and NeuralNetworkBuilder writes one.
const built = coremltoolsModels(['rule_rank6_network', 'rule_rank5_program', 'rule_batch_rank5', 'program_fp16'] as const);

const rank6: FunctionFacts = {
  name: 'main',
  opset: 'CoreML7',
  inputs: [],
  outputs: ['windows'],
  operations: [
    { type: 'const', name: 'six_d', path: [], inputs: {}, outputs: [{ name: 'six_d', type: { kind: 'tensor', dataType: 'fp16', rank: 6, shape: [1, 1, 1, 1, 1, 2] } }], blocks: 0, attributes: {} },
    { type: 'reshape', name: 'windows', path: [], inputs: {}, outputs: [{ name: 'windows', type: { kind: 'tensor', dataType: 'fp16', rank: 6, shape: [] } }], blocks: 0, attributes: {} },
  ],
  operationCounts: { const: 1, reshape: 1 },
  precision: { fp16: 1 },
};
const enumeratedRank6 = { name: 'x', kind: 'multiArray' as const, optional: false, dataType: 'fp32' as const, shape: [1, 2], flexibility: { kind: 'enumerated' as const, shapes: [[1, 2], [1, 1, 1, 1, 1, 2]] } };

ruleCases(tensorRank, {
  invalid: [
    {
      name: 'a network whose input and layer have rank 6',
      model: built.rule_rank6_network,
      findings: [
        { subject: { kind: 'input', name: 'x', type: 'multiArray' }, messageIncludes: ['input "x" (multiArray) has rank 6 [1, 2, 3, 4, 5, 6]: the ANE has five axes and refuses a tensor of rank 6', 'Merge axes'] },
        { subject: { kind: 'layer', name: 'relu', type: 'activation' }, messageIncludes: ['activation layer "relu" has rank 6 [1, 2, 3, 4, 5, 6]'] },
      ],
    },
    {
      name: 'a rank-6 reshape whose dimensions are unknown (hand-made; a const of rank 6 is not checked)',
      model: handMadeSpec({ kind: 'mlProgram', program: { version: 1, functions: [rank6] } }),
      findings: [{ subject: { kind: 'op', name: 'windows', type: 'reshape', function: 'main' }, messageIncludes: ['reshape op "windows" in function main has rank 6: the ANE'] }],
    },
    { name: 'an enumerated shape of rank 6 (hand-made)', model: handMadeSpec({ inputs: [enumeratedRank6] }), findings: [{ subject: { kind: 'input', name: 'x' }, messageIncludes: ['has rank 6 [1, 1, 1, 1, 1, 2]'] }] },
  ],
  valid: [
    { name: 'layer tensors of rank 5 (hand-made)', model: handMadeNetwork([handMadeLayer('activation', 'five', { inputTensors: [{ rank: 5, shape: [1, 1, 1, 1, 1] }], outputTensors: [{ rank: 5, shape: [] }] })]) },
    { name: 'a rank-5 program', model: built.rule_rank5_program },
    { name: 'a rank-5 program with a long batch', model: built.rule_batch_rank5 },
    { name: 'a convolution program', model: built.program_fp16 },
  ],
});
