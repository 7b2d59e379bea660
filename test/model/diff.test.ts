import { describe, expect, it } from 'vitest';

import { diffModels, findingKey, sameMinimumOs } from '../../src/model/diff.js';
import { minimumOs } from '../../src/model/read/minimum-os.js';
import { feature, finding, functionOf, side, summaryOf } from '../support/model-summaries.js';

// The diff on summaries made by hand, one difference at a time; test/model/diff-models.test.ts diffs real files.

describe('status', () => {
  it('a model against itself is unchanged, with nothing listed', () => {
    const model = side(summaryOf(), [finding('rnn')]);
    expect(diffModels(model, model)).toEqual({
      status: 'unchanged',
      kind: { before: 'mlProgram', after: 'mlProgram' },
      format: { before: 'mlpackage', after: 'mlpackage' },
      specificationVersion: { before: 9, after: 9 },
      minimumOs: { before: minimumOs(9), after: minimumOs(9) },
      weightBytes: { before: 1000, after: 1000 },
      operations: [],
      layers: [],
      inputs: { added: [], removed: [], renamed: [], changed: [] },
      outputs: { added: [], removed: [], renamed: [], changed: [] },
      states: { added: [], removed: [], renamed: [], changed: [] },
      findings: { new: [], gone: [] },
    });
  });

  it('what the diff does not read leaves it unchanged: the path, notes, updatability, the whole-model precision', () => {
    const other = summaryOf({ path: 'elsewhere.mlpackage', notes: ['a note'], isUpdatable: true, precision: { fp32: 9 } });
    expect(diffModels(side(summaryOf()), side(other)).status).toBe('unchanged');
  });

  it('a model new in the pull request is added, and everything in it is new', () => {
    const head = side(summaryOf({ layers: { convolution: 2 }, states: [feature('cache', { kind: 'state' })] }), [finding('rnn')]);
    const diff = diffModels(null, head);
    expect(diff.status).toBe('added');
    expect(diff.kind).toEqual({ before: null, after: 'mlProgram' });
    expect(diff.format).toEqual({ before: null, after: 'mlpackage' });
    expect(diff.specificationVersion).toEqual({ before: null, after: 9 });
    expect(diff.minimumOs).toEqual({ before: null, after: minimumOs(9) });
    expect(diff.weightBytes).toEqual({ before: null, after: 1000 });
    expect(diff.operations).toEqual([
      {
        model: null,
        function: 'main',
        opset: { before: null, after: 'CoreML8' },
        added: [
          { name: 'const', before: 0, after: 4 },
          { name: 'linear', before: 0, after: 2 },
          { name: 'relu', before: 0, after: 1 },
        ],
        removed: [],
        precision: [{ name: 'fp16', before: 0, after: 3 }],
      },
    ]);
    expect(diff.layers).toEqual([{ model: null, added: [{ name: 'convolution', before: 0, after: 2 }], removed: [] }]);
    expect(diff.inputs).toEqual({ added: [feature('x')], removed: [], renamed: [], changed: [] });
    expect(diff.outputs).toEqual({ added: [feature('y')], removed: [], renamed: [], changed: [] });
    expect(diff.states).toEqual({ added: [feature('cache', { kind: 'state' })], removed: [], renamed: [], changed: [] });
    expect(diff.findings).toEqual({ new: head.findings, gone: [] });
  });

  it('a model the pull request deletes says so, and everything in it is gone', () => {
    const base = side(summaryOf(), [finding('rnn')]);
    const diff = diffModels(base, null);
    expect(diff.status).toBe('deleted');
    expect(diff.specificationVersion).toEqual({ before: 9, after: null });
    expect(diff.weightBytes).toEqual({ before: 1000, after: null });
    expect(diff.operations[0]).toMatchObject({ opset: { before: 'CoreML8', after: null }, added: [], removed: [{ name: 'const', before: 4, after: 0 }, {}, {}] });
    expect(diff.inputs).toEqual({ added: [], removed: [feature('x')], renamed: [], changed: [] });
    expect(diff.outputs).toEqual({ added: [], removed: [feature('y')], renamed: [], changed: [] });
    expect(diff.states).toEqual({ added: [], removed: [], renamed: [], changed: [] });
    expect(diff.findings).toEqual({ new: [], gone: base.findings });
  });

  it('neither side: nothing to compare, unchanged', () => {
    expect(diffModels(null, null)).toMatchObject({ status: 'unchanged', kind: { before: null, after: null }, operations: [], findings: { new: [], gone: [] } });
  });

  it.each([
    ['the kind', summaryOf({ kind: 'neuralNetwork' })],
    ['the format', summaryOf({ format: 'mlmodelc' })],
    ['the specification version', summaryOf({ specificationVersion: 10 })],
    ['the specification version alone', summaryOf({ specificationVersion: 10, minimumOs: minimumOs(9) })],
    ['the minimum OS alone', summaryOf({ minimumOs: { ...minimumOs(9)!, iOS: '18.1' } })],
    ['the weight size', summaryOf({ weightBytes: 1001 })],
    ['an op count', summaryOf({ functions: [functionOf('main', { const: 4, linear: 2, relu: 2 })] })],
    ['a layer count', summaryOf({ layers: { convolution: 1 } })],
    ['an input', summaryOf({ inputs: [feature('x'), feature('z')] })],
    ['an output', summaryOf({ outputs: [] })],
    ['an input renamed', summaryOf({ inputs: [feature('features')] })],
    ['an input changed', summaryOf({ inputs: [feature('x', { dataType: 'fp16' })] })],
    ['a state', summaryOf({ states: [feature('cache', { kind: 'state' })] })],
  ])('%s changed: changed', (_, head) => {
    expect(diffModels(side(summaryOf()), side(head)).status).toBe('changed');
  });

  it.each([
    ['a new finding', [], [finding('rnn')]],
    ['a finding gone', [finding('rnn')], []],
  ])('%s alone: changed', (_, before, after) => {
    expect(diffModels(side(summaryOf(), before), side(summaryOf(), after)).status).toBe('changed');
  });
});

