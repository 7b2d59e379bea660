/**
 * The models that `model` names: each line a path or a glob, relative to the working directory. A glob matches
 * model files and folders (`.mlmodel`, `.mlpackage`, `.mlmodelc`); a match inside a package or a compiled model
 * (a package's own `Data/com.apple.CoreML/model.mlmodel`) is part of that model, not a model of its own. A path
 * that is not there is kept: the model check reports it as that model's error, beside the others.
 */
import path from 'node:path';

import * as glob from '@actions/glob';
import { minimatch } from 'minimatch';

import { isGlob } from '../../inputs/settings.js';

const MODEL_NAME = /\.(?:mlmodel|mlpackage|mlmodelc)$/iu;

export interface FoundModels {
  /** Relative to the working directory, `/`-separated, in the order the lines give them, each once. */
  paths: string[];
  /** Globs that matched no model, to say so. */
  unmatched: string[];
}

export async function findModels(lines: readonly string[], cwd: string): Promise<FoundModels> {
  const paths: string[] = [];
  const unmatched: string[] = [];
  const add = (found: string) => {
    if (!paths.includes(found)) paths.push(found);
  };
  for (const line of lines) {
    if (!isGlob(line)) {
      add(relative(cwd, path.resolve(cwd, line)));
      continue;
    }
    const globber = await glob.create(path.resolve(cwd, line), { matchDirectories: true, implicitDescendants: false, followSymbolicLinks: false });
    const matches = (await globber.glob()).map((match) => relative(cwd, match)).filter(isModelRoot).sort();
    if (matches.length === 0) unmatched.push(line);
    matches.forEach(add);
  }
  return { paths, unmatched };
}

/**
 * Whether a path (relative to the working directory) is one that `model` names: for the base commit's models,
 * which are not on disk. The same globs, matched as @actions/glob matches them (minimatch, dot files included).
 */
export function modelMatcher(lines: readonly string[]): (modelPath: string) => boolean {
  const patterns = lines.map((line) => path.posix.normalize(line.replaceAll('\\', '/')).replace(/^\.\//u, ''));
  return (modelPath) => isModelRoot(modelPath) && patterns.some((pattern) => (isGlob(pattern) ? minimatch(modelPath, pattern, { dot: true }) : modelPath === pattern));
}

/** A model itself: its name ends as a model's, and no folder above it is a model. */
function isModelRoot(modelPath: string): boolean {
  const parts = modelPath.split('/');
  return MODEL_NAME.test(parts.at(-1)!) && !parts.slice(0, -1).some((part) => MODEL_NAME.test(part));
}

function relative(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/') || '.';
}
