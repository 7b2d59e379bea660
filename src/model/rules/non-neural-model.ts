/**
 * Models that are not neural networks: generalized linear models, support vector machines, tree ensembles,
 * k-nearest neighbors, the Bayesian probit regressor, the item-similarity recommender, class-confidence
 * thresholding and the feature-engineering kinds of Model.proto (600-610: oneHotEncoder, imputer,
 * featureVectorizer, dictVectorizer, scaler, categoricalMapping, normalizer, arrayFeatureExtractor,
 * nonMaximumSuppression). Core ML evaluates them on the CPU; there is no network in them for the ANE to compile.
 * No Apple page says so in one sentence (the Core ML format reference only lists them apart from the neural
 * networks), so the evidence is `reported` and the finding is info. Apple's own built-in kinds (text classifier,
 * word tagger, vision and sound feature prints) are not findings: what runs them is not in the file.
 */
import { type Rule, finding } from './rule.js';
import { modelSubject } from './subjects.js';

export const NON_NEURAL_KINDS: ReadonlySet<string> = new Set([
  'glmRegressor',
  'glmClassifier',
  'supportVectorRegressor',
  'supportVectorClassifier',
  'treeEnsembleRegressor',
  'treeEnsembleClassifier',
  'kNearestNeighborsClassifier',
  'bayesianProbitRegressor',
  'itemSimilarityRecommender',
  'classConfidenceThresholding',
  'oneHotEncoder',
  'imputer',
  'featureVectorizer',
  'dictVectorizer',
  'scaler',
  'categoricalMapping',
  'normalizer',
  'arrayFeatureExtractor',
  'nonMaximumSuppression',
]);

const meta = {
  id: 'non-neural-model',
  severity: 'info',
  evidence: 'reported',
  sources: ['https://apple.github.io/coremltools/mlmodel/Format/Model.html'],
  scope: 'all',
  description: 'The model (or a pipeline step) is not a neural network: GLM, SVM, tree ensemble, kNN, feature engineering and the like.',
  why: 'Core ML evaluates these models on the CPU: there is no neural network in them for the ANE.',
  fix: 'Nothing to fix for the ANE: if it is a step of a pipeline, keep it next to the model\'s ends so that the neural part stays in one piece; a tree ensemble can be distilled into a small network when its CPU time matters.',
} as const;

export const nonNeuralModel: Rule = {
  meta,
  check(model) {
    if (!NON_NEURAL_KINDS.has(model.kind)) return [];
    return [finding(meta, modelSubject(model), `The model is a ${model.kind}: Core ML evaluates it on the CPU, and there is no neural network in it for the ANE.`)];
  },
};
