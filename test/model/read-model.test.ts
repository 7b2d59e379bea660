import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { ModelError } from '../../src/model/model-error.js';
import { readModel, readModelCounted } from '../../src/model/read/index.js';
import { type CoremltoolsSpec, loadSpecs } from '../support/coremltools.js';
import { expectAgreesWithCoremltools } from '../support/coremltools-compare.js';
import { SHARED_MODELS, sharedModel } from '../support/shared-models.js';

// Every model of ../shared/models, read whole: what each is said to be in PROVENANCE.md, and what coremltools
// itself decodes from the same file.

const MODELS = {
  identity: 'coremlit-identity/identity.mlmodel',
  simpleLayer: 'ct-simple-layer/simple_layer.mlmodel',
  addModel: 'ct-add-model-mlmodelc/add_model.mlmodelc',
  tinyDrawing: 'ct-tiny-drawing-embedding/TinyDrawingEmbedding.mlmodel',
  dtln: 'dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage',
  customLayer: 'hollance-custom-layer/NeuralMcNeuralNet.mlmodel',
  image2image: 'hollance-image2image/Image2Image.mlmodel',
  treeEnsemble: 'improve-xgb-tree-ensemble/model.mlmodel',
  retrained: 'jm-s4tf-retrained-mlmodelc/s4tf_model_retrained.mlmodelc',
  personalization: 'jm-s4tf-updatable-nn/s4tf_model_personalization.mlmodel',
  keras: 'jm-s4tf-updatable-nn/keras_model.mlmodel',
} as const;

/** The files coremltools loads (`ct.utils.load_spec`): every .mlmodel and .mlpackage but the prerelease program. */
const LOADED_BY_COREMLTOOLS = ['identity', 'tinyDrawing', 'dtln', 'customLayer', 'image2image', 'treeEnsemble', 'personalization', 'keras'] as const;

