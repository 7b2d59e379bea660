/**
 * Which files of a model the reader reads whole, and which are weights whose size matters and whose content
 * does not (save the blob records an ML program names). The reader decides this, so this follows it
 * (src/model/read/): a `.mlpackage` is read through Manifest.json and the root model it names, its other
 * items are weights (mlpackage.ts); a `.mlmodelc`'s weights are its `weights/` folder and its `*.weights`
 * entries (mlmodelc.ts, compiledWeights); a `.mlmodel` is one file, read whole.
 */
import path from 'node:path';

export type FileRole =
  /** Read by the reader: written as it is. */
  | 'whole'
  /** ML program weights: only the blob records are read (blob-records.ts). */
  | 'blob-records'
  /** Weights the reader only takes the size of. */
  | 'size-only';

export type ModelForm = 'file' | 'package' | 'compiled' | 'folder';

const MANIFEST = 'Manifest.json';
const COMPILED_FILES = ['coremldata.bin', 'model.mil', 'model.espresso.net', 'metadata.json'];

/** The form of a folder model, as src/model/read/detect.ts tells it: by its extension, else by what is in it. */
export function folderForm(modelPath: string, files: readonly string[]): ModelForm {
  const extension = path.posix.extname(modelPath).toLowerCase();
  if (extension === '.mlpackage') return 'package';
  if (extension === '.mlmodelc') return 'compiled';
  if (files.includes(MANIFEST)) return 'package';
  if (files.some((file) => COMPILED_FILES.includes(file))) return 'compiled';
  return 'folder';
}

/**
 * The role of each of a folder model's files (paths relative to the model, `/`-separated). A package's
 * manifest text is needed to know its root model; without a readable one, only the manifest is whole
 * (the reader then refuses the package for its manifest, and reads nothing else).
 */
export function fileRoles(form: ModelForm, files: readonly string[], manifest?: string): Map<string, FileRole> {
  const roles = new Map<string, FileRole>();
  if (form === 'package') {
    const root = rootModel(manifest);
    for (const file of files) roles.set(file, file === MANIFEST || file === root ? 'whole' : 'blob-records');
  } else if (form === 'compiled') {
    for (const file of files) {
      const top = file.split('/')[0]!;
      roles.set(file, top === 'weights' && file !== top ? 'blob-records' : top.endsWith('.weights') ? 'size-only' : 'whole');
    }
  } else {
    // Neither a package nor a compiled model: the reader refuses it by the names in it, reading none.
    for (const file of files) roles.set(file, 'size-only');
  }
  return roles;
}

/** The root model's path in the package (`Data/<item path>`), as the manifest names it. */
export function rootModel(manifest: string | undefined): string | undefined {
  if (manifest === undefined) return undefined;
  try {
    const parsed = JSON.parse(manifest) as { rootModelIdentifier?: unknown; itemInfoEntries?: Record<string, { path?: unknown } | null> };
    const item = parsed?.itemInfoEntries?.[String(parsed.rootModelIdentifier)]?.path;
    return typeof item === 'string' ? path.posix.normalize(`Data/${item}`) : undefined;
  } catch {
    return undefined;
  }
}
