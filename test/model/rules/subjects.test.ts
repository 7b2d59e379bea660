import { describe, expect, it } from 'vitest';

import type { FeatureFacts, LayerFacts, OperationFacts } from '../../../src/model/facts.js';
import { describeFeature, describeLayer, describeOp, featureSubject, featuresOf, layersOf, layerSubject, modelSubject, opSubject, shapeText } from '../../../src/model/rules/subjects.js';
import { functionFacts } from '../../../src/model/read/function-facts.js';
import { handMadeSpec } from '../../support/rule-tester.js';

const feature = (name: string, kind: FeatureFacts['kind'] = 'multiArray'): FeatureFacts => ({ name, kind, optional: false, dataType: 'fp32', shape: [1], flexibility: null });

describe('subjects and how messages name them', () => {
  it('an op: its type, name and function', () => {
    const op: OperationFacts = { type: 'lstm', name: 'lstm_0', path: [], inputs: {}, outputs: [], blocks: 0, attributes: {} };
    const fn = functionFacts('main', 'CoreML7', [], [], [op]);
    expect(opSubject(fn, op)).toEqual({ kind: 'op', name: 'lstm_0', type: 'lstm', function: 'main' });
    expect(describeOp(fn, op)).toBe('lstm op "lstm_0" in function main');
  });

  it('the layers of a network, none for another kind', () => {
    const layer: LayerFacts = { name: 'rnn', kind: 'gru', inputs: [], outputs: [], inputTensors: [], outputTensors: [], path: [], isUpdatable: false, weights: [] };
    expect(layersOf(handMadeSpec({ network: { layers: [layer], layerCounts: {}, weightStorage: {}, layerNames: 'schema' } }))).toEqual([layer]);
    expect(layersOf(handMadeSpec({ kind: 'mlProgram' }))).toEqual([]);
  });

  it('a layer: its kind and name', () => {
    const layer: LayerFacts = { name: 'rnn', kind: 'gru', inputs: [], outputs: [], inputTensors: [], outputTensors: [], path: [], isUpdatable: false, weights: [] };
    expect(layerSubject(layer)).toEqual({ kind: 'layer', name: 'rnn', type: 'gru' });
    expect(describeLayer(layer)).toBe('gru layer "rnn"');
  });

  it('the model, or one of its functions', () => {
    const model = handMadeSpec({ kind: 'mlProgram' });
    expect(modelSubject(model)).toStrictEqual({ kind: 'model', name: 'mlProgram', type: 'mlProgram' });
    expect(modelSubject(model, functionFacts('decode', 'CoreML8', [], [], []))).toEqual({ kind: 'model', name: 'decode', type: 'mlProgram', function: 'decode' });
  });

  it('inputs, outputs and states of the model, or of each function of a multi-function model (not twice)', () => {
    const single = handMadeSpec({ inputs: [feature('x')], outputs: [feature('y', 'image')], states: [feature('s', 'state')] });
    expect(featuresOf(single, 'input').map(featureSubject)).toStrictEqual([{ kind: 'input', name: 'x', type: 'multiArray' }]);
    expect(featuresOf(single, 'output').map(describeFeature)).toEqual(['output "y" (image)']);
    expect(featuresOf(single, 'state').map(featureSubject)).toEqual([{ kind: 'state', name: 's', type: 'state' }]);
    const multi = handMadeSpec({
      inputs: [feature('x')],
      functionDescriptions: [
        { name: 'prefill', inputs: [feature('x')], outputs: [feature('y')], states: [feature('kv', 'state')] },
        { name: 'decode', inputs: [feature('x')], outputs: [], states: [feature('kv', 'state')] },
      ],
    });
    expect(featuresOf(multi, 'input').map(featureSubject)).toEqual([
      { kind: 'input', name: 'x', type: 'multiArray', function: 'prefill' },
      { kind: 'input', name: 'x', type: 'multiArray', function: 'decode' },
    ]);
    expect(featuresOf(multi, 'output').map(describeFeature)).toEqual(['output "y" (multiArray) of function prefill']);
    expect(featuresOf(multi, 'state').map((entry) => entry.function)).toEqual(['prefill', 'decode']);
  });

  it('a shape, an unknown dimension as ?', () => {
    expect(shapeText([1, null, 3])).toBe('[1, ?, 3]');
    expect(shapeText([])).toBe('[]');
  });
});