describe('specification version, minimum OS and weights', () => {
  it('are given before and after', () => {
    const diff = diffModels(side(summaryOf()), side(summaryOf({ specificationVersion: 10, weightBytes: 4000 })));
    expect(diff.specificationVersion).toEqual({ before: 9, after: 10 });
    expect(diff.minimumOs).toEqual({ before: minimumOs(9), after: minimumOs(10) });
    expect(diff.weightBytes).toEqual({ before: 1000, after: 4000 });
  });

  it('an unknown version stays null', () => {
    const diff = diffModels(side(summaryOf({ specificationVersion: null })), side(summaryOf({ specificationVersion: null })));
    expect(diff.specificationVersion).toEqual({ before: null, after: null });
    expect(diff.status).toBe('unchanged');
  });

  it('minimum OS tables compare field by field', () => {
    const os = minimumOs(10)!;
    expect(sameMinimumOs(os, { ...os })).toBe(true);
    expect(sameMinimumOs(null, null)).toBe(true);
    expect(sameMinimumOs(os, null)).toBe(false);
    expect(sameMinimumOs(null, os)).toBe(false);
    for (const field of ['iOS', 'macOS', 'tvOS', 'watchOS', 'visionOS'] as const) expect(sameMinimumOs(os, { ...os, [field]: '99' })).toBe(false);
    expect(sameMinimumOs(minimumOs(9), minimumOs(9))).toBe(true);
  });
});

