import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { zipSync } from 'fflate';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';

import { ModelError } from '../../src/model/model-error.js';
import { readModel, readModelCounted } from '../../src/model/read/index.js';
import { sharedModel } from '../support/shared-models.js';
import { tempFolder } from '../support/temp.js';
import { type Field, encode, f, tag, writeSparse } from '../support/wire-writer.js';

// A .mlmodel file: recognised, walked lazily, and refused with a message that names the file and the fix.

async function outcome(file: string): Promise<ModelError> {
  const error = await readModel(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ModelError)) throw new Error(`expected a ModelError for ${file}, got ${String(error)}`);
  return error;
}

function write(name: string, bytes: Uint8Array | string): string {
  const file = path.join(tempFolder('mlmodel'), name);
  writeFileSync(file, bytes);
  return file;
}

/** Offsets where the file's top-level fields end: a cut there leaves whole fields, anywhere else a field cut short. */
function topLevelEnds(bytes: Uint8Array): Set<number> {
  const reader = protobuf.Reader.create(bytes);
  const ends = new Set<number>([0]);
  while (reader.pos < reader.len) {
    reader.skipType(reader.uint32() & 7);
    ends.add(reader.pos);
  }
  return ends;
}

const RECOPY = 'Copy or download the model again, or save it again with coremltools; a model kept in Git LFS needs `lfs: true` on actions/checkout.';
const POINT = 'Point ane-check at a .mlmodel, .mlpackage or .mlmodelc.';

const network = (layers: Field[][]): Field => f(500, layers.map((layer) => f(1, layer)));
const description: Field = f(2, [f(1, [f(1, 'x'), f(3, [f(5, [f(1, Uint8Array.of(4)), f(2, 65568)])])])]);

