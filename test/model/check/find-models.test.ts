import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { findModels, modelMatcher } from '../../../src/model/check/find-models.js';
import { tempFolder } from '../../support/temp.js';

const dir = tempFolder('find-models');
for (const folder of ['Models/Vision/Net.mlpackage/Data/com.apple.CoreML', 'Models/Audio.mlmodelc', 'Models/.hidden']) mkdirSync(path.join(dir, folder), { recursive: true });
for (const file of ['Models/Vision/Net.mlpackage/Data/com.apple.CoreML/model.mlmodel', 'Models/Tiny.mlmodel', 'Models/.hidden/Dot.mlmodel', 'Models/notes.txt']) writeFileSync(path.join(dir, file), '');

describe('findModels', () => {
  it('matches model files and folders, but not a file inside a package', async () => {
    expect(await findModels(['Models/**/*.mlmodel'], dir)).toEqual({ paths: ['Models/.hidden/Dot.mlmodel', 'Models/Tiny.mlmodel'], unmatched: [] });
    expect(await findModels(['Models/**/*.ml*'], dir)).toEqual({
      paths: ['Models/.hidden/Dot.mlmodel', 'Models/Audio.mlmodelc', 'Models/Tiny.mlmodel', 'Models/Vision/Net.mlpackage'],
      unmatched: [],
    });
  });

  it('keeps a path as given even when it is not there, once, in the order of the lines, and names globs that matched nothing', async () => {
    expect(await findModels(['Models/Missing.mlmodel', './Models/Tiny.mlmodel', 'Models/*.mlmodel', 'Other/**/*.mlpackage'], dir)).toEqual({
      paths: ['Models/Missing.mlmodel', 'Models/Tiny.mlmodel'],
      unmatched: ['Other/**/*.mlpackage'],
    });
  });
});

describe('modelMatcher', () => {
  it('matches the base commit\'s model paths as the globs and paths would', () => {
    const matches = modelMatcher(['Models/**/*.mlpackage', './Extra/Old.mlmodel']);
    expect(matches('Models/Gone.mlpackage')).toBe(true);
    expect(matches('Models/a/.b/Gone.mlpackage')).toBe(true);
    expect(matches('Extra/Old.mlmodel')).toBe(true);
    expect(matches('Extra/Other.mlmodel')).toBe(false);
    expect(matches('Models/Gone.mlmodelc')).toBe(false);
    // A package's own model is not a model of its own.
    expect(modelMatcher(['**/*.mlmodel'])('Models/Net.mlpackage/Data/com.apple.CoreML/model.mlmodel')).toBe(false);
  });
});
