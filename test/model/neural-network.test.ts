import { beforeAll, describe, expect, it } from 'vitest';

import type { LayerFacts, ModelFacts } from '../../src/model/facts.js';
import { readModel } from '../../src/model/read/index.js';
import { type CoremltoolsSpec, buildModels, loadSpecs } from '../support/coremltools.js';
import { expectAgreesWithCoremltools } from '../support/coremltools-compare.js';

// Old networks built by coremltools' NeuralNetworkBuilder: layer kinds by the schema's names, the params the
// rules read, and the weights' storage and size.

const CASES = ['nn_layers', 'nn_quantized', 'nn_branch'] as const;
const facts: Partial<Record<(typeof CASES)[number], ModelFacts>> = {};
const specs: Partial<Record<(typeof CASES)[number], CoremltoolsSpec>> = {};

beforeAll(async () => {
  const models = await buildModels(CASES);
  const loaded = await loadSpecs(CASES.map((name) => models[name]));
  for (const [i, name] of CASES.entries()) {
    facts[name] = await readModel(models[name]);
    specs[name] = loaded[i];
  }
});

function layer(name: (typeof CASES)[number], layerName: string): LayerFacts {
  const found = facts[name]?.network?.layers.find((candidate) => candidate.name === layerName);
  if (!found) throw new Error(`no layer ${layerName}`);
  return found;
}

describe('NeuralNetworks built by coremltools', () => {
  it.each(CASES)('%s: the facts agree with coremltools', (name) => {
    expectAgreesWithCoremltools(facts[name]!, specs[name]!);
  });

  it('names each layer kind as the schema does', () => {
    expect(facts.nn_layers?.network?.layerCounts).toEqual({
      convolution: 1,
      pooling: 1,
      upsample: 1,
      custom: 1,
      uniDirectionalLSTM: 1,
      innerProduct: 1,
      addBroadcastable: 1,
    });
    expect(facts.nn_layers?.network?.layerNames).toBe('schema');
  });

  it('a dilated convolution, a pooling of kernel 3 and stride 2, a 3x upsample', () => {
    expect(layer('nn_layers', 'conv').convolution).toEqual({ kernelSize: [3, 3], stride: [1, 1], dilationFactor: [2, 2], nGroups: 1, isDeconvolution: false, outputChannels: 4, kernelChannels: 3 });
    expect(layer('nn_layers', 'pool').pooling).toEqual({ type: 'max', kernelSize: [3, 3], stride: [2, 2], globalPooling: false });
    expect(layer('nn_layers', 'up').upsample).toEqual({ scalingFactor: [3, 3], fractionalScalingFactor: [], mode: 'nearest' });
  });

  it('a custom layer with its class name', () => {
    expect(layer('nn_layers', 'custom')).toMatchObject({ kind: 'custom', inputs: ['up1'], outputs: ['conv_out'], custom: { className: 'AAPLCustomSwish', description: 'x * sigmoid(x), done on the CPU' } });
  });

  it('weights by storage: float32 convolution and LSTM gates, a float16 innerProduct', () => {
    expect(layer('nn_layers', 'conv').weights).toEqual([{ field: 'weights', storage: 'float32', bytes: 3 * 3 * 3 * 4 * 4 }]);
    expect(layer('nn_layers', 'fc').weights).toEqual([{ field: 'weights', storage: 'float16', bytes: 2 * 8 * 2 }]);
    const lstm = layer('nn_layers', 'lstm');
    expect(lstm.weights.map((weight) => weight.field)).toEqual([
      'weightParams.inputGateWeightMatrix',
      'weightParams.forgetGateWeightMatrix',
      'weightParams.blockInputWeightMatrix',
      'weightParams.outputGateWeightMatrix',
      'weightParams.inputGateRecursionMatrix',
      'weightParams.forgetGateRecursionMatrix',
      'weightParams.blockInputRecursionMatrix',
      'weightParams.outputGateRecursionMatrix',
    ]);
    expect(facts.nn_layers?.network?.weightStorage).toEqual({ float32: 432 + 4 * 4 * 8 * 4 + 4 * 4 * 4 * 4, float16: 32 });
    expect(facts.nn_layers?.weightBytes).toBe(432 + 512 + 256 + 32);
  });

  it('quantized weights: 8-bit linear and a 4-bit lookup table, with their bits', () => {
    expect(layer('nn_quantized', 'fc1').weights).toEqual([{ field: 'weights', storage: 'quantized', bytes: 64 * 64, quantization: { bits: 8, kind: 'linear' } }]);
    expect(layer('nn_quantized', 'fc2').weights).toEqual([{ field: 'weights', storage: 'quantized', bytes: 64 * 64 / 2, quantization: { bits: 4, kind: 'lookupTable' } }]);
    expect(facts.nn_quantized?.network?.weightStorage).toEqual({ quantized: 4096 + 2048 });
  });

  it('a branch layer: the layers of its networks follow it, with the network they are in', () => {
    expect(facts.nn_branch?.network?.layers.map((l) => [l.name, l.kind, l.activation ?? null, l.path])).toEqual([
      ['branch', 'branch', null, []],
      ['then_relu', 'activation', 'ReLU', [{ layer: 'branch', kind: 'branch', network: 'ifBranch' }]],
      ['else_sigmoid', 'activation', 'sigmoid', [{ layer: 'branch', kind: 'branch', network: 'elseBranch' }]],
    ]);
    expect(facts.nn_branch?.network?.arrayInputShapeMapping).toBe('exact');
  });
});
