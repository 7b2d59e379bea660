/**
 * The field numbers the reader needs, from the public schema: apple/coremltools `mlmodel/format/` (Model.proto,
 * FeatureTypes.proto, NeuralNetwork.proto, MIL.proto; read at commit e0e2f42b). Only the messages the facts come
 * from are here; every other field is skipped by its wire type, unread.
 */
import type { ColorSpace, DataType } from '../facts.js';

/** Model.proto `Model`. */
export const MODEL = { specificationVersion: 1, description: 2, isUpdatable: 10 } as const;

/** Model.proto `Model.Type`: field number -> the oneof field's name (the model kind). */
export const MODEL_KINDS: Readonly<Record<number, string>> = {
  200: 'pipelineClassifier',
  201: 'pipelineRegressor',
  202: 'pipeline',
  300: 'glmRegressor',
  301: 'supportVectorRegressor',
  302: 'treeEnsembleRegressor',
  303: 'neuralNetworkRegressor',
  304: 'bayesianProbitRegressor',
  400: 'glmClassifier',
  401: 'supportVectorClassifier',
  402: 'treeEnsembleClassifier',
  403: 'neuralNetworkClassifier',
  404: 'kNearestNeighborsClassifier',
  500: 'neuralNetwork',
  501: 'itemSimilarityRecommender',
  502: 'mlProgram',
  555: 'customModel',
  556: 'linkedModel',
  560: 'classConfidenceThresholding',
  600: 'oneHotEncoder',
  601: 'imputer',
  602: 'featureVectorizer',
  603: 'dictVectorizer',
  604: 'scaler',
  606: 'categoricalMapping',
  607: 'normalizer',
  609: 'arrayFeatureExtractor',
  610: 'nonMaximumSuppression',
  900: 'identity',
  2000: 'textClassifier',
  2001: 'wordTagger',
  2002: 'visionFeaturePrint',
  2003: 'soundAnalysisPreprocessing',
  2004: 'gazetteer',
  2005: 'wordEmbedding',
  2006: 'audioFeaturePrint',
  3000: 'serializedModel',
};

/** The kinds whose message is a `NeuralNetwork` (the classifier and regressor share its layer field). */
export const NETWORK_KINDS = new Set(['neuralNetwork', 'neuralNetworkClassifier', 'neuralNetworkRegressor']);
/** `PipelineClassifier` and `PipelineRegressor` wrap a `Pipeline` in their field 1. */
export const PIPELINE_KINDS = new Set(['pipeline', 'pipelineClassifier', 'pipelineRegressor']);
export const PIPELINE = { models: 1, names: 2 } as const;
export const WRAPPED_PIPELINE = 1;

/** Model.proto `ModelDescription`, `FunctionDescription`, `FeatureDescription`, `Metadata`. */
export const DESCRIPTION = { input: 1, output: 10, state: 13, functions: 20, defaultFunctionName: 21, metadata: 100 } as const;
export const FUNCTION_DESCRIPTION = { name: 1, input: 2, output: 3, state: 6 } as const;
export const FEATURE = { name: 1, type: 3 } as const;
export const METADATA = { shortDescription: 1, versionString: 2, author: 3, license: 4, userDefined: 100 } as const;
/** A map entry, in every map of every schema. */
export const MAP_ENTRY = { key: 1, value: 2 } as const;

/** FeatureTypes.proto `FeatureType.Type` and `isOptional`. */
export const FEATURE_TYPE = {
  int64: 1,
  double: 2,
  string: 3,
  image: 4,
  multiArray: 5,
  dictionary: 6,
  sequence: 7,
  state: 8,
  isOptional: 1000,
} as const;
export const ARRAY_TYPE = { shape: 1, dataType: 2, enumeratedShapes: 21, shapeRange: 31 } as const;
/** `EnumeratedShapes.shapes` = 1, each a `Shape` with `shape` = 1; `ShapeRange.sizeRanges` = 1. */
export const SHAPES = 1;
export const SIZE_RANGE = { lowerBound: 1, upperBound: 2 } as const;
export const IMAGE_TYPE = { width: 1, height: 2, colorSpace: 3, enumeratedSizes: 21, imageSizeRange: 31 } as const;
export const IMAGE_SIZE = { width: 1, height: 2 } as const;
export const IMAGE_SIZE_RANGE = { widthRange: 1, heightRange: 2 } as const;
export const DICTIONARY_TYPE = { int64Key: 1, stringKey: 2 } as const;
export const SEQUENCE_TYPE = { int64: 1, string: 3, sizeRange: 101 } as const;
export const STATE_TYPE = { arrayType: 1 } as const;

/** `ArrayFeatureType.ArrayDataType`, in the facts' spelling. */
export const ARRAY_DATA_TYPES: Readonly<Record<number, DataType>> = {
  65568: 'fp32',
  65600: 'fp64',
  131104: 'int32',
  131080: 'int8',
  65552: 'fp16',
};

