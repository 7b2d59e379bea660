import { describe, expect, it } from 'vitest';

import { isLfsPointer, sniff } from '../../src/model/read/sniff.js';

describe('sniff', () => {
  it('knows a Git LFS pointer and the formats a model is mistaken for', () => {
    expect(isLfsPointer(Buffer.from('version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 1\n'))).toBe(true);
    expect(sniff(Buffer.from('%PDF-1.7'))).toEqual({ kind: 'other', what: 'a PDF document' });
    expect(sniff(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2]))).toEqual({ kind: 'other', what: 'an ELF program' });
    expect(sniff(Buffer.from('  {"layers": []}'))).toEqual({ kind: 'other', what: 'a JSON or text file' });
    expect(sniff(Buffer.from('<?xml version="1.0"?>'))).toEqual({ kind: 'other', what: 'an XML or HTML file' });
    expect(sniff(Buffer.from([0x80, 0x04, 0x95]))).toEqual({ kind: 'other', what: expect.stringContaining('Python pickle') as string });
  });

  it('says nothing of a protobuf model', () => {
    expect(sniff(Buffer.from([0x08, 0x04, 0x12, 0x00]))).toBeUndefined();
    expect(isLfsPointer(Buffer.from([0x08, 0x04]))).toBe(false);
  });
});