describe('reading a .mlmodel', () => {
  it('an empty file', async () => {
    const file = write('empty.mlmodel', '');
    const error = await outcome(file);
    expect(error).toMatchObject({ code: 'not-core-ml', file });
    expect(error.message).toBe(`${file}: is empty (0 bytes), not a Core ML model. ${RECOPY}`);
  });

  it('a Git LFS pointer, with the checkout fix', async () => {
    const file = write('lfs.mlmodel', 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n');
    const error = await outcome(file);
    expect(error.code).toBe('lfs-pointer');
    expect(error.message).toBe(`${file}: is a Git LFS pointer, not the model: the checkout did not fetch the LFS object. Fetch the Git LFS objects: \`lfs: true\` on actions/checkout (or \`git lfs pull\`).`);
  });

  it('an image, a zip and a gzip file are named for what they are', async () => {
    const png = write('image.mlmodel', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]));
    expect((await outcome(png)).message).toBe(`${png}: is a PNG image, not a Core ML model. ${POINT}`);
    const jpeg = write('photo.mlmodel', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]));
    expect((await outcome(jpeg)).message).toBe(`${jpeg}: is a JPEG image, not a Core ML model. ${POINT}`);
    const zip = write('archive.mlmodel', zipSync({ 'model.mlmodel': readFileSync(sharedModel('coremlit-identity/identity.mlmodel')) }));
    expect(await outcome(zip)).toMatchObject({ code: 'not-core-ml', message: `${zip}: is a zip archive, not a Core ML model. ${POINT}` });
    const gzip = write('model.mlmodel.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]));
    expect((await outcome(gzip)).message).toContain('is a gzip file (gunzip it first), not a Core ML model.');
  });

  it('every byte prefix of real models gives facts or a clean error: a cut inside a field says it is cut short', async () => {
    for (const relative of ['coremlit-identity/identity.mlmodel', 'jm-s4tf-updatable-nn/keras_model.mlmodel', 'hollance-custom-layer/NeuralMcNeuralNet.mlmodel']) {
      const whole = readFileSync(sharedModel(relative));
      const ends = topLevelEnds(whole);
      const dir = tempFolder('prefixes');
      const seen = new Map<string, number>();
      for (let length = 0; length < whole.length; length++) {
        const file = path.join(dir, `${length}.mlmodel`);
        writeFileSync(file, whole.subarray(0, length));
        const result = await readModel(file).then(
          () => 'facts',
          (error: unknown) => (error instanceof ModelError && error.message.startsWith(`${file}: `) ? error.code : `thrown: ${String(error)}`),
        );
        seen.set(result, (seen.get(result) ?? 0) + 1);
        if (!ends.has(length)) expect(result, `${relative} cut at ${length}`).toBe('truncated');
      }
      expect([...seen.keys()].every((key) => ['facts', 'truncated', 'not-core-ml'].includes(key)), `${relative}: ${[...seen.keys()].join(', ')}`).toBe(true);
      expect(seen.get('truncated')).toBe(whole.length - ends.size + 1);
    }
  });

  it('a field whose length runs past the end of the file', async () => {
    const bytes = Buffer.concat([encode([f(1, 4)]), tag(2, 2), Buffer.from([0xe8, 0x07]), Buffer.alloc(10)]);
    const file = write('past-end.mlmodel', bytes);
    const error = await outcome(file);
    expect(error.code).toBe('truncated');
    expect(error.message).toBe(`${file}: is cut short: a field at byte 2 runs past the end of the file (15 bytes). ${RECOPY}`);
  });

  it('a length of 2^62 is a cut short file, not a range error', async () => {
    const huge = protobuf.Writer.create().uint64('4611686018427387904').finish();
    const file = write('huge-length.mlmodel', Buffer.concat([encode([f(1, 4)]), tag(2, 2), huge, Buffer.alloc(8)]));
    expect((await outcome(file)).code).toBe('truncated');
  });

  it('a nested field longer than the message that holds it', async () => {
    // The description says 6 bytes, its input says 50: within the file, past its parent.
    const inner = Buffer.concat([tag(1, 2), Buffer.from([50]), Buffer.alloc(4)]);
    const bytes = Buffer.concat([encode([f(1, 4)]), tag(2, 2), Buffer.from([inner.length]), inner, encode([network([[f(1, 'a')]])]), Buffer.alloc(60)]);
    const error = await outcome(write('nested-past.mlmodel', bytes));
    expect(error.code).toBe('not-core-ml');
    expect(error.message).toContain('is not a Core ML model (or is damaged): a field at byte 4 runs past the end of the message that holds it (byte 10).');
  });

  it('a wrong wire type, a field number 0, an unused wire type', async () => {
    const wrongType = await outcome(write('wire-type.mlmodel', encode([f(1, 'four'), f(500, [])])));
    expect(wrongType.message).toContain('specificationVersion (field 1 at byte 0) has the wire type 2, not 0');
    const zero = await outcome(write('zero.mlmodel', Buffer.concat([encode([f(1, 4)]), tag(0, 0), Buffer.from([1])])));
    expect(zero.message).toContain('a field at byte 2 has the field number 0');
    const group = await outcome(write('group.mlmodel', Buffer.concat([encode([f(1, 4)]), tag(3, 3)])));
    expect(group.message).toContain('has the wire type 3, which Core ML files do not use');
  });

  it('protobuf that is not a model: no version, an impossible version, a description without a model', async () => {
    const none = await outcome(write('no-version.mlmodel', encode([f(7, 'text')])));
    expect(none.message).toBe(`${path.dirname(none.file)}/no-version.mlmodel: has no specification version: it is not a Core ML model. ${POINT}`);
    expect((await outcome(write('version.mlmodel', encode([f(1, 5000), network([])])))).message).toContain('has the specification version 5000, which no Core ML model has');
    expect((await outcome(write('no-kind.mlmodel', encode([f(1, 4), description])))).message).toContain('holds a model description but no model: it is cut short or not a Core ML model.');
  });

  it('random bytes never throw anything but a ModelError', async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 256;
    const dir = tempFolder('random');
    for (let i = 0; i < 300; i++) {
      const bytes = Buffer.from(Array.from({ length: 1 + (i % 97) * 3 }, () => Math.floor(random())));
      const file = path.join(dir, `${i}.mlmodel`);
      writeFileSync(file, bytes);
      const result = await readModel(file).then(
        () => 'facts',
        (error: unknown) => (error instanceof ModelError ? 'model error' : `thrown: ${String(error)}`),
      );
      expect(['facts', 'model error']).toContain(result);
    }
  });

  it('a 1 GB weight inside the file is measured and skipped, not read', async () => {
    const file = path.join(tempFolder('huge'), 'huge.mlmodel');
    const weight = 1024 * 1024 * 1024 + 12;
    const size = writeSparse(file, [
      f(1, 4),
      description,
      network([
        [f(1, 'big'), f(2, 'x'), f(3, 'h'), f(140, [f(1, 4), f(2, weight / 16), f(20, [f(1, { hole: weight })])])],
        [f(1, 'after'), f(2, 'h'), f(3, 'y'), f(130, [f(10, [])])],
      ]),
    ]);
    expect(statSync(file).size).toBe(size);
    const { facts, bytesRead } = await readModelCounted(file);
    expect(facts.network?.layers.map((layer) => [layer.name, layer.kind])).toEqual([
      ['big', 'innerProduct'],
      ['after', 'activation'],
    ]);
    expect(facts.network?.layers[0]?.weights).toEqual([{ field: 'weights', storage: 'float32', bytes: weight }]);
    expect(facts.weightBytes).toBe(weight);
    // The two windows around the weight: before it, and the layer after it at the end of the file.
    expect(bytesRead).toBeLessThanOrEqual(2 * 64 * 1024);
  });

  it('MIL blocks nested 1,000 deep and value types nested 1,000 deep are refused as overflowing', async () => {
    let block: Field[] = [f(3, [f(1, 'relu')])];
    for (let i = 0; i < 1000; i++) block = [f(3, [f(1, 'cond'), f(4, block)])];
    const program = f(502, [f(1, 1), f(2, [f(1, 'main'), f(2, [f(2, 'CoreML7'), f(3, [f(1, 'CoreML7'), f(2, block)])])])]);
    const blocks = await outcome(write('deep-blocks.mlmodel', encode([f(1, 7), description, program])));
    expect(blocks.code).toBe('overflow');
    expect(blocks.message).toMatch(/nested more than 100 deep/u);

    let type: Field[] = [f(1, [f(1, 11), f(2, 0)])];
    for (let i = 0; i < 1000; i++) type = [f(2, [f(1, type)])];
    const op = [f(1, 'make_list'), f(3, [f(1, 'list'), f(2, type)])];
    const deepType = f(502, [f(1, 1), f(2, [f(1, 'main'), f(2, [f(2, 'CoreML7'), f(3, [f(1, 'CoreML7'), f(2, [f(3, op)])])])])]);
    expect((await outcome(write('deep-type.mlmodel', encode([f(1, 7), description, deepType])))).code).toBe('overflow');
  });
});
