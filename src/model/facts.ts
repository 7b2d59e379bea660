/**
 * Model facts: what a Core ML file says about itself, as plain JSON values (no classes, no Maps), so that
 * the rules are pure functions of them, the diff compares two of them, and the report can embed them.
 * Only the reader (src/model/read/) makes them; nothing after it touches a file.
 *
 * Names follow the public schema, apple/coremltools `mlmodel/format/*.proto` (Model.proto, FeatureTypes.proto,
 * NeuralNetwork.proto, MIL.proto): a model kind is the `Model.Type` oneof's field name, a layer kind the
 * `NeuralNetworkLayer.layer` oneof's field name, an op type MIL's bare type (`conv`, not `ios17.conv`).
 * The facts hold everything the rules need and more than the report shows; src/model/summary.ts makes the
 * report's compact `models` entry from them.
 */

export type ModelFormat = 'mlmodel' | 'mlpackage' | 'mlmodelc';

/**
 * One data-type vocabulary for every tensor, in MIL text's spelling (`tensor<fp16, [1, 64]>`): MIL.proto's
 * `DataType` (FLOAT16 -> `fp16`, INT32 -> `int32`, ...) and FeatureTypes.proto's `ArrayDataType` (FLOAT32 ->
 * `fp32`, DOUBLE -> `fp64`, INT32 -> `int32`, INT8 -> `int8`, FLOAT16 -> `fp16`) map onto it, so a rule asks
 * one question of an input and of an op. A value the schema does not name reads `unknown(<number>)`.
 */
export type DataType =
  | 'bool'
  | 'string'
  | 'fp8e4m3fn'
  | 'fp8e5m2'
  | 'fp16'
  | 'fp32'
  | 'fp64'
  | 'bf16'
  | 'int4'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint1'
  | 'uint2'
  | 'uint3'
  | 'uint4'
  | 'uint6'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | `unknown(${number})`;

