import { closeSync, ftruncateSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ByteSource } from '../../src/model/read/byte-source.js';
import { tempFolder } from '../support/temp.js';

describe('ByteSource', () => {
  it('serves nearby reads from one window and counts what it read', () => {
    const file = path.join(tempFolder('bytes'), 'data.bin');
    writeFileSync(file, Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251)));
    const source = ByteSource.open(file);
    try {
      expect(source.size).toBe(200_000);
      expect([...source.bytes(10, 14)]).toEqual([10, 11, 12, 13]);
      expect([...source.bytes(1000, 1002)]).toEqual([1000 % 251, 1001 % 251]);
      expect(source.bytesRead).toBe(64 * 1024);
      expect(source.bytes(150_000, 150_001)[0]).toBe(150_000 % 251);
      expect(source.bytesRead).toBe(64 * 1024 + (200_000 - 150_000));
      expect(source.bytes(199_999, 300_000)).toHaveLength(1);
      expect(source.bytes(300_000, 300_010)).toHaveLength(0);
    } finally {
      source.close();
    }
  });

  it('reads a range larger than the window on its own, and jumps over gigabytes without reading them', () => {
    const file = path.join(tempFolder('bytes'), 'sparse.bin');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 3 * 1024 ** 3);
    writeSync(fd, Buffer.from('end'), 0, 3, 3 * 1024 ** 3 - 3);
    closeSync(fd);
    const source = ByteSource.open(file, 16);
    try {
      expect(source.bytes(0, 100)).toHaveLength(100);
      expect(source.bytes(3 * 1024 ** 3 - 3, 3 * 1024 ** 3).toString()).toBe('end');
      expect(source.bytesRead).toBe(103);
    } finally {
      source.close();
    }
  });
});
