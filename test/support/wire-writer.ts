import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';

import protobuf from 'protobufjs';

/**
 * The tests' own writer of the protobuf wire format, for the files coremltools will not write: malformed, cut
 * short, nested too deep, or huge. A message is a list of fields; a field's value is a varint (number or bigint),
 * a string, bytes, a nested message, or a hole: that many zero bytes, which `writeSparse` leaves unwritten so a
 * file of gigabytes takes no disk space.
 */
export type Value = number | bigint | string | Uint8Array | Hole | Field[];
export interface Field {
  field: number;
  value: Value;
  /** Force the wire type of a number: `fixed32` (a float) or `fixed64` (a double). */
  fixed?: 'fixed32' | 'fixed64';
}
export interface Hole {
  hole: number;
}

export const f = (field: number, value: Value): Field => ({ field, value });
export const float = (field: number, value: number): Field => ({ field, value, fixed: 'fixed32' });

function isHole(value: Value): value is Hole {
  return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** The bytes of a message (holes written as zeros: only for small ones). */
export function encode(fields: Field[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  emit(fields, (bytes) => chunks.push(bytes), (n) => chunks.push(new Uint8Array(n)));
  return Buffer.concat(chunks);
}

/** Writes a message to a file, holes as sparse regions; returns the file's size. */
export function writeSparse(file: string, fields: Field[]): number {
  const fd = openSync(file, 'w');
  let position = 0;
  try {
    emit(
      fields,
      (bytes) => {
        writeSync(fd, bytes, 0, bytes.length, position);
        position += bytes.length;
      },
      (n) => {
        position += n;
      },
    );
    ftruncateSync(fd, position);
  } finally {
    closeSync(fd);
  }
  return position;
}

// Each message's size is computed once: a message nested n deep would otherwise be measured n times over.
const sizes = new WeakMap<Field[], number>();

function size(fields: Field[]): number {
  const known = sizes.get(fields);
  if (known !== undefined) return known;
  let total = 0;
  for (const field of fields) {
    const head = header(field);
    total += head.length + contentSize(field.value);
  }
  sizes.set(fields, total);
  return total;
}

function contentSize(value: Value): number {
  if (typeof value === 'number' || typeof value === 'bigint') return 0;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (value instanceof Uint8Array) return value.length;
  if (isHole(value)) return value.hole;
  return size(value);
}

/** The tag and, for a length-delimited field, its length; for a varint or fixed field, the value itself. */
function header(field: Field): Uint8Array {
  const writer = protobuf.Writer.create();
  const { value } = field;
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (field.fixed === 'fixed32') writer.uint32((field.field << 3) | 5).float(Number(value));
    else if (field.fixed === 'fixed64') writer.uint32((field.field << 3) | 1).double(Number(value));
    else writer.uint32((field.field << 3) | 0).int64(typeof value === 'bigint' ? value.toString() : value);
  } else {
    writer.uint32((field.field << 3) | 2).uint64(contentSize(value));
  }
  return writer.finish();
}

function emit(fields: Field[], bytes: (chunk: Uint8Array) => void, hole: (n: number) => void): void {
  for (const field of fields) {
    bytes(header(field));
    const { value } = field;
    if (typeof value === 'number' || typeof value === 'bigint') continue;
    if (typeof value === 'string') bytes(Buffer.from(value));
    else if (value instanceof Uint8Array) bytes(value);
    else if (isHole(value)) hole(value.hole);
    else emit(value, bytes, hole);
  }
}

/** Raw bytes of a tag, for writing fields by hand (a wrong wire type, a field number 0). */
export function tag(field: number, wireType: number): Uint8Array {
  return protobuf.Writer.create().uint32((field << 3) | wireType).finish();
}
