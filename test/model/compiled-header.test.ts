import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ByteSource } from '../../src/model/read/byte-source.js';
import { readCompiledHeader } from '../../src/model/read/compiled-header.js';
import { sharedModel } from '../support/shared-models.js';
import { tempFolder } from '../support/temp.js';

function header(file: string) {
  const source = ByteSource.open(file);
  try {
    return readCompiledHeader(source);
  } finally {
    source.close();
  }
}

describe("a compiled model's coremldata.bin", () => {
  it('holds the kind, the specification version and the description, in both real compiled models', () => {
    const program = header(path.join(sharedModel('ct-add-model-mlmodelc/add_model.mlmodelc'), 'coremldata.bin'));
    expect(program).toMatchObject({ kind: 'mlProgram', specificationVersion: 7 });
    expect(program?.description.inputs.map((input) => [input.name, input.dataType, input.shape])).toEqual([
      ['x', 'fp16', [1, 10]],
      ['y', 'fp16', [1, 10]],
    ]);
    const network = header(path.join(sharedModel('jm-s4tf-retrained-mlmodelc/s4tf_model_retrained.mlmodelc'), 'coremldata.bin'));
    expect(network).toMatchObject({ kind: 'neuralNetwork', specificationVersion: 4, description: { metadata: { author: 'Jacopo Mangiavacchi', license: 'MIT' } } });
  });

  it('gives nothing for any other layout: a wrong kind, an implausible version, a description of the wrong length', () => {
    const real = readFileSync(path.join(sharedModel('ct-add-model-mlmodelc/add_model.mlmodelc'), 'coremldata.bin'));
    const dir = tempFolder('header');
    const damaged = (edit: (bytes: Buffer) => void) => {
      const bytes = Buffer.from(real);
      edit(bytes);
      const file = path.join(dir, `${Math.random().toString(36).slice(2)}.bin`);
      writeFileSync(file, bytes);
      return header(file);
    };
    expect(damaged(() => undefined)).toBeDefined();
    expect(damaged((b) => b.writeUInt32LE(7, 0))).toBeUndefined();
    expect(damaged((b) => b.writeBigUInt64LE(5000n, 0x2b))).toBeUndefined();
    expect(damaged((b) => b.writeBigUInt64LE(BigInt(b.readBigUInt64LE(0x4b)) - 3n, 0x4b))).toBeUndefined();
    expect(damaged((b) => b.writeBigUInt64LE(1n << 40n, 0x4b))).toBeUndefined();
    expect(damaged((b) => b.fill(0))).toBeUndefined();
    const short = path.join(dir, 'short.bin');
    writeFileSync(short, real.subarray(0, 20));
    expect(header(short)).toBeUndefined();
  });
});
