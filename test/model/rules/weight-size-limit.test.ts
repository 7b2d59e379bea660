import { cpSync, truncateSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { readModel } from '../../../src/model/read/index.js';
import { checkModel } from '../../../src/model/rules/index.js';
import { ANE_WEIGHT_LIMIT, weightSizeLimit } from '../../../src/model/rules/weight-size-limit.js';
import { buildModels } from '../../support/coremltools.js';
import { coremltoolsModels, handMadeSpec, ruleCases } from '../../support/rule-tester.js';
import { tempFolder } from '../../support/temp.js';

// No test writes 2 GB of weights: the rule cases give small coremltools models the size a context says, and one
// package's weight.bin is grown to past the limit as a sparse file, which the reader sizes without reading.
const built = coremltoolsModels(['program_fp16', 'nn_layers', 'rule_tree_ensemble', 'pipeline'] as const);

ruleCases(weightSizeLimit, {
  invalid: [
    {
      name: 'an ML program of 2147483649 bytes',
      model: built.program_fp16,
      context: { weightBytes: ANE_WEIGHT_LIMIT + 1 },
      findings: [{ subject: { kind: 'model', name: 'mlProgram', type: 'mlProgram' }, messageIncludes: ['The model\'s weights take 2.00 GB (2147483649 bytes), above the ANE compiler\'s maximum of 2147483648 bytes: the whole model runs on the GPU or CPU', 'Split the model into parts under 2 GB'] }],
    },
    { name: 'a NeuralNetwork of 2.5 GB', model: built.nn_layers, context: { weightBytes: 2525476480 }, findings: [{ subject: { kind: 'model', name: 'neuralNetwork' }, messageIncludes: ['2.35 GB (2525476480 bytes)'] }] },
    ...(['neuralNetworkClassifier', 'neuralNetworkRegressor'] as const).map((kind) => ({
      name: `a ${kind} of 3 GB (hand-made)`,
      model: handMadeSpec({ kind }),
      context: { weightBytes: 3 * 2 ** 30 },
      findings: [{ subject: { kind: 'model' as const, name: kind } }],
    })),
  ],
  valid: [
    { name: 'exactly 2147483648 bytes', model: built.program_fp16, context: { weightBytes: ANE_WEIGHT_LIMIT } },
    { name: 'a small program', model: built.program_fp16 },
    { name: 'a tree ensemble of 3 GB (no network for the ANE)', model: built.rule_tree_ensemble, context: { weightBytes: 3 * 2 ** 30 } },
    { name: 'a pipeline of 3 GB (its steps are checked)', model: built.pipeline, context: { weightBytes: 3 * 2 ** 30 } },
  ],
});

describe('weight-size-limit on a package whose weight file is past the limit', () => {
  it('reads the size from the file system and fires through checkModel', async () => {
    const { program_fp16: source } = await buildModels(['program_fp16']);
    const copy = path.join(tempFolder('weight-size'), 'big.mlpackage');
    cpSync(source, copy, { recursive: true });
    truncateSync(path.join(copy, 'Data', 'com.apple.CoreML', 'weights', 'weight.bin'), ANE_WEIGHT_LIMIT + 4096);
    const facts = await readModel(copy);
    expect(facts.weightBytes).toBeGreaterThan(ANE_WEIGHT_LIMIT);
    const found = checkModel(facts).filter((finding) => finding.rule.startsWith('weight-size'));
    expect(found.map((finding) => [finding.rule, finding.subject])).toEqual([['weight-size-limit', { kind: 'model', name: 'mlProgram', type: 'mlProgram' }]]);
  });
});
