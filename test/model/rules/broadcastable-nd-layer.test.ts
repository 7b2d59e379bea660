import { describe, expect, it } from 'vitest';

import { broadcastableNdLayer, isBroadcastableOrND } from '../../../src/model/rules/broadcastable-nd-layer.js';
import { LAYER_KINDS } from '../../../src/model/read/layer-kinds.js';
import { coremltoolsModels, ruleCases, sharedModels } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_nn_nd_layers', 'nn_layers', 'rule_nn_lookups', 'program_fp16'] as const);
const shared = sharedModels({ keras: 'jm-s4tf-updatable-nn/keras_model.mlmodel' });

describe('the broadcastable and ND kinds', () => {
  it('are the schema\'s kinds ending in Broadcastable or ND, the lookups aside', () => {
    expect(Object.values(LAYER_KINDS).filter(isBroadcastableOrND)).toEqual([
      'modBroadcastable',
      'minBroadcastable',
      'maxBroadcastable',
      'addBroadcastable',
      'powBroadcastable',
      'divideBroadcastable',
      'floorDivBroadcastable',
      'multiplyBroadcastable',
      'subtractBroadcastable',
      'scatterND',
      'softmaxND',
      'splitND',
      'concatND',
      'loadConstantND',
      'whereBroadcastable',
    ]);
  });
});

ruleCases(broadcastableNdLayer, {
  invalid: [
    {
      name: 'concatND and multiplyBroadcastable (not the old concat)',
      model: built.rule_nn_nd_layers,
      findings: [
        { subject: { kind: 'layer', name: 'cat_nd', type: 'concatND' }, messageIncludes: ['concatND layer "cat_nd" is one of Core ML 3\'s broadcastable or ND layers, reported to fall back to the CPU or GPU', 'Core ML 2 layer'] },
        { subject: { kind: 'layer', name: 'mul_b', type: 'multiplyBroadcastable' } },
      ],
    },
    { name: 'an addBroadcastable', model: built.nn_layers, findings: [{ subject: { kind: 'layer', name: 'badd', type: 'addBroadcastable' } }] },
  ],
  valid: [
    { name: 'gatherND (gather-lookup\'s)', model: built.rule_nn_lookups },
    { name: 'a batchedMatmul, of the same era', model: shared.keras },
    { name: 'an ML program', model: built.program_fp16 },
  ],
});
