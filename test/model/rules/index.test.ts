import { describe, expect, it } from 'vitest';

import type { FunctionFacts, LayerFacts, ModelFacts, OperationFacts } from '../../../src/model/facts.js';
import { functionFacts } from '../../../src/model/read/function-facts.js';
import { GROUP_LIMIT, RULES, checkModel, compareText, sortFindings, stepWeightBytes } from '../../../src/model/rules/index.js';
import type { Evidence, Finding, Severity } from '../../../src/model/rules/rule.js';
import { ANE_CLAIM, coremltoolsModels, handMadeSpec } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_many_lstms', 'rule_nested_pipeline', 'rule_scaler_pipeline', 'rule_program_pipeline', 'rule_rnn_ops', 'program_fp16'] as const);

function fileOf(spec: ReturnType<typeof handMadeSpec>, extra: Partial<ModelFacts> = {}): ModelFacts {
  return { ...spec, path: 'hand-made.mlmodel', format: 'mlmodel', modelFile: '', weightFiles: [], weightBytes: spec.embeddedWeightBytes, notes: [], ...extra };
}

function op(type: string, name: string, extra: Partial<OperationFacts> = {}): OperationFacts {
  return { type, name, path: [], inputs: {}, outputs: [{ name, type: { kind: 'tensor', dataType: 'fp16', rank: 2, shape: [1, 4] } }], blocks: 0, attributes: {}, ...extra };
}

function program(operations: OperationFacts[], name = 'main'): FunctionFacts {
  return functionFacts(name, 'CoreML7', [], [], operations);
}

function layer(kind: string, name: string): LayerFacts {
  return { name, kind, inputs: ['x'], outputs: [name], inputTensors: [], outputTensors: [], path: [], isUpdatable: false, weights: [] };
}