export const COLOR_SPACES: Readonly<Record<number, ColorSpace>> = {
  0: 'invalid',
  10: 'grayscale',
  20: 'rgb',
  30: 'bgr',
  40: 'grayscaleFloat16',
};

/** NeuralNetwork.proto `NeuralNetwork` (and `NeuralNetworkClassifier`, `NeuralNetworkRegressor`). */
export const NETWORK = { layers: 1, arrayInputShapeMapping: 5, imageInputShapeMapping: 6 } as const;
export const LAYER = { name: 1, input: 2, output: 3, inputTensor: 4, outputTensor: 5, isUpdatable: 10 } as const;
export const TENSOR = { rank: 1, dimValue: 2 } as const;
export const WEIGHT_PARAMS = { floatValue: 1, float16Value: 2, rawValue: 30, int8RawValue: 31, quantization: 40 } as const;
export const QUANTIZATION = { numberOfBits: 1, linear: 101, lookupTable: 102 } as const;
export const CONVOLUTION = {
  outputChannels: 1,
  kernelChannels: 2,
  nGroups: 10,
  kernelSize: 20,
  stride: 30,
  dilationFactor: 40,
  isDeconvolution: 60,
} as const;
export const CONVOLUTION_3D = {
  nGroups: 10,
  kernelDepth: 20,
  kernelHeight: 21,
  kernelWidth: 22,
  strideDepth: 31,
  strideHeight: 32,
  strideWidth: 33,
  dilationDepth: 40,
  dilationHeight: 41,
  dilationWidth: 42,
  isDeconvolution: 86,
} as const;
export const POOLING = { type: 1, kernelSize: 10, stride: 20, globalPooling: 60 } as const;
export const POOLING_3D = { type: 1, kernelDepth: 2, kernelHeight: 3, kernelWidth: 4, strideDepth: 5, strideHeight: 6, strideWidth: 7 } as const;
export const UPSAMPLE = { scalingFactor: 1, mode: 5, fractionalScalingFactor: 7 } as const;
export const CUSTOM = { className: 10, weights: 20, description: 40 } as const;
export const BRANCH = { ifBranch: 1, elseBranch: 2 } as const;
export const LOOP = { conditionNetwork: 3, bodyNetwork: 4 } as const;
/** `ActivationParams.NonlinearityType`: field -> name. */
export const ACTIVATIONS: Readonly<Record<number, string>> = {
  5: 'linear',
  10: 'ReLU',
  15: 'leakyReLU',
  20: 'thresholdedReLU',
  25: 'PReLU',
  30: 'tanh',
  31: 'scaledTanh',
  40: 'sigmoid',
  41: 'sigmoidHard',
  50: 'ELU',
  60: 'softsign',
  70: 'softplus',
  71: 'parametricSoftplus',
};

/**
 * Where each layer kind keeps its `WeightParams`: field number -> field name, or a nested message holding more
 * of them (`{ name, inner }`). Every WeightParams field of NeuralNetwork.proto is listed (test/model/schema.test.ts
 * checks it against coremltools' descriptors), so the embedded weight bytes of a network are all counted and skipped.
 */
export type WeightFields = Readonly<Record<number, string | { name: string; inner: WeightFields }>>;

const LSTM_WEIGHTS: WeightFields = {
  1: 'inputGateWeightMatrix',
  2: 'forgetGateWeightMatrix',
  3: 'blockInputWeightMatrix',
  4: 'outputGateWeightMatrix',
  20: 'inputGateRecursionMatrix',
  21: 'forgetGateRecursionMatrix',
  22: 'blockInputRecursionMatrix',
  23: 'outputGateRecursionMatrix',
  40: 'inputGateBiasVector',
  41: 'forgetGateBiasVector',
  42: 'blockInputBiasVector',
  43: 'outputGateBiasVector',
  60: 'inputGatePeepholeVector',
  61: 'forgetGatePeepholeVector',
  62: 'outputGatePeepholeVector',
};

/** `ActivationParams`: PReLU (25) and parametricSoftplus (71) hold alpha (1) and beta (2). */
const ACTIVATION_WEIGHTS: WeightFields = { 25: { name: 'PReLU', inner: { 1: 'alpha' } }, 71: { name: 'parametricSoftplus', inner: { 1: 'alpha', 2: 'beta' } } };

