import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ModelError } from '../../src/model/model-error.js';
import { readModel } from '../../src/model/read/index.js';
import { sharedModel } from '../support/shared-models.js';
import { tempFolder } from '../support/temp.js';

// A compiled model folder: model.mil or model.espresso.net, metadata.json, coremldata.bin.

const RECOMPILE = 'Compile the model again (`xcrun coremlcompiler compile Model.mlpackage .`), or check in the .mlpackage or .mlmodel instead.';

const MIL = `program(1.3)
{
    func main<ios17>(tensor<fp16, [1, ?]> x) {
            tensor<fp16, [4]> w = const()[name = string("w"), val = tensor<fp16, [4]>(BLOBFILE(path = string("@model_path/weights/weight.bin"), offset = uint64(64)))];
            tensor<fp16, [1, ?]> y = mul(x = x, y = w)[name = string("scale")];
        } -> (y);
}
`;

function metadata(extra: Record<string, unknown> = {}): string {
  return JSON.stringify([
    {
      specificationVersion: 8,
      modelType: { name: 'MLModelType_mlProgram' },
      isUpdatable: '0',
      computePrecision: 'Float16',
      inputSchema: [
        { name: 'x', type: 'MultiArray', dataType: 'Float16', shape: '[1, 4]', isOptional: '0', hasShapeFlexibility: '1', shapeRange: '[[1, 1], [1, -1]]' },
        { name: 'ids', type: 'MultiArray', dataType: 'Int32', shape: '[1, 8]', isOptional: '1', hasShapeFlexibility: '1', enumeratedShapes: '[[1, 8], [1, 16]]' },
      ],
      outputSchema: [{ name: 'y', type: 'MultiArray', dataType: 'Float16', shape: '[1, 4]', isOptional: '0', hasShapeFlexibility: '0' }],
      userDefinedMetadata: { 'com.github.apple.coremltools.version': '9.0' },
      ...extra,
    },
  ]);
}

/** A compiled ML program with a weight file of one fp16 blob record. */
function compiled(files: Record<string, string | Buffer> = {}): string {
  const dir = path.join(tempFolder('mlmodelc'), 'Model.mlmodelc');
  mkdirSync(path.join(dir, 'weights'), { recursive: true });
  const weights = Buffer.alloc(128 + 8);
  weights.writeUInt32LE(0xdeadbeef, 64);
  weights.writeUInt32LE(1, 68);
  weights.writeBigUInt64LE(8n, 72);
  weights.writeBigUInt64LE(128n, 80);
  const all: Record<string, string | Buffer> = { 'model.mil': MIL, 'metadata.json': metadata(), 'weights/weight.bin': weights, ...files };
  for (const [name, content] of Object.entries(all)) writeFileSync(path.join(dir, name), content);
  return dir;
}

async function outcome(model: string): Promise<ModelError> {
  const error = await readModel(model).catch((e: unknown) => e);
  if (!(error instanceof ModelError)) throw new Error(`expected a ModelError, got ${String(error)}`);
  return error;
}

