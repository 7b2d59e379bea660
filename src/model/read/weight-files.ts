import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import type { WeightFile } from '../facts.js';

/** Deep enough for any package or compiled model; a link loop stops here instead of running on. */
const MAX_FOLDER_DEPTH = 16;

/**
 * The files at `relative` (a file, or a folder walked in name order) under `root`, each with its size from stat:
 * the weights' contents are never read.
 */
export function weightFilesIn(root: string, relative: string, depth = 0): WeightFile[] {
  const full = path.join(root, relative);
  const stat = statSync(full);
  if (stat.isFile()) return [{ path: relative, bytes: stat.size }];
  if (!stat.isDirectory() || depth >= MAX_FOLDER_DEPTH) return [];
  return readdirSync(full)
    .sort()
    .flatMap((name) => weightFilesIn(root, `${relative}/${name}`, depth + 1));
}