describe('RULES', () => {
  it('have unique kebab-case ids, and sources that are URLs or owner/repo#issue', () => {
    const ids = RULES.map((rule) => rule.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.meta.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/u);
      for (const source of rule.meta.sources) expect(source).toMatch(/^(https:\/\/\S+|[\w.-]+\/[\w.-]+#\d+)$/u);
      for (const text of [rule.meta.description, rule.meta.why, rule.meta.fix, rule.meta.scope]) expect(text.length).toBeGreaterThan(2);
    }
  });

  it('take their severity from their evidence: error for Apple and messages, warning for measurements, info for reports and advice', () => {
    const advice = new Set(['last-axis-padding', 'compressed-weights']);
    const bySeverity: Record<Evidence, Severity> = { Apple: 'error', message: 'error', measured: 'warning', reported: 'info' };
    for (const { meta } of RULES) expect([meta.id, meta.severity]).toEqual([meta.id, advice.has(meta.id) ? 'info' : bySeverity[meta.evidence]]);
  });

  it('never say that work runs on the ANE', () => {
    for (const { meta } of RULES) for (const text of [meta.description, meta.why, meta.fix]) expect(text).not.toMatch(ANE_CLAIM);
  });
});

describe('checkModel', () => {
  it('runs every rule over a pipeline\'s steps, naming where each step sits', () => {
    const found = checkModel(built.rule_nested_pipeline());
    expect(found.map((finding) => [finding.rule, finding.subject])).toEqual([['rnn', { kind: 'layer', name: 'inner_lstm', type: 'uniDirectionalLSTM', model: 'pipeline[1] "rest" > pipeline[1]' }]]);
    expect(checkModel(built.rule_scaler_pipeline()).map((finding) => finding.subject.model)).toEqual(['pipeline[0] "scale"']);
    for (const finding of checkModel(built.rule_rnn_ops())) expect(Object.keys(finding.subject)).not.toContain('model');
  });

  it('names a step\'s weight files by its constants\' values wherever they are bound, and each file a step names', () => {
    const blob = (fileName: string) => ({ type: null, blob: { fileName, offset: 64 } });
    const lut = op('constexpr_lut_to_dense', 'lut', { inputs: { indices: [{ kind: 'value', value: blob('@model_path/weights/a.bin') }] } });
    const weights = op('const', 'w', { attributes: { val: blob('@model_path/weights/b.bin') } });
    const step = handMadeSpec({ kind: 'mlProgram', embeddedWeightBytes: 10, program: { version: 1, functions: [program([lut, weights])] } });
    const files = [
      { path: 'Data/com.apple.CoreML/weights/a.bin', bytes: 100 },
      { path: 'Data/com.apple.CoreML/weights/b.bin', bytes: 1000 },
      { path: 'Data/com.apple.CoreML/weights/c.bin', bytes: 10000 },
    ];
    expect(stepWeightBytes(step, files)).toBe(1110);
  });

  it('gives a step of a package the weight files its program names, each once', () => {
    const facts = built.rule_program_pipeline();
    const [first, second] = facts.pipeline!;
    const files = facts.weightFiles;
    expect(files.map((file) => file.path)).toEqual(['Data/com.apple.CoreML/weights/0-weight.bin', 'Data/com.apple.CoreML/weights/1-weight.bin']);
    expect(stepWeightBytes(first!.model, files)).toBe(first!.model.embeddedWeightBytes + files[0]!.bytes);
    expect(stepWeightBytes(second!.model, files)).toBe(second!.model.embeddedWeightBytes + files[1]!.bytes);
    expect(stepWeightBytes(first!.model, [])).toBe(first!.model.embeddedWeightBytes);
    const bare = { ...files[1]!, path: 'weights/1-weight.bin' };
    expect(stepWeightBytes(second!.model, [bare, { ...bare, path: 'weights/11-weight.bin' }])).toBe(second!.model.embeddedWeightBytes + bare.bytes);
  });

  it('checks a step against the weight limits with its own weights, not the whole file\'s', () => {
    const facts = built.rule_program_pipeline();
    const big = { ...facts, weightFiles: facts.weightFiles.map((file, i) => ({ ...file, bytes: i === 0 ? 1.5 * 2 ** 30 : file.bytes })) };
    big.weightBytes = big.weightFiles.reduce((sum, file) => sum + file.bytes, 0);
    expect(checkModel(big).map((finding) => [finding.rule, finding.subject.model])).toEqual([['weight-size-ios', 'pipeline[0]']]);
  });

  it(`names up to ${GROUP_LIMIT} ops of one type one by one, and groups more into one finding with their count`, () => {
    const lstm = (count: number) => Array.from({ length: count }, (_, i) => op('lstm', `lstm_${i}`));
    const three = checkModel(fileOf(handMadeSpec({ kind: 'mlProgram', program: { version: 1, functions: [program(lstm(GROUP_LIMIT))] } })));
    expect(three.map((finding) => [finding.subject.name, finding.count])).toEqual([
      ['lstm_0', undefined],
      ['lstm_1', undefined],
      ['lstm_2', undefined],
    ]);
    const [grouped, ...rest] = checkModel(built.rule_many_lstms());
    expect(rest).toEqual([]);
    expect(grouped).toMatchObject({ rule: 'rnn', severity: 'error', count: 5, subject: { kind: 'op', name: 'lstm_0_cast_fp16', type: 'lstm', function: 'main' } });
    expect(grouped!.message).toBe(`5 lstm ops in function main ("lstm_0_cast_fp16", "lstm_1_cast_fp16", "lstm_2_cast_fp16" and 2 more): ${RULES.find((rule) => rule.meta.id === 'rnn')!.meta.why} ${grouped!.fix}`);
  });

  it('groups by function and by type, and layers without a function', () => {
    const spec = handMadeSpec({
      kind: 'mlProgram',
      program: { version: 1, functions: [program([...['a', 'b', 'c', 'd'].map((name) => op('lstm', name)), op('gru', 'g')], 'one'), program([op('lstm', 'e')], 'two')] },
    });
    const found = checkModel(fileOf(spec));
    expect(found.map((finding) => [finding.subject.function, finding.subject.type, finding.subject.name, finding.count])).toEqual([
      ['one', 'gru', 'g', undefined],
      ['one', 'lstm', 'a', 4],
      ['two', 'lstm', 'e', undefined],
    ]);
    const layers = checkModel(fileOf(handMadeSpec({ network: { layers: ['w', 'x', 'y', 'z'].map((name) => layer('gru', name)), layerCounts: {}, weightStorage: {}, layerNames: 'schema' } })));
    expect(layers).toHaveLength(1);
    expect(layers[0]!.message).toMatch(/^4 gru layers \("w", "x", "y" and 1 more\): /u);
  });

  it('names each input, output and state one by one, however many', () => {
    const range = { kind: 'range' as const, ranges: [{ lower: 1, upper: 4 }] };
    const inputs = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, kind: 'multiArray' as const, optional: false, dataType: 'fp32' as const, shape: [1], flexibility: range }));
    expect(checkModel(fileOf(handMadeSpec({ inputs }))).map((finding) => [finding.subject.name, finding.count])).toEqual(inputs.map((input) => [input.name, undefined]));
  });

  it('never throws on odd facts: unknown kinds and types, missing shapes and params, null types', () => {
    const odd: OperationFacts[] = [
      { type: 'constructor', name: 'odd', path: [], inputs: { x: [] }, outputs: [{ name: 'odd', type: null }], blocks: 0, attributes: {} },
      { type: '__proto__', name: 'odder', path: [], inputs: {}, outputs: [], blocks: 0, attributes: {} },
      { type: 'mul', name: 'm', path: [], inputs: { x: [{ kind: 'name', name: 'nowhere' }], y: [{ kind: 'value', value: { type: null } }] }, outputs: [{ name: 'm', type: { kind: 'list', element: null, length: null } }], blocks: 0, attributes: {} },
      { type: 'max_pool', name: 'p', path: [], inputs: { kernel_sizes: [{ kind: 'value', value: { type: null, data: ['same'] } }] }, outputs: [{ name: 'p', type: { kind: 'tensor', dataType: 'unknown(99)', rank: 3, shape: [null, 0, 7] } }], blocks: 0, attributes: {} },
      { type: 'resize_bilinear', name: 'r', path: [], inputs: { x: [{ kind: 'name', name: 'm' }] }, outputs: [], blocks: 0, attributes: {} },
      { type: 'reshape', name: 's', path: [], inputs: { shape: [{ kind: 'name', name: 'odd' }] }, outputs: [{ name: 's', type: { kind: 'state', wrapped: null } }], blocks: 0, attributes: {} },
      { type: 'slice_update', name: 'u', path: [], inputs: {}, outputs: [], blocks: 0, attributes: {} },
      { type: 'cast', name: 'c', path: [], inputs: {}, outputs: [{ name: 'c', type: { kind: 'unknown' } }], blocks: 0, attributes: {} },
      { type: 'upsample_bilinear', name: 'up', path: [], inputs: { scale_factor_height: [{ kind: 'value', value: { type: null, data: [true] } }] }, outputs: [], blocks: 0, attributes: {} },
    ];
    const spec = handMadeSpec({
      kind: 'unknown(4000)',
      specificationVersion: null,
      inputs: [{ name: 'i', kind: 'unknown', optional: false, dataType: null, shape: [], flexibility: { kind: 'range', ranges: [] } }],
      states: [{ name: 's', kind: 'state', optional: false, dataType: null, shape: [], flexibility: null }],
      program: { version: 1, functions: [{ name: 'main', opset: '', inputs: [], outputs: [], operations: odd, operationCounts: {}, precision: { fp16: 1, fp32: 1 } }] },
      network: { layers: [layer('pooling', 'no-params'), layer('upsample', 'no-params-either'), layer('convolution', 'bare'), layer('unknown(7)', 'future')], layerCounts: {}, weightStorage: {}, layerNames: 'espresso' },
      pipeline: [{ name: null, model: handMadeSpec({ kind: 'none' }) }],
    });
    expect(() => checkModel(fileOf(spec))).not.toThrow();
  });

  it('says nothing of a small float16 convolution program but its dilation', () => {
    expect(checkModel(built.program_fp16()).map((finding) => finding.rule)).toEqual(['dilated-convolution']);
  });
});

