/**
 * A compiled model's top-level `coremldata.bin`. Its layout is not documented; what is read here is what the
 * files show, checked at every step, and used only when all of it holds:
 *
 *   u32 the `Model.Type` field number of the kind (500 neuralNetwork, 502 mlProgram), then 24 bytes,
 *   u64 n and n bytes of a name (`generic`), u64 the specification version, 24 bytes,
 *   u64 m and m bytes of the model's `ModelDescription` protobuf (inputs, outputs, metadata).
 *
 * A file that does not match gives nothing, and the reader says so in a note.
 */
import { emptyModelSpec, type ModelSpecFacts } from '../facts.js';
import type { ByteSource } from './byte-source.js';
import { readDescription } from './model-spec.js';
import { MODEL, MODEL_KINDS } from './schema.js';
import { fields } from './wire.js';

const NAME_AT = 0x1c;
const GAP = 24;

export interface CompiledHeader {
  kind: string;
  specificationVersion: number;
  description: Pick<ModelSpecFacts, 'inputs' | 'outputs' | 'states' | 'functionDescriptions' | 'defaultFunctionName' | 'metadata'>;
}

export function readCompiledHeader(source: ByteSource): CompiledHeader | undefined {
  const head = source.bytes(0, Math.min(source.size, 4096));
  if (head.length < NAME_AT + 8) return undefined;
  const kind = MODEL_KINDS[head.readUInt32LE(0)];
  const nameLength = Number(head.readBigUInt64LE(NAME_AT));
  if (kind === undefined || nameLength < 1 || nameLength > 64) return undefined;
  const nameEnd = NAME_AT + 8 + nameLength;
  if (head.length < nameEnd + 8 + GAP + 8) return undefined;
  if (!/^[a-z0-9_]+$/iu.test(head.subarray(NAME_AT + 8, nameEnd).toString('latin1'))) return undefined;
  const specificationVersion = Number(head.readBigUInt64LE(nameEnd));
  if (specificationVersion < 1 || specificationVersion > 100) return undefined;
  const lengthAt = nameEnd + 8 + GAP;
  const start = lengthAt + 8;
  const end = start + Number(head.readBigUInt64LE(lengthAt));
  if (end > source.size) return undefined;
  const spec: ModelSpecFacts = emptyModelSpec(kind, specificationVersion);
  try {
    readDescription(source, { number: MODEL.description, wireType: 2, at: lengthAt, start, end, value: 0 }, spec, 0);
    // The bytes must be one whole message: a walk that stops short of the end did not read a description.
    let last = start;
    for (const field of fields(source, start, end)) last = field.end;
    if (last !== end) return undefined;
  } catch {
    return undefined;
  }
  const { inputs, outputs, states, functionDescriptions, defaultFunctionName, metadata } = spec;
  return { kind, specificationVersion, description: { inputs, outputs, states, functionDescriptions, defaultFunctionName, metadata } };
}