describe('op types per function', () => {
  const base = summaryOf({ functions: [functionOf('main', { const: 4, lstm: 2, relu: 1 })] });

  it('a type whose count rose is added, one whose count fell removed, with the counts before and after', () => {
    const head = summaryOf({ functions: [functionOf('main', { const: 7, cast: 1, lstm: 1, relu: 1 })] });
    expect(diffModels(side(base), side(head)).operations).toEqual([
      {
        model: null,
        function: 'main',
        opset: { before: 'CoreML8', after: 'CoreML8' },
        added: [
          { name: 'cast', before: 0, after: 1 },
          { name: 'const', before: 4, after: 7 },
        ],
        removed: [{ name: 'lstm', before: 2, after: 1 }],
        precision: [],
      },
    ]);
  });

  it('a type gone entirely is removed down to 0', () => {
    const head = summaryOf({ functions: [functionOf('main', { const: 4, relu: 1 })] });
    expect(diffModels(side(base), side(head)).operations[0]?.removed).toEqual([{ name: 'lstm', before: 2, after: 0 }]);
  });

  it('an unchanged function is left out; functions are matched by name, the head order first, then those only the base has', () => {
    const before = summaryOf({ functions: [functionOf('gone', { relu: 1 }), functionOf('same', { relu: 1 }), functionOf('grew', { relu: 1 })] });
    const after = summaryOf({ functions: [functionOf('fresh', { tanh: 1 }), functionOf('grew', { relu: 2 }), functionOf('same', { relu: 1 })] });
    const operations = diffModels(side(before), side(after)).operations;
    expect(operations.map((changes) => [changes.function, changes.opset])).toEqual([
      ['fresh', { before: null, after: 'CoreML8' }],
      ['grew', { before: 'CoreML8', after: 'CoreML8' }],
      ['gone', { before: 'CoreML8', after: null }],
    ]);
    expect(operations[0]?.precision).toEqual([{ name: 'fp16', before: 0, after: 3 }]);
    expect(operations[2]).toMatchObject({ added: [], removed: [{ name: 'relu', before: 1, after: 0 }], precision: [{ name: 'fp16', before: 3, after: 0 }] });
  });

  it('an opset change alone is listed', () => {
    const head = summaryOf({ functions: [functionOf('main', { const: 4, lstm: 2, relu: 1 }, { opset: 'CoreML9' })] });
    expect(diffModels(side(base), side(head)).operations).toEqual([
      { model: null, function: 'main', opset: { before: 'CoreML8', after: 'CoreML9' }, added: [], removed: [], precision: [] },
    ]);
  });

  it('a precision change alone is listed: which data types more or fewer ops produce', () => {
    const head = summaryOf({ functions: [functionOf('main', { const: 4, lstm: 2, relu: 1 }, { precision: { fp16: 1, fp32: 2 } })] });
    expect(diffModels(side(base), side(head)).operations).toEqual([
      {
        model: null,
        function: 'main',
        opset: { before: 'CoreML8', after: 'CoreML8' },
        added: [],
        removed: [],
        precision: [
          { name: 'fp16', before: 3, after: 1 },
          { name: 'fp32', before: 0, after: 2 },
        ],
      },
    ]);
  });

  it("a pipeline's steps are compared step by step, named as the rules name them: position from 0, name, nested by path", () => {
    const step = (operations: Record<string, number>) => summaryOf({ functions: [functionOf('main', operations)] });
    const pipeline = (first: Record<string, number>, second: Record<string, number>, inner: Record<string, number>) =>
      summaryOf({
        kind: 'pipeline',
        functions: [],
        pipeline: [
          { name: 'encoder', model: step(first) },
          { name: null, model: { ...step(second), pipeline: [{ name: 'inner', model: step(inner) }] } },
        ],
      });
    const diff = diffModels(side(pipeline({ relu: 1 }, { relu: 1 }, { relu: 1 })), side(pipeline({ relu: 2 }, { relu: 3 }, { relu: 4 })));
    expect(diff.operations.map((changes) => [changes.model, changes.function, changes.added[0]?.after])).toEqual([
      ['pipeline[0] "encoder"', 'main', 2],
      ['pipeline[1]', 'main', 3],
      ['pipeline[1] > pipeline[0] "inner"', 'main', 4],
    ]);
  });
});

