/**
 * An ML program (Model.proto `mlProgram` = 502): MIL.proto's `Program`, `Function`, `Block`, `Operation`,
 * `ValueType` and `Value`. Ops keep their bindings and outputs so that a rule can follow a value from the op that
 * makes it to the ops that use it; values are decoded only when small, a large tensor keeps its type and size.
 */
import type { BlockStep, Binding, Dim, NamedValue, OperationFacts, ProgramFacts, Scalar, ValueFacts, ValueType } from '../facts.js';
import { SMALL_VALUE_ELEMENTS } from '../facts.js';
import type { ByteSource } from './byte-source.js';
import { functionFacts, operationName } from './function-facts.js';
import {
  ARGUMENT,
  BINDING,
  BLOB_FILE_VALUE,
  BLOCK,
  CONSTANT_DIMENSION,
  DICTIONARY_VALUE_TYPE,
  DIMENSION,
  FUNCTION,
  IMMEDIATE_VALUE,
  LIST_TYPE,
  MAP_ENTRY,
  MIL_DATA_TYPES,
  NAMED_VALUE_TYPE,
  OPERATION,
  PROGRAM,
  STATE_VALUE_TYPE,
  TENSOR_TYPE,
  TENSOR_VALUE,
  TUPLE_TYPE,
  VALUE,
  VALUE_TYPE,
  dataTypeName,
} from './schema.js';
import { type Field, enter, floats, inside, load, string, varint, varints } from './wire.js';

/** What reading a program adds up beside the facts: the bytes of the immediate values (weights kept in the file). */
export interface ProgramTally {
  immediateBytes: number;
}

export function readProgram(source: ByteSource, at: Field, depth: number, tally: ProgramTally): ProgramFacts {
  const inner = enter(depth, at, 'an ML program');
  const program: ProgramFacts = { version: 0, functions: [] };
  for (const field of inside(source, at)) {
    if (field.number === PROGRAM.version) program.version = varint(field, 'the program version');
    else if (field.number === PROGRAM.functions) {
      let name = '';
      let fn: Field | undefined;
      for (const entry of inside(source, field)) {
        if (entry.number === MAP_ENTRY.key) name = string(source, entry, 'a function name');
        else if (entry.number === MAP_ENTRY.value) fn = entry;
      }
      if (fn !== undefined) program.functions.push(readFunction(source, fn, name, enter(inner, field, 'a function'), tally));
    }
  }
  return program;
}

function readFunction(source: ByteSource, at: Field, name: string, depth: number, tally: ProgramTally) {
  const inner = enter(depth, at, 'a function');
  const inputs: NamedValue[] = [];
  let opset = '';
  const blocks: { key: string; field: Field }[] = [];
  for (const field of inside(source, at)) {
    if (field.number === FUNCTION.inputs) inputs.push(readNamedValueType(source, field, inner));
    else if (field.number === FUNCTION.opset) opset = string(source, field, 'an opset');
    else if (field.number === FUNCTION.blockSpecializations) {
      let key = '';
      let block: Field | undefined;
      for (const entry of inside(source, field)) {
        if (entry.number === MAP_ENTRY.key) key = string(source, entry, 'an opset name');
        else if (entry.number === MAP_ENTRY.value) block = entry;
      }
      if (block !== undefined) blocks.push({ key, field: block });
    }
  }
  // The function's opset picks its block among the specializations; a program written by coremltools has one.
  const chosen = blocks.find((block) => block.key === opset) ?? blocks[0];
  const operations: OperationFacts[] = [];
  let outputs: string[] = [];
  if (chosen !== undefined) outputs = readBlock(source, chosen.field, [], operations, inner, tally).outputs;
  return functionFacts(name, opset, inputs, outputs, operations);
}

function readBlock(source: ByteSource, at: Field, path: BlockStep[], operations: OperationFacts[], depth: number, tally: ProgramTally) {
  const inner = enter(depth, at, 'a block');
  const inputs: NamedValue[] = [];
  const outputs: string[] = [];
  for (const field of inside(source, at)) {
    if (field.number === BLOCK.inputs) inputs.push(readNamedValueType(source, field, inner));
    else if (field.number === BLOCK.outputs) outputs.push(string(source, field, 'a block output'));
    else if (field.number === BLOCK.operations) readOperation(source, field, path, operations, inner, tally);
  }
  return { inputs, outputs };
}

