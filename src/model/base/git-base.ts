/**
 * The base model of a pull request, read from git: the model's path at the base commit, written into a
 * folder the caller owns, so that the reader reads it as any model. Weight files are not copied: each
 * becomes a sparse file of its size holding only what the reader reads of it (model-files.ts), so a 2 GB
 * weight.bin costs a few disk blocks. Every outcome is a value: the model written, absent at the base
 * (new in the pull request), or a problem that says what to do.
 *
 * The commands, in order (each bounded by a timeout, git.ts):
 *   git rev-parse --is-shallow-repository          a repository at all, and whether it is shallow
 *   git cat-file -e <sha>^{commit}                  the base commit is there
 *   git fetch [--depth=1] --no-tags origin <sha>    if not (actions/checkout fetches one commit by default)
 *   git ls-tree -r -l -z --full-tree <sha> -- <path>    the model's files with their sizes
 *   git cat-file blob <object>                      each file read, streamed to disk
 */
import { createWriteStream } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';

import { isLfsPointer } from '../read/sniff.js';
import { BlobRecordScanner } from './blob-records.js';
import { type FileRole, fileRoles, folderForm } from './model-files.js';
import { type GitCommands, type GitOutput, gitCommands } from './git.js';

export interface BaseProblem {
  kind: 'problem';
  message: string;
  fix: string;
}

export type BaseModel = { kind: 'materialized'; path: string } | { kind: 'absent' } | BaseProblem;

export interface BaseRequest {
  /** The repository's root (the checkout). */
  repository: string;
  /** The base commit's full SHA. */
  sha: string;
  /** The model's path relative to the repository root, `/`-separated: a `.mlmodel`, or a `.mlpackage`/`.mlmodelc` folder. */
  modelPath: string;
  /** A folder the caller owns and removes; the model is written in it under its own name. */
  into: string;
}

/** A fetch may cross the network and bring a large commit. */
const FETCH_TIMEOUT_MS = 300_000;
/** Git LFS pointers are small (git-lfs docs/spec.md: "less than 200 bytes"; git-lfs reads up to 1024 as one). */
const LFS_POINTER_MAX_BYTES = 1024;
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/iu;

const FETCH_FIX =
  'Give actions/checkout `fetch-depth: 0`, so that the checkout has the base commit; or set `base-model` to a path, or to the base branch\'s report, or `none`.';
const LFS_FIX =
  "ane-check reads the base from git, which holds only the pointer. Set `base-model` to the base branch's report (from a run on the base branch), or to a path where the base commit is checked out with `lfs: true`.";

