import { describe, expect, it } from 'vitest';

import { modelPaths } from '../../../src/model/base/models-at-commit.js';

// Which paths of a tree are models (listModelsAtCommit on a real repository: git-base.test.ts).

describe('modelPaths', () => {
  it("the models a tree's files belong to, each once, in order", () => {
    expect(
      modelPaths([
        'README.md',
        'models/a.mlmodel',
        'models/B.mlpackage/Manifest.json',
        'models/B.mlpackage/Data/com.apple.CoreML/model.mlmodel',
        'models/B.mlpackage/Data/com.apple.CoreML/weights/weight.bin',
        'c.mlmodelc/model.mil',
        'c.mlmodelc/weights/weight.bin',
        'docs/model.mlmodel.md',
        'odd/D.MLMODEL',
        '',
      ]),
    ).toEqual(['models/a.mlmodel', 'models/B.mlpackage', 'c.mlmodelc', 'odd/D.MLMODEL']);
  });
});
