import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ModelError } from '../../src/model/model-error.js';
import { readModel } from '../../src/model/read/index.js';
import { sharedModel } from '../support/shared-models.js';
import { tempFolder } from '../support/temp.js';

// A .mlpackage: the manifest is followed to the root model, the other items are its weights.

const RESAVE = 'Save the model again with coremltools (`model.save("Name.mlpackage")`) and commit the whole folder.';
const LFS_POINTER = 'version https://git-lfs.github.com/spec/v1\noid sha256:0000000000000000000000000000000000000000000000000000000000000000\nsize 2030540\n';

/** A copy of the real DTLN package, to change. */
function dtlnCopy(): string {
  const dir = path.join(tempFolder('mlpackage'), 'Model.mlpackage');
  cpSync(sharedModel('dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage'), dir, { recursive: true });
  return dir;
}

type Manifest = { rootModelIdentifier: string; itemInfoEntries: Record<string, { path: string }> };
function editManifest(dir: string, edit: (manifest: Manifest) => void): string {
  const file = path.join(dir, 'Manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  edit(manifest);
  writeFileSync(file, JSON.stringify(manifest));
  return file;
}

async function outcome(model: string): Promise<ModelError> {
  const error = await readModel(model).catch((e: unknown) => e);
  if (!(error instanceof ModelError)) throw new Error(`expected a ModelError, got ${String(error)}`);
  return error;
}

describe('reading a .mlpackage', () => {
  it('follows a manifest that keeps the model somewhere else', async () => {
    const dir = dtlnCopy();
    mkdirSync(path.join(dir, 'Data', 'elsewhere'));
    renameSync(path.join(dir, 'Data', 'com.apple.CoreML', 'model.mlmodel'), path.join(dir, 'Data', 'elsewhere', 'model.mlmodel'));
    renameSync(path.join(dir, 'Data', 'com.apple.CoreML', 'weights'), path.join(dir, 'Data', 'elsewhere', 'weights'));
    editManifest(dir, (manifest) => {
      for (const entry of Object.values(manifest.itemInfoEntries)) entry.path = entry.path.replace('com.apple.CoreML/', 'elsewhere/');
    });
    const facts = await readModel(dir);
    expect(facts.modelFile).toBe('Data/elsewhere/model.mlmodel');
    expect(facts.weightFiles).toEqual([{ path: 'Data/elsewhere/weights/weight.bin', bytes: 1_980_996 }]);
    expect(facts.program?.functions[0]?.operationCounts.while_loop).toBe(2);
    expect(facts.notes).toEqual([]);
  });

  it('a folder named .mlpackage without a manifest', async () => {
    const dir = dtlnCopy();
    rmSync(path.join(dir, 'Manifest.json'));
    const error = await outcome(dir);
    expect(error).toMatchObject({ code: 'manifest', file: dir });
    expect(error.message).toBe(`${dir}: has no Manifest.json: it is not a complete .mlpackage. ${RESAVE}`);
  });

  it('a manifest that is not JSON, or names no model', async () => {
    const dir = dtlnCopy();
    const manifest = path.join(dir, 'Manifest.json');
    writeFileSync(manifest, '{ "rootModelIdentifier": ');
    expect((await outcome(dir)).message).toMatch(new RegExp(`^${manifest}: is not valid JSON \\(.+\\)\\. `, 'u'));
    writeFileSync(manifest, '{}');
    expect((await outcome(dir)).message).toBe(`${manifest}: lacks rootModelIdentifier or itemInfoEntries, so it names no model. ${RESAVE}`);
    writeFileSync(manifest, JSON.stringify({ rootModelIdentifier: 'nobody', itemInfoEntries: {} }));
    expect((await outcome(dir)).message).toBe(`${manifest}: names the root model "nobody", which its itemInfoEntries do not list. ${RESAVE}`);
  });

  it('a manifest that names a missing model or missing weights', async () => {
    const dir = dtlnCopy();
    const manifest = path.join(dir, 'Manifest.json');
    rmSync(path.join(dir, 'Data', 'com.apple.CoreML', 'model.mlmodel'));
    const error = await outcome(dir);
    expect(error).toMatchObject({ code: 'manifest', file: manifest });
    expect(error.message).toBe(`${manifest}: names the root model Data/com.apple.CoreML/model.mlmodel, which is not in the package. ${RESAVE}`);

    const other = dtlnCopy();
    rmSync(path.join(other, 'Data', 'com.apple.CoreML', 'weights'), { recursive: true });
    expect((await outcome(other)).message).toBe(`${path.join(other, 'Manifest.json')}: names Data/com.apple.CoreML/weights, which is not in the package. ${RESAVE}`);
  });

  it('an item path that leaves the package is refused', async () => {
    const dir = dtlnCopy();
    const manifest = editManifest(dir, (m) => {
      m.itemInfoEntries[m.rootModelIdentifier]!.path = '../../../etc/passwd';
    });
    expect((await outcome(dir)).message).toBe(`${manifest}: names the item path "../../../etc/passwd", which lies outside the package's Data folder. ${RESAVE}`);
  });

  it('Git LFS pointers in place of the manifest, the model or the weights', async () => {
    const fix = 'Fetch the Git LFS objects: `lfs: true` on actions/checkout (or `git lfs pull`).';
    for (const relative of ['Manifest.json', 'Data/com.apple.CoreML/model.mlmodel', 'Data/com.apple.CoreML/weights/weight.bin']) {
      const dir = dtlnCopy();
      writeFileSync(path.join(dir, relative), LFS_POINTER);
      const error = await outcome(dir);
      expect(error.code, relative).toBe('lfs-pointer');
      expect(error.file).toBe(path.join(dir, relative));
      expect(error.message.endsWith(fix)).toBe(true);
    }
  });

  it('a file system failure is a ModelError too, in one line, without a stack trace', async () => {
    const dir = dtlnCopy();
    symlinkSync(path.join(dir, 'nowhere.bin'), path.join(dir, 'Data', 'com.apple.CoreML', 'weights', 'dangling.bin'));
    const error = await outcome(dir);
    expect(error).toMatchObject({ code: 'unreadable', file: dir });
    expect(error.message).toMatch(new RegExp(`^${dir}: could not be read: ENOENT: no such file or directory, stat '.+dangling\\.bin'\\. Check that the file is readable by the job \\(permissions, a complete checkout\\)\\.$`, 'u'));
  });
});
