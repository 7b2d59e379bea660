/**
 * A NeuralNetwork (Model.proto `neuralNetwork` 500, and the classifier 403 and regressor 303 forms, which share
 * its layer field): NeuralNetwork.proto's `NeuralNetworkLayer`, the params the rules look at, and the size of
 * every `WeightParams`, measured by the lengths of its fields and never read.
 */
import type { LayerFacts, LayerWeight, NetworkFacts, TensorShape, WeightStorage } from '../facts.js';
import type { ByteSource } from './byte-source.js';
import { LAYER_KINDS } from './layer-kinds.js';
import {
  ACTIVATIONS,
  BRANCH,
  CONVOLUTION,
  CONVOLUTION_3D,
  CUSTOM,
  LAYER,
  LAYER_WEIGHTS,
  LOOP,
  NETWORK,
  POOLING,
  POOLING_3D,
  QUANTIZATION,
  TENSOR,
  UPSAMPLE,
  WEIGHT_PARAMS,
  type WeightFields,
} from './schema.js';
import { type Field, enter, floats, inside, string, varint, varints } from './wire.js';

/** The layer oneof starts at field 100; the fields below it describe the layer itself. */
const FIRST_KIND_FIELD = 100;

export function readNetwork(source: ByteSource, at: Field, depth: number): NetworkFacts {
  const network: NetworkFacts = { layers: [], layerCounts: {}, weightStorage: {}, layerNames: 'schema' };
  for (const field of readLayers(source, at, [], network.layers, depth)) {
    if (field.number === NETWORK.arrayInputShapeMapping) {
      const value = varint(field, 'arrayInputShapeMapping');
      network.arrayInputShapeMapping = value === 0 ? 'rank5' : value === 1 ? 'exact' : `unknown(${value})`;
    } else if (field.number === NETWORK.imageInputShapeMapping) {
      const value = varint(field, 'imageInputShapeMapping');
      network.imageInputShapeMapping = value === 0 ? 'rank5' : value === 1 ? 'rank4' : `unknown(${value})`;
    }
  }
  for (const layer of network.layers) {
    network.layerCounts[layer.kind] = (network.layerCounts[layer.kind] ?? 0) + 1;
    for (const weight of layer.weights) network.weightStorage[weight.storage] = (network.weightStorage[weight.storage] ?? 0) + weight.bytes;
  }
  return network;
}

/** Reads the layers of a network message into `layers`; returns its other fields for the caller. */
function readLayers(source: ByteSource, at: Field, path: LayerFacts['path'], layers: LayerFacts[], depth: number): Field[] {
  const inner = enter(depth, at, 'a neural network');
  const others: Field[] = [];
  for (const field of inside(source, at)) {
    if (field.number === NETWORK.layers) readLayer(source, field, path, layers, inner);
    else others.push(field);
  }
  return others;
}

function readLayer(source: ByteSource, at: Field, path: LayerFacts['path'], layers: LayerFacts[], depth: number): void {
  const inner = enter(depth, at, 'a layer');
  const layer: LayerFacts = { name: '', kind: 'none', inputs: [], outputs: [], inputTensors: [], outputTensors: [], path, isUpdatable: false, weights: [] };
  let params: Field | undefined;
  for (const field of inside(source, at)) {
    if (field.number === LAYER.name) layer.name = string(source, field, 'a layer name');
    else if (field.number === LAYER.input) layer.inputs.push(string(source, field, 'a layer input'));
    else if (field.number === LAYER.output) layer.outputs.push(string(source, field, 'a layer output'));
    else if (field.number === LAYER.inputTensor) layer.inputTensors.push(readTensor(source, field));
    else if (field.number === LAYER.outputTensor) layer.outputTensors.push(readTensor(source, field));
    else if (field.number === LAYER.isUpdatable) layer.isUpdatable = varint(field, 'isUpdatable') !== 0;
    else if (field.number >= FIRST_KIND_FIELD) {
      layer.kind = LAYER_KINDS[field.number] ?? `unknown(${field.number})`;
      params = field;
    }
  }
  layers.push(layer);
  if (params === undefined) return;
  readParams(source, params, layer, inner);
  // Control flow holds whole networks: their layers follow the branch or loop layer.
  const nested = layer.kind === 'branch' ? BRANCH : layer.kind === 'loop' ? LOOP : undefined;
  if (nested !== undefined) {
    const networks = Object.entries(nested) as [string, number][];
    for (const field of inside(source, params)) {
      const network = networks.find(([, number]) => number === field.number);
      if (network) readLayers(source, field, [...path, { layer: layer.name, kind: layer.kind, network: network[0] }], layers, inner);
    }
  }
}