describe('reading a .mlmodelc', () => {
  it('an ML program: model.mil for the ops, metadata.json for the inputs and their flexibility, the weight file by size', async () => {
    const dir = compiled();
    const facts = await readModel(dir);
    expect(facts).toMatchObject({ format: 'mlmodelc', kind: 'mlProgram', specificationVersion: 8, minimumOs: { iOS: '17' }, modelFile: 'model.mil' });
    expect(facts.inputs).toEqual([
      { name: 'x', kind: 'multiArray', optional: false, dataType: 'fp16', shape: [1, 4], flexibility: { kind: 'range', ranges: [{ lower: 1, upper: 1 }, { lower: 1, upper: null }] } },
      { name: 'ids', kind: 'multiArray', optional: true, dataType: 'int32', shape: [1, 8], flexibility: { kind: 'enumerated', shapes: [[1, 8], [1, 16]] } },
    ]);
    expect(facts.outputs[0]).toMatchObject({ name: 'y', flexibility: null });
    expect(facts.metadata.userDefined).toEqual({ 'com.github.apple.coremltools.version': '9.0' });
    expect(facts.weightFiles).toEqual([{ path: 'weights/weight.bin', bytes: 136 }]);
    const weight = facts.program?.functions[0]?.operations[0];
    expect(weight?.attributes.val?.blob).toEqual({ fileName: '@model_path/weights/weight.bin', offset: 64, dataType: 'fp16', bytes: 8 });
    expect(facts.program?.functions[0]?.operationCounts).toEqual({ const: 1, mul: 1 });
    expect(facts.notes).toEqual([]);
  });

  it('the real compiled program also carries its description in coremldata.bin: both agree', async () => {
    const dir = path.join(tempFolder('mlmodelc'), 'add.mlmodelc');
    cpSync(sharedModel('ct-add-model-mlmodelc/add_model.mlmodelc'), dir, { recursive: true });
    const both = await readModel(dir);
    rmSync(path.join(dir, 'coremldata.bin'));
    const fromMetadata = await readModel(dir);
    expect(fromMetadata.inputs).toEqual(both.inputs);
    expect(fromMetadata.outputs).toEqual(both.outputs);
    expect(fromMetadata.specificationVersion).toBe(both.specificationVersion);
    expect(fromMetadata.metadata.userDefined).toEqual(both.metadata.userDefined);
  });

  it('a weight file that model.mil names but the folder lacks is said, not fatal', async () => {
    const dir = compiled();
    rmSync(path.join(dir, 'weights'), { recursive: true });
    const facts = await readModel(dir);
    expect(facts.notes).toEqual(['the weight file @model_path/weights/weight.bin is not there']);
    expect(facts.weightFiles).toEqual([]);
  });

  it('metadata.json alone: the kind and inputs, and a note that the ops are not known', async () => {
    const dir = compiled();
    rmSync(path.join(dir, 'model.mil'));
    const facts = await readModel(dir);
    expect(facts).toMatchObject({ kind: 'mlProgram', modelFile: '' });
    expect(facts.program).toBeUndefined();
    expect(facts.notes).toEqual(['there is neither model.mil nor model.espresso.net, so its ops or layers are not known']);
  });

  it('a compiled network without metadata: Espresso layers, and no version when nothing says it', async () => {
    const dir = path.join(tempFolder('mlmodelc'), 'Net.mlmodelc');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'model.espresso.net'), JSON.stringify({ layers: [{ type: 'convolution', name: 'c', bottom: 'x', top: 'h' }, { type: 'elementwise', name: 'e', bottom: 'h,x', top: 'y' }] }));
    writeFileSync(path.join(dir, 'model.espresso.weights'), Buffer.alloc(300));
    const facts = await readModel(dir);
    expect(facts).toMatchObject({ kind: 'neuralNetwork', specificationVersion: null, minimumOs: null, weightBytes: 300 });
    expect(facts.network?.layers.map((layer) => [layer.kind, layer.inputs])).toEqual([
      ['convolution', ['x']],
      ['elementwise', ['h', 'x']],
    ]);
    expect(facts.notes).toContain('the compiled model does not say its specification version');
  });

  it('refuses a folder that holds no compiled model, MIL that does not parse, and broken JSON', async () => {
    const empty = path.join(tempFolder('mlmodelc'), 'Empty.mlmodelc');
    mkdirSync(empty);
    expect((await outcome(empty)).message).toBe(`${empty}: is a folder without model.mil, model.espresso.net, metadata.json or coremldata.bin: it is not a compiled Core ML model. ${RECOMPILE}`);
    const bad = compiled({ 'model.mil': 'program(1.0)\n{\n  func main<ios16>(tensor<fp16, [1]> x) {\n    oops\n' });
    const error = await outcome(bad);
    expect(error).toMatchObject({ code: 'not-core-ml', file: path.join(bad, 'model.mil') });
    expect(error.message).toBe(`${path.join(bad, 'model.mil')}: is not MIL text as Core ML's compiler writes it (line 4: "oops" is not a MIL type). ${RECOMPILE}`);
    const json = compiled({ 'metadata.json': '[{' });
    expect(await outcome(json)).toMatchObject({ code: 'not-core-ml', file: path.join(json, 'metadata.json') });
    const net = path.join(tempFolder('mlmodelc'), 'Bad.mlmodelc');
    mkdirSync(net);
    writeFileSync(path.join(net, 'model.espresso.net'), '{"storage": "x"}');
    expect((await outcome(net)).message).toBe(`${path.join(net, 'model.espresso.net')}: is not an Espresso network (it has no "layers" list). ${RECOMPILE}`);
  });

  it('MIL nested too deep is an overflow; an LFS pointer for model.mil says so', async () => {
    const deep = compiled({ 'model.mil': `program(1.0)\n{\n func main<ios16>(${'list<'.repeat(500)}fp16${'>'.repeat(500)} x) { } -> (x);\n}` });
    expect((await outcome(deep)).code).toBe('overflow');
    const lfs = compiled({ 'model.mil': 'version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 9\n' });
    expect(await outcome(lfs)).toMatchObject({ code: 'lfs-pointer', file: path.join(lfs, 'model.mil') });
  });
});
