import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ByteSource } from '../../src/model/read/byte-source.js';
import { MAX_DEPTH, WireError, enter, fields, floats, inside, string, varints } from '../../src/model/read/wire.js';
import { tempFolder } from '../support/temp.js';
import { encode, f, float, tag } from '../support/wire-writer.js';

function withSource<T>(bytes: Uint8Array, use: (source: ByteSource) => T): T {
  const file = path.join(tempFolder('wire'), 'message.bin');
  writeFileSync(file, bytes);
  const source = ByteSource.open(file);
  try {
    return use(source);
  } finally {
    source.close();
  }
}

describe('the wire walk', () => {
  it('yields each field with its value or the range of its content', () => {
    const bytes = encode([f(1, 7), f(2, 'hi'), float(3, 1.5), { field: 4, value: 2.25, fixed: 'fixed64' }, f(5, -1), f(6, [f(1, 3)])]);
    const found = withSource(bytes, (source) => [...fields(source, 0, source.size)].map(({ number, wireType, value, start, end }) => ({ number, wireType, value, length: end - start })));
    expect(found).toEqual([
      { number: 1, wireType: 0, value: 7, length: 0 },
      { number: 2, wireType: 2, value: 0, length: 2 },
      { number: 3, wireType: 5, value: 0, length: 4 },
      { number: 4, wireType: 1, value: 0, length: 8 },
      { number: 5, wireType: 0, value: -1, length: 0 },
      { number: 6, wireType: 2, value: 0, length: 2 },
    ]);
  });

  it('decodes strings, packed and unpacked varints and floats, and nested messages', () => {
    withSource(encode([f(1, 'héllo'), f(2, Uint8Array.of(1, 0xac, 0x02, 3)), f(2, 9), f(3, Buffer.from(new Float32Array([0.5, 2]).buffer)), float(3, 4), f(4, [f(1, 'inner')])]), (source) => {
      const all = [...fields(source, 0, source.size)];
      expect(string(source, all[0]!, 'a name')).toBe('héllo');
      expect(varints(source, all[1]!, 'a shape')).toEqual([1, 300, 3]);
      expect(varints(source, all[2]!, 'a shape')).toEqual([9]);
      expect(floats(source, all[3]!, 'scales')).toEqual([0.5, 2]);
      expect(floats(source, all[4]!, 'scales')).toEqual([4]);
      expect([...inside(source, all[5]!)].map((field) => string(source, field, 'x'))).toEqual(['inner']);
      expect(() => [...inside(source, all[2]!, 'a layer')]).toThrow(new WireError('malformed', 14, 'a layer (field 2 at byte 14) has the wire type 0, not 2'));
    });
  });

  it('a packed list that ends inside a number, a length past the message, a field number 0', () => {
    withSource(encode([f(1, Uint8Array.of(1, 0x80))]), (source) => {
      const [field] = [...fields(source, 0, source.size)];
      expect(() => varints(source, field!, 'a shape')).toThrow('a shape at byte 0 ends inside a number');
    });
    withSource(Buffer.concat([tag(1, 2), Uint8Array.of(5), Buffer.from('abc')]), (source) => {
      expect(() => [...fields(source, 0, source.size)]).toThrow(new WireError('truncated', 0, 'a field at byte 0 runs past the end of the file (5 bytes)'));
      expect(() => [...fields(source, 0, 3)]).toThrow(new WireError('malformed', 0, 'a field at byte 0 runs past the end of the message that holds it (byte 3)'));
      expect(() => [...fields(source, 0, 99)]).toThrow(WireError);
    });
    withSource(Buffer.concat([tag(0, 0), Uint8Array.of(1)]), (source) => {
      expect(() => [...fields(source, 0, source.size)]).toThrow('a field at byte 0 has the field number 0');
    });
    withSource(Uint8Array.of(0x08, 0xff, 0xff), (source) => {
      expect(() => [...fields(source, 0, source.size)]).toThrow(new WireError('truncated', 0, 'a field at byte 0 runs past the end of the file (3 bytes)'));
    });
  });

  it('counts the depth for the decoders', () => {
    expect(enter(0, undefined, 'a block')).toBe(1);
    expect(enter(MAX_DEPTH, undefined, 'a block')).toBe(MAX_DEPTH + 1);
    expect(() => enter(MAX_DEPTH + 1, undefined, 'a block')).toThrow(new WireError('overflow', 0, `a block is nested more than ${MAX_DEPTH} deep (at byte 0)`));
  });
});
