/**
 * A `.mlmodel` file (one protobuf `Model`), or the root model of a package: opened, recognised, walked, and every
 * failure turned into a ModelError that names the file and what to do.
 */
import type { ModelSpecFacts } from '../facts.js';
import { ModelError } from '../model-error.js';
import { ByteSource } from './byte-source.js';
import { NEWEST_SPECIFICATION_VERSION } from './minimum-os.js';
import { PrereleaseProgram, readModelSpec } from './model-spec.js';
import { SNIFF_BYTES, sniff } from './sniff.js';
import { WireError } from './wire.js';

export interface MlmodelRead {
  spec: ModelSpecFacts;
  notes: string[];
  bytesRead: number;
}

export const LFS_FIX = 'Fetch the Git LFS objects: `lfs: true` on actions/checkout (or `git lfs pull`).';
const RECOPY_FIX = 'Copy or download the model again, or save it again with coremltools; a model kept in Git LFS needs `lfs: true` on actions/checkout.';

/** Specification versions beyond this are not Core ML's (the schema is at 10): the bytes only look like protobuf. */
const MAX_PLAUSIBLE_VERSION = 100;

export function readMlmodel(file: string): MlmodelRead {
  const source = ByteSource.open(file);
  try {
    if (source.size === 0) throw new ModelError('not-core-ml', file, 'is empty (0 bytes), not a Core ML model.', RECOPY_FIX);
    const sniffed = sniff(source.bytes(0, SNIFF_BYTES));
    if (sniffed?.kind === 'lfs-pointer') {
      throw new ModelError('lfs-pointer', file, 'is a Git LFS pointer, not the model: the checkout did not fetch the LFS object.', LFS_FIX);
    }
    if (sniffed) throw new ModelError('not-core-ml', file, `is ${sniffed.what}, not a Core ML model.`, 'Point ane-check at a .mlmodel, .mlpackage or .mlmodelc.');
    const spec = walk(source, file);
    const notes: string[] = [];
    if (spec.specificationVersion !== null && spec.specificationVersion > NEWEST_SPECIFICATION_VERSION) {
      notes.push(`specification version ${spec.specificationVersion} is newer than the schema this reader knows (${NEWEST_SPECIFICATION_VERSION}): fields added since are not read`);
    }
    return { spec, notes, bytesRead: source.bytesRead };
  } finally {
    source.close();
  }
}

function walk(source: ByteSource, file: string): ModelSpecFacts {
  let spec: ModelSpecFacts;
  try {
    spec = readModelSpec(source, 0, source.size, 0);
  } catch (error) {
    if (error instanceof WireError) throw fromWire(error, file);
    if (error instanceof PrereleaseProgram) {
      throw new ModelError(
        'unsupported',
        file,
        `is an ML program of specification version ${error.specificationVersion}, written by a prerelease coremltools before ML programs became public (specification 6, iOS 15): the public schema does not describe it.`,
        'Convert the source model again with a current coremltools (`ct.convert(..., convert_to="mlprogram")`).',
      );
    }
    throw error;
  }
  const version = spec.specificationVersion ?? 0;
  if (version < 1 || version > MAX_PLAUSIBLE_VERSION) {
    const said = version === 0 ? 'has no specification version' : `has the specification version ${version}, which no Core ML model has`;
    throw new ModelError('not-core-ml', file, `${said}: it is not a Core ML model.`, 'Point ane-check at a .mlmodel, .mlpackage or .mlmodelc.');
  }
  if (spec.kind === 'none') {
    throw new ModelError('not-core-ml', file, 'holds a model description but no model: it is cut short or not a Core ML model.', RECOPY_FIX);
  }
  return spec;
}

function fromWire(error: WireError, file: string): ModelError {
  if (error.kind === 'truncated') return new ModelError('truncated', file, `is cut short: ${error.message}.`, RECOPY_FIX);
  if (error.kind === 'overflow') return new ModelError('overflow', file, `cannot be a Core ML model: ${error.message}.`, RECOPY_FIX);
  return new ModelError('not-core-ml', file, `is not a Core ML model (or is damaged): ${error.message}.`, RECOPY_FIX);
}