describe('the real models of ../shared/models', () => {
  const specs: Partial<Record<(typeof LOADED_BY_COREMLTOOLS)[number], CoremltoolsSpec>> = {};
  beforeAll(async () => {
    const loaded = await loadSpecs(LOADED_BY_COREMLTOOLS.map((name) => sharedModel(MODELS[name])));
    LOADED_BY_COREMLTOOLS.forEach((name, i) => (specs[name] = loaded[i]));
  });

  it('covers every model there', () => {
    const models = readdirSync(sharedModel('.')).flatMap((folder) => {
      const dir = path.join(SHARED_MODELS, folder);
      if (!statSync(dir).isDirectory()) return [];
      return readdirSync(dir)
        .filter((name) => /\.(mlmodel|mlpackage|mlmodelc)$/u.test(name))
        .map((name) => `${folder}/${name}`);
    });
    expect(models.sort()).toEqual(Object.values(MODELS).sort());
  });

  it.each(LOADED_BY_COREMLTOOLS)('%s: the facts agree with coremltools', async (name) => {
    expectAgreesWithCoremltools(await readModel(sharedModel(MODELS[name])), specs[name]!);
  });

  it('identity: the smallest network, one linear activation', async () => {
    const facts = await readModel(sharedModel(MODELS.identity));
    expect(facts).toMatchObject({ format: 'mlmodel', kind: 'neuralNetwork', specificationVersion: 1, modelFile: '', weightFiles: [], weightBytes: 0 });
    expect(facts.minimumOs).toEqual({ iOS: '11', macOS: '10.13', tvOS: '11', watchOS: '4' });
    expect(facts.inputs).toEqual([{ name: 'x', kind: 'multiArray', optional: false, dataType: 'fp32', shape: [2], flexibility: null }]);
    expect(facts.network?.layers.map((layer) => [layer.kind, layer.activation])).toEqual([['activation', 'linear']]);
  });

  it('TinyDrawingEmbedding: three convolutions and poolings, float32 weights inside the file', async () => {
    const { facts, bytesRead } = await readModelCounted(sharedModel(MODELS.tinyDrawing));
    expect(facts.network?.layerCounts).toEqual({ convolution: 3, activation: 4, pooling: 3, flatten: 1, innerProduct: 1 });
    expect(facts.network?.layers.filter((layer) => layer.pooling).map((layer) => [layer.pooling?.kernelSize, layer.pooling?.stride])).toEqual([
      [[2, 2], [2, 2]],
      [[2, 2], [2, 2]],
      [[2, 2], [2, 2]],
    ]);
    expect(facts.inputs[0]).toMatchObject({ name: 'drawing', kind: 'image', shape: [28, 28], image: { colorSpace: 'grayscale' } });
    expect(facts.outputs[0]).toMatchObject({ name: 'embedding', dataType: 'fp32', shape: [128] });
    expect(facts.network?.weightStorage).toEqual({ float32: 388_608 });
    expect(facts.weightBytes).toBe(388_608);
    // The innerProduct's 295,424 weight bytes lie past the first 64 KB window and are jumped over, not read.
    expect(bytesRead).toBeLessThan(statSync(sharedModel(MODELS.tinyDrawing)).size - 100_000);
  });

  it('NeuralMcNeuralNet: a custom layer, with its class name', async () => {
    const facts = await readModel(sharedModel(MODELS.customLayer));
    expect(facts.specificationVersion).toBe(2);
    expect(facts.network?.layerCounts).toEqual({ convolution: 1, custom: 1, pooling: 1, innerProduct: 1, softmax: 1 });
    expect(facts.network?.layers.find((layer) => layer.kind === 'custom')).toMatchObject({
      name: 'swish_1',
      custom: { className: 'Swish', description: 'A fancy new activation function' },
    });
    expect(facts.network?.layers.find((layer) => layer.kind === 'pooling')?.pooling).toEqual({ type: 'average', kernelSize: [0, 0], stride: [0, 0], globalPooling: true });
    expect(facts.outputs).toMatchObject([{ name: 'output', dataType: 'fp64', shape: [10] }]);
  });

  it('Image2Image: image input and output', async () => {
    const facts = await readModel(sharedModel(MODELS.image2image));
    for (const feature of [...facts.inputs, ...facts.outputs]) expect(feature).toMatchObject({ kind: 'image', shape: [256, 256], image: { width: 256, height: 256, colorSpace: 'rgb' } });
    expect(facts.network?.layerCounts).toEqual({ activation: 1 });
  });

  it('the xgboost model: a tree ensemble, two doubles in', async () => {
    const facts = await readModel(sharedModel(MODELS.treeEnsemble));
    expect(facts.kind).toBe('treeEnsembleRegressor');
    expect(facts.network).toBeUndefined();
    expect(facts.program).toBeUndefined();
    expect(facts.inputs.map((input) => [input.name, input.kind, input.dataType])).toEqual([
      ['context', 'double', 'fp64'],
      ['item', 'double', 'fp64'],
    ]);
    expect(facts.metadata.userDefined['com.github.apple.coremltools.source']).toBe('xgboost==1.4.2');
  });

  it('the updatable network and the batchedMatmul one (spec 4), with an output of no shape', async () => {
    const updatable = await readModel(sharedModel(MODELS.personalization));
    expect(updatable).toMatchObject({ isUpdatable: true, specificationVersion: 4, network: { layerCounts: { innerProduct: 1 } } });
    const keras = await readModel(sharedModel(MODELS.keras));
    expect(keras.network?.layerCounts).toEqual({ batchedMatmul: 1 });
    expect(keras.outputs[0]).toMatchObject({ name: 'Identity', shape: [] });
  });

  it('DTLN: a package whose manifest lists the weights first, range inputs, float32 compute, loops and lists', async () => {
    const file = sharedModel(MODELS.dtln);
    const facts = await readModel(file);
    expect(facts).toMatchObject({ format: 'mlpackage', kind: 'mlProgram', specificationVersion: 7, modelFile: 'Data/com.apple.CoreML/model.mlmodel' });
    expect(facts.weightFiles).toEqual([{ path: 'Data/com.apple.CoreML/weights/weight.bin', bytes: 1_980_996 }]);
    expect(facts.weightBytes).toBe(1_980_996 + facts.embeddedWeightBytes);
    expect(facts.inputs.map((input) => [input.name, input.flexibility?.kind, input.shape])).toEqual([
      ['lpb_magnitude', 'range', [1, 1, 257]],
      ['mic_magnitude', 'range', [1, 1, 257]],
      ['states_in', 'range', [1, 2, 128, 2]],
    ]);
    expect(facts.inputs[2]?.flexibility).toEqual({ kind: 'range', ranges: [{ lower: 1, upper: 2 }, { lower: 2, upper: 2 }, { lower: 128, upper: 128 }, { lower: 2, upper: 2 }] });
    const main = facts.program!.functions[0]!;
    expect(main.opset).toBe('CoreML6');
    expect(main.operationCounts).toMatchObject({ const: 101, while_loop: 2, make_list: 4, list_read: 2, list_write: 2, matmul: 5, sigmoid: 7 });
    // No op computes in float16: float32 everywhere, int32 for the loop counters, bool for their conditions.
    expect(main.precision).toEqual({ fp32: 79, int32: 4, bool: 2 });
    const loops = main.operations.filter((op) => op.type === 'while_loop');
    expect(loops.map((op) => op.blocks)).toEqual([2, 2]);
    const inBody = main.operations.filter((op) => op.path[0]?.op === loops[0]!.name && op.path[0]?.block === 1);
    expect(inBody.map((op) => op.type)).toContain('matmul');
    // The twelve weight blobs: each record read for its dtype and size, which add up within the file.
    const blobs = main.operations.flatMap((op) => (op.attributes.val?.blob ? [op.attributes.val.blob] : []));
    expect(blobs).toHaveLength(12);
    expect(blobs.every((blob) => blob.fileName === '@model_path/weights/weight.bin' && blob.dataType === 'fp32')).toBe(true);
    expect(blobs.reduce((sum, blob) => sum + (blob.bytes ?? 0) + 64, 64)).toBeLessThanOrEqual(1_980_996);
  });

  it('simple_layer: a prerelease ML program of spec 5 is refused with what to do (protoc --decode_raw shows why)', async () => {
    const file = sharedModel(MODELS.simpleLayer);
    const error = await readModel(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ code: 'unsupported', file });
    expect((error as ModelError).message).toBe(
      `${file}: is an ML program of specification version 5, written by a prerelease coremltools before ML programs became public (specification 6, iOS 15): the public schema does not describe it. Convert the source model again with a current coremltools (\`ct.convert(..., convert_to="mlprogram")\`).`,
    );
    // coremltools cannot load it; protoc shows spec version 5 and field 502, whose function's field 2 (the opset,
    // a string in today's schema) is a message.
    const raw = execFileSync('protoc', ['--decode_raw'], { input: readFileSync(file), encoding: 'utf8' });
    expect(raw.startsWith('1: 5\n')).toBe(true);
    expect(raw).toMatch(/^502 \{\n {2}1: 1\n {2}2 \{\n {4}1: "main"\n {4}2 \{\n/mu);
  });

  it('add_model.mlmodelc: a compiled ML program, its op histogram as Core ML\'s compiler wrote it in metadata.json', async () => {
    const file = sharedModel(MODELS.addModel);
    const facts = await readModel(file);
    expect(facts).toMatchObject({ format: 'mlmodelc', kind: 'mlProgram', specificationVersion: 7, modelFile: 'model.mil', weightFiles: [], weightBytes: 0 });
    expect(facts.inputs.map((input) => [input.name, input.dataType, input.shape, input.flexibility])).toEqual([
      ['x', 'fp16', [1, 10], null],
      ['y', 'fp16', [1, 10], null],
    ]);
    const main = facts.program!.functions[0]!;
    expect(main).toMatchObject({ name: 'main', opset: 'ios16', outputs: ['var_3'], precision: { fp16: 1 } });
    expect(main.operations).toEqual([
      {
        type: 'mul',
        name: 'op_3_cast_fp16',
        path: [],
        inputs: { x: [{ kind: 'name', name: 'x' }], y: [{ kind: 'name', name: 'y' }] },
        outputs: [{ name: 'var_3', type: { kind: 'tensor', dataType: 'fp16', rank: 2, shape: [1, 10] } }],
        blocks: 0,
        attributes: {},
      },
    ]);
    const metadata = JSON.parse(readFileSync(path.join(file, 'metadata.json'), 'utf8')) as [{ mlProgramOperationTypeHistogram: Record<string, number> }];
    const histogram = Object.fromEntries(Object.entries(metadata[0].mlProgramOperationTypeHistogram).map(([type, n]) => [type.split('.').pop()!, n]));
    expect(main.operationCounts).toEqual(histogram);
  });

  it('s4tf_model_retrained.mlmodelc: a compiled network, its description as in the model it was compiled from', async () => {
    const compiled = await readModel(sharedModel(MODELS.retrained));
    const source = await readModel(sharedModel(MODELS.personalization));
    expect(compiled).toMatchObject({ format: 'mlmodelc', kind: 'neuralNetwork', specificationVersion: 4, modelFile: 'model.espresso.net' });
    expect(compiled.inputs).toEqual(source.inputs);
    expect(compiled.outputs).toEqual(source.outputs);
    expect(compiled.network).toMatchObject({ layerNames: 'espresso', layerCounts: { innerProduct: 1 } });
    expect(compiled.network?.layers[0]).toMatchObject({ name: 'dense_1', kind: 'innerProduct', espressoType: 'inner_product', inputs: ['dense_input'], outputs: ['output'] });
    expect(compiled.weightFiles).toEqual([{ path: 'model.espresso.weights', bytes: 196 }]);
    expect(compiled.notes.join('\n')).toContain('model.espresso.net');
  });

  it('reads all of them in one process, each to facts or a ModelError', async () => {
    const outcomes = await Promise.all(
      Object.values(MODELS).map((relative) =>
        readModel(sharedModel(relative)).then(
          (facts) => facts.kind,
          (error: unknown) => (error instanceof ModelError ? error.code : 'thrown'),
        ),
      ),
    );
    expect(outcomes).toEqual(['neuralNetwork', 'unsupported', 'mlProgram', 'neuralNetwork', 'mlProgram', 'neuralNetwork', 'neuralNetwork', 'treeEnsembleRegressor', 'neuralNetwork', 'neuralNetwork', 'neuralNetwork']);
  });
});
