import { describe, expect, it } from 'vitest';

import { BlobRecordScanner, RECORD_BYTES } from '../../../src/model/base/blob-records.js';

// What the base source keeps of a weight file streamed from git: the header and the blob records, nothing else.

describe('BlobRecordScanner', () => {
  const SENTINEL = [0xef, 0xbe, 0xad, 0xde];

  /** A weight file: random-looking data, a header, and records at these offsets. */
  function weightFile(size: number, records: number[]): Buffer {
    const file = Buffer.alloc(size);
    for (let i = 0; i < size; i++) file[i] = (i * 131 + 17) % 251;
    file.fill(9, 0, RECORD_BYTES);
    for (const at of records) {
      file.set(SENTINEL, at);
      for (let i = 4; i < RECORD_BYTES; i++) file[at + i] = (at + i) % 256;
    }
    return file;
  }

  /** What the scanner keeps, laid out as the sparse file it writes. */
  function kept(file: Buffer, chunkSize: number): Buffer {
    const scanner = new BlobRecordScanner();
    const image = Buffer.alloc(file.length);
    for (let at = 0; at < file.length; at += chunkSize) {
      for (const piece of scanner.push(file.subarray(at, at + chunkSize))) piece.bytes.copy(image, piece.position);
    }
    expect(scanner.bytesSeen).toBe(file.length);
    return image;
  }

  function expected(file: Buffer, records: number[]): Buffer {
    const image = Buffer.alloc(file.length);
    file.copy(image, 0, 0, RECORD_BYTES);
    for (const at of records) file.copy(image, at, at, at + RECORD_BYTES);
    return image;
  }

  const records = [64, 200, 4096 - 2, 8192 + 61, 20_000 - RECORD_BYTES];

  it.each([1, 2, 3, 5, 63, 64, 65, 1000, 4096, 65_536])('keeps the header and every record, whole, fed %i bytes at a time', (chunkSize) => {
    const file = weightFile(20_000, records);
    expect(kept(file, chunkSize).equals(expected(file, records))).toBe(true);
  });

  it('a sentinel too near the end to hold a record is not a record', () => {
    const file = weightFile(1000, [500]);
    file.set(SENTINEL, 1000 - 10);
    expect(kept(file, 100).equals(expected(file, [500]))).toBe(true);
  });

  it('returns each piece once, at its place, and copies of the bytes (the chunks are reused by streams)', () => {
    const file = weightFile(300, [100]);
    const scanner = new BlobRecordScanner();
    const first = file.subarray(0, 130);
    const pieces = [...scanner.push(first), ...scanner.push(file.subarray(130))];
    expect(pieces.map((piece) => [piece.position, piece.bytes.length])).toEqual([
      [0, 64],
      [100, 64],
    ]);
    first.fill(0);
    expect(pieces[1]!.bytes.subarray(0, 4)).toEqual(Buffer.from(SENTINEL));
  });

  it('a header cut across chunks comes in pieces', () => {
    const scanner = new BlobRecordScanner();
    const header = Buffer.alloc(64, 5);
    expect(scanner.push(header.subarray(0, 10)).map((piece) => [piece.position, piece.bytes.length])).toEqual([[0, 10]]);
    expect(scanner.push(header.subarray(10)).map((piece) => [piece.position, piece.bytes.length])).toEqual([[10, 54]]);
    expect(scanner.push(Buffer.alloc(100))).toEqual([]);
  });

  it('a file shorter than a header is kept whole', () => {
    const file = Buffer.from([1, 2, 3]);
    expect(kept(file, 2).equals(file)).toBe(true);
  });
});
