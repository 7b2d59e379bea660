// The models that `npm run demo` checks (test/fixtures/demo-models, made by test/coremltools/demo_models.py):
// still what that script says they are.
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { readModel } from '../../src/model/read/index.js';
import { checkModel } from '../../src/model/rules/index.js';
import { ROOT } from '../support/paths.js';

const folder = path.join(ROOT, 'test', 'fixtures', 'demo-models');

describe('the demo models', () => {
  it('are a base with a fixed-shape input and no blocker, and a head that gained a range shape and a float32 island', async () => {
    const base = await readModel(path.join(folder, 'base', 'Classifier.mlpackage'));
    const head = await readModel(path.join(folder, 'head', 'Classifier.mlpackage'));
    expect(base.inputs[0]).toMatchObject({ name: 'x', shape: [1, 8, 32], flexibility: null });
    expect(head.inputs[0]).toMatchObject({ name: 'x', flexibility: { kind: 'range', ranges: [{ lower: 1, upper: 1 }, { lower: 1, upper: 512 }, { lower: 32, upper: 32 }] } });
    expect(checkModel(base).filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(checkModel(head).filter((finding) => finding.severity === 'error').map((finding) => [finding.rule, finding.subject.name])).toEqual([
      ['range-shape-input', 'x'],
      ['float32-island', 'cast_2'],
      ['float32-island', 'relu'],
    ]);
  });
});