export async function materializeBaseModel(request: BaseRequest, git: GitCommands = gitCommands(request.repository)): Promise<BaseModel> {
  const { sha, into } = request;
  const modelPath = repositoryPath(request.modelPath);
  if (modelPath === undefined) {
    return problem(`The model path ${request.modelPath} is not a path inside the repository.`, 'Give `model` relative to the repository root, without `..`.');
  }
  const missing = await ensureCommit(git, sha);
  if (missing) return missing;

  const listed = await git.run(['--literal-pathspecs', 'ls-tree', '-r', '-l', '-z', '--full-tree', sha, '--', modelPath]);
  if (listed.exitCode !== 0) return gitProblem(`The files of ${modelPath} at the base commit ${short(sha)} could not be listed`, listed);
  const entries = treeEntries(listed.stdout).filter((entry) => entry.path === modelPath || entry.path.startsWith(`${modelPath}/`));
  if (entries.length === 0) return { kind: 'absent' };

  const at = `${modelPath} at the base commit ${short(sha)}`;
  const odd = entries.find((entry) => entry.type !== 'blob' || entry.mode === SYMLINK_MODE);
  if (odd) {
    const what = odd.type === 'commit' ? 'a submodule' : odd.mode === SYMLINK_MODE ? 'a symbolic link' : `a git ${odd.type}`;
    return problem(`${odd.path} at the base commit ${short(sha)} is ${what}, not a file ane-check can read.`, 'Set `base-model` to a path, or to the base branch\'s report.');
  }
  const target = path.join(into, path.posix.basename(modelPath));
  const single = entries.length === 1 && entries[0]!.path === modelPath;
  const files = entries.map((entry) => ({ ...entry, relative: single ? '' : entry.path.slice(modelPath.length + 1) }));
  if (files.some((file) => !single && repositoryPath(file.relative) !== file.relative)) {
    return problem(`${at} holds a file whose name leaves the model's folder.`, 'Set `base-model` to a path, or to the base branch\'s report.');
  }

  try {
    let roles: Map<string, FileRole>;
    if (single) {
      roles = new Map([['', 'whole']]);
    } else {
      const form = folderForm(modelPath, files.map((file) => file.relative));
      const manifest = form === 'package' ? files.find((file) => file.relative === 'Manifest.json') : undefined;
      const manifestText = manifest && manifest.size <= MANIFEST_MAX_BYTES ? await readSmallBlob(git, manifest.object) : undefined;
      roles = fileRoles(form, files.map((file) => file.relative), manifestText?.toString('utf8'));
    }
    for (const file of files) {
      const destination = single ? target : path.join(target, ...file.relative.split('/'));
      await mkdir(path.dirname(destination), { recursive: true });
      const written = await writeFile(git, file, roles.get(file.relative) ?? 'whole', destination);
      if (written === 'lfs-pointer') return problem(`${file.path} at the base commit ${short(sha)} is a Git LFS pointer, not the file.`, LFS_FIX);
      if (written !== 'ok') return gitProblem(`${file.path} at the base commit ${short(sha)} could not be read from git`, written);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return problem(`The base version of ${modelPath} could not be written to ${into} (${reason}).`, 'Check that the temporary folder is writable and has room.');
  }
  return { kind: 'materialized', path: target };
}

/** A manifest is a few hundred bytes; one past this is not a manifest the reader would take. */
const MANIFEST_MAX_BYTES = 1024 * 1024;
const SYMLINK_MODE = '120000';

// ---------------------------------------------------------------------------------------------------------
// The base commit

/**
 * The base commit in the checkout, fetched when it is not there: actions/checkout fetches only the commit it
 * checks out by default (`fetch-depth: 1`, its README), as changed-files actions find (dorny/paths-filter
 * `src/git.ts`, getChangesAgainstSha: `git fetch --depth=1 --no-tags origin <sha>`). A full clone fetches it
 * without `--depth`, which would make the repository shallow.
 */
export function ensureCommit(git: GitCommands, sha: string): Promise<BaseProblem | undefined> {
  // Once per git and commit: every model of a run asks, and a fetch that failed (or waited on the network
  // until its timeout) would only fail again.
  let asked = ensured.get(git);
  if (asked === undefined) ensured.set(git, (asked = new Map()));
  let answer = asked.get(sha);
  if (answer === undefined) asked.set(sha, (answer = findOrFetchCommit(git, sha)));
  return answer;
}

const ensured = new WeakMap<GitCommands, Map<string, Promise<BaseProblem | undefined>>>();

async function findOrFetchCommit(git: GitCommands, sha: string): Promise<BaseProblem | undefined> {
  if (!SHA.test(sha)) return problem(`The base commit "${sha}" is not a commit SHA.`, 'Give the full 40-character SHA of the base commit.');
  const shallow = await git.run(['rev-parse', '--is-shallow-repository']);
  if (shallow.exitCode !== 0) {
    return gitProblem(
      'The base model is read from git, and the working directory is not a git repository',
      shallow,
      'Check the repository out with actions/checkout (with git on PATH: without it, actions/checkout downloads the files with no history), or set `base-model` to a path.',
    );
  }
  const has = async () => (await git.run(['cat-file', '-e', `${sha}^{commit}`])).exitCode === 0;
  if (await has()) return undefined;
  const depth = shallow.stdout.trim() === 'true' ? ['--depth=1'] : [];
  const fetched = await git.run(['fetch', ...depth, '--no-tags', 'origin', sha], { timeoutMs: FETCH_TIMEOUT_MS });
  if (fetched.exitCode === 0 && (await has())) return undefined;
  return gitProblem(`The base commit ${short(sha)} is not in the checkout, and fetching it from origin failed`, fetched, FETCH_FIX);
}

// ---------------------------------------------------------------------------------------------------------
// The tree

interface TreeEntry {
  mode: string;
  type: string;
  object: string;
  /** `-` for a submodule. */
  size: number;
  path: string;
}

/** `git ls-tree -l -z` output: `<mode> <type> <object> <size, padded>\t<path>`, each ended by NUL (git-ls-tree(1)). */
function treeEntries(output: string): TreeEntry[] {
  return output
    .split('\0')
    .map((record) => /^(\d+) (\S+) ([0-9a-f]+) +(-|\d+)\t([\s\S]+)$/u.exec(record))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, mode, type, object, size, entryPath]) => ({ mode: mode!, type: type!, object: object!, size: size === '-' ? 0 : Number(size), path: entryPath! }));
}

