import { describe, expect, it } from 'vitest';

import { readModel } from '../../../src/model/read/index.js';
import { checkModel } from '../../../src/model/rules/index.js';
import { ANE_CLAIM, sharedModels } from '../../support/rule-tester.js';
import { sharedModel } from '../../support/shared-models.js';

// The real models of ../shared/models (PROVENANCE.md): every finding checkModel gives each of them, by rule and
// subject, in the order the report lists them. What each is, and why it is here, is in PROVENANCE.md.
const models = sharedModels({
  identity: 'coremlit-identity/identity.mlmodel',
  addModel: 'ct-add-model-mlmodelc/add_model.mlmodelc',
  tinyDrawing: 'ct-tiny-drawing-embedding/TinyDrawingEmbedding.mlmodel',
  dtln: 'dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage',
  customLayer: 'hollance-custom-layer/NeuralMcNeuralNet.mlmodel',
  image2image: 'hollance-image2image/Image2Image.mlmodel',
  treeEnsemble: 'improve-xgb-tree-ensemble/model.mlmodel',
  retrained: 'jm-s4tf-retrained-mlmodelc/s4tf_model_retrained.mlmodelc',
  personalization: 'jm-s4tf-updatable-nn/s4tf_model_personalization.mlmodel',
  keras: 'jm-s4tf-updatable-nn/keras_model.mlmodel',
});

const lstm0 = 'DTLN_AEC_Part1_lstm_1_0_PartitionedCall';
const lstm1 = 'DTLN_AEC_Part1_lstm_1_1_PartitionedCall';
const op = (name: string, type: string) => ({ kind: 'op', name, type, function: 'main' });

const EXPECTED: Record<keyof typeof models, [string, object][]> = {
  identity: [],
  addModel: [],
  tinyDrawing: [],
  image2image: [],
  retrained: [],
  personalization: [],
  keras: [],
  customLayer: [['custom-layer', { kind: 'layer', name: 'swish_1', type: 'custom' }]],
  treeEnsemble: [['non-neural-model', { kind: 'model', name: 'treeEnsembleRegressor', type: 'treeEnsembleRegressor' }]],
  dtln: [
    ['range-shape-input', { kind: 'input', name: 'lpb_magnitude', type: 'multiArray' }],
    ['range-shape-input', { kind: 'input', name: 'mic_magnitude', type: 'multiArray' }],
    ['range-shape-input', { kind: 'input', name: 'states_in', type: 'multiArray' }],
    ['float32-compute', { kind: 'model', name: 'main', type: 'mlProgram', function: 'main' }],
    ['int32-tensor', op(`${lstm0}_while_while_body_3605_while_add_2`, 'add')],
    ['int32-tensor', op(`${lstm1}_while_while_body_4023_while_add_2`, 'add')],
    ['control-flow', op(`${lstm0}_TensorArrayV2Stack_TensorListStack`, 'list_gather')],
    ['control-flow', op(`${lstm1}_TensorArrayV2Stack_TensorListStack`, 'list_gather')],
    ['control-flow', op(`${lstm0}_while_while_body_3605_while_TensorArrayV2Read_TensorListGetItem`, 'list_read')],
    ['control-flow', op(`${lstm1}_while_while_body_4023_while_TensorArrayV2Read_TensorListGetItem`, 'list_read')],
    ['control-flow', op(`${lstm0}_TensorArrayUnstack_TensorListFromTensor`, 'list_scatter')],
    ['control-flow', op(`${lstm1}_TensorArrayUnstack_TensorListFromTensor`, 'list_scatter')],
    ['control-flow', op(`${lstm0}_while_while_body_3605_while_TensorArrayV2Write_TensorListSetItem`, 'list_write')],
    ['control-flow', op(`${lstm1}_while_while_body_4023_while_TensorArrayV2Write_TensorListSetItem`, 'list_write')],
    // Four make_list ops: more than the report names one by one, so one finding counts them.
    ['control-flow', op('tf_make_list_0', 'make_list')],
    ['control-flow', op(`${lstm0}_while_renamed`, 'while_loop')],
    ['control-flow', op(`${lstm1}_while_renamed`, 'while_loop')],
  ],
};

describe('checkModel on the real models of ../shared/models', () => {
  it.each(Object.keys(EXPECTED) as (keyof typeof models)[])('%s', (name) => {
    const found = checkModel(models[name]());
    expect(found.map((finding) => [finding.rule, finding.subject])).toEqual(EXPECTED[name]);
    for (const finding of found) expect(finding.message).not.toMatch(ANE_CLAIM);
  });

  it('DTLN: the four make_list ops are one finding with their count and first names', () => {
    const grouped = checkModel(models.dtln()).find((finding) => finding.subject.type === 'make_list');
    expect(grouped).toMatchObject({ count: 4, severity: 'warning', evidence: 'measured', source: 'apple/coremltools#2208' });
    expect(grouped!.message).toMatch(/^4 make_list ops in function main \("tf_make_list_0", "DTLN_AEC_Part1_lstm_1_0_PartitionedCall_TensorArrayV2_1", "tf_make_list_1" and 1 more\): /u);
  });

  it('simple_layer, a prerelease ML program, is refused by the reader and never reaches the rules', async () => {
    await expect(readModel(sharedModel('ct-simple-layer/simple_layer.mlmodel'))).rejects.toMatchObject({ code: 'unsupported' });
  });
});