function readOperation(source: ByteSource, at: Field, path: BlockStep[], operations: OperationFacts[], depth: number, tally: ProgramTally): void {
  const inner = enter(depth, at, 'an operation');
  let type = '';
  const inputs: Record<string, Binding[]> = {};
  const outputs: NamedValue[] = [];
  const attributes: Record<string, ValueFacts> = {};
  const blocks: Field[] = [];
  for (const field of inside(source, at)) {
    if (field.number === OPERATION.type) type = string(source, field, 'an op type');
    else if (field.number === OPERATION.inputs) {
      let key = '';
      const bindings: Binding[] = [];
      for (const entry of inside(source, field)) {
        if (entry.number === MAP_ENTRY.key) key = string(source, entry, 'an op parameter');
        else if (entry.number === MAP_ENTRY.value) bindings.push(...readArgument(source, entry, inner, tally));
      }
      inputs[key] = bindings;
    } else if (field.number === OPERATION.outputs) outputs.push(readNamedValueType(source, field, inner));
    else if (field.number === OPERATION.blocks) blocks.push(field);
    else if (field.number === OPERATION.attributes) {
      let key = '';
      let value: ValueFacts | undefined;
      for (const entry of inside(source, field)) {
        if (entry.number === MAP_ENTRY.key) key = string(source, entry, 'an attribute name');
        else if (entry.number === MAP_ENTRY.value) value = readValue(source, entry, inner, tally);
      }
      if (value !== undefined) attributes[key] = value;
    }
  }
  const nameValue = attributes.name;
  delete attributes.name;
  const attributeName = typeof nameValue?.data?.[0] === 'string' ? nameValue.data[0] : undefined;
  const op: OperationFacts = {
    type,
    name: operationName(attributeName, outputs, type, operations.length),
    path,
    inputs,
    outputs,
    blocks: blocks.length,
    attributes,
  };
  operations.push(op);
  blocks.forEach((block, index) => {
    readBlock(source, block, [...path, { op: op.name, type, block: index }], operations, inner, tally);
  });
}

function readArgument(source: ByteSource, at: Field, depth: number, tally: ProgramTally): Binding[] {
  const inner = enter(depth, at, 'an argument');
  const bindings: Binding[] = [];
  for (const field of inside(source, at)) {
    if (field.number !== ARGUMENT.arguments) continue;
    for (const binding of inside(source, field)) {
      if (binding.number === BINDING.name) bindings.push({ kind: 'name', name: string(source, binding, 'a bound name') });
      else if (binding.number === BINDING.value) bindings.push({ kind: 'value', value: readValue(source, binding, inner, tally) });
    }
  }
  return bindings;
}

function readNamedValueType(source: ByteSource, at: Field, depth: number): NamedValue {
  const inner = enter(depth, at, 'a named value');
  const named: NamedValue = { name: '', type: null };
  for (const field of inside(source, at)) {
    if (field.number === NAMED_VALUE_TYPE.name) named.name = string(source, field, 'a value name');
    else if (field.number === NAMED_VALUE_TYPE.type) named.type = readValueType(source, field, inner);
  }
  return named;
}

export function readValueType(source: ByteSource, at: Field, depth: number): ValueType {
  const inner = enter(depth, at, 'a value type');
  let type: ValueType = { kind: 'unknown' };
  for (const field of inside(source, at)) {
    if (field.number === VALUE_TYPE.tensor) type = readTensorType(source, field, inner);
    else if (field.number === VALUE_TYPE.list) {
      const list: ValueType & { kind: 'list' } = { kind: 'list', element: null, length: null };
      for (const part of inside(source, field)) {
        if (part.number === LIST_TYPE.type) list.element = readValueType(source, part, inner + 1);
        else if (part.number === LIST_TYPE.length) list.length = readDimension(source, part);
      }
      type = list;
    } else if (field.number === VALUE_TYPE.tuple) {
      const types: ValueType[] = [];
      for (const part of inside(source, field)) {
        if (part.number === TUPLE_TYPE.types) types.push(readValueType(source, part, inner + 1));
      }
      type = { kind: 'tuple', types };
    } else if (field.number === VALUE_TYPE.dictionary) {
      const dictionary: ValueType & { kind: 'dictionary' } = { kind: 'dictionary', key: null, value: null };
      for (const part of inside(source, field)) {
        if (part.number === DICTIONARY_VALUE_TYPE.keyType) dictionary.key = readValueType(source, part, inner + 1);
        else if (part.number === DICTIONARY_VALUE_TYPE.valueType) dictionary.value = readValueType(source, part, inner + 1);
      }
      type = dictionary;
    } else if (field.number === VALUE_TYPE.state) {
      const state: ValueType & { kind: 'state' } = { kind: 'state', wrapped: null };
      for (const part of inside(source, field)) {
        if (part.number === STATE_VALUE_TYPE.wrappedType) state.wrapped = readValueType(source, part, inner + 1);
      }
      type = state;
    }
  }
  return type;
}

function readTensorType(source: ByteSource, at: Field, depth: number): ValueType {
  enter(depth, at, 'a tensor type');
  let dataType = 0;
  let rank = -1;
  const shape: Dim[] = [];
  for (const field of inside(source, at)) {
    if (field.number === TENSOR_TYPE.dataType) dataType = varint(field, 'a tensor data type');
    else if (field.number === TENSOR_TYPE.rank) rank = varint(field, 'a tensor rank');
    else if (field.number === TENSOR_TYPE.dimensions) shape.push(readDimension(source, field));
  }
  return { kind: 'tensor', dataType: dataTypeName(MIL_DATA_TYPES, dataType), rank: rank < 0 ? shape.length : rank, shape };
}

