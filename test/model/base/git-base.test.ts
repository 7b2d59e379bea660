import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { materializeBaseModel } from '../../../src/model/base/git-base.js';
import { type GitCommands, gitCommands } from '../../../src/model/base/git.js';
import { listModelsAtCommit } from '../../../src/model/base/models-at-commit.js';
import type { ModelFacts } from '../../../src/model/facts.js';
import { readModel } from '../../../src/model/read/index.js';
import { buildModels } from '../../support/coremltools.js';
import { sharedModel } from '../../support/shared-models.js';
import { tempFolder } from '../../support/temp.js';

// The base model read from real repositories made here: a base commit, a pull request's head on top of it,
// clones of it as actions/checkout makes them (one commit deep), and origins that cannot give the base.

const REAL = {
  dtln: 'dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage',
  identity: 'coremlit-identity/identity.mlmodel',
  addModel: 'ct-add-model-mlmodelc/add_model.mlmodelc',
  retrained: 'jm-s4tf-retrained-mlmodelc/s4tf_model_retrained.mlmodelc',
} as const;

const LFS_POINTER = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 2030540\n';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function commitAll(repo: string, message: string): string {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
}

/** The facts as they do not depend on where the model is. */
function placeless(facts: ModelFacts): ModelFacts {
  return { ...facts, path: '' };
}

/** What a weight file written by the base source must hold: the original's header and blob records, zeros elsewhere. */
function recordsOnly(original: Buffer): Buffer {
  const image = Buffer.alloc(original.length);
  original.copy(image, 0, 0, 64);
  const sentinel = Buffer.from([0xef, 0xbe, 0xad, 0xde]);
  for (let at = original.indexOf(sentinel); at >= 0; at = original.indexOf(sentinel, at + 1)) original.copy(image, at, at, at + 64);
  return image;
}

