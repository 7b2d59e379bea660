/**
 * A lazy walk over the protobuf wire format of a file, on protobufjs's `Reader`: each field is read as its tag and,
 * for a length-delimited one, the range of its content, which stays on disk until a decoder asks for it. A decoder
 * that does not need a field (weights, above all) moves past it by its length, without reading it.
 *
 * Every way a file can lie about itself ends in a WireError, which the reader turns into a message naming the
 * file: a length past the end of its message or file, a bad wire type, a field number 0, a nesting deeper than
 * MAX_DEPTH (checked by the decoders, which recurse on their own with an explicit depth).
 */
import protobuf from 'protobufjs';

import type { ByteSource } from './byte-source.js';

export type WireErrorKind = 'truncated' | 'malformed' | 'overflow';

export class WireError extends Error {
  constructor(
    readonly kind: WireErrorKind,
    /** Byte offset in the file where the bad field starts. */
    readonly offset: number,
    message: string,
  ) {
    super(message);
    this.name = 'WireError';
  }
}

export const WIRE = { varint: 0, fixed64: 1, len: 2, fixed32: 5 } as const;

/** Nested messages deeper than this are refused: no real model comes near it (a pipeline in a pipeline, MIL blocks
 * inside loops inside conditions), and it keeps recursion far below the stack's limit. */
export const MAX_DEPTH = 100;

/** Strings and packed lists longer than this are not loaded (a name or a shape of megabytes is not a model). */
export const MAX_LOADED_BYTES = 16 * 1024 * 1024;

export interface Field {
  number: number;
  wireType: number;
  /** Offset of the tag. */
  at: number;
  /** Offset of the value; for a length-delimited field, of its content. */
  start: number;
  /** End of the value (of the content). */
  end: number;
  /** A varint's value, read as int64 (negative numbers come back negative; above 2^53 precision is lost). */
  value: number;
}

// A tag and a length: two 10-byte varints at most.
const HEADER = 20;

/** The fields of the message at [start, end) of the file, in order. */
export function* fields(source: ByteSource, start: number, end: number): Generator<Field> {
  if (end > source.size) throw new WireError('truncated', start, `a message at byte ${start} runs past the end of the file (${source.size} bytes)`);
  let pos = start;
  while (pos < end) {
    const bytes = source.bytes(pos, Math.min(pos + HEADER, end));
    const reader = protobuf.Reader.create(bytes);
    let number: number;
    let wireType: number;
    let value = 0;
    let valueStart: number;
    let valueEnd: number;
    try {
      const tag = reader.uint32();
      number = tag >>> 3;
      wireType = tag & 7;
      if (number === 0) throw new WireError('malformed', pos, `a field at byte ${pos} has the field number 0`);
      if (wireType === WIRE.varint) {
        value = toNumber(reader.int64());
        valueStart = pos + reader.pos;
        valueEnd = valueStart;
      } else if (wireType === WIRE.len) {
        const length = toNumber(reader.uint64(), true);
        valueStart = pos + reader.pos;
        valueEnd = valueStart + length;
      } else if (wireType === WIRE.fixed64 || wireType === WIRE.fixed32) {
        valueStart = pos + reader.pos;
        valueEnd = valueStart + (wireType === WIRE.fixed64 ? 8 : 4);
      } else {
        throw new WireError('malformed', pos, `a field at byte ${pos} has the wire type ${wireType}, which Core ML files do not use`);
      }
    } catch (error) {
      if (error instanceof WireError) throw error;
      // protobufjs's RangeError: the varint runs past the bytes there are.
      throw cutShort(source, pos, end);
    }
    if (valueEnd > end) throw cutShort(source, pos, end);
    yield { number, wireType, at: pos, start: valueStart, end: valueEnd, value };
    pos = valueEnd;
  }
}

function cutShort(source: ByteSource, pos: number, end: number): WireError {
  return end >= source.size
    ? new WireError('truncated', pos, `a field at byte ${pos} runs past the end of the file (${source.size} bytes)`)
    : new WireError('malformed', pos, `a field at byte ${pos} runs past the end of the message that holds it (byte ${end})`);
}

function toNumber(value: number | protobuf.Long, unsigned = false): number {
  return typeof value === 'number' ? value : protobuf.util.LongBits.from(value).toNumber(unsigned);
}

/** The fields of the message a length-delimited field holds. */
export function inside(source: ByteSource, field: Field, what = 'a message'): Generator<Field> {
  expectWire(field, WIRE.len, what);
  return fields(source, field.start, field.end);
}

export function expectWire(field: Field, wireType: number, what: string): void {
  if (field.wireType !== wireType) {
    throw new WireError('malformed', field.at, `${what} (field ${field.number} at byte ${field.at}) has the wire type ${field.wireType}, not ${wireType}`);
  }
}

/** The decoders' depth check: call on entering each nested message. */
export function enter(depth: number, field: Field | undefined, what: string): number {
  if (depth > MAX_DEPTH) {
    throw new WireError('overflow', field?.at ?? 0, `${what} is nested more than ${MAX_DEPTH} deep (at byte ${field?.at ?? 0})`);
  }
  return depth + 1;
}

/** The content of a length-delimited field, loaded. */
export function load(source: ByteSource, field: Field, what: string): Buffer {
  expectWire(field, WIRE.len, what);
  if (field.end - field.start > MAX_LOADED_BYTES) {
    throw new WireError('overflow', field.at, `${what} at byte ${field.at} is ${field.end - field.start} bytes long`);
  }
  return source.bytes(field.start, field.end);
}

export function string(source: ByteSource, field: Field, what: string): string {
  return load(source, field, what).toString('utf8');
}

export function varint(field: Field, what: string): number {
  expectWire(field, WIRE.varint, what);
  return field.value;
}

/** A repeated varint field: packed (one length-delimited field) or not (one varint each); both are valid protobuf. */
export function varints(source: ByteSource, field: Field, what: string): number[] {
  if (field.wireType === WIRE.varint) return [field.value];
  const reader = protobuf.Reader.create(load(source, field, what));
  const values: number[] = [];
  try {
    while (reader.pos < reader.len) values.push(toNumber(reader.int64()));
  } catch {
    throw new WireError('malformed', field.at, `${what} at byte ${field.at} ends inside a number`);
  }
  return values;
}

/** A repeated float field, packed or one fixed32 each. */
export function floats(source: ByteSource, field: Field, what: string): number[] {
  if (field.wireType === WIRE.fixed32) return [source.bytes(field.start, field.end).readFloatLE(0)];
  const bytes = load(source, field, what);
  const values: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) values.push(bytes.readFloatLE(i));
  return values;
}

export function double(source: ByteSource, field: Field, what: string): number {
  expectWire(field, WIRE.fixed64, what);
  return source.bytes(field.start, field.end).readDoubleLE(0);
}
