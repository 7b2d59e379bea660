import { IOS_WEIGHT_LIMIT, weightSizeIos } from '../../../src/model/rules/weight-size-ios.js';
import { ANE_WEIGHT_LIMIT } from '../../../src/model/rules/weight-size-limit.js';
import { coremltoolsModels, ruleCases } from '../../support/rule-tester.js';

// The sizes are the context's: see weight-size-limit.test.ts.
const built = coremltoolsModels(['program_fp16', 'nn_layers', 'rule_tree_ensemble'] as const);

ruleCases(weightSizeIos, {
  invalid: [
    {
      name: 'an ML program one byte past 1 GB',
      model: built.program_fp16,
      context: { weightBytes: IOS_WEIGHT_LIMIT + 1 },
      findings: [{ subject: { kind: 'model', name: 'mlProgram', type: 'mlProgram' }, messageIncludes: ['The model\'s weights take 1.00 GB (1073741825 bytes): on iOS, models above about 1 GB were found not to work on the ANE', 'under 1 GB each'] }],
    },
    { name: 'a NeuralNetwork of exactly 2 GB', model: built.nn_layers, context: { weightBytes: ANE_WEIGHT_LIMIT }, findings: [{ subject: { kind: 'model', name: 'neuralNetwork' }, messageIncludes: ['2.00 GB (2147483648 bytes)'] }] },
  ],
  valid: [
    { name: 'exactly 1 GB', model: built.program_fp16, context: { weightBytes: IOS_WEIGHT_LIMIT } },
    { name: 'past 2 GB (weight-size-limit\'s)', model: built.program_fp16, context: { weightBytes: ANE_WEIGHT_LIMIT + 1 } },
    { name: 'a tree ensemble of 1.5 GB', model: built.rule_tree_ensemble, context: { weightBytes: 1.5 * 2 ** 30 } },
    { name: 'a small program', model: built.program_fp16 },
  ],
});