describe('the base model from git', () => {
  // models/ at the base commit: a coremltools package, real models of the three forms; the head changes the
  // package's weights, adds a package, deletes the .mlmodel, and turns a package into a file.
  const repo = tempFolder('git-base-repo');
  let built: Record<'diff_base' | 'diff_weights_grown', string>;
  let base: string;
  let head: string;

  beforeAll(async () => {
    built = await buildModels(['diff_base', 'diff_weights_grown']);
    git(repo, 'init', '-q', '-b', 'main');
    const models = path.join(repo, 'models');
    mkdirSync(models);
    cpSync(built.diff_base, path.join(models, 'Model.mlpackage'), { recursive: true });
    cpSync(built.diff_base, path.join(models, 'Flip.mlpackage'), { recursive: true });
    writeFileSync(path.join(models, 'Flip.mlpackage.bak'), 'a file beside the package, of a name it begins');
    for (const real of Object.values(REAL)) cpSync(sharedModel(real), path.join(models, path.basename(real)), { recursive: true });
    writeFileSync(path.join(repo, 'README.md'), 'models\n');
    base = commitAll(repo, 'base');

    rmSync(path.join(models, 'Model.mlpackage'), { recursive: true });
    cpSync(built.diff_weights_grown, path.join(models, 'Model.mlpackage'), { recursive: true });
    cpSync(built.diff_base, path.join(models, 'New.mlpackage'), { recursive: true });
    rmSync(path.join(models, 'identity.mlmodel'));
    rmSync(path.join(models, 'Flip.mlpackage'), { recursive: true });
    cpSync(sharedModel(REAL.identity), path.join(models, 'Flip.mlpackage'));
    head = commitAll(repo, 'head');
  });

  it.each([
    ['a coremltools package', 'models/Model.mlpackage', () => built.diff_base],
    ['a real package (12 weight blobs)', 'models/DTLN_AEC_128_Part1.mlpackage', () => sharedModel(REAL.dtln)],
    ['a real .mlmodel', 'models/identity.mlmodel', () => sharedModel(REAL.identity)],
    ['a compiled ML program', 'models/add_model.mlmodelc', () => sharedModel(REAL.addModel)],
    ['a compiled network with Espresso weights', 'models/s4tf_model_retrained.mlmodelc', () => sharedModel(REAL.retrained)],
  ])('%s at the base reads as the original does', async (_, modelPath, original) => {
    const into = tempFolder('git-base-into');
    const result = await materializeBaseModel({ repository: repo, sha: base, modelPath, into });
    expect(result).toEqual({ kind: 'materialized', path: path.join(into, path.basename(modelPath)) });
    if (result.kind !== 'materialized') return;
    expect(placeless(await readModel(result.path))).toEqual(placeless(await readModel(original())));
  });

  it.each([
    ['a coremltools package', 'models/Model.mlpackage', () => path.join(built.diff_base, 'Data/com.apple.CoreML/weights/weight.bin')],
    ['a real package', 'models/DTLN_AEC_128_Part1.mlpackage', () => path.join(sharedModel(REAL.dtln), 'Data/com.apple.CoreML/weights/weight.bin')],
  ])('%s: weight.bin is sparse, its size right, only its blob records written', async (_, modelPath, weights) => {
    const into = tempFolder('git-base-into');
    const result = await materializeBaseModel({ repository: repo, sha: base, modelPath, into });
    if (result.kind !== 'materialized') throw new Error(`not materialized: ${JSON.stringify(result)}`);
    const written = path.join(result.path, 'Data/com.apple.CoreML/weights/weight.bin');
    const original = readFileSync(weights());
    expect(statSync(written).size).toBe(original.length);
    expect(readFileSync(written).equals(recordsOnly(original))).toBe(true);
    // The blocks the file holds: a few for the records, none for the data between them.
    expect(statSync(written).blocks * 512).toBeLessThan(original.length / 8);
  });

  it("a compiled network's Espresso weights are sparse: the reader only sizes them", async () => {
    const into = tempFolder('git-base-into');
    const result = await materializeBaseModel({ repository: repo, sha: base, modelPath: 'models/s4tf_model_retrained.mlmodelc', into });
    if (result.kind !== 'materialized') throw new Error(`not materialized: ${JSON.stringify(result)}`);
    const facts = await readModel(result.path);
    expect(facts.weightFiles.length).toBeGreaterThan(0);
    for (const file of facts.weightFiles) {
      const bytes = readFileSync(path.join(result.path, file.path));
      // Files under 1 KB are read whole (one of them could be a Git LFS pointer); larger ones are holes.
      if (bytes.length >= 1024) expect(bytes.every((byte) => byte === 0)).toBe(true);
    }
  });

  it("the head's version is read the same way", async () => {
    const into = tempFolder('git-base-into');
    const result = await materializeBaseModel({ repository: repo, sha: head, modelPath: 'models/Model.mlpackage', into });
    if (result.kind !== 'materialized') throw new Error(`not materialized: ${JSON.stringify(result)}`);
    expect(placeless(await readModel(result.path))).toEqual(placeless(await readModel(built.diff_weights_grown)));
  });

  it('a package added in the head is absent at the base: new in the pull request, not an error', async () => {
    expect(await materializeBaseModel({ repository: repo, sha: base, modelPath: 'models/New.mlpackage', into: tempFolder('git-base-into') })).toEqual({ kind: 'absent' });
  });

  it('a path that is a folder at the base and a file at the head is read as each', async () => {
    const atBase = await materializeBaseModel({ repository: repo, sha: base, modelPath: 'models/Flip.mlpackage', into: tempFolder('git-base-into') });
    const atHead = await materializeBaseModel({ repository: repo, sha: head, modelPath: 'models/Flip.mlpackage', into: tempFolder('git-base-into') });
    if (atBase.kind !== 'materialized' || atHead.kind !== 'materialized') throw new Error(`not materialized: ${JSON.stringify([atBase, atHead])}`);
    expect(statSync(atBase.path).isDirectory()).toBe(true);
    expect((await readModel(atBase.path)).format).toBe('mlpackage');
    // The file beside it, whose name begins the same, is not part of it.
    expect(statSync(atHead.path).isFile()).toBe(true);
    expect(readFileSync(atHead.path).equals(readFileSync(sharedModel(REAL.identity)))).toBe(true);
  });

  it('paths are taken as written: ./ and a trailing slash are the same path, a glob character is no glob', async () => {
    const result = await materializeBaseModel({ repository: repo, sha: base, modelPath: './models/Model.mlpackage/', into: tempFolder('git-base-into') });
    expect(result.kind).toBe('materialized');
    expect(await materializeBaseModel({ repository: repo, sha: base, modelPath: 'models/*.mlpackage', into: tempFolder('git-base-into') })).toEqual({ kind: 'absent' });
  });

  it.each(['../outside.mlmodel', '/etc/model.mlmodel', 'models/../../x.mlmodel', '', '.'])('the path %j is refused', async (modelPath) => {
    const result = await materializeBaseModel({ repository: repo, sha: base, modelPath, into: tempFolder('git-base-into') });
    expect(result).toMatchObject({ kind: 'problem', message: expect.stringContaining('is not a path inside the repository'), fix: expect.stringContaining('relative to the repository root') });
  });

  it.each(['HEAD', 'main', '--output=x', 'abc123', `${'a'.repeat(39)}g`])('a base that is not a full SHA (%j) is refused before git sees it', async (sha) => {
    const result = await materializeBaseModel({ repository: repo, sha, modelPath: 'models/Model.mlpackage', into: tempFolder('git-base-into') });
    expect(result).toMatchObject({ kind: 'problem', message: expect.stringContaining('is not a commit SHA') });
  });

  it('a folder that is not a repository says so, and how to check it out', async () => {
    const result = await materializeBaseModel({ repository: tempFolder('git-base-no-repo'), sha: base, modelPath: 'models/Model.mlpackage', into: tempFolder('git-base-into') });
    expect(result).toMatchObject({ kind: 'problem', message: expect.stringContaining('not a git repository'), fix: expect.stringContaining('actions/checkout') });
  });

  describe('a checkout one commit deep, as actions/checkout makes by default', () => {
    it('fetches the base commit from origin, and stays shallow', async () => {
      const clone = path.join(tempFolder('git-base-clone'), 'clone');
      git(repo, 'clone', '-q', '--depth=1', `file://${repo}`, clone);
      expect(() => git(clone, 'cat-file', '-e', `${base}^{commit}`)).toThrow();
      const into = tempFolder('git-base-into');
      const result = await materializeBaseModel({ repository: clone, sha: base, modelPath: 'models/Model.mlpackage', into });
      expect(result).toEqual({ kind: 'materialized', path: path.join(into, 'Model.mlpackage') });
      expect(placeless(await readModel(path.join(into, 'Model.mlpackage')))).toEqual(placeless(await readModel(built.diff_base)));
      expect(git(clone, 'rev-parse', '--is-shallow-repository')).toBe('true');
      // One commit more, not the history.
      expect(git(clone, 'rev-list', '--count', 'HEAD', base)).toBe('2');
    });

    it('an origin that is gone: the problem names fetch-depth: 0', async () => {
      const clone = path.join(tempFolder('git-base-clone'), 'clone');
      git(repo, 'clone', '-q', '--depth=1', `file://${repo}`, clone);
      git(clone, 'remote', 'remove', 'origin');
      const result = await materializeBaseModel({ repository: clone, sha: base, modelPath: 'models/Model.mlpackage', into: tempFolder('git-base-into') });
      expect(result).toMatchObject({ kind: 'problem', message: expect.stringContaining(`The base commit ${base.slice(0, 12)} is not in the checkout, and fetching it from origin failed: `) });
      if (result.kind === 'problem') expect(result.fix).toContain('`fetch-depth: 0`');
    });

    it('the commit is looked for once per git: the models of a run fetch it, or fail to, once', async () => {
      const clone = path.join(tempFolder('git-base-clone'), 'clone');
      git(repo, 'clone', '-q', '--depth=1', `file://${repo}`, clone);
      const recording = (real: GitCommands, calls: string[][]): GitCommands => ({
        run: (args, options) => {
          calls.push([...args]);
          return real.run(args, options);
        },
        streamBlob: (object, into, options) => real.streamBlob(object, into, options),
      });
      const calls: string[][] = [];
      const once = recording(gitCommands(clone), calls);
      for (const modelPath of ['models/Model.mlpackage', 'models/identity.mlmodel']) {
        expect((await materializeBaseModel({ repository: clone, sha: base, modelPath, into: tempFolder('git-base-into') }, once)).kind).toBe('materialized');
      }
      expect((await listModelsAtCommit(clone, base, () => true, once)).kind).toBe('listed');
      expect(calls.filter((args) => args[0] === 'fetch')).toHaveLength(1);
      expect(calls.filter((args) => args[0] === 'rev-parse')).toHaveLength(1);

      git(clone, 'remote', 'remove', 'origin');
      const failing: string[][] = [];
      const other = recording(gitCommands(clone), failing);
      const bogus = 'abcdef0123456789abcdef0123456789abcdef01';
      const first = await materializeBaseModel({ repository: clone, sha: bogus, modelPath: 'models/Model.mlpackage', into: tempFolder('git-base-into') }, other);
      expect(first.kind).toBe('problem');
      expect(await materializeBaseModel({ repository: clone, sha: bogus, modelPath: 'models/identity.mlmodel', into: tempFolder('git-base-into') }, other)).toEqual(first);
      expect(failing.filter((args) => args[0] === 'fetch')).toHaveLength(1);
    });

    it('a commit origin does not have: the same problem, with git\'s words', async () => {
      const clone = path.join(tempFolder('git-base-clone'), 'clone');
      git(repo, 'clone', '-q', '--depth=1', `file://${repo}`, clone);
      const bogus = '1234567890abcdef1234567890abcdef12345678';
      const result = await materializeBaseModel({ repository: clone, sha: bogus, modelPath: 'models/Model.mlpackage', into: tempFolder('git-base-into') });
      expect(result).toMatchObject({ kind: 'problem', message: expect.stringMatching(/^The base commit 1234567890ab is not in the checkout, and fetching it from origin failed: .*not our ref/u) });
      if (result.kind === 'problem') expect(result.fix).toContain('`fetch-depth: 0`');
    });
  });

  it('a full clone missing the base commit fetches it without being made shallow', async () => {
    const origin = path.join(tempFolder('git-base-origin'), 'origin');
    git(repo, 'clone', '-q', '--bare', repo, origin);
    const clone = path.join(tempFolder('git-base-clone'), 'clone');
    git(repo, 'clone', '-q', `file://${origin}`, clone);
    // The base branch moves on after the checkout: a commit the clone has never seen.
    const work = path.join(tempFolder('git-base-work'), 'work');
    git(repo, 'clone', '-q', origin, work);
    writeFileSync(path.join(work, 'README.md'), 'moved on\n');
    const later = commitAll(work, 'later');
    git(work, 'push', '-q', 'origin', 'HEAD:refs/heads/later');
    const result = await materializeBaseModel({ repository: clone, sha: later, modelPath: 'models/Model.mlpackage', into: tempFolder('git-base-into') });
    expect(result.kind).toBe('materialized');
    expect(git(clone, 'rev-parse', '--is-shallow-repository')).toBe('false');
  });

  describe('what git holds that is not the model', () => {
    const odd = tempFolder('git-base-odd');
    let sha: string;

    beforeAll(() => {
      git(odd, 'init', '-q', '-b', 'main');
      const lfsPackage = path.join(odd, 'Lfs.mlpackage');
      cpSync(sharedModel(REAL.dtln), lfsPackage, { recursive: true });
      writeFileSync(path.join(lfsPackage, 'Data/com.apple.CoreML/weights/weight.bin'), LFS_POINTER);
      writeFileSync(path.join(odd, 'Pointer.mlmodel'), LFS_POINTER);
      symlinkSync('Pointer.mlmodel', path.join(odd, 'Link.mlmodel'));
      sha = commitAll(odd, 'odd');
    });

    it("a package whose weights are a Git LFS pointer: the problem says why ane-check cannot read them, and what to give instead", async () => {
      const result = await materializeBaseModel({ repository: odd, sha, modelPath: 'Lfs.mlpackage', into: tempFolder('git-base-into') });
      expect(result).toEqual({
        kind: 'problem',
        message: `Lfs.mlpackage/Data/com.apple.CoreML/weights/weight.bin at the base commit ${sha.slice(0, 12)} is a Git LFS pointer, not the file.`,
        fix: expect.stringContaining("the base branch's report"),
      });
      if (result.kind === 'problem') expect(result.fix).toContain('`lfs: true`');
    });

    it('a .mlmodel that is a Git LFS pointer', async () => {
      const result = await materializeBaseModel({ repository: odd, sha, modelPath: 'Pointer.mlmodel', into: tempFolder('git-base-into') });
      expect(result).toMatchObject({ kind: 'problem', message: `Pointer.mlmodel at the base commit ${sha.slice(0, 12)} is a Git LFS pointer, not the file.` });
    });

    it('a symbolic link is not followed', async () => {
      const result = await materializeBaseModel({ repository: odd, sha, modelPath: 'Link.mlmodel', into: tempFolder('git-base-into') });
      expect(result).toMatchObject({ kind: 'problem', message: `Link.mlmodel at the base commit ${sha.slice(0, 12)} is a symbolic link, not a file ane-check can read.` });
    });
  });

  describe('listModelsAtCommit', () => {
    it("lists the base commit's models, a package's inner .mlmodel not among them, so a deleted one can be reported", async () => {
      expect(await listModelsAtCommit(repo, base, () => true)).toEqual({
        kind: 'listed',
        paths: [
          'models/DTLN_AEC_128_Part1.mlpackage',
          'models/Flip.mlpackage',
          'models/Model.mlpackage',
          'models/add_model.mlmodelc',
          'models/identity.mlmodel',
          'models/s4tf_model_retrained.mlmodelc',
        ],
      });
      const atHead = await listModelsAtCommit(repo, head, (modelPath) => modelPath.endsWith('.mlmodel'));
      expect(atHead).toEqual({ kind: 'listed', paths: [] });
    });

    it('the matcher decides', async () => {
      expect(await listModelsAtCommit(repo, base, (modelPath) => modelPath.endsWith('.mlpackage'))).toEqual({
        kind: 'listed',
        paths: ['models/DTLN_AEC_128_Part1.mlpackage', 'models/Flip.mlpackage', 'models/Model.mlpackage'],
      });
    });

    it('fetches the commit in a shallow checkout, and says what to do when it cannot', async () => {
      const clone = path.join(tempFolder('git-base-clone'), 'clone');
      git(repo, 'clone', '-q', '--depth=1', `file://${repo}`, clone);
      expect(await listModelsAtCommit(clone, base, (modelPath) => modelPath.includes('identity'))).toEqual({ kind: 'listed', paths: ['models/identity.mlmodel'] });
      git(clone, 'remote', 'remove', 'origin');
      const bogus = 'fedcba9876543210fedcba9876543210fedcba98';
      expect(await listModelsAtCommit(clone, bogus, () => true)).toMatchObject({ kind: 'problem', fix: expect.stringContaining('`fetch-depth: 0`') });
    });
  });
});