function readTensor(source: ByteSource, at: Field): TensorShape {
  const tensor: TensorShape = { rank: 0, shape: [] };
  for (const field of inside(source, at)) {
    if (field.number === TENSOR.rank) tensor.rank = varint(field, 'a tensor rank');
    else if (field.number === TENSOR.dimValue) tensor.shape.push(...varints(source, field, 'a tensor shape'));
  }
  return tensor;
}

function readParams(source: ByteSource, at: Field, layer: LayerFacts, depth: number): void {
  const inner = enter(depth, at, 'layer params');
  const weightFields = LAYER_WEIGHTS[layer.kind];
  if (weightFields !== undefined) readWeights(source, at, weightFields, layer.weights, inner, '');
  switch (layer.kind) {
    case 'convolution': {
      const conv = { kernelSize: [] as number[], stride: [] as number[], dilationFactor: [] as number[], nGroups: 0, isDeconvolution: false, outputChannels: 0, kernelChannels: 0 };
      for (const field of inside(source, at)) {
        if (field.number === CONVOLUTION.kernelSize) conv.kernelSize.push(...varints(source, field, 'kernelSize'));
        else if (field.number === CONVOLUTION.stride) conv.stride.push(...varints(source, field, 'stride'));
        else if (field.number === CONVOLUTION.dilationFactor) conv.dilationFactor.push(...varints(source, field, 'dilationFactor'));
        else if (field.number === CONVOLUTION.nGroups) conv.nGroups = varint(field, 'nGroups');
        else if (field.number === CONVOLUTION.isDeconvolution) conv.isDeconvolution = varint(field, 'isDeconvolution') !== 0;
        else if (field.number === CONVOLUTION.outputChannels) conv.outputChannels = varint(field, 'outputChannels');
        else if (field.number === CONVOLUTION.kernelChannels) conv.kernelChannels = varint(field, 'kernelChannels');
      }
      layer.convolution = conv;
      break;
    }
    case 'convolution3d': {
      const values: Record<number, number> = {};
      let isDeconvolution = false;
      for (const field of inside(source, at)) {
        if (field.number === CONVOLUTION_3D.isDeconvolution) isDeconvolution = varint(field, 'isDeconvolution') !== 0;
        else if (field.wireType === 0) values[field.number] = field.value;
      }
      const c = CONVOLUTION_3D;
      const get = (n: number) => values[n] ?? 0;
      layer.convolution3d = {
        kernelSize: [get(c.kernelDepth), get(c.kernelHeight), get(c.kernelWidth)],
        stride: [get(c.strideDepth), get(c.strideHeight), get(c.strideWidth)],
        dilation: [get(c.dilationDepth), get(c.dilationHeight), get(c.dilationWidth)],
        nGroups: get(c.nGroups),
        isDeconvolution,
      };
      break;
    }
    case 'pooling': {
      const pooling: NonNullable<LayerFacts['pooling']> = { type: 'max', kernelSize: [], stride: [], globalPooling: false };
      for (const field of inside(source, at)) {
        if (field.number === POOLING.type) pooling.type = poolingType(varint(field, 'a pooling type'), ['max', 'average', 'l2']);
        else if (field.number === POOLING.kernelSize) pooling.kernelSize.push(...varints(source, field, 'kernelSize'));
        else if (field.number === POOLING.stride) pooling.stride.push(...varints(source, field, 'stride'));
        else if (field.number === POOLING.globalPooling) pooling.globalPooling = varint(field, 'globalPooling') !== 0;
      }
      layer.pooling = pooling;
      break;
    }
    case 'pooling3d': {
      const values: Record<number, number> = {};
      for (const field of inside(source, at)) if (field.wireType === 0) values[field.number] = field.value;
      const p = POOLING_3D;
      const get = (n: number) => values[n] ?? 0;
      layer.pooling3d = {
        type: poolingType(get(p.type), ['max', 'average']),
        kernelSize: [get(p.kernelDepth), get(p.kernelHeight), get(p.kernelWidth)],
        stride: [get(p.strideDepth), get(p.strideHeight), get(p.strideWidth)],
      };
      break;
    }
    case 'upsample': {
      const upsample: NonNullable<LayerFacts['upsample']> = { scalingFactor: [], fractionalScalingFactor: [], mode: 'nearest' };
      for (const field of inside(source, at)) {
        if (field.number === UPSAMPLE.scalingFactor) upsample.scalingFactor.push(...varints(source, field, 'scalingFactor'));
        else if (field.number === UPSAMPLE.fractionalScalingFactor) upsample.fractionalScalingFactor.push(...floats(source, field, 'fractionalScalingFactor'));
        else if (field.number === UPSAMPLE.mode) {
          const mode = varint(field, 'an upsample mode');
          upsample.mode = mode === 0 ? 'nearest' : mode === 1 ? 'bilinear' : `unknown(${mode})`;
        }
      }
      layer.upsample = upsample;
      break;
    }
    case 'custom': {
      const custom = { className: '', description: '' };
      for (const field of inside(source, at)) {
        if (field.number === CUSTOM.className) custom.className = string(source, field, 'a custom class name');
        else if (field.number === CUSTOM.description) custom.description = string(source, field, 'a custom layer description');
      }
      layer.custom = custom;
      break;
    }
    case 'activation':
      for (const field of inside(source, at)) {
        const name = ACTIVATIONS[field.number];
        if (name !== undefined) layer.activation = name;
      }
      break;
  }
}

