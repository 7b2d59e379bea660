/**
 * A model file that cannot be read: the message names the file, what is wrong and what to do. The model check
 * reports it as an `error` for that model and goes on with the others.
 */
export type ModelErrorCode =
  /** The path does not exist. */
  | 'missing'
  /** A file or folder that is not a Core ML model (an image, a zip, an empty file, another folder). */
  | 'not-core-ml'
  /** Cut short: a field runs past the end of the file. */
  | 'truncated'
  /** A Git LFS pointer in place of the model. */
  | 'lfs-pointer'
  /** A package without Manifest.json, or whose manifest names a file that is not there. */
  | 'manifest'
  /** A Core ML model the schema does not describe (a prerelease ML program, a spec version from the future). */
  | 'unsupported'
  /** Fields that overflow what a model can hold: nesting too deep, lengths past what a file can have. */
  | 'overflow'
  /** The file system refused (no permission, an I/O error), or the reader met something it has no word for. */
  | 'unreadable';

export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    /** The file or folder at fault, as the user would find it. */
    readonly file: string,
    problem: string,
    fix: string,
  ) {
    super(`${file}: ${problem}${fix ? ` ${fix}` : ''}`);
    this.name = 'ModelError';
  }
}
