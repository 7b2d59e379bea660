import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ModelError } from '../../src/model/model-error.js';
import { detectFormat } from '../../src/model/read/detect.js';
import { readModel } from '../../src/model/read/index.js';
import { sharedModel } from '../support/shared-models.js';
import { tempFolder } from '../support/temp.js';

describe('which form a path holds', () => {
  it('by the folder name, then by what the folder holds; a file is read as a .mlmodel whatever its name', () => {
    expect(detectFormat(sharedModel('dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage'))).toBe('mlpackage');
    expect(detectFormat(`${sharedModel('ct-add-model-mlmodelc/add_model.mlmodelc')}/`)).toBe('mlmodelc');
    expect(detectFormat(sharedModel('coremlit-identity/identity.mlmodel'))).toBe('mlmodel');
    const dir = tempFolder('detect');
    mkdirSync(path.join(dir, 'package'));
    writeFileSync(path.join(dir, 'package', 'Manifest.json'), '{}');
    expect(detectFormat(path.join(dir, 'package'))).toBe('mlpackage');
    mkdirSync(path.join(dir, 'compiled'));
    writeFileSync(path.join(dir, 'compiled', 'model.mil'), '');
    expect(detectFormat(path.join(dir, 'compiled'))).toBe('mlmodelc');
    writeFileSync(path.join(dir, 'model.bin'), '');
    expect(detectFormat(path.join(dir, 'model.bin'))).toBe('mlmodel');
  });

  it('a missing path, and a folder that is no model, name the path and what to do', async () => {
    const missing = path.join(tempFolder('detect'), 'Nope.mlpackage');
    const error = await readModel(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({
      code: 'missing',
      file: missing,
      message: `${missing}: does not exist. Check the path: in a workflow it is relative to the repository root, after actions/checkout. A model kept in Git LFS also needs \`lfs: true\` on actions/checkout.`,
    });
    const folder = tempFolder('detect');
    expect(() => detectFormat(folder)).toThrow(
      new ModelError('not-core-ml', folder, 'is a folder, but neither a .mlpackage (no Manifest.json) nor a compiled .mlmodelc.', 'Point ane-check at a .mlmodel file, or an .mlpackage or .mlmodelc folder.'),
    );
  });
});
