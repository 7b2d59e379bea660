/**
 * A compiled model (`.mlmodelc` folder), which has no public schema: an ML program keeps its MIL as text in
 * `model.mil`, an old network its layers in `model.espresso.net`; `metadata.json` (written by Core ML's compiler)
 * says the specification version, the model type and the input and output schema. `coremldata.bin` holds the
 * model's description as protobuf behind a header, read when the header is as expected (compiled-header.ts).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { emptyModelSpec, type DataType, type FeatureFacts, type FeatureKind, type Flexibility, type ModelSpecFacts, type WeightFile } from '../facts.js';
import { ModelError } from '../model-error.js';
import { readBlobRecords } from './blob-records.js';
import { ByteSource } from './byte-source.js';
import { readCompiledHeader } from './compiled-header.js';
import { readEspressoNet } from './espresso.js';
import { MilSyntaxError, parseMilText } from './mil-text.js';
import { minimumOs } from './minimum-os.js';
import { LFS_FIX } from './mlmodel.js';
import { isLfsPointer } from './sniff.js';
import { weightFilesIn } from './weight-files.js';

export const MODEL_MIL = 'model.mil';
export const ESPRESSO_NET = 'model.espresso.net';
const METADATA = 'metadata.json';
const COREMLDATA = 'coremldata.bin';
const RECOMPILE_FIX = 'Compile the model again (`xcrun coremlcompiler compile Model.mlpackage .`), or check in the .mlpackage or .mlmodel instead.';

export interface CompiledRead {
  spec: ModelSpecFacts;
  modelFile: string;
  weightFiles: WeightFile[];
  notes: string[];
  bytesRead: number;
}

export function readMlmodelc(dir: string): CompiledRead {
  const has = (name: string) => existsSync(path.join(dir, name));
  if (!has(MODEL_MIL) && !has(ESPRESSO_NET) && !has(METADATA) && !has(COREMLDATA)) {
    throw new ModelError('not-core-ml', dir, `is a folder without ${MODEL_MIL}, ${ESPRESSO_NET}, ${METADATA} or ${COREMLDATA}: it is not a compiled Core ML model.`, RECOMPILE_FIX);
  }
  const notes: string[] = [];
  let bytesRead = 0;
  const spec: ModelSpecFacts = emptyModelSpec('none', null);

  let described = false;
  if (has(COREMLDATA)) {
    const source = ByteSource.open(path.join(dir, COREMLDATA));
    try {
      const header = readCompiledHeader(source);
      if (header) {
        Object.assign(spec, header.description);
        spec.kind = header.kind;
        spec.specificationVersion = header.specificationVersion;
        described = true;
      } else notes.push(`${COREMLDATA} is not laid out as this reader knows, so the inputs and outputs come from ${METADATA} if there is one`);
    } finally {
      bytesRead += source.bytesRead;
      source.close();
    }
  }
  if (has(METADATA)) {
    const metadata = readMetadata(path.join(dir, METADATA));
    bytesRead += metadata.bytes;
    if (!described) Object.assign(spec, metadata.facts);
    else if (metadata.facts.specificationVersion !== undefined && metadata.facts.specificationVersion !== spec.specificationVersion) {
      notes.push(`${METADATA} says specification version ${metadata.facts.specificationVersion}, ${COREMLDATA} ${spec.specificationVersion}: the latter is kept`);
    }
    spec.isUpdatable ||= metadata.facts.isUpdatable ?? false;
  }

  let modelFile = '';
  if (has(MODEL_MIL)) {
    modelFile = MODEL_MIL;
    const file = path.join(dir, MODEL_MIL);
    const text = readText(file);
    bytesRead += Buffer.byteLength(text);
    try {
      spec.program = parseMilText(text);
    } catch (error) {
      if (error instanceof MilSyntaxError && error.kind === 'overflow') {
        throw new ModelError('overflow', file, `cannot be a compiled model: ${error.message}.`, RECOMPILE_FIX);
      }
      if (error instanceof MilSyntaxError) {
        throw new ModelError('not-core-ml', file, `is not MIL text as Core ML's compiler writes it (${error.message}).`, RECOMPILE_FIX);
      }
      throw error;
    }
    if (spec.kind === 'none') spec.kind = 'mlProgram';
    const blobs = readBlobRecords(spec.program, dir);
    notes.push(...blobs.notes);
    bytesRead += blobs.bytesRead;
  } else if (has(ESPRESSO_NET)) {
    modelFile = ESPRESSO_NET;
    const file = path.join(dir, ESPRESSO_NET);
    const text = readText(file);
    bytesRead += Buffer.byteLength(text);
    try {
      spec.network = readEspressoNet(text);
    } catch (error) {
      throw new ModelError('not-core-ml', file, `is not an Espresso network (${(error as Error).message}).`, RECOMPILE_FIX);
    }
    if (spec.kind === 'none') spec.kind = 'neuralNetwork';
    notes.push(`the layer kinds come from ${ESPRESSO_NET}: Espresso's own type names, mapped onto NeuralNetwork.proto's kinds only where the names match`);
  } else {
    notes.push(`there is neither ${MODEL_MIL} nor ${ESPRESSO_NET}, so its ops or layers are not known`);
  }
  if (spec.specificationVersion === null) notes.push('the compiled model does not say its specification version');
  spec.minimumOs = minimumOs(spec.specificationVersion);
  return { spec, modelFile, weightFiles: compiledWeights(dir), notes, bytesRead };
}

function readText(file: string): string {
  const bytes = readFileSync(file);
  if (isLfsPointer(bytes)) throw new ModelError('lfs-pointer', file, 'is a Git LFS pointer, not the model.', LFS_FIX);
  return bytes.toString('utf8');
}

/** The weights of a compiled model: its `weights/` folder and Espresso's `*.weights` files, by size. */
function compiledWeights(dir: string): WeightFile[] {
  const files: WeightFile[] = [];
  if (existsSync(path.join(dir, 'weights'))) files.push(...weightFilesIn(dir, 'weights'));
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.weights')) files.push(...weightFilesIn(dir, name));
  }
  return files;
}

