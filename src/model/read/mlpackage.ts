/**
 * A `.mlpackage` folder: `Manifest.json` names the root model by identifier (`rootModelIdentifier`) among its
 * items (`itemInfoEntries`, each a `path` relative to `Data/`); the other items are the weights. The manifest is
 * followed, not guessed: a package may keep its model elsewhere than `com.apple.CoreML/model.mlmodel`, and list
 * its weights first.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { WeightFile } from '../facts.js';
import { ModelError } from '../model-error.js';
import { readBlobRecords } from './blob-records.js';
import { LFS_FIX, type MlmodelRead, readMlmodel } from './mlmodel.js';
import { isLfsPointer } from './sniff.js';
import { weightFilesIn } from './weight-files.js';

export const MANIFEST = 'Manifest.json';
const DATA = 'Data';
const RESAVE_FIX = 'Save the model again with coremltools (`model.save("Name.mlpackage")`) and commit the whole folder.';

export interface PackageRead extends MlmodelRead {
  /** The root model, relative to the package. */
  modelFile: string;
  weightFiles: WeightFile[];
}

interface Manifest {
  rootModelIdentifier?: unknown;
  itemInfoEntries?: unknown;
}

export function readMlpackage(dir: string): PackageRead {
  const manifestPath = path.join(dir, MANIFEST);
  if (!existsSync(manifestPath)) {
    throw new ModelError('manifest', dir, `has no ${MANIFEST}: it is not a complete .mlpackage.`, RESAVE_FIX);
  }
  const text = readFileSync(manifestPath);
  if (isLfsPointer(text)) throw new ModelError('lfs-pointer', manifestPath, 'is a Git LFS pointer, not the manifest.', LFS_FIX);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text.toString('utf8')) as Manifest;
  } catch (error) {
    throw new ModelError('manifest', manifestPath, `is not valid JSON (${(error as Error).message}).`, RESAVE_FIX);
  }
  const entries = manifest?.itemInfoEntries;
  const root = manifest?.rootModelIdentifier;
  if (typeof entries !== 'object' || entries === null || typeof root !== 'string') {
    throw new ModelError('manifest', manifestPath, 'lacks rootModelIdentifier or itemInfoEntries, so it names no model.', RESAVE_FIX);
  }
  const items = new Map<string, string>();
  for (const [id, entry] of Object.entries(entries as Record<string, unknown>)) {
    const item = (entry as { path?: unknown } | null)?.path;
    if (typeof item === 'string') items.set(id, item);
  }
  const rootItem = items.get(root);
  if (rootItem === undefined) {
    throw new ModelError('manifest', manifestPath, `names the root model "${root}", which its itemInfoEntries do not list.`, RESAVE_FIX);
  }
  const modelFile = itemPath(dir, manifestPath, rootItem);
  if (!existsSync(path.join(dir, modelFile)) || !statSync(path.join(dir, modelFile)).isFile()) {
    throw new ModelError('manifest', manifestPath, `names the root model ${modelFile}, which is not in the package.`, RESAVE_FIX);
  }
  const read = readMlmodel(path.join(dir, modelFile));
  const weightFiles: WeightFile[] = [];
  for (const [id, item] of items) {
    if (id === root) continue;
    const relative = itemPath(dir, manifestPath, item);
    if (!existsSync(path.join(dir, relative))) {
      throw new ModelError('manifest', manifestPath, `names ${relative}, which is not in the package.`, RESAVE_FIX);
    }
    for (const file of weightFilesIn(dir, relative)) {
      if (file.bytes < 1024 && isLfsPointer(readFileSync(path.join(dir, file.path)))) {
        throw new ModelError('lfs-pointer', path.join(dir, file.path), 'is a Git LFS pointer, not the weights.', LFS_FIX);
      }
      weightFiles.push(file);
    }
  }
  let bytesRead = read.bytesRead;
  const notes = [...read.notes];
  if (read.spec.program) {
    const blobs = readBlobRecords(read.spec.program, path.dirname(path.join(dir, modelFile)));
    notes.push(...blobs.notes);
    bytesRead += blobs.bytesRead;
  }
  return { ...read, notes, bytesRead, modelFile, weightFiles };
}

/** An item's path inside the package, refused when it would leave the package. */
function itemPath(dir: string, manifestPath: string, item: string): string {
  const relative = path.normalize(path.join(DATA, item));
  if (path.isAbsolute(item) || relative.startsWith('..') || !relative.startsWith(DATA + path.sep)) {
    throw new ModelError('manifest', manifestPath, `names the item path "${item}", which lies outside the package's Data folder.`, RESAVE_FIX);
  }
  return relative.split(path.sep).join('/');
}
