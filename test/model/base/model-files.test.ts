import { describe, expect, it } from 'vitest';

import { fileRoles, folderForm, rootModel } from '../../../src/model/base/model-files.js';

// Which files of a model at the base are written whole and which are weights.

describe('file roles', () => {
  const manifest = JSON.stringify({
    fileFormatVersion: '1.0.0',
    itemInfoEntries: {
      A: { path: 'com.apple.CoreML/weights', name: 'weights' },
      B: { path: 'com.apple.CoreML/model.mlmodel', name: 'model.mlmodel' },
    },
    rootModelIdentifier: 'B',
  });

  it("a package: the manifest and the root model it names are whole, the rest is weights whose records count", () => {
    const files = ['Manifest.json', 'Data/com.apple.CoreML/model.mlmodel', 'Data/com.apple.CoreML/weights/weight.bin', 'Data/other/extra.bin'];
    expect(Object.fromEntries(fileRoles('package', files, manifest))).toEqual({
      'Manifest.json': 'whole',
      'Data/com.apple.CoreML/model.mlmodel': 'whole',
      'Data/com.apple.CoreML/weights/weight.bin': 'blob-records',
      'Data/other/extra.bin': 'blob-records',
    });
  });

  it('a package whose manifest names its model elsewhere, or names none', () => {
    const elsewhere = JSON.stringify({ itemInfoEntries: { m: { path: 'Custom/./net.mlmodel' } }, rootModelIdentifier: 'm' });
    expect(fileRoles('package', ['Data/Custom/net.mlmodel', 'Data/com.apple.CoreML/model.mlmodel'], elsewhere).get('Data/Custom/net.mlmodel')).toBe('whole');
    expect(fileRoles('package', ['Data/Custom/net.mlmodel', 'Data/com.apple.CoreML/model.mlmodel'], elsewhere).get('Data/com.apple.CoreML/model.mlmodel')).toBe('blob-records');
    for (const broken of [undefined, '{', '[]', 'null', '{"rootModelIdentifier":"x","itemInfoEntries":{}}', '{"rootModelIdentifier":"x","itemInfoEntries":{"x":{"path":3}}}']) {
      expect(rootModel(broken)).toBeUndefined();
      expect(Object.fromEntries(fileRoles('package', ['Manifest.json', 'Data/com.apple.CoreML/model.mlmodel'], broken))).toEqual({
        'Manifest.json': 'whole',
        'Data/com.apple.CoreML/model.mlmodel': 'blob-records',
      });
    }
  });

  it("a compiled model: weights/ keeps its records, *.weights only its size, the rest is whole", () => {
    const files = ['model.mil', 'coremldata.bin', 'metadata.json', 'weights/weight.bin', 'model.espresso.weights', 'extra.weights/part', 'analytics/coremldata.bin'];
    expect(Object.fromEntries(fileRoles('compiled', files))).toEqual({
      'model.mil': 'whole',
      'coremldata.bin': 'whole',
      'metadata.json': 'whole',
      'weights/weight.bin': 'blob-records',
      'model.espresso.weights': 'size-only',
      'extra.weights/part': 'size-only',
      'analytics/coremldata.bin': 'whole',
    });
  });

  it('a folder that is neither: nothing of it is read', () => {
    expect(Object.fromEntries(fileRoles('folder', ['a.bin', 'b/c']))).toEqual({ 'a.bin': 'size-only', 'b/c': 'size-only' });
  });

  it.each([
    ['m.mlpackage', [], 'package'],
    ['m.MLPACKAGE', ['model.mil'], 'package'],
    ['m.mlmodelc', ['Manifest.json'], 'compiled'],
    ['m', ['Manifest.json'], 'package'],
    ['m', ['coremldata.bin'], 'compiled'],
    ['m', ['model.mil'], 'compiled'],
    ['m', ['model.espresso.net'], 'compiled'],
    ['m', ['metadata.json'], 'compiled'],
    ['m', ['Data/Manifest.json', 'x'], 'folder'],
  ] as const)('the folder %s holding %j is a %s', (modelPath, files, form) => {
    expect(folderForm(modelPath, files)).toBe(form);
  });
});
