import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

import type { ModelFormat } from '../facts.js';
import { ModelError } from '../model-error.js';
import { ESPRESSO_NET, MODEL_MIL } from './mlmodelc.js';
import { MANIFEST } from './mlpackage.js';

const MISSING_FIX =
  'Check the path: in a workflow it is relative to the repository root, after actions/checkout. A model kept in Git LFS also needs `lfs: true` on actions/checkout.';

/**
 * Which of the three forms a path holds: a folder is a package or a compiled model (by its name, else by what is
 * in it), a file is read as a `.mlmodel` whatever its name, so that a misnamed model still reads and a file of
 * another kind is named for what it is.
 */
export function detectFormat(modelPath: string): ModelFormat {
  if (!existsSync(modelPath)) throw new ModelError('missing', modelPath, 'does not exist.', MISSING_FIX);
  if (!statSync(modelPath).isDirectory()) return 'mlmodel';
  const extension = path.extname(modelPath.replace(/[\\/]+$/u, '')).toLowerCase();
  if (extension === '.mlpackage') return 'mlpackage';
  if (extension === '.mlmodelc') return 'mlmodelc';
  if (existsSync(path.join(modelPath, MANIFEST))) return 'mlpackage';
  if (['coremldata.bin', MODEL_MIL, ESPRESSO_NET].some((name) => existsSync(path.join(modelPath, name)))) return 'mlmodelc';
  throw new ModelError('not-core-ml', modelPath, 'is a folder, but neither a .mlpackage (no Manifest.json) nor a compiled .mlmodelc.', 'Point ane-check at a .mlmodel file, or an .mlpackage or .mlmodelc folder.');
}