export const LAYER_WEIGHTS: Readonly<Record<string, WeightFields>> = {
  convolution: { 90: 'weights', 91: 'bias' },
  convolution3d: { 60: 'weights', 61: 'bias' },
  innerProduct: { 20: 'weights', 21: 'bias' },
  embedding: { 20: 'weights', 21: 'bias' },
  embeddingND: { 20: 'weights', 21: 'bias' },
  batchnorm: { 15: 'gamma', 16: 'beta', 17: 'mean', 18: 'variance' },
  bias: { 2: 'bias' },
  scale: { 2: 'scale', 5: 'bias' },
  loadConstant: { 2: 'data' },
  loadConstantND: { 2: 'data' },
  simpleRecurrent: { 10: { name: 'activation', inner: ACTIVATION_WEIGHTS }, 30: 'weightMatrix', 31: 'recursionMatrix', 32: 'biasVector' },
  gru: {
    10: { name: 'activations', inner: ACTIVATION_WEIGHTS },
    30: 'updateGateWeightMatrix',
    31: 'resetGateWeightMatrix',
    32: 'outputGateWeightMatrix',
    50: 'updateGateRecursionMatrix',
    51: 'resetGateRecursionMatrix',
    52: 'outputGateRecursionMatrix',
    70: 'updateGateBiasVector',
    71: 'resetGateBiasVector',
    72: 'outputGateBiasVector',
  },
  uniDirectionalLSTM: { 10: { name: 'activations', inner: ACTIVATION_WEIGHTS }, 20: { name: 'weightParams', inner: LSTM_WEIGHTS } },
  biDirectionalLSTM: {
    10: { name: 'activationsForwardLSTM', inner: ACTIVATION_WEIGHTS },
    11: { name: 'activationsBackwardLSTM', inner: ACTIVATION_WEIGHTS },
    20: { name: 'weightParams', inner: LSTM_WEIGHTS },
  },
  custom: { 20: 'weights' },
  batchedMatmul: { 8: 'weights', 9: 'bias' },
  layerNormalization: { 3: 'gamma', 4: 'beta' },
  activation: ACTIVATION_WEIGHTS,
};

/** MIL.proto. */
export const PROGRAM = { version: 1, functions: 2 } as const;
export const FUNCTION = { inputs: 1, opset: 2, blockSpecializations: 3 } as const;
export const BLOCK = { inputs: 1, outputs: 2, operations: 3 } as const;
export const OPERATION = { type: 1, inputs: 2, outputs: 3, blocks: 4, attributes: 5 } as const;
export const ARGUMENT = { arguments: 1 } as const;
export const BINDING = { name: 1, value: 2 } as const;
export const NAMED_VALUE_TYPE = { name: 1, type: 2 } as const;
export const VALUE_TYPE = { tensor: 1, list: 2, tuple: 3, dictionary: 4, state: 5 } as const;
export const TENSOR_TYPE = { dataType: 1, rank: 2, dimensions: 3 } as const;
export const LIST_TYPE = { type: 1, length: 2 } as const;
export const TUPLE_TYPE = { types: 1 } as const;
export const DICTIONARY_VALUE_TYPE = { keyType: 1, valueType: 2 } as const;
export const STATE_VALUE_TYPE = { wrappedType: 1 } as const;
export const DIMENSION = { constant: 1, unknown: 2 } as const;
export const CONSTANT_DIMENSION = { size: 1 } as const;
export const VALUE = { type: 2, immediateValue: 3, blobFileValue: 5 } as const;
export const IMMEDIATE_VALUE = { tensor: 1, tuple: 2, list: 3, dictionary: 4 } as const;
export const BLOB_FILE_VALUE = { fileName: 1, offset: 2 } as const;
/** `TensorValue`: each a message whose `values` (1) is packed, or repeated strings, or one bytes field. */
export const TENSOR_VALUE = { floats: 1, ints: 2, bools: 3, strings: 4, longInts: 5, doubles: 6, bytes: 7 } as const;

/** MIL.proto `DataType`, in MIL text's spelling. */
export const MIL_DATA_TYPES: Readonly<Record<number, DataType>> = {
  1: 'bool',
  2: 'string',
  40: 'fp8e4m3fn',
  41: 'fp8e5m2',
  10: 'fp16',
  11: 'fp32',
  12: 'fp64',
  13: 'bf16',
  21: 'int8',
  22: 'int16',
  23: 'int32',
  24: 'int64',
  25: 'int4',
  31: 'uint8',
  32: 'uint16',
  33: 'uint32',
  34: 'uint64',
  35: 'uint4',
  36: 'uint2',
  37: 'uint1',
  38: 'uint6',
  39: 'uint3',
};

/** MILBlob `BlobDataType` (coremltools `mlmodel/src/MILBlob/Blob/BlobDataType.hpp`), the dtype of a blob record. */
export const BLOB_DATA_TYPES: Readonly<Record<number, DataType>> = {
  1: 'fp16',
  2: 'fp32',
  3: 'uint8',
  4: 'int8',
  5: 'bf16',
  6: 'int16',
  7: 'uint16',
  8: 'int4',
  9: 'uint1',
  10: 'uint2',
  11: 'uint4',
  12: 'uint3',
  13: 'uint6',
  14: 'int32',
  15: 'uint32',
  16: 'fp8e4m3fn',
  17: 'fp8e5m2',
};

export function dataTypeName(table: Readonly<Record<number, DataType>>, value: number): DataType {
  return table[value] ?? `unknown(${value})`;
}
