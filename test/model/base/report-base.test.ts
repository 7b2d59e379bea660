import { describe, expect, it } from 'vitest';

import { reportBase, reportEntryFor } from '../../../src/model/base/report-base.js';
import { diffModels } from '../../../src/model/diff.js';
import { feature, finding, functionOf, summaryOf } from '../../support/model-summaries.js';

// A base from an earlier run's report: its `models` entries as JSON gives them back (the report's own writer
// is src/report/; here the entries are the summaries and findings the model check puts there).

const FILE = 'base/ane-report.json';

/** A report's models entry as JSON.parse gives it back. */
function entry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const summary = summaryOf({ path: 'models/Model.mlpackage', inputs: [feature('x', { flexibility: { kind: 'range', ranges: [{ lower: 1, upper: null }] } })] });
  return JSON.parse(JSON.stringify({ ...summary, findings: [{ ...finding('rnn'), message: 'an LSTM', fix: 'unroll it' }], ...overrides })) as Record<string, unknown>;
}

function only(report: unknown) {
  const base = reportBase(report, FILE);
  if (base.kind !== 'report') throw new Error(`not a report: ${JSON.stringify(base)}`);
  return base;
}

describe('reportBase', () => {
  it("an entry is the diff's base side: the summary, and the findings as the report has them", () => {
    const base = only({ schemaVersion: 1, models: [entry()] });
    const read = reportEntryFor(base, 'models/Model.mlpackage');
    expect(read).toEqual({
      kind: 'model',
      side: {
        summary: summaryOf({ path: 'models/Model.mlpackage', inputs: [feature('x', { flexibility: { kind: 'range', ranges: [{ lower: 1, upper: null }] } })] }),
        findings: [{ ...finding('rnn'), message: 'an LSTM', fix: 'unroll it' }],
      },
    });
    const grouped = reportEntryFor(only({ models: [entry({ findings: [{ ...finding('rnn'), count: 4 }] })] }), 'models/Model.mlpackage');
    expect(grouped).toMatchObject({ kind: 'model', side: { findings: [{ count: 4 }] } });
    // Against the same model read now: nothing changed.
    if (read?.kind !== 'model') return;
    const head = { summary: summaryOf({ path: 'models/Model.mlpackage', inputs: [feature('x', { flexibility: { kind: 'range', ranges: [{ lower: 1, upper: null }] } })] }), findings: [finding('rnn')] };
    expect(diffModels(read.side, head).status).toBe('unchanged');
  });

  it('paths are matched as paths: ./a//b/ is a/b', () => {
    const base = only({ models: [entry({ path: './models//Model.mlpackage/' })] });
    expect(reportEntryFor(base, 'models/Model.mlpackage')?.kind).toBe('model');
    expect(reportEntryFor(only({ models: [entry()] }), './models/Model.mlpackage')?.kind).toBe('model');
  });

  it('a model the report does not have is not there (new since that report)', () => {
    expect(reportEntryFor(only({ models: [entry()] }), 'models/Other.mlpackage')).toBeUndefined();
    expect(reportEntryFor(only({ models: [] }), 'models/Model.mlpackage')).toBeUndefined();
  });

  it('fields the diff does without may be missing: states, functions, layers, precision, notes, findings', () => {
    const bare = entry();
    for (const field of ['states', 'functions', 'layers', 'precision', 'notes', 'findings', 'isUpdatable']) delete bare[field];
    const read = reportEntryFor(only({ models: [bare] }), 'models/Model.mlpackage');
    expect(read).toMatchObject({ kind: 'model', side: { summary: { states: [], functions: [], layers: {}, precision: {}, notes: [], isUpdatable: false }, findings: [] } });
  });

  it('image features, enumerated shapes, visionOS and pipelines come back as written', () => {
    const image = feature('photo', { kind: 'image', dataType: null, shape: [8, 64], image: { width: 64, height: 8, colorSpace: 'rgb' }, flexibility: { kind: 'enumerated', shapes: [[8, 64], [16, 64]] } });
    const { kind, specificationVersion, minimumOs, isUpdatable, inputs, outputs, states, functions, layers, precision } = summaryOf({ functions: [functionOf('main', { relu: 1 })] });
    const stepSpec = { kind, specificationVersion, minimumOs, isUpdatable, inputs, outputs, states, functions, layers, precision };
    const written = entry({ inputs: [image], specificationVersion: 10, minimumOs: { iOS: '26', macOS: '26', tvOS: '26', watchOS: '26', visionOS: '26' }, pipeline: [{ name: null, model: stepSpec }, { name: 'head', model: stepSpec }] });
    const read = reportEntryFor(only({ models: [written] }), 'models/Model.mlpackage');
    if (read?.kind !== 'model') throw new Error(JSON.stringify(read));
    expect(read.side.summary.inputs).toEqual([image]);
    expect(read.side.summary.minimumOs?.visionOS).toBe('26');
    expect(read.side.summary.pipeline).toEqual([
      { name: null, model: stepSpec },
      { name: 'head', model: stepSpec },
    ]);
  });

  describe('a report that is not one', () => {
    it.each([
      [null, `${FILE} is not a report: its JSON is not an object.`],
      [[], `${FILE} is not a report: its JSON is not an object.`],
      ['text', `${FILE} is not a report: its JSON is not an object.`],
      [{ schemaVersion: 1, coverage: 40 }, `${FILE} has no \`models\`: it comes from a run without the model check.`],
      [{ models: {} }, `${FILE}: its \`models\` is not a list.`],
      [{ models: [entry(), { kind: 'mlProgram' }] }, `${FILE}: \`models[1]\` has no \`path\`, so it names no model.`],
      [{ models: [7] }, `${FILE}: \`models[0]\` has no \`path\`, so it names no model.`],
    ])('%j', (report, message) => {
      expect(reportBase(report, FILE)).toEqual({ kind: 'problem', message, fix: expect.stringContaining('`base-model`') });
    });
  });

  describe('a malformed entry is refused, naming the file and the field, and the others stay', () => {
    it.each([
      [{ format: 'onnx' }, '`format` is not one of mlmodel, mlpackage, mlmodelc'],
      [{ kind: 3 }, '`kind` is not a string'],
      [{ weightBytes: '12' }, '`weightBytes` is not a number'],
      [{ weightBytes: null }, '`weightBytes` is not a number'],
      [{ specificationVersion: 'nine' }, '`specificationVersion` is not a number'],
      [{ minimumOs: 'iOS 18' }, '`minimumOs` is not an object'],
      [{ minimumOs: { iOS: '18', macOS: '15', tvOS: '18' } }, '`minimumOs.watchOS` is not a string'],
      [{ minimumOs: { iOS: '18', macOS: '15', tvOS: '18', watchOS: '11', visionOS: 2 } }, '`minimumOs.visionOS` is not a string'],
      [{ inputs: {} }, '`inputs` is not a list'],
      [{ inputs: [7] }, '`inputs[0]` is not an object'],
      [{ inputs: [{ kind: 'multiArray', shape: [] }] }, '`inputs[0].name` is not a string'],
      [{ inputs: [{ name: 'x', shape: [] }] }, '`inputs[0].kind` is not a string'],
      [{ outputs: [{ name: 'y', kind: 'multiArray', dataType: 11, shape: [] }] }, '`outputs[0].dataType` is not a string'],
      [{ outputs: [{ name: 'y', kind: 'multiArray', shape: [1, 'x'] }] }, '`outputs[0].shape[1]` is not a number'],
      [{ outputs: [{ name: 'y', kind: 'multiArray', shape: 4 }] }, '`outputs[0].shape` is not a list'],
      [{ states: [{ name: 's', kind: 'state', shape: [], flexibility: { kind: 'any' } }] }, '`states[0].flexibility.kind` is not `range` or `enumerated`'],
      [{ inputs: [{ name: 'x', kind: 'multiArray', shape: [], flexibility: { kind: 'range', ranges: [{ lower: 'a' }] } }] }, '`inputs[0].flexibility.ranges[0].lower` is not a number'],
      [{ inputs: [{ name: 'x', kind: 'multiArray', shape: [], flexibility: { kind: 'range', ranges: [{ lower: 1, upper: '2' }] } }] }, '`inputs[0].flexibility.ranges[0].upper` is not a number'],
      [{ inputs: [{ name: 'x', kind: 'multiArray', shape: [], flexibility: { kind: 'range', ranges: [3] } }] }, '`inputs[0].flexibility.ranges[0]` is not an object'],
      [{ inputs: [{ name: 'x', kind: 'multiArray', shape: [], flexibility: { kind: 'range' } }] }, '`inputs[0].flexibility.ranges` is not a list'],
      [{ inputs: [{ name: 'x', kind: 'multiArray', shape: [], flexibility: { kind: 'enumerated', shapes: [[1], 2] } }] }, '`inputs[0].flexibility.shapes[1]` is not a list'],
      [{ inputs: [{ name: 'x', kind: 'multiArray', shape: [], flexibility: { kind: 'enumerated', shapes: [[1, null]] } }] }, '`inputs[0].flexibility.shapes[0][1]` is not a number'],
      [{ inputs: [{ name: 'x', kind: 'image', shape: [], image: { width: 1, height: 1 } }] }, '`inputs[0].image.colorSpace` is not a string'],
      [{ inputs: [{ name: 'x', kind: 'image', shape: [], image: { width: '1', height: 1, colorSpace: 'rgb' } }] }, '`inputs[0].image.width` is not a number'],
      [{ inputs: [{ name: 'x', kind: 'image', shape: [], image: 'rgb' }] }, '`inputs[0].image` is not an object'],
      [{ functions: [{ name: 'main', opset: 'CoreML8', operations: { relu: '1' } }] }, '`functions[0].operations.relu` is not a number'],
      [{ functions: [{ name: 'main', opset: 'CoreML8' }] }, '`functions[0].operations` is not an object'],
      [{ functions: [{ name: 'main', operations: {} }] }, '`functions[0].opset` is not a string'],
      [{ functions: [{ opset: 'CoreML8', operations: {} }] }, '`functions[0].name` is not a string'],
      [{ functions: [{ name: 'main', opset: 'CoreML8', operations: {}, precision: [] }] }, '`functions[0].precision` is not an object'],
      [{ layers: [] }, '`layers` is not an object'],
      [{ layers: { convolution: Infinity } }, '`layers.convolution` is not a number'],
      [{ notes: ['a', 2] }, '`notes[1]` is not a string'],
      [{ pipeline: {} }, '`pipeline` is not a list'],
      [{ pipeline: [{ name: 2, model: {} }] }, '`pipeline[0].name` is not a string'],
      [{ pipeline: [{ name: 'a' }] }, '`pipeline[0].model` is not an object'],
      [{ pipeline: [{ name: 'a', model: { kind: 'mlProgram', inputs: [], outputs: 'y' } }] }, '`pipeline[0].model.outputs` is not a list'],
      [{ findings: {} }, '`findings` is not a list'],
      [{ findings: [null] }, '`findings[0]` is not an object'],
      [{ findings: [{ severity: 'error', subject: { kind: 'op', name: 'a' } }] }, '`findings[0].rule` is not a string'],
      [{ findings: [{ rule: 'r', severity: 'fatal', subject: { kind: 'op', name: 'a' } }] }, '`findings[0].severity` is not one of error, warning, info'],
      [{ findings: [{ rule: 'r', severity: 'info' }] }, '`findings[0].subject` is not an object'],
      [{ findings: [{ rule: 'r', severity: 'info', subject: { kind: 'tensor', name: 'a' } }] }, '`findings[0].subject.kind` is not one of op, layer, input, output, state, model'],
      [{ findings: [{ rule: 'r', severity: 'info', subject: { kind: 'op' } }] }, '`findings[0].subject.name` is not a string'],
      [{ findings: [{ rule: 'r', severity: 'info', subject: { kind: 'op', name: 'a', type: 5 } }] }, '`findings[0].subject.type` is not a string'],
      [{ findings: [{ rule: 'r', severity: 'info', subject: { kind: 'op', name: 'a', function: null } }] }, '`findings[0].subject.function` is not a string'],
      [{ findings: [{ rule: 'r', severity: 'info', subject: { kind: 'op', name: 'a', model: [] } }] }, '`findings[0].subject.model` is not a string'],
      [{ findings: [{ rule: 'r', severity: 'info', subject: { kind: 'op', name: 'a' }, count: 0 }] }, '`findings[0].count` is not a whole number above 0'],
      [{ findings: [{ rule: 'r', severity: 'info', subject: { kind: 'op', name: 'a' }, count: 1.5 }] }, '`findings[0].count` is not a whole number above 0'],
      [{ findings: [{ rule: 'r', severity: 'info', subject: { kind: 'op', name: 'a' }, count: '4' }] }, '`findings[0].count` is not a whole number above 0'],
    ])('%j', (overrides, what) => {
      const base = only({ models: [entry({ path: 'models/Good.mlpackage' }), entry(overrides)] });
      expect(reportEntryFor(base, 'models/Model.mlpackage')).toEqual({
        kind: 'problem',
        message: `${FILE}: the entry of models/Model.mlpackage (\`models[1]\`) is not one ane-check can compare: ${what}.`,
        fix: expect.stringContaining('Make the report again'),
      });
      expect(reportEntryFor(base, 'models/Good.mlpackage')?.kind).toBe('model');
    });
  });

  it('a pipeline nested past what the stack holds is refused, not thrown', () => {
    let model: Record<string, unknown> = { kind: 'mlProgram', inputs: [], outputs: [] };
    for (let depth = 0; depth < 100_000; depth++) model = { kind: 'pipeline', inputs: [], outputs: [], pipeline: [{ name: null, model }] };
    const base = only({ models: [{ ...entry(), pipeline: [{ name: null, model }] }] });
    expect(reportEntryFor(base, 'models/Model.mlpackage')).toMatchObject({ kind: 'problem', message: expect.stringContaining('it cannot be read (Maximum call stack size exceeded)') });
  });
});
