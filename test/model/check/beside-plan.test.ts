import { describe, expect, it } from 'vitest';

import { comparePlan } from '../../../src/model/check/beside-plan.js';
import type { Finding } from '../../../src/model/rules/index.js';

function finding(rule: string, subject: Finding['subject'], severity: Finding['severity'] = 'error'): Finding {
  return { rule, severity, message: `${rule} fired`, subject, evidence: 'Apple', source: 'https://example.com', fix: 'fix it' };
}

const lstm = finding('rnn', { kind: 'op', name: 'lstm_0', type: 'lstm', function: 'main' });
const gatherFinding = finding('gather-lookup', { kind: 'op', name: 'embed', type: 'gather', function: 'main' }, 'warning');
const convFinding = finding('dilated-convolution', { kind: 'op', name: 'conv_3', type: 'conv', function: 'main' }, 'info');
const rangeInput = finding('range-shape-input', { kind: 'input', name: 'x', type: 'multiArray' });
const advice = finding('compressed-weights', { kind: 'model', name: 'mlProgram', type: 'mlProgram' }, 'info');

const plan = {
  offAne: [
    { op: 'ios17.lstm', device: 'cpu' as const, operations: 2, cost: 0.3, aneSupported: false },
    { op: 'ios17.softmax', device: 'gpu' as const, operations: 1, cost: 0.1, aneSupported: true },
  ],
  onAne: [
    { op: 'ios17.conv', operations: 12 },
    { op: 'ios17.gather', operations: 1 },
  ],
};

describe('comparePlan', () => {
  it('sets each op type the plan places off the ANE beside the rules that predicted it, matched by the bare type', () => {
    expect(comparePlan(plan, [lstm]).offAne).toEqual([
      { op: 'ios17.lstm', device: 'cpu', operations: 2, rules: ['rnn'] },
      { op: 'ios17.softmax', device: 'gpu', operations: 1, rules: [] },
    ]);
  });

  it('counts a finding about the whole model or an input as predicting every op off the ANE, but not advice', () => {
    expect(comparePlan(plan, [lstm, rangeInput, advice]).offAne.map((group) => group.rules)).toEqual([['rnn', 'range-shape-input'], ['range-shape-input']]);
  });

  it('marks the findings whose op type the plan places on the ANE, whatever their severity', () => {
    expect(comparePlan(plan, [lstm, gatherFinding, convFinding]).contradicted).toEqual([
      { rule: 'gather-lookup', subject: gatherFinding.subject, plan: 'the plan places all 1 gather op on the ANE' },
      { rule: 'dilated-convolution', subject: convFinding.subject, plan: 'the plan places all 12 conv ops on the ANE' },
    ]);
  });

  it('does not call a finding contradicted when some ops of its type are off the ANE', () => {
    const mixed = { ...plan, onAne: [...plan.onAne, { op: 'ios17.lstm', operations: 1 }] };
    expect(comparePlan(mixed, [lstm]).contradicted).toEqual([]);
  });

  it('calls a whole-model finding contradicted when the plan places everything on the ANE, and compares without case', () => {
    const allOnAne = { offAne: [], onAne: [{ op: 'ios17.LSTM', operations: 1 }] };
    expect(comparePlan(allOnAne, [rangeInput, lstm]).contradicted).toEqual([
      { rule: 'rnn', subject: lstm.subject, plan: 'the plan places all 1 lstm op on the ANE' },
      { rule: 'range-shape-input', subject: rangeInput.subject, plan: 'the plan places every op with a usage on the ANE' },
    ]);
    // An older plan without onAne contradicts nothing.
    expect(comparePlan({ offAne: [] }, [lstm]).contradicted).toEqual([]);
  });

  it('sets a layer finding beside the layers of its kind only, and a whole-model finding beside the others, not contradicted while work is off the ANE', () => {
    const customLayer = finding('custom-layer', { kind: 'layer', name: 'swish', type: 'custom' });
    const networkPlan = {
      offAne: [
        { op: 'custom', device: 'cpu' as const, operations: 1, cost: 0, aneSupported: false },
        { op: 'pooling', device: 'gpu' as const, operations: 1, cost: 0, aneSupported: true },
      ],
      onAne: [{ op: 'convolution', operations: 3 }],
    };
    const compared = comparePlan(networkPlan, [customLayer, rangeInput]);
    expect(compared.offAne.map((group) => [group.op, group.rules])).toEqual([
      ['custom', ['custom-layer', 'range-shape-input']],
      ['pooling', ['range-shape-input']],
    ]);
    expect(compared.contradicted).toEqual([]);
    // Nothing placed anywhere contradicts nothing.
    expect(comparePlan({ offAne: [], onAne: [] }, [rangeInput, lstm]).contradicted).toEqual([]);
  });

  it('does not take an input finding for an op of the type its feature kind is named like', () => {
    const oddPlan = { offAne: [{ op: 'ios17.lstm', device: 'cpu' as const, operations: 1, cost: 0, aneSupported: false }], onAne: [{ op: 'multiArray', operations: 1 }] };
    expect(comparePlan(oddPlan, [rangeInput]).contradicted).toEqual([]);
  });
});

