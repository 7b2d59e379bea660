/**
 * One `Model` message (Model.proto): the root of a `.mlmodel` file, or a pipeline's sub-model. The kind's own
 * message is walked only for the kinds the facts describe (networks, ML programs, pipelines); every other kind
 * is named and skipped.
 */
import { emptyModelSpec, type FeatureFacts, type FunctionDescriptionFacts, type MetadataFacts, type ModelSpecFacts, type PipelineStep } from '../facts.js';
import type { ByteSource } from './byte-source.js';
import { readFeature } from './features.js';
import { readProgram } from './mil-program.js';
import { minimumOs } from './minimum-os.js';
import { readNetwork } from './neural-network.js';
import {
  DESCRIPTION,
  FUNCTION_DESCRIPTION,
  MAP_ENTRY,
  METADATA,
  MODEL,
  MODEL_KINDS,
  NETWORK_KINDS,
  PIPELINE,
  PIPELINE_KINDS,
  WRAPPED_PIPELINE,
} from './schema.js';
import { type Field, WireError, enter, fields, inside, string, varint } from './wire.js';

/** The first specification version that has ML programs (iOS 15); an `mlProgram` field in an older model is
 * the prerelease format of coremltools 4's "NN_v2" examples, which the public schema does not describe. */
export const FIRST_ML_PROGRAM_VERSION = 6;

/** An ML program written before the public schema: readable only by the coremltools that wrote it. */
export class PrereleaseProgram extends Error {
  constructor(readonly specificationVersion: number) {
    super(`an ML program of specification version ${specificationVersion}`);
  }
}

export function readModelSpec(source: ByteSource, start: number, end: number, depth: number, at?: Field): ModelSpecFacts {
  const inner = enter(depth, at, 'a model');
  const spec: ModelSpecFacts = emptyModelSpec('none', 0);
  let kindField: Field | undefined;
  for (const field of fields(source, start, end)) {
    if (field.number === MODEL.specificationVersion) spec.specificationVersion = varint(field, 'specificationVersion');
    else if (field.number === MODEL.description) readDescription(source, field, spec, inner);
    else if (field.number === MODEL.isUpdatable) spec.isUpdatable = varint(field, 'isUpdatable') !== 0;
    else if (field.number >= 200) {
      kindField = field;
      spec.kind = MODEL_KINDS[field.number] ?? `unknown(${field.number})`;
    }
  }
  spec.minimumOs = minimumOs(spec.specificationVersion);
  if (kindField === undefined) return spec;
  if (spec.kind === 'mlProgram') {
    if ((spec.specificationVersion ?? 0) < FIRST_ML_PROGRAM_VERSION) throw new PrereleaseProgram(spec.specificationVersion ?? 0);
    const tally = { immediateBytes: 0 };
    spec.program = readProgram(source, kindField, inner, tally);
    spec.embeddedWeightBytes = tally.immediateBytes;
  } else if (NETWORK_KINDS.has(spec.kind)) {
    spec.network = readNetwork(source, kindField, inner);
    spec.embeddedWeightBytes = Object.values(spec.network.weightStorage).reduce((sum, bytes) => sum + bytes, 0);
  } else if (PIPELINE_KINDS.has(spec.kind)) {
    let pipeline: Field | undefined = kindField;
    if (spec.kind !== 'pipeline') {
      pipeline = undefined;
      for (const field of inside(source, kindField)) if (field.number === WRAPPED_PIPELINE) pipeline = field;
    }
    spec.pipeline = pipeline === undefined ? [] : readPipeline(source, pipeline, inner);
    spec.embeddedWeightBytes = spec.pipeline.reduce((sum, step) => sum + step.model.embeddedWeightBytes, 0);
  }
  return spec;
}

function readPipeline(source: ByteSource, at: Field, depth: number): PipelineStep[] {
  const inner = enter(depth, at, 'a pipeline');
  const models: ModelSpecFacts[] = [];
  const names: string[] = [];
  for (const field of inside(source, at)) {
    if (field.number === PIPELINE.models) {
      if (field.wireType !== 2) throw new WireError('malformed', field.at, `a pipeline's model at byte ${field.at} is not a message`);
      models.push(readModelSpec(source, field.start, field.end, inner, field));
    } else if (field.number === PIPELINE.names) names.push(string(source, field, 'a pipeline name'));
  }
  return models.map((model, i) => ({ name: names[i] ?? null, model }));
}

export function readDescription(source: ByteSource, at: Field, spec: ModelSpecFacts, depth: number): void {
  const inner = enter(depth, at, 'a model description');
  for (const field of inside(source, at)) {
    if (field.number === DESCRIPTION.input) spec.inputs.push(readFeature(source, field, inner));
    else if (field.number === DESCRIPTION.output) spec.outputs.push(readFeature(source, field, inner));
    else if (field.number === DESCRIPTION.state) spec.states.push(readFeature(source, field, inner));
    else if (field.number === DESCRIPTION.functions) spec.functionDescriptions.push(readFunctionDescription(source, field, inner));
    else if (field.number === DESCRIPTION.defaultFunctionName) spec.defaultFunctionName = string(source, field, 'defaultFunctionName');
    else if (field.number === DESCRIPTION.metadata) spec.metadata = readMetadata(source, field);
  }
}

function readFunctionDescription(source: ByteSource, at: Field, depth: number): FunctionDescriptionFacts {
  const inner = enter(depth, at, 'a function description');
  const fn = { name: '', inputs: [] as FeatureFacts[], outputs: [] as FeatureFacts[], states: [] as FeatureFacts[] };
  for (const field of inside(source, at)) {
    if (field.number === FUNCTION_DESCRIPTION.name) fn.name = string(source, field, 'a function name');
    else if (field.number === FUNCTION_DESCRIPTION.input) fn.inputs.push(readFeature(source, field, inner));
    else if (field.number === FUNCTION_DESCRIPTION.output) fn.outputs.push(readFeature(source, field, inner));
    else if (field.number === FUNCTION_DESCRIPTION.state) fn.states.push(readFeature(source, field, inner));
  }
  return fn;
}

function readMetadata(source: ByteSource, at: Field): MetadataFacts {
  const metadata: MetadataFacts = { shortDescription: '', version: '', author: '', license: '', userDefined: {} };
  for (const field of inside(source, at)) {
    if (field.number === METADATA.shortDescription) metadata.shortDescription = string(source, field, 'a short description');
    else if (field.number === METADATA.versionString) metadata.version = string(source, field, 'a version string');
    else if (field.number === METADATA.author) metadata.author = string(source, field, 'an author');
    else if (field.number === METADATA.license) metadata.license = string(source, field, 'a license');
    else if (field.number === METADATA.userDefined) {
      let key = '';
      let value = '';
      for (const entry of inside(source, field)) {
        if (entry.number === MAP_ENTRY.key) key = string(source, entry, 'a metadata key');
        else if (entry.number === MAP_ENTRY.value) value = string(source, entry, 'a metadata value');
      }
      metadata.userDefined[key] = value;
    }
  }
  return metadata;
}

