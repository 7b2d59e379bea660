import { closeSync, cpSync, ftruncateSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { readModelCounted } from '../../src/model/read/index.js';
import { sharedModel } from '../support/shared-models.js';
import { tempFolder } from '../support/temp.js';

// An ML program's weight file: each blob value's 64-byte record read for its dtype and size, nothing else.

const WEIGHT = ['Data', 'com.apple.CoreML', 'weights', 'weight.bin'];

function dtlnCopy(): string {
  const dir = path.join(tempFolder('blobs'), 'Model.mlpackage');
  cpSync(sharedModel('dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage'), dir, { recursive: true });
  return dir;
}

describe('blob records', () => {
  it('are read for each weight: the real file holds twelve float32 blobs, all found at their offsets', async () => {
    const dir = dtlnCopy();
    const { facts } = await readModelCounted(dir);
    const weights = readFileSync(path.join(dir, ...WEIGHT));
    const blobs = facts.program!.functions[0]!.operations.flatMap((op) => (op.attributes.val?.blob ? [op.attributes.val.blob] : []));
    for (const blob of blobs) {
      // The record, read here by hand: sentinel, dtype 2 (Float32), size.
      expect(weights.readUInt32LE(blob.offset)).toBe(0xdeadbeef);
      expect(weights.readUInt32LE(blob.offset + 4)).toBe(2);
      expect(blob.bytes).toBe(Number(weights.readBigUInt64LE(blob.offset + 8)));
    }
    expect(facts.notes).toEqual([]);
  });

  it('a 2 GB weight file costs its records, not its size; records of zeros are said to be unknown', async () => {
    const dir = dtlnCopy();
    const weight = path.join(dir, ...WEIGHT);
    const before = await readModelCounted(dir);
    rmSync(weight);
    const fd = openSync(weight, 'w');
    ftruncateSync(fd, 2 * 1024 ** 3);
    closeSync(fd);
    const { facts, bytesRead } = await readModelCounted(dir);
    expect(facts.weightFiles).toEqual([{ path: 'Data/com.apple.CoreML/weights/weight.bin', bytes: 2 * 1024 ** 3 }]);
    expect(facts.weightBytes).toBe(2 * 1024 ** 3 + facts.embeddedWeightBytes);
    expect(facts.notes).toEqual(['@model_path/weights/weight.bin: the blob records are not MIL blob records (no 0xDEADBEEF sentinel), so their dtypes are not known']);
    // The same bytes as with the real 2 MB file: the model, and one 64-byte record per blob.
    expect(bytesRead).toBe(before.bytesRead);
    expect(bytesRead).toBeLessThan(statSync(path.join(dir, 'Data', 'com.apple.CoreML', 'model.mlmodel')).size + 12 * 64 + 1024);
  });

  it('a record past the end of a cut weight file', async () => {
    const dir = dtlnCopy();
    const weight = path.join(dir, ...WEIGHT);
    writeFileSync(weight, readFileSync(weight).subarray(0, 2000));
    const { facts } = await readModelCounted(dir);
    expect(facts.notes).toHaveLength(1);
    expect(facts.notes[0]).toMatch(/^@model_path\/weights\/weight\.bin: a blob record at offset \d+ lies past the end of the file \(2000 bytes\)$/u);
    const blobs = facts.program!.functions[0]!.operations.flatMap((op) => (op.attributes.val?.blob ? [op.attributes.val.blob] : []));
    expect(blobs[0]).toMatchObject({ offset: 64, dataType: 'fp32' });
    expect(blobs.at(-1)?.dataType).toBeUndefined();
  });
});