function poolingType<T extends string>(value: number, names: T[]): T | `unknown(${number})` {
  return names[value] ?? `unknown(${value})`;
}

/** Measures each WeightParams the message holds (and those of the messages it nests, as an LSTM's). */
function readWeights(source: ByteSource, at: Field, weightFields: WeightFields, weights: LayerWeight[], depth: number, prefix: string): void {
  const inner = enter(depth, at, 'weights');
  for (const field of inside(source, at)) {
    const entry = weightFields[field.number];
    if (entry === undefined) continue;
    if (typeof entry === 'string') {
      const weight = measureWeight(source, field, `${prefix}${entry}`, inner);
      if (weight !== undefined) weights.push(weight);
    } else {
      readWeights(source, field, entry.inner, weights, inner, `${prefix}${entry.name}.`);
    }
  }
}

function measureWeight(source: ByteSource, at: Field, name: string, depth: number): LayerWeight | undefined {
  enter(depth, at, 'a weight');
  let storage: WeightStorage | undefined;
  let bytes = 0;
  let quantization: LayerWeight['quantization'];
  for (const field of inside(source, at)) {
    const length = field.end - field.start;
    if (field.number === WEIGHT_PARAMS.floatValue) {
      storage = 'float32';
      bytes += length;
    } else if (field.number === WEIGHT_PARAMS.float16Value) {
      storage = 'float16';
      bytes += length;
    } else if (field.number === WEIGHT_PARAMS.rawValue) {
      storage ??= 'raw';
      bytes += length;
    } else if (field.number === WEIGHT_PARAMS.int8RawValue) {
      storage = 'quantized';
      bytes += length;
    } else if (field.number === WEIGHT_PARAMS.quantization) {
      quantization = { bits: 0, kind: 'none' };
      for (const part of inside(source, field)) {
        if (part.number === QUANTIZATION.numberOfBits) quantization.bits = varint(part, 'numberOfBits');
        else if (part.number === QUANTIZATION.linear) quantization.kind = 'linear';
        else if (part.number === QUANTIZATION.lookupTable) quantization.kind = 'lookupTable';
      }
    }
  }
  if (storage === undefined) return undefined;
  // rawValue with quantization params holds quantized (or palettized) weights.
  if (quantization !== undefined && storage === 'raw') storage = 'quantized';
  const weight: LayerWeight = { field: name, storage, bytes };
  if (quantization !== undefined) weight.quantization = quantization;
  return weight;
}
