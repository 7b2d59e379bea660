import { describe, expect, it } from 'vitest';

import { diffModels } from '../../src/model/diff.js';
import { bytes, summarizeDiff } from '../../src/model/diff-summary.js';
import type { ModelSummary } from '../../src/model/summary.js';
import { feature, finding, functionOf, side, summaryOf } from '../support/model-summaries.js';

const sentences = (before: Partial<ModelSummary>, after: Partial<ModelSummary>) => summarizeDiff(diffModels(side(summaryOf(before)), side(summaryOf(after))));

describe('summarizeDiff', () => {
  it('an unchanged model', () => {
    expect(sentences({}, {})).toEqual(['Nothing the model check reads changed.']);
  });

  it('an added model is all new, with its findings', () => {
    expect(summarizeDiff(diffModels(null, side(summaryOf())))).toEqual(['The model is new in this pull request: everything in it is new.']);
    expect(summarizeDiff(diffModels(null, side(summaryOf(), [finding('rnn'), finding('rnn'), finding('custom-layer', {}, 'warning')])))).toEqual([
      'The model is new in this pull request: everything in it is new.',
      '3 new findings: `rnn` ×2 (error), `custom-layer` (warning).',
    ]);
  });

  it('a deleted model says so, and its findings are gone', () => {
    expect(summarizeDiff(diffModels(side(summaryOf()), null))).toEqual(['The pull request deletes the model.']);
    expect(summarizeDiff(diffModels(side(summaryOf(), [finding('rnn')]), null))).toEqual(['The pull request deletes the model.', '1 finding gone: `rnn` (error).']);
  });

  describe('the model', () => {
    it('kind and format', () => {
      expect(sentences({}, { kind: 'neuralNetwork', format: 'mlmodel' })).toEqual([
        "The model's kind changed from mlProgram to neuralNetwork.",
        "The model's format changed from mlpackage to mlmodel.",
      ]);
    });

    it('the specification version rose or fell, with the iOS release it needs', () => {
      expect(sentences({}, { specificationVersion: 10 })).toEqual(['The specification version rose from 9 to 10 (iOS 18 to iOS 26).']);
      expect(sentences({ specificationVersion: 8 }, { specificationVersion: 7 })).toEqual(['The specification version fell from 8 to 7 (iOS 17 to iOS 16).']);
    });

    it('a version unknown on one side, or past the table', () => {
      expect(sentences({ specificationVersion: null }, { specificationVersion: 9 })).toEqual(['The specification version changed from unknown to 9.']);
      expect(sentences({ specificationVersion: 9 }, { specificationVersion: null })).toEqual(['The specification version changed from 9 to unknown.']);
      expect(sentences({}, { specificationVersion: 11 })).toEqual(['The specification version rose from 9 to 11.']);
    });

    it('a minimum OS that changed without the version (a report from another table)', () => {
      const os = summaryOf().minimumOs!;
      expect(sentences({}, { minimumOs: { ...os, iOS: '18.2' } })).toEqual(['The minimum OS changed from iOS 18 to iOS 18.2.']);
      expect(sentences({}, { minimumOs: null })).toEqual(['The minimum OS changed from iOS 18 to unknown.']);
      expect(sentences({ minimumOs: null }, {})).toEqual(['The minimum OS changed from unknown to iOS 18.']);
      // Another OS of the table changed: the whole table says it.
      expect(sentences({}, { minimumOs: { ...os, macOS: '15.1' } })).toEqual(['The minimum OS changed from iOS 18, macOS 15, tvOS 18, watchOS 11 to iOS 18, macOS 15.1, tvOS 18, watchOS 11.']);
      const ten = summaryOf({ specificationVersion: 10 }).minimumOs!;
      expect(sentences({ specificationVersion: 10 }, { specificationVersion: 10, minimumOs: { ...ten, visionOS: '26.1' } })).toEqual([
        'The minimum OS changed from iOS 26, macOS 26, tvOS 26, watchOS 26, visionOS 26 to iOS 26, macOS 26, tvOS 26, watchOS 26, visionOS 26.1.',
      ]);
    });

    it('the weights grew or shrank', () => {
      expect(sentences({ weightBytes: 265_002 }, { weightBytes: 1_057_578 })).toEqual(['The weights grew from 265.0 kB to 1.1 MB.']);
      expect(sentences({ weightBytes: 2_000 }, { weightBytes: 999 })).toEqual(['The weights shrank from 2.0 kB to 999 bytes.']);
    });
  });

  describe('inputs, outputs and states', () => {
    const range = { kind: 'range' as const, ranges: [{ lower: 1, upper: 1 }, { lower: 1, upper: 512 }, { lower: 64, upper: null }] };

    it('a range shape gained, with the dimensions that vary', () => {
      expect(sentences({}, { inputs: [feature('x', { flexibility: range })] })).toEqual(['The input `x` gained a range shape (1...512 in dimension 1, 64...unbounded in dimension 2).']);
    });

    it('a range that varies nowhere, and enumerated shapes', () => {
      const fixed = { kind: 'range' as const, ranges: [{ lower: 2, upper: 2 }] };
      expect(sentences({}, { inputs: [feature('x', { flexibility: fixed })] })).toEqual(['The input `x` gained a range shape.']);
      const enumerated = { kind: 'enumerated' as const, shapes: [[1, 8], [1, 16]] };
      expect(sentences({}, { inputs: [feature('x', { flexibility: enumerated })] })).toEqual(['The input `x` gained 2 enumerated shapes ([1, 8], [1, 16]).']);
      const many = { kind: 'enumerated' as const, shapes: [[1], [2], [3], [4], [5]] };
      expect(sentences({}, { inputs: [feature('x', { flexibility: many })] })).toEqual(['The input `x` gained 5 enumerated shapes.']);
      const four = { kind: 'enumerated' as const, shapes: [[1], [2], [3], [4]] };
      expect(sentences({}, { inputs: [feature('x', { flexibility: four })] })).toEqual(['The input `x` gained 4 enumerated shapes ([1], [2], [3], [4]).']);
    });

    it('a flexible shape lost or changed', () => {
      const enumerated = { kind: 'enumerated' as const, shapes: [[1, 8]] };
      expect(sentences({ inputs: [feature('x', { flexibility: range })] }, {})).toEqual(['The input `x` lost its range shape.']);
      expect(sentences({ inputs: [feature('x', { flexibility: enumerated })] }, {})).toEqual(['The input `x` lost its enumerated shapes.']);
      expect(sentences({ inputs: [feature('x', { flexibility: enumerated })] }, { inputs: [feature('x', { flexibility: range })] })).toEqual([
        'The input `x` changed from 1 enumerated shape ([1, 8]) to a range shape (1...512 in dimension 1, 64...unbounded in dimension 2).',
      ]);
    });

    it('type, data type, shape, optional and color space', () => {
      const image = (colorSpace: 'rgb' | 'bgr') => feature('x', { kind: 'image', dataType: null, shape: [8, 64], image: { width: 64, height: 8, colorSpace } });
      expect(sentences({}, { inputs: [image('rgb')] })).toEqual([
        'The input `x` changed from multiArray to image.',
        'The input `x` changed its data type from fp32 to none.',
        'The input `x` changed its shape from [1, 8, 64] to [8, 64].',
        'The input `x` changed its color space from none to rgb.',
      ]);
      expect(sentences({ inputs: [image('rgb')] }, { inputs: [image('bgr')] })).toEqual(['The input `x` changed its color space from rgb to bgr.']);
      expect(sentences({ inputs: [image('rgb')] }, {})[3]).toBe('The input `x` changed its color space from rgb to none.');
      expect(sentences({}, { inputs: [feature('x', { dataType: 'fp16' })] })).toEqual(['The input `x` changed its data type from fp32 to fp16.']);
      expect(sentences({ inputs: [feature('x', { dataType: null })] }, {})).toEqual(['The input `x` changed its data type from none to fp32.']);
      expect(sentences({}, { inputs: [feature('x', { optional: true })] })).toEqual(['The input `x` became optional.']);
      expect(sentences({ inputs: [feature('x', { optional: true })] }, {})).toEqual(['The input `x` is no longer optional.']);
    });

    it('renamed, new and removed, for inputs, outputs and states', () => {
      expect(sentences({}, { inputs: [feature('features')] })).toEqual(['The input `x` was renamed `features`.']);
      expect(
        sentences(
          { outputs: [feature('y'), feature('old', { shape: [2] })] },
          {
            outputs: [feature('y'), feature('logits', { dataType: 'fp16', flexibility: range })],
            states: [feature('cache', { kind: 'state', dataType: 'fp16', shape: [1, 4] })],
          },
        ),
      ).toEqual([
        'The output `logits` is new: multiArray fp16 [1, 8, 64] with a range shape (1...512 in dimension 1, 64...unbounded in dimension 2).',
        'The output `old` was removed.',
        'The state `cache` is new: state fp16 [1, 4].',
      ]);
      const image = feature('photo', { kind: 'image', dataType: null, shape: [8, 64], image: { width: 64, height: 8, colorSpace: 'grayscale' } });
      expect(sentences({}, { inputs: [feature('x'), image] })).toEqual(['The input `photo` is new: image grayscale [8, 64].']);
      expect(sentences({}, { inputs: [feature('x'), feature('n', { kind: 'int64', dataType: null, shape: [] })] })).toEqual(['The input `n` is new: int64 [].']);
    });
  });

  describe('ops and layers', () => {
    it('counts signed, what rose first, in the function', () => {
      expect(sentences({}, { functions: [functionOf('main', { cast: 1, const: 4, linear: 2, lstm: 1 })] })).toEqual(['+1 `cast`, +1 `lstm`, -1 `relu` in `main`']);
      expect(sentences({}, { functions: [functionOf('main', { const: 7, linear: 2, relu: 1 })] })).toEqual(['+3 `const` in `main`']);
    });

    it('a function new, removed, or on another opset', () => {
      expect(sentences({}, { functions: [functionOf('main', { const: 4, linear: 2, relu: 1 }), functionOf('decode', { tanh: 2 })] })).toEqual([
        'The function `decode` is new.',
        '+2 `tanh` in `decode`',
      ]);
      expect(sentences({}, { functions: [] })).toEqual(['The function `main` was removed.', '-4 `const`, -2 `linear`, -1 `relu` in `main`']);
      expect(sentences({}, { functions: [functionOf('main', { const: 4, linear: 2, relu: 1 }, { opset: 'CoreML9' })] })).toEqual([
        'The function `main` moved from opset CoreML8 to CoreML9.',
      ]);
    });

    it('what the ops compute in', () => {
      expect(sentences({}, { functions: [functionOf('main', { const: 4, linear: 2, relu: 1 }, { precision: { fp16: 1, fp32: 2 } })] })).toEqual([
        'Ops computing in each data type in `main`: fp16 3 → 1, fp32 0 → 2',
      ]);
    });

    it('in a pipeline step', () => {
      const pipeline = (relu: number) => summaryOf({ kind: 'pipeline', functions: [], pipeline: [{ name: 'encoder', model: summaryOf({ functions: [functionOf('main', { relu })] }) }] });
      expect(summarizeDiff(diffModels(side(pipeline(1)), side(pipeline(2))))).toEqual(['+1 `relu` in `main` of `pipeline[0] "encoder"`']);
    });

    it('layers, of the model or of a step', () => {
      expect(sentences({ layers: { convolution: 1, pooling: 2 } }, { layers: { convolution: 2, pooling: 1 } })).toEqual(['+1 `convolution`, -1 `pooling` in the layers']);
      const network = (layers: Record<string, number>) => summaryOf({ functions: [], layers });
      const pipeline = (layers: Record<string, number>) => summaryOf({ kind: 'pipeline', functions: [], pipeline: [{ name: 'head', model: network(layers) }] });
      expect(summarizeDiff(diffModels(side(pipeline({})), side(pipeline({ softmax: 1 }))))).toEqual(['+1 `softmax` in the layers of `pipeline[0] "head"`']);
    });
  });

  describe('findings', () => {
    it('new and gone, grouped by rule in the order they come', () => {
      const diff = diffModels(
        side(summaryOf(), [finding('range-flexibility', { kind: 'input', name: 'x' }, 'warning')]),
        side(summaryOf(), [finding('float32-island', { type: 'cast' }), finding('rnn'), finding('float32-island', { type: 'cast' })]),
      );
      expect(summarizeDiff(diff)).toEqual(['3 new findings: `float32-island` ×2 (error), `rnn` (error).', '1 finding gone: `range-flexibility` (warning).']);
    });

    it('a grouped finding counts for the subjects it stands for', () => {
      const group = (count: number) => ({ ...finding('enumerated-layer-norm', { type: 'layer_norm' }, 'warning'), count });
      expect(summarizeDiff(diffModels(side(summaryOf(), [group(40)]), side(summaryOf(), [group(45), finding('rnn')])))).toEqual([
        '6 new findings: `enumerated-layer-norm` ×5 (warning), `rnn` (error).',
      ]);
      expect(summarizeDiff(diffModels(side(summaryOf(), [group(4), group(4)]), side(summaryOf())))).toEqual(['8 findings gone: `enumerated-layer-norm` ×8 (warning).']);
    });
  });

  it('everything at once, in order: the model, its features, its ops, layers, weights and findings', () => {
    const diff = diffModels(
      side(summaryOf({ layers: { relu: 1 } })),
      side(
        summaryOf({
          specificationVersion: 10,
          inputs: [feature('x', { dataType: 'fp16' })],
          outputs: [feature('y', { shape: [2] })],
          states: [feature('s', { kind: 'state' })],
          functions: [functionOf('main', { const: 5, linear: 2, relu: 1 })],
          layers: {},
          weightBytes: 5000,
        }),
        [finding('rnn')],
      ),
    );
    expect(summarizeDiff(diff)).toEqual([
      'The specification version rose from 9 to 10 (iOS 18 to iOS 26).',
      'The input `x` changed its data type from fp32 to fp16.',
      'The output `y` changed its shape from [1, 8, 64] to [2].',
      'The state `s` is new: state fp32 [1, 8, 64].',
      '+1 `const` in `main`',
      '-1 `relu` in the layers',
      'The weights grew from 1.0 kB to 5.0 kB.',
      '1 new finding: `rnn` (error).',
    ]);
  });
});

describe('bytes', () => {
  it.each([
    [0, '0 bytes'],
    [999, '999 bytes'],
    [1000, '1.0 kB'],
    [999_949, '999.9 kB'],
    [1_000_000, '1.0 MB'],
    [2_147_483_648, '2.1 GB'],
    [3e12, '3.0 TB'],
    [4e15, '4000.0 TB'],
  ])('%d is %s', (count, text) => {
    expect(bytes(count)).toBe(text);
  });
});
