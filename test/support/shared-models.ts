import { existsSync } from 'node:fs';
import path from 'node:path';

import { ROOT } from './paths.js';

/**
 * Real Core ML files from public repositories, beside the project (../shared/models/PROVENANCE.md); never copied in.
 * `npm run mutate` names them by ANE_CHECK_SHARED_MODELS, since Stryker's sandbox is one folder deeper.
 */
export const SHARED_MODELS = process.env.ANE_CHECK_SHARED_MODELS ?? path.join(ROOT, '..', 'shared', 'models');

/** A file of ../shared/models: a test that needs one fails, with where to get them, when they are not there. */
export function sharedModel(relative: string): string {
  const file = path.join(SHARED_MODELS, relative);
  if (!existsSync(file)) {
    throw new Error(
      `The model check's tests read real Core ML files from ${SHARED_MODELS}, and ${relative} is not there. ` +
        'Put the shared models folder (with its PROVENANCE.md) beside the project.',
    );
  }
  return file;
}
