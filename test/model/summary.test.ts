import { beforeAll, describe, expect, it } from 'vitest';

import { readModel } from '../../src/model/read/index.js';
import { modelSummary } from '../../src/model/summary.js';
import { buildModels } from '../support/coremltools.js';
import { sharedModel } from '../support/shared-models.js';

// The report's models entry: the contract's fields, small, JSON-able, without the per-op detail.

let models: Record<'pipeline' | 'program_multifunction', string>;
beforeAll(async () => {
  models = await buildModels(['pipeline', 'program_multifunction'] as const);
});

describe('modelSummary', () => {
  it("an ML program package: the contract's fields, functions with op counts, and the precision", async () => {
    const file = sharedModel('dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage');
    const facts = await readModel(file);
    const summary = modelSummary(facts);
    expect(Object.keys(summary)).toEqual(['path', 'format', 'kind', 'specificationVersion', 'minimumOs', 'isUpdatable', 'inputs', 'outputs', 'states', 'functions', 'layers', 'precision', 'weightBytes', 'notes']);
    expect(summary).toMatchObject({ path: file, format: 'mlpackage', kind: 'mlProgram', specificationVersion: 7, minimumOs: { iOS: '16', macOS: '13' }, layers: {}, weightBytes: facts.weightBytes });
    expect(summary.functions).toEqual([{ name: 'main', opset: 'CoreML6', operations: facts.program!.functions[0]!.operationCounts, precision: { fp32: 79, int32: 4, bool: 2 } }]);
    expect(summary.precision).toEqual({ fp32: 79, int32: 4, bool: 2 });
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
    // The facts' op list, with every binding, is not in the report: it is a fraction of the size.
    expect(JSON.stringify(summary).length * 10).toBeLessThan(JSON.stringify(facts).length);
  });

  it('a network: its layer counts, no functions', async () => {
    const summary = modelSummary(await readModel(sharedModel('hollance-custom-layer/NeuralMcNeuralNet.mlmodel')));
    expect(summary).toMatchObject({ kind: 'neuralNetwork', functions: [], layers: { convolution: 1, custom: 1, pooling: 1, innerProduct: 1, softmax: 1 }, precision: {}, weightBytes: 952 });
    expect(summary.pipeline).toBeUndefined();
  });

  it('a pipeline: its sub-models in order, each summarised', async () => {
    const summary = modelSummary(await readModel(models.pipeline));
    expect(summary.pipeline?.map((step) => [step.name, step.model.kind, step.model.layers])).toEqual([
      ['encoder', 'neuralNetwork', { activation: 1 }],
      ['head', 'neuralNetwork', { activation: 1 }],
    ]);
  });

  it('several functions add up into the precision', async () => {
    const summary = modelSummary(await readModel(models.program_multifunction));
    expect(summary.functions.map((fn) => fn.name).sort()).toEqual(['relu', 'sigmoid']);
    expect(summary.precision).toEqual({ fp16: 4, fp32: 2 });
  });
});