/** The path normalized to `a/b/c`, or undefined when it is absolute, empty or climbs out with `..`. */
function repositoryPath(given: string): string | undefined {
  const normalized = path.posix.normalize(given.replace(/^\.\/+/u, '')).replace(/\/+$/u, '');
  if (normalized === '' || normalized === '.' || path.posix.isAbsolute(normalized) || normalized.split('/').includes('..')) return undefined;
  return normalized;
}

// ---------------------------------------------------------------------------------------------------------
// The files

/** Writes one file; a Git LFS pointer is refused, a failure of git returned. */
async function writeFile(git: GitCommands, entry: TreeEntry, role: FileRole, destination: string): Promise<'ok' | 'lfs-pointer' | GitOutput> {
  if (entry.size < LFS_POINTER_MAX_BYTES) {
    const content = await readSmallBlob(git, entry.object);
    if (!Buffer.isBuffer(content)) return content;
    if (isLfsPointer(content)) return 'lfs-pointer';
    const handle = await open(destination, 'w');
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    return 'ok';
  }
  if (role === 'whole') {
    const output = await git.streamBlob(entry.object, createWriteStream(destination));
    return output.exitCode === 0 ? 'ok' : output;
  }
  // A sparse file of the weights' size: truncate leaves a hole, and only the records below are written into it.
  const handle = await open(destination, 'w');
  try {
    await handle.truncate(entry.size);
    if (role === 'size-only') return 'ok';
    const output = await git.streamBlob(entry.object, recordWriter(handle));
    return output.exitCode === 0 ? 'ok' : output;
  } finally {
    await handle.close();
  }
}

/** A stream that keeps, of what passes through it, only the blob records, each written at its place. */
function recordWriter(handle: FileHandle): Writable {
  const scanner = new BlobRecordScanner();
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const pieces = scanner.push(chunk);
      Promise.all(pieces.map((piece) => handle.write(piece.bytes, 0, piece.bytes.length, piece.position))).then(
        () => done(),
        (error: Error) => done(error),
      );
    },
  });
}

/** A small blob's content, or git's failure. */
async function readSmallBlob(git: GitCommands, object: string): Promise<Buffer | GitOutput> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const output = await git.streamBlob(object, sink);
  return output.exitCode === 0 ? Buffer.concat(chunks) : output;
}

// ---------------------------------------------------------------------------------------------------------

function problem(message: string, fix: string): BaseProblem {
  return { kind: 'problem', message, fix };
}

/** The problem with git's own last words, which usually say why (`fatal: ...`). */
function gitProblem(what: string, output: GitOutput, fix = 'Check the checkout (actions/checkout) and the base commit, or set `base-model` to a path or to the base branch\'s report.'): BaseProblem {
  const words = output.stderr.trim().split('\n').filter(Boolean).slice(-2).join(' ');
  return problem(`${what}${words ? `: ${words}` : ''}.`, fix);
}

function short(sha: string): string {
  return sha.slice(0, 12);
}