interface MetadataRead {
  facts: Partial<ModelSpecFacts>;
  bytes: number;
}

type Json = Record<string, unknown>;

/** metadata.json: a list holding one object (Core ML's compiler writes strings for its flags: "0", "1"). */
function readMetadata(file: string): MetadataRead {
  const text = readText(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ModelError('not-core-ml', file, `is not valid JSON (${(error as Error).message}).`, RECOMPILE_FIX);
  }
  const entry = (Array.isArray(parsed) ? parsed[0] : parsed) as Json | undefined;
  const facts: Partial<ModelSpecFacts> = {};
  if (typeof entry !== 'object' || entry === null) return { facts, bytes: text.length };
  if (typeof entry.specificationVersion === 'number') facts.specificationVersion = entry.specificationVersion;
  const typeName = (entry.modelType as Json | undefined)?.name;
  if (typeof typeName === 'string') {
    const name = typeName.replace(/^MLModelType_/u, '');
    facts.kind = name.charAt(0).toLowerCase() + name.slice(1);
  }
  facts.isUpdatable = entry.isUpdatable === '1' || entry.isUpdatable === true;
  facts.inputs = schema(entry.inputSchema);
  facts.outputs = schema(entry.outputSchema);
  facts.states = schema(entry.stateSchema, 'state');
  const userDefined: Record<string, string> = {};
  for (const [key, value] of Object.entries((entry.userDefinedMetadata as Json | undefined) ?? {})) userDefined[key] = String(value);
  const text_ = (key: string) => (typeof entry[key] === 'string' ? (entry[key] as string) : '');
  facts.metadata = { shortDescription: text_('shortDescription'), version: text_('version'), author: text_('author'), license: text_('license'), userDefined };
  return { facts, bytes: Buffer.byteLength(text) };
}

const SCHEMA_KINDS: Readonly<Record<string, FeatureKind>> = {
  MultiArray: 'multiArray',
  Image: 'image',
  Int64: 'int64',
  Double: 'double',
  String: 'string',
  Dictionary: 'dictionary',
  Sequence: 'sequence',
  State: 'state',
};
const SCHEMA_TYPES: Readonly<Record<string, DataType>> = { Float32: 'fp32', Float16: 'fp16', Double: 'fp64', Float64: 'fp64', Int32: 'int32', Int8: 'int8' };

function schema(value: unknown, fallback?: FeatureKind): FeatureFacts[] {
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown) => {
    const entry = (item ?? {}) as Json;
    const kind = SCHEMA_KINDS[String(entry.type)] ?? fallback ?? 'unknown';
    const feature: FeatureFacts = {
      name: String(entry.name ?? ''),
      kind,
      optional: entry.isOptional === '1',
      dataType: SCHEMA_TYPES[String(entry.dataType)] ?? null,
      shape: numbers(entry.shape),
      flexibility: null,
    };
    if (kind === 'int64') feature.dataType = 'int64';
    if (kind === 'double') feature.dataType = 'fp64';
    if (entry.hasShapeFlexibility === '1') feature.flexibility = flexibility(entry);
    return feature;
  });
}

/** `shapeRange` "[[1, 2], [1, -1]]" (-1: unbounded) or `enumeratedShapes` "[[1, 64], [1, 128]]", as strings. */
function flexibility(entry: Json): Flexibility | null {
  const parse = (key: string): number[][] | undefined => {
    try {
      const value: unknown = typeof entry[key] === 'string' ? JSON.parse(entry[key] as string) : entry[key];
      return Array.isArray(value) && value.every((row) => Array.isArray(row)) ? (value as number[][]) : undefined;
    } catch {
      return undefined;
    }
  };
  const ranges = parse('shapeRange');
  if (ranges) return { kind: 'range', ranges: ranges.map(([lower = 0, upper = -1]) => ({ lower, upper: upper < 0 ? null : upper })) };
  const shapes = parse('enumeratedShapes');
  if (shapes) return { kind: 'enumerated', shapes };
  return null;
}

function numbers(value: unknown): number[] {
  try {
    const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
    return Array.isArray(parsed) ? parsed.filter((n): n is number => typeof n === 'number') : [];
  } catch {
    return [];
  }
}