/** The first OS releases that load a specification version (Model.proto's table). */
export interface MinimumOs {
  iOS: string;
  macOS: string;
  tvOS: string;
  watchOS: string;
  /** From spec 10 (visionOS 26) on; earlier versions predate visionOS's own numbering in the table. */
  visionOS?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Inputs, outputs and states (FeatureTypes.proto)

/** The `FeatureType.Type` oneof's field names, without `Type` (`multiArrayType` -> `multiArray`). */
export type FeatureKind = 'int64' | 'double' | 'string' | 'image' | 'multiArray' | 'dictionary' | 'sequence' | 'state' | 'unknown';

/** A size range of one dimension (`SizeRange`): `upper` is null when unbounded (a negative upperBound). */
export interface DimRange {
  lower: number;
  upper: number | null;
}

/**
 * How an input's shape may vary. For a multiArray (and a state) the dimensions are the array's, in order;
 * for an image they are `[height, width]`, the order coremltools uses for image shapes.
 */
export type Flexibility =
  /** `shapeRange` / `imageSizeRange`: any size within the bounds; only the default shape can run on the ANE. */
  | { kind: 'range'; ranges: DimRange[] }
  /** `enumeratedShapes` / `enumeratedSizes`: one of these shapes (each may be compiled for the ANE). */
  | { kind: 'enumerated'; shapes: number[][] };

export type ColorSpace = 'grayscale' | 'rgb' | 'bgr' | 'grayscaleFloat16' | 'invalid' | `unknown(${number})`;

export interface FeatureFacts {
  name: string;
  kind: FeatureKind;
  /** `isOptional`. */
  optional: boolean;
  /**
   * multiArray and state: the array's element type (null when the file leaves it unset). An image has none
   * (see `image.colorSpace`); a dictionary its key type (`int64` or `string`); a sequence its element type.
   * int64 / double / string features: `int64`, `fp64`, `string`.
   */
  dataType: DataType | null;
  /** multiArray and state: the default shape (may be empty: the file gives none); image: `[height, width]`. */
  shape: number[];
  flexibility: Flexibility | null;
  image?: { width: number; height: number; colorSpace: ColorSpace };
  /** sequence: the allowed lengths (`sizeRange`). */
  sequenceLength?: DimRange;
}

/** A `FunctionDescription` of a multi-function model (spec 9+). */
export interface FunctionDescriptionFacts {
  name: string;
  inputs: FeatureFacts[];
  outputs: FeatureFacts[];
  states: FeatureFacts[];
}

export interface MetadataFacts {
  shortDescription: string;
  version: string;
  author: string;
  license: string;
  /** `userDefined`, e.g. `com.github.apple.coremltools.version`. */
  userDefined: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------------------
// ML programs (MIL.proto, and the same facts read from a compiled model's model.mil text)

/** A dimension of a tensor type: its size, or null when unknown (a flexible dimension). */
export type Dim = number | null;

/** MIL.proto's `ValueType`. */
export type ValueType =
  | { kind: 'tensor'; dataType: DataType; rank: number; shape: Dim[] }
  | { kind: 'list'; element: ValueType | null; length: Dim }
  | { kind: 'tuple'; types: ValueType[] }
  | { kind: 'dictionary'; key: ValueType | null; value: ValueType | null }
  | { kind: 'state'; wrapped: ValueType | null }
  | { kind: 'unknown' };

/** A scalar or element of a small value, decoded. int64 values beyond 2^53 lose precision. */
export type Scalar = number | boolean | string;

/** Small immediate tensors are decoded up to this many elements (kernel sizes, strides, axes, scales). */
export const SMALL_VALUE_ELEMENTS = 64;

/**
 * A MIL `Value`: an immediate value or a reference into a weight file. Only small values are decoded; a large
 * one keeps its type and size, never its data.
 */
export interface ValueFacts {
  type: ValueType | null;
  /** The elements, flattened in order, when the value is an immediate tensor of at most SMALL_VALUE_ELEMENTS. */
  data?: Scalar[];
  /** The encoded size of an immediate value's data in bytes (decoded or not). */
  immediateBytes?: number;
  /**
   * `blobFileValue`: the file as written (`@model_path/weights/weight.bin`) and the offset of its 64-byte blob
   * record. `dataType` is the record's own dtype when the reader looked (it reads only that record).
   */
  blob?: { fileName: string; offset: number; dataType?: DataType; bytes?: number };
}

/** One input argument of an op: a variable bound by name, or an immediate value (MIL.proto `Argument.Binding`). */
export type Binding = { kind: 'name'; name: string } | { kind: 'value'; value: ValueFacts };

/** A named output of an op, or an input of a function or block (`NamedValueType`). */
export interface NamedValue {
  name: string;
  type: ValueType | null;
}

/** Where an op sits: each enclosing op (by name and type) and the index of its block that holds the op. */
export interface BlockStep {
  op: string;
  type: string;
  block: number;
}

export interface OperationFacts {
  /** The bare op type, `conv`, `const`, `constexpr_lut_to_dense`, `while_loop`. */
  type: string;
  /** `attributes["name"]`, else the first output's name, else `<type>#<index>`. */
  name: string;
  /** Empty at the function's top level; `[{ op: 'while_0', type: 'while_loop', block: 1 }]` inside a loop's body. */
  path: BlockStep[];
  /** Each parameter's bindings, in order (most have one; `concat`'s `values` has several). */
  inputs: Record<string, Binding[]>;
  outputs: NamedValue[];
  /** How many nested blocks the op has (`cond` 2, `while_loop` 2); their ops follow it in `operations`. */
  blocks: number;
  /** The op's attributes other than `name`; a `const` holds its value in `val`. */
  attributes: Record<string, ValueFacts>;
}

export interface FunctionFacts {
  name: string;
  /** The function's opset, `CoreML5`...`CoreML9`, as written (MIL text's `<ios16>` reads `ios16`). */
  opset: string;
  inputs: NamedValue[];
  /** The names the function's block returns. */
  outputs: string[];
  /** Every op of the function, nested blocks included, parents before their blocks' ops. */
  operations: OperationFacts[];
  /** Op type -> count, nested blocks included, `const` counted like any op. */
  operationCounts: Record<string, number>;
  /**
   * The compute precision it actually uses: data type -> how many ops produce a tensor of that type. `const`
   * and `constexpr_*` ops are not counted (they hold weights, they do not compute); an op with outputs of two
   * types counts once for each.
   */
  precision: Partial<Record<DataType, number>>;
}

export interface ProgramFacts {
  /** `Program.version` (1). */
  version: number;
  functions: FunctionFacts[];
}

// ---------------------------------------------------------------------------------------------------------
// NeuralNetwork (NeuralNetwork.proto) and a compiled network's model.espresso.net

/** How a layer's weights are stored (`WeightParams`): floatValue, float16Value, rawValue or int8RawValue with
 * `quantization` (palettized or linear), or rawValue without it. */
export type WeightStorage = 'float32' | 'float16' | 'quantized' | 'raw';

export interface LayerWeight {
  /** The WeightParams field of the layer's params, `weights`, `bias`, `inputGateWeightMatrix`. */
  field: string;
  storage: WeightStorage;
  /** Bytes of the weight data in the file. */
  bytes: number;
  /** `quantization`: numberOfBits and the kind, `linear` or `lookupTable`. */
  quantization?: { bits: number; kind: 'linear' | 'lookupTable' | 'none' };
}

/** `Tensor`: rank, and the dimension sizes when given (empty otherwise). */
export interface TensorShape {
  rank: number;
  shape: number[];
}

export interface LayerFacts {
  name: string;
  /** The layer oneof's field name (`convolution`, `uniDirectionalLSTM`, `addBroadcastable`), `unknown(<field>)`
   * for a field the schema does not name; in a compiled network, the Espresso type (see NetworkFacts.layerNames). */
  kind: string;
  inputs: string[];
  outputs: string[];
  /** `inputTensor` / `outputTensor` (spec 4+), one per input/output when present, else empty. */
  inputTensors: TensorShape[];
  outputTensors: TensorShape[];
  /** Enclosing `branch`/`loop` layers: layer name, kind and which network (`ifBranch`, `bodyNetwork`). */
  path: { layer: string; kind: string; network: string }[];
  isUpdatable: boolean;
  weights: LayerWeight[];
  convolution?: {
    kernelSize: number[];
    stride: number[];
    dilationFactor: number[];
    nGroups: number;
    isDeconvolution: boolean;
    outputChannels: number;
    kernelChannels: number;
  };
  /** `convolution3d`: depth, height, width. */
  convolution3d?: { kernelSize: number[]; stride: number[]; dilation: number[]; nGroups: number; isDeconvolution: boolean };
  pooling?: { type: 'max' | 'average' | 'l2' | `unknown(${number})`; kernelSize: number[]; stride: number[]; globalPooling: boolean };
  /** `pooling3d`: depth, height, width. */
  pooling3d?: { type: 'max' | 'average' | `unknown(${number})`; kernelSize: number[]; stride: number[] };
  upsample?: { scalingFactor: number[]; fractionalScalingFactor: number[]; mode: 'nearest' | 'bilinear' | `unknown(${number})` };
  custom?: { className: string; description: string };
  /** `activation`: the nonlinearity's field name (`ReLU`, `linear`, `sigmoid`). */
  activation?: string;
  /** A compiled network's layer: Espresso's own type name (`inner_product`), kept whatever `kind` says. */
  espressoType?: string;
}

export interface NetworkFacts {
  /** Every layer, nested `branch`/`loop` networks included, parents before their networks' layers. */
  layers: LayerFacts[];
  /** Layer kind -> count, nested networks included. */
  layerCounts: Record<string, number>;
  /** Weight bytes by storage kind, over all layers. */
  weightStorage: Partial<Record<WeightStorage, number>>;
  /** `schema`: kinds are NeuralNetwork.proto's names; `espresso`: a compiled network's, where each kind is the
   * schema's name when Espresso's type is that name in snake case (`inner_product` -> `innerProduct`, and `pool` ->
   * `pooling`), and Espresso's own type otherwise (`elementwise`, which stands for several schema kinds). */
  layerNames: 'schema' | 'espresso';
  /** `arrayInputShapeMapping` / `imageInputShapeMapping` (spec 4+): how inputs map to rank-5 blobs. */
  arrayInputShapeMapping?: 'rank5' | 'exact' | `unknown(${number})`;
  imageInputShapeMapping?: 'rank5' | 'rank4' | `unknown(${number})`;
}

// ---------------------------------------------------------------------------------------------------------
// The model

export interface PipelineStep {
  /** `Pipeline.names[i]`, or null when the file gives none. */
  name: string | null;
  model: ModelSpecFacts;
}

/** What one `Model` message says: the file's root model, or a pipeline's sub-model. */
export interface ModelSpecFacts {
  /** The `Model.Type` oneof's field name (`neuralNetwork`, `mlProgram`, `pipeline`, `treeEnsembleRegressor`),
   * `unknown(<field>)` for one the schema does not name, `none` when the file sets none. */
  kind: string;
  /** Null only for a compiled network whose files do not say it. */
  specificationVersion: number | null;
  /** Null when the version is unknown or newer than the table. */
  minimumOs: MinimumOs | null;
  isUpdatable: boolean;
  inputs: FeatureFacts[];
  outputs: FeatureFacts[];
  states: FeatureFacts[];
  /** Multi-function models (spec 9+): each function's description, and the default's name; else empty. */
  functionDescriptions: FunctionDescriptionFacts[];
  defaultFunctionName: string;
  metadata: MetadataFacts;
  /** `mlProgram`. */
  program?: ProgramFacts;
  /** `neuralNetwork`, `neuralNetworkClassifier`, `neuralNetworkRegressor`. */
  network?: NetworkFacts;
  /** `pipeline`, `pipelineClassifier`, `pipelineRegressor`: the sub-models in order. */
  pipeline?: PipelineStep[];
  /** Bytes of weights stored inside this message (WeightParams data; MIL immediate const values), sub-models included. */
  embeddedWeightBytes: number;
}

/** A model that says nothing yet, for a reader to fill in: its kind and spec version as far as known. */
export function emptyModelSpec(kind: string, specificationVersion: number | null): ModelSpecFacts {
  return {
    kind,
    specificationVersion,
    minimumOs: null,
    isUpdatable: false,
    inputs: [],
    outputs: [],
    states: [],
    functionDescriptions: [],
    defaultFunctionName: '',
    metadata: { shortDescription: '', version: '', author: '', license: '', userDefined: {} },
    embeddedWeightBytes: 0,
  };
}

/** A weight file beside the model (a package's `weights/weight.bin`, a compiled model's weight files). */
export interface WeightFile {
  /** Relative to the model's path. */
  path: string;
  bytes: number;
}

export interface ModelFacts extends ModelSpecFacts {
  /** The path as given to the reader. */
  path: string;
  format: ModelFormat;
  /** The file the model message or text was read from, relative to `path` (`Data/com.apple.CoreML/model.mlmodel`,
   * `model.mil`); empty for a bare `.mlmodel`. */
  modelFile: string;
  weightFiles: WeightFile[];
  /** The weight files' sizes plus the embedded weight bytes. */
  weightBytes: number;
  /** What the reader could not tell, in words (a compiled network's layer names are Espresso's own, ...). */
  notes: string[];
}
