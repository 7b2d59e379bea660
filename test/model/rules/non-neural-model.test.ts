import { NON_NEURAL_KINDS, nonNeuralModel } from '../../../src/model/rules/non-neural-model.js';
import { MODEL_KINDS } from '../../../src/model/read/schema.js';
import { describe, expect, it } from 'vitest';
import { coremltoolsModels, handMadeSpec, ruleCases, sharedModels } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_tree_ensemble', 'rule_scaler_pipeline', 'rule_custom_model', 'program_fp16', 'nn_layers'] as const);
const shared = sharedModels({ xgboost: 'improve-xgb-tree-ensemble/model.mlmodel' });

describe('the non-neural kinds', () => {
  it('are kinds of the schema: linear, SVM, trees, kNN, recommender, thresholding and feature engineering (600-610)', () => {
    const schema = new Set(Object.values(MODEL_KINDS));
    expect([...NON_NEURAL_KINDS].filter((kind) => !schema.has(kind))).toEqual([]);
    const engineering = Object.entries(MODEL_KINDS).filter(([field]) => Number(field) >= 600 && Number(field) <= 610).map(([, kind]) => kind);
    expect(engineering.every((kind) => NON_NEURAL_KINDS.has(kind))).toBe(true);
    expect(NON_NEURAL_KINDS.size).toBe(19);
  });
});

ruleCases(nonNeuralModel, {
  invalid: [
    { name: 'a tree ensemble built by coremltools', model: built.rule_tree_ensemble, findings: [{ subject: { kind: 'model', name: 'treeEnsembleRegressor', type: 'treeEnsembleRegressor' }, messageIncludes: ['The model is a treeEnsembleRegressor: Core ML evaluates it on the CPU, and there is no neural network in it for the ANE.'] }] },
    { name: 'an xgboost tree ensemble', model: shared.xgboost, findings: [{ subject: { kind: 'model', name: 'treeEnsembleRegressor' } }] },
    { name: 'a scaler, a pipeline\'s first step', model: () => built.rule_scaler_pipeline().pipeline![0]!.model, findings: [{ subject: { kind: 'model', name: 'scaler', type: 'scaler' } }] },
    { name: 'a GLM classifier (hand-made kind)', model: handMadeSpec({ kind: 'glmClassifier' }), findings: [{ subject: { kind: 'model', name: 'glmClassifier' } }] },
  ],
  valid: [
    { name: 'the pipeline itself (its steps are checked one by one)', model: built.rule_scaler_pipeline },
    { name: 'a custom model (custom-layer\'s)', model: built.rule_custom_model },
    { name: 'an ML program', model: built.program_fp16 },
    { name: 'a network', model: built.nn_layers },
    { name: 'Apple\'s own kinds, and kinds the schema does not name', model: handMadeSpec({ kind: 'visionFeaturePrint' }) },
    { name: 'an unknown kind', model: handMadeSpec({ kind: 'unknown(4000)' }) },
  ],
});