describe('layer kinds', () => {
  it('rose and fell, with counts', () => {
    const base = summaryOf({ kind: 'neuralNetwork', functions: [], layers: { convolution: 2, pooling: 1 } });
    const head = summaryOf({ kind: 'neuralNetwork', functions: [], layers: { convolution: 3, uniDirectionalLSTM: 1 } });
    expect(diffModels(side(base), side(head)).layers).toEqual([
      {
        model: null,
        added: [
          { name: 'convolution', before: 2, after: 3 },
          { name: 'uniDirectionalLSTM', before: 0, after: 1 },
        ],
        removed: [{ name: 'pooling', before: 1, after: 0 }],
      },
    ]);
  });

  it("per pipeline step, the head's steps first, then a step only the base has", () => {
    const network = (layers: Record<string, number>) => summaryOf({ kind: 'neuralNetwork', functions: [], layers });
    const base = summaryOf({ kind: 'pipeline', functions: [], pipeline: [{ name: 'a', model: network({ relu: 1 }) }, { name: 'old', model: network({ tanh: 1 }) }] });
    const head = summaryOf({ kind: 'pipeline', functions: [], pipeline: [{ name: 'a', model: network({ relu: 1, tanh: 1 }) }, { name: 'b', model: network({}) }] });
    expect(diffModels(side(base), side(head)).layers).toEqual([
      { model: 'pipeline[0] "a"', added: [{ name: 'tanh', before: 0, after: 1 }], removed: [] },
      { model: 'pipeline[1] "old"', added: [], removed: [{ name: 'tanh', before: 1, after: 0 }] },
    ]);
  });
});

describe('inputs, outputs and states', () => {
  const diffInputs = (before: ReturnType<typeof feature>[], after: ReturnType<typeof feature>[]) =>
    diffModels(side(summaryOf({ inputs: before })), side(summaryOf({ inputs: after }))).inputs;

  it('added and removed by name', () => {
    const z = feature('z', { dataType: 'int32' });
    expect(diffInputs([feature('x'), feature('w', { shape: [3] })], [feature('x'), z])).toEqual({
      added: [z],
      removed: [feature('w', { shape: [3] })],
      renamed: [],
      changed: [],
    });
  });

  it('a feature gone and a new one alike in all but the name are a rename', () => {
    expect(diffInputs([feature('x')], [feature('features')])).toEqual({
      added: [],
      removed: [],
      renamed: [{ from: 'x', to: 'features', feature: feature('features') }],
      changed: [],
    });
  });

  it('renames pair in order, each new feature once; what is left is added or removed', () => {
    const before = [feature('a'), feature('b'), feature('c', { shape: [2] })];
    const after = [feature('p'), feature('q', { shape: [2] }), feature('r', { dataType: 'fp16' })];
    expect(diffInputs(before, after)).toEqual({
      added: [feature('r', { dataType: 'fp16' })],
      removed: [feature('b')],
      renamed: [
        { from: 'a', to: 'p', feature: feature('p') },
        { from: 'c', to: 'q', feature: feature('q', { shape: [2] }) },
      ],
      changed: [],
    });
  });

  it.each([
    ['kind', { kind: 'image' as const }],
    ['dataType', { dataType: 'fp16' as const }],
    ['dataType', { dataType: null }],
    ['shape', { shape: [1, 8, 65] }],
    ['shape', { shape: [1, 8] }],
    ['shape', { shape: [1, 8, 64, 1] }],
    ['flexibility', { flexibility: { kind: 'range' as const, ranges: [{ lower: 1, upper: 1 }] } }],
    ['optional', { optional: true }],
    ['colorSpace', { image: { width: 64, height: 8, colorSpace: 'rgb' as const } }],
  ])('a change of %s is named', (aspect, overrides) => {
    const changes = diffInputs([feature('x')], [feature('x', overrides)]);
    expect(changes).toEqual({ added: [], removed: [], renamed: [], changed: [{ name: 'x', before: feature('x'), after: feature('x', overrides), aspects: [aspect] }] });
  });

  it('several aspects are named in order', () => {
    const after = feature('x', { optional: true, kind: 'image', dataType: null, shape: [8, 64], image: { width: 64, height: 8, colorSpace: 'bgr' } });
    expect(diffInputs([feature('x')], [after]).changed[0]?.aspects).toEqual(['kind', 'dataType', 'shape', 'optional', 'colorSpace']);
  });

  describe('flexibility', () => {
    const range = (...ranges: [number, number | null][]) => ({ kind: 'range' as const, ranges: ranges.map(([lower, upper]) => ({ lower, upper })) });
    const enumerated = (...shapes: number[][]) => ({ kind: 'enumerated' as const, shapes });
    const changed = (before: Parameters<typeof feature>[1], after: Parameters<typeof feature>[1]) => diffInputs([feature('x', before)], [feature('x', after)]).changed.length > 0;

    it('the same range or enumerated shapes are no change', () => {
      expect(changed({ flexibility: range([1, 1], [1, 512]) }, { flexibility: range([1, 1], [1, 512]) })).toBe(false);
      expect(changed({ flexibility: range([1, null]) }, { flexibility: range([1, null]) })).toBe(false);
      expect(changed({ flexibility: enumerated([1, 8], [1, 16]) }, { flexibility: enumerated([1, 8], [1, 16]) })).toBe(false);
    });

    it.each([
      ['a lower bound', range([1, 512]), range([2, 512])],
      ['an upper bound', range([1, 512]), range([1, 1024])],
      ['an upper bound lifted', range([1, 512]), range([1, null])],
      ['the second dimension', range([1, 1], [1, 512]), range([1, 1], [1, 256])],
      ['a dimension more', range([1, 512]), range([1, 512], [1, 1])],
      ['a dimension less', range([1, 512], [1, 1]), range([1, 512])],
      ['an enumerated shape more', enumerated([1, 8]), enumerated([1, 8], [1, 16])],
      ['an enumerated shape less', enumerated([1, 8], [1, 16]), enumerated([1, 8])],
      ['an enumerated shape changed', enumerated([1, 8], [1, 16]), enumerated([1, 8], [1, 32])],
      ['range to enumerated', range([1, 8]), enumerated([1, 8])],
      ['enumerated to range', enumerated([1, 8]), range([1, 8])],
      ['range to fixed', range([1, 8]), null],
    ])('%s is a change', (_, before, after) => {
      expect(changed({ flexibility: before }, { flexibility: after })).toBe(true);
    });
  });

  it('outputs and states are compared the same way', () => {
    const base = summaryOf({ outputs: [feature('y')], states: [feature('cache', { kind: 'state', dataType: 'fp16' })] });
    const head = summaryOf({ outputs: [feature('y', { shape: [] })], states: [] });
    const diff = diffModels(side(base), side(head));
    expect(diff.outputs.changed).toEqual([{ name: 'y', before: feature('y'), after: feature('y', { shape: [] }), aspects: ['shape'] }]);
    expect(diff.states.removed).toEqual([feature('cache', { kind: 'state', dataType: 'fp16' })]);
    expect(diff.inputs).toEqual({ added: [], removed: [], renamed: [], changed: [] });
  });
});

