/**
 * The Core ML models in the base commit's tree, so that a model the pull request deletes can be reported:
 * `git ls-tree -r --name-only -z --full-tree <sha>` after the same commit check and fetch as the base model.
 */
import { type BaseProblem, ensureCommit } from './git-base.js';
import { type GitCommands, gitCommands } from './git.js';

export type ModelListing = { kind: 'listed'; paths: string[] } | BaseProblem;

/** A `.mlmodel` file, or a `.mlpackage` or `.mlmodelc` folder: the first path component that ends so. */
const MODEL_NAME = /\.(?:mlmodel|mlpackage|mlmodelc)$/iu;

/** The models at `sha` whose paths (relative to the repository root, `/`-separated) the matcher accepts, in tree order. */
export async function listModelsAtCommit(
  repository: string,
  sha: string,
  matcher: (modelPath: string) => boolean,
  git: GitCommands = gitCommands(repository),
): Promise<ModelListing> {
  const missing = await ensureCommit(git, sha);
  if (missing) return missing;
  const listed = await git.run(['ls-tree', '-r', '--name-only', '-z', '--full-tree', sha]);
  if (listed.exitCode !== 0) {
    return { kind: 'problem', message: `The files of the base commit ${sha.slice(0, 12)} could not be listed: ${listed.stderr.trim()}`, fix: 'Check the checkout (actions/checkout), or set `base-model` to `none`.' };
  }
  return { kind: 'listed', paths: modelPaths(listed.stdout.split('\0')).filter((modelPath) => matcher(modelPath)) };
}

/** The models the files belong to, each once; a `.mlmodel` inside a package is the package's, not a model of its own. */
export function modelPaths(files: readonly string[]): string[] {
  const models = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    const end = parts.findIndex((part) => MODEL_NAME.test(part));
    if (end >= 0) models.add(parts.slice(0, end + 1).join('/'));
  }
  return [...models];
}