describe('the order of findings', () => {
  const finding = (rule: string, severity: Severity, subject: Finding['subject']): Finding => ({ rule, severity, message: '', subject, evidence: 'Apple', source: '', fix: '' });

  it('is severity, then the rule\'s place in RULES, then the subject: model, function, kind, type, name', () => {
    const op = (name: string, extra: Partial<Finding['subject']> = {}) => ({ kind: 'op' as const, name, type: 'lstm', function: 'main', ...extra });
    const unordered = [
      finding('non-neural-model', 'info', { kind: 'model', name: 'scaler' }),
      finding('zzz-unknown', 'error', op('u')),
      finding('aaa-unknown', 'error', op('u')),
      finding('rnn', 'error', op('x_10')),
      finding('rnn', 'error', op('x_2')),
      finding('rnn', 'error', op('x_2', { model: 'pipeline[0]' })),
      finding('rnn', 'error', op('a', { function: 'second' })),
      finding('rnn', 'error', op('b', { type: 'gru' })),
      finding('rnn', 'error', { kind: 'layer', name: 'a', type: 'gru' }),
      finding('rnn', 'error', { kind: 'layer', name: 'b', type: 'Aa' }),
      finding('rnn', 'error', { kind: 'layer', name: 'c' }),
      finding('control-flow', 'warning', op('w')),
      finding('range-shape-input', 'error', { kind: 'input', name: 'x' }),
      finding('float32-compute', 'error', { kind: 'model', name: 'main', function: 'main' }),
    ];
    const sorted = sortFindings(unordered).map((found) => [found.rule, found.subject.model ?? '', found.subject.function ?? '', found.subject.kind, found.subject.type ?? '', found.subject.name]);
    expect(sorted).toEqual([
      ['range-shape-input', '', '', 'input', '', 'x'],
      ['float32-compute', '', 'main', 'model', '', 'main'],
      ['rnn', '', '', 'layer', '', 'c'],
      ['rnn', '', '', 'layer', 'Aa', 'b'],
      ['rnn', '', '', 'layer', 'gru', 'a'],
      ['rnn', '', 'main', 'op', 'gru', 'b'],
      ['rnn', '', 'main', 'op', 'lstm', 'x_2'],
      ['rnn', '', 'main', 'op', 'lstm', 'x_10'],
      ['rnn', '', 'second', 'op', 'lstm', 'a'],
      ['rnn', 'pipeline[0]', 'main', 'op', 'lstm', 'x_2'],
      ['aaa-unknown', '', 'main', 'op', 'lstm', 'u'],
      ['zzz-unknown', '', 'main', 'op', 'lstm', 'u'],
      ['control-flow', '', 'main', 'op', 'lstm', 'w'],
      ['non-neural-model', '', '', 'model', '', 'scaler'],
    ]);
    expect(sortFindings(unordered)).toHaveLength(unordered.length);
    expect(unordered[0]!.rule).toBe('non-neural-model');
  });

  it('puts a subject without a type before one with, whichever comes first', () => {
    const typed = finding('rnn', 'error', { kind: 'layer', name: 'b', type: 'Aa' });
    const untyped = finding('rnn', 'error', { kind: 'layer', name: 'a' });
    expect(sortFindings([typed, untyped])).toEqual([untyped, typed]);
    expect(sortFindings([untyped, typed])).toEqual([untyped, typed]);
  });

  it('orders kinds model, input, output, state, op, layer', () => {
    const kinds = ['layer', 'op', 'state', 'output', 'input', 'model'] as const;
    expect(sortFindings(kinds.map((kind) => finding('rnn', 'error', { kind, name: 'n' }))).map((found) => found.subject.kind)).toEqual([...kinds].reverse());
  });

  it('compares runs of digits as numbers, the rest as text', () => {
    expect(['x_10', 'x_2', 'x_1', 'x', 'y', 'x_02', 'x10b', 'x10a', 'X'].sort(compareText)).toEqual(['X', 'x', 'x10a', 'x10b', 'x_1', 'x_02', 'x_2', 'x_10', 'y']);
    expect(compareText('a', 'a')).toBe(0);
    expect(compareText('', 'a')).toBeLessThan(0);
    expect(compareText('2', '10')).toBeLessThan(0);
    expect(compareText('b1', 'a2')).toBeGreaterThan(0);
    expect(compareText('', 'B')).toBeLessThan(0);
    expect(compareText('1', 'a')).toBeLessThan(0);
    expect(compareText('a', '1')).toBeGreaterThan(0);
  });
});