function readDimension(source: ByteSource, at: Field): Dim {
  for (const field of inside(source, at)) {
    if (field.number === DIMENSION.unknown) return null;
    if (field.number === DIMENSION.constant) {
      for (const size of inside(source, field)) {
        if (size.number === CONSTANT_DIMENSION.size) return varint(size, 'a dimension');
      }
      return 0;
    }
  }
  return null;
}

export function readValue(source: ByteSource, at: Field, depth: number, tally: ProgramTally): ValueFacts {
  const inner = enter(depth, at, 'a value');
  const value: ValueFacts = { type: null };
  let immediate: Field | undefined;
  for (const field of inside(source, at)) {
    if (field.number === VALUE.type) value.type = readValueType(source, field, inner);
    else if (field.number === VALUE.immediateValue) immediate = field;
    else if (field.number === VALUE.blobFileValue) {
      const blob = { fileName: '', offset: 0 };
      for (const part of inside(source, field)) {
        if (part.number === BLOB_FILE_VALUE.fileName) blob.fileName = string(source, part, 'a blob file name');
        else if (part.number === BLOB_FILE_VALUE.offset) blob.offset = varint(part, 'a blob offset');
      }
      value.blob = blob;
    }
  }
  // The type comes first in files coremltools writes, but the schema does not promise it: the data is read last.
  if (immediate !== undefined) {
    value.immediateBytes = immediate.end - immediate.start;
    tally.immediateBytes += value.immediateBytes;
    for (const kind of inside(source, immediate)) {
      if (kind.number === IMMEDIATE_VALUE.tensor) {
        const data = readSmallTensor(source, kind, value.type);
        if (data !== undefined) value.data = data;
      }
    }
  }
  return value;
}

/** Largest encoded tensor decoded: 64 elements of 8 bytes, or 64 short strings. */
const SMALL_VALUE_BYTES = SMALL_VALUE_ELEMENTS * 16;

function readSmallTensor(source: ByteSource, at: Field, type: ValueType | null): Scalar[] | undefined {
  if (at.end - at.start > SMALL_VALUE_BYTES) return undefined;
  for (const field of inside(source, at)) {
    let data: Scalar[] | undefined;
    const values = [...inside(source, field)].filter((part) => part.number === 1);
    if (field.number === TENSOR_VALUE.floats) data = values.flatMap((part) => floats(source, part, 'a float tensor'));
    else if (field.number === TENSOR_VALUE.doubles) data = values.flatMap((part) => doubles(load(source, part, 'a double tensor')));
    else if (field.number === TENSOR_VALUE.ints || field.number === TENSOR_VALUE.longInts) {
      data = values.flatMap((part) => varints(source, part, 'an integer tensor'));
    } else if (field.number === TENSOR_VALUE.bools) data = values.flatMap((part) => varints(source, part, 'a bool tensor').map((v) => v !== 0));
    else if (field.number === TENSOR_VALUE.strings) data = values.map((part) => string(source, part, 'a string tensor'));
    else if (field.number === TENSOR_VALUE.bytes) {
      const bytes = values.map((part) => load(source, part, 'a byte tensor'));
      data = decodeBytes(Buffer.concat(bytes), type);
    }
    if (data !== undefined) return data.length <= SMALL_VALUE_ELEMENTS ? data : undefined;
  }
  return undefined;
}

function doubles(bytes: Buffer): number[] {
  const values: number[] = [];
  for (let i = 0; i + 8 <= bytes.length; i += 8) values.push(bytes.readDoubleLE(i));
  return values;
}

/** `RepeatedBytes` holds the narrow types (fp16, int8, uint8, ...) as their little-endian bytes. */
function decodeBytes(bytes: Buffer, type: ValueType | null): Scalar[] | undefined {
  const dataType = type?.kind === 'tensor' ? type.dataType : null;
  const out: number[] = [];
  switch (dataType) {
    case 'fp16':
      for (let i = 0; i + 2 <= bytes.length; i += 2) out.push(halfToFloat(bytes.readUInt16LE(i)));
      return out;
    case 'bf16':
      for (let i = 0; i + 2 <= bytes.length; i += 2) out.push(Buffer.from([0, 0, bytes[i]!, bytes[i + 1]!]).readFloatLE(0));
      return out;
    case 'int8':
      for (let i = 0; i < bytes.length; i++) out.push(bytes.readInt8(i));
      return out;
    case 'uint8':
    case 'bool':
      for (let i = 0; i < bytes.length; i++) out.push(bytes[i]!);
      return dataType === 'bool' ? out.map((v) => v !== 0) : out;
    case 'int16':
      for (let i = 0; i + 2 <= bytes.length; i += 2) out.push(bytes.readInt16LE(i));
      return out;
    case 'uint16':
      for (let i = 0; i + 2 <= bytes.length; i += 2) out.push(bytes.readUInt16LE(i));
      return out;
    default:
      // Sub-byte types (int4, uint2...) and unknown ones: the data stays undecoded.
      return undefined;
  }
}

function halfToFloat(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