describe('findings', () => {
  const diffFindings = (before: ReturnType<typeof finding>[], after: ReturnType<typeof finding>[]) => diffModels(side(summaryOf(), before), side(summaryOf(), after)).findings;

  it('an op renamed keeps its findings: ops match by rule, type, function and pipeline step, not by name', () => {
    expect(diffFindings([finding('rnn', { name: 'lstm_12' })], [finding('rnn', { name: 'lstm_13' })])).toEqual({ new: [], gone: [] });
  });

  it.each([
    ['rule', { rule: 'other' }],
    ['subject kind', { subject: { kind: 'layer' as const } }],
    ['subject type', { subject: { type: 'gru' } }],
    ['function', { subject: { function: 'decode' } }],
    ['pipeline step', { subject: { model: 'encoder' } }],
    ['type given on one side only', { subject: { type: undefined } }],
  ])('a different %s is a finding new and one gone', (_, change) => {
    const old = finding('rnn');
    const now = { ...old, ...('rule' in change ? { rule: change.rule } : {}), subject: { ...old.subject, ...('subject' in change ? change.subject : {}) } };
    expect(diffFindings([old], [now])).toEqual({ new: [now], gone: [old] });
  });

  it.each(['input', 'output', 'state', 'model'] as const)('a finding on a %s is matched by its name too', (kind) => {
    const old = finding('range-flexibility', { kind, name: 'x', type: undefined, function: undefined });
    const same = finding('range-flexibility', { kind, name: 'x', type: undefined, function: undefined });
    const other = finding('range-flexibility', { kind, name: 'features', type: undefined, function: undefined });
    expect(diffFindings([old], [same])).toEqual({ new: [], gone: [] });
    expect(diffFindings([old], [other])).toEqual({ new: [other], gone: [old] });
  });

  it('the severity is not part of the match (a rule may change it)', () => {
    expect(diffFindings([finding('rnn', {}, 'warning')], [finding('rnn', {}, 'error')])).toEqual({ new: [], gone: [] });
  });

  it('findings are multisets: 3 against 2 is 1 new, 1 against 3 is 2 gone', () => {
    const lstm = (name: string) => finding('rnn', { name });
    expect(diffFindings([lstm('a'), lstm('b')], [lstm('c'), lstm('d'), lstm('e')])).toEqual({ new: [lstm('e')], gone: [] });
    expect(diffFindings([lstm('a'), lstm('b'), lstm('c')], [lstm('z')])).toEqual({ new: [], gone: [lstm('b'), lstm('c')] });
  });

  it('within a key, the same names pair first: the op called new is the one the base did not have', () => {
    const lstm = (name: string) => finding('rnn', { name });
    expect(diffFindings([lstm('a'), lstm('b')], [lstm('new'), lstm('a'), lstm('b')])).toEqual({ new: [lstm('new')], gone: [] });
    expect(diffFindings([lstm('a'), lstm('gone'), lstm('b')], [lstm('b'), lstm('a')])).toEqual({ new: [], gone: [lstm('gone')] });
  });

  it('a grouped finding counts for each subject it stands for', () => {
    const group = (count: number, name = 'norm_0') => ({ ...finding('enumerated-layer-norm', { type: 'layer_norm', name }), count });
    expect(diffFindings([group(47)], [group(48)])).toEqual({ new: [group(1)], gone: [] });
    expect(diffFindings([group(48)], [group(45)])).toEqual({ new: [], gone: [group(3)] });
    expect(diffFindings([group(48)], [group(48, 'norm_7')])).toEqual({ new: [], gone: [] });
    // Three named findings at the base, grouped at the head once there are four: one new, the group's count 1.
    const named = ['a', 'b', 'c'].map((name) => finding('enumerated-layer-norm', { type: 'layer_norm', name }));
    expect(diffFindings(named, [group(4, 'a')])).toEqual({ new: [group(1, 'a')], gone: [] });
    expect(diffFindings([group(4, 'a')], named.slice(1))).toEqual({ new: [], gone: [group(2, 'a')] });
    // Whole findings come back as they are: a group wholly new keeps its count, a single one gets none.
    expect(diffFindings([], [group(5), finding('rnn')])).toEqual({ new: [group(5), finding('rnn')], gone: [] });
  });

  it('new findings come in the head order, gone ones in the base order', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((rule) => finding(rule));
    expect(diffFindings([d!, c!], [b!, a!])).toEqual({ new: [b, a], gone: [d, c] });
  });

  it('the key leaves op and layer names out, and keeps the others', () => {
    const op = finding('rnn', { name: 'lstm_1' });
    expect(findingKey(op)).toBe(findingKey(finding('rnn', { name: 'lstm_2' })));
    expect(findingKey(finding('rnn', { kind: 'layer', name: 'a' }))).toBe(findingKey(finding('rnn', { kind: 'layer', name: 'b' })));
    expect(findingKey(finding('r', { kind: 'input', name: 'a' }))).not.toBe(findingKey(finding('r', { kind: 'input', name: 'b' })));
    // Fields are kept apart: a type `a` in function `b` is not a type `ab`.
    expect(findingKey(finding('r', { type: 'a', function: 'b' }))).not.toBe(findingKey(finding('r', { type: 'ab', function: '' })));
    expect(findingKey(finding('r', { model: undefined }))).not.toBe(findingKey(finding('r', { model: '' })));
  });
});
