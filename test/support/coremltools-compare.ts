import { expect } from 'vitest';

import type { FeatureFacts, ModelSpecFacts } from '../../src/model/facts.js';
import type { CoremltoolsFeature, CoremltoolsSpec } from './coremltools.js';

/** coremltools spells colour spaces as the schema's enum names. */
const COLOR_SPACES: Record<string, string> = { GRAYSCALE: 'grayscale', RGB: 'rgb', BGR: 'bgr', GRAYSCALE_FLOAT16: 'grayscaleFloat16', INVALID_COLOR_SPACE: 'invalid' };

function feature(f: FeatureFacts) {
  return { name: f.name, kind: f.kind, optional: f.optional, dataType: f.dataType, shape: f.shape, flexibility: f.flexibility, ...(f.image ? { image: f.image } : {}) };
}

function theirs(f: CoremltoolsFeature) {
  return { ...f, ...(f.image ? { image: { ...f.image, colorSpace: COLOR_SPACES[f.image.colorSpace] ?? f.image.colorSpace } } : {}) };
}

/**
 * The reader's facts agree with what coremltools decodes from the same file: kind, version, features, every op
 * (type, name, where it sits, its output types) or every layer (kind, names, params, weight bytes), recursively
 * for a pipeline's sub-models.
 */
export function expectAgreesWithCoremltools(facts: ModelSpecFacts, spec: CoremltoolsSpec, where = 'model'): void {
  expect(facts.kind, `${where}: kind`).toBe(spec.kind);
  expect(facts.specificationVersion, `${where}: specificationVersion`).toBe(spec.specificationVersion);
  expect(facts.isUpdatable, `${where}: isUpdatable`).toBe(spec.isUpdatable);
  expect(facts.inputs.map(feature), `${where}: inputs`).toEqual(spec.inputs.map(theirs));
  expect(facts.outputs.map(feature), `${where}: outputs`).toEqual(spec.outputs.map(theirs));
  expect(facts.states.map(feature), `${where}: states`).toEqual(spec.states.map(theirs));
  expect(
    facts.functionDescriptions.map((fn) => ({ name: fn.name, inputs: fn.inputs.map(feature), outputs: fn.outputs.map(feature), states: fn.states.map(feature) })),
    `${where}: function descriptions`,
  ).toEqual(spec.functionDescriptions.map((fn) => ({ name: fn.name, inputs: fn.inputs.map(theirs), outputs: fn.outputs.map(theirs), states: fn.states.map(theirs) })));
  expect(facts.defaultFunctionName, `${where}: defaultFunctionName`).toBe(spec.defaultFunctionName);
  expect(
    { author: facts.metadata.author, license: facts.metadata.license, shortDescription: facts.metadata.shortDescription, userDefined: facts.metadata.userDefined },
    `${where}: metadata`,
  ).toEqual(spec.metadata);

  if (spec.program) {
    expect(facts.program?.version, `${where}: program version`).toBe(spec.program.version);
    const ours = [...(facts.program?.functions ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    const expected = [...spec.program.functions].sort((a, b) => a.name.localeCompare(b.name));
    expect(ours.map((fn) => fn.name), `${where}: functions`).toEqual(expected.map((fn) => fn.name));
    ours.forEach((fn, i) => {
      const them = expected[i]!;
      expect(fn.opset, `${where}: ${fn.name} opset`).toBe(them.opset);
      expect(fn.inputs, `${where}: ${fn.name} inputs`).toEqual(them.inputs);
      expect(fn.operationCounts, `${where}: ${fn.name} op counts`).toEqual(them.operationCounts);
      expect(fn.precision, `${where}: ${fn.name} precision`).toEqual(them.precision);
      expect(
        fn.operations.map((op) => ({ type: op.type, name: op.name, path: op.path, outputs: op.outputs, inputs: Object.keys(op.inputs).sort() })),
        `${where}: ${fn.name} ops`,
      ).toEqual(them.operations);
    });
  } else {
    expect(facts.program, `${where}: program`).toBeUndefined();
  }

  if (spec.network) {
    expect(facts.network?.layerCounts, `${where}: layer counts`).toEqual(spec.network.layerCounts);
    expect(
      facts.network?.layers.map((layer) => {
        const params: Record<string, unknown> = {};
        if (layer.convolution) {
          const { kernelSize, stride, dilationFactor, nGroups } = layer.convolution;
          params.convolution = { kernelSize, stride, dilationFactor, nGroups };
        }
        if (layer.pooling) params.pooling = layer.pooling;
        if (layer.upsample) params.upsample = { scalingFactor: layer.upsample.scalingFactor, mode: layer.upsample.mode === 'nearest' ? 'NN' : layer.upsample.mode.toUpperCase() };
        if (layer.custom) params.custom = layer.custom;
        return {
          name: layer.name,
          kind: layer.kind,
          inputs: layer.inputs,
          outputs: layer.outputs,
          path: layer.path,
          weightBytes: layer.weights.reduce((sum, weight) => sum + weight.bytes, 0),
          ...params,
        };
      }),
      `${where}: layers`,
    ).toEqual(spec.network.layers);
    expect(facts.embeddedWeightBytes, `${where}: embedded weight bytes`).toBe(spec.embeddedWeightBytes);
  } else {
    expect(facts.network, `${where}: network`).toBeUndefined();
  }

  if (spec.pipeline) {
    expect(facts.pipeline?.map((step) => step.name), `${where}: pipeline names`).toEqual(spec.pipeline.map((step) => step.name));
    spec.pipeline.forEach((step, i) => expectAgreesWithCoremltools(facts.pipeline![i]!.model, step.model, `${where} > ${step.name ?? i}`));
  } else {
    expect(facts.pipeline, `${where}: pipeline`).toBeUndefined();
  }
}
