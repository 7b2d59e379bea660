import { describe, expect, it } from 'vitest';

import { broadcastsOverChannels, channelBroadcastMultiply } from '../../../src/model/rules/channel-broadcast-multiply.js';
import type { LayerFacts } from '../../../src/model/facts.js';
import { coremltoolsModels, handMadeOp, handMadeProgram, handMadeSpec, ruleCases, tensor } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_channel_gate', 'rule_nn_channel_gate', 'program_fp16', 'nn_layers'] as const);

describe('a channel broadcast', () => {
  it('is a [C, 1, 1] over a [C, H, W] of the same C, right-aligned', () => {
    expect(broadcastsOverChannels([1, 8, 16, 16], [1, 8, 1, 1])).toBe(true);
    expect(broadcastsOverChannels([8, 16, 1], [8, 1, 1])).toBe(true);
    expect(broadcastsOverChannels([8, 1, 16], [8, 1, 1])).toBe(true);
    expect(broadcastsOverChannels([1, 1, 16, 16], [1, 1, 1, 1])).toBe(false);
    expect(broadcastsOverChannels([1, 8, 1, 1], [1, 8, 1, 1])).toBe(false);
    expect(broadcastsOverChannels([1, 4, 16, 16], [1, 8, 1, 1])).toBe(false);
    expect(broadcastsOverChannels([1, 8, 16, 16], [1, 8, 2, 1])).toBe(false);
    expect(broadcastsOverChannels([1, 8, 16, 16], [1, 8, 1, 2])).toBe(false);
    expect(broadcastsOverChannels([16, 16], [1, 1])).toBe(false);
    expect(broadcastsOverChannels([1, 8, 16, 16], [1, 1])).toBe(false);
    expect(broadcastsOverChannels([1, 8, null, null], [1, 8, 1, 1])).toBe(false);
    expect(broadcastsOverChannels([1, null, 16, 16], [1, null, 1, 1])).toBe(false);
    expect(broadcastsOverChannels([8, 16], [8, 1, 1])).toBe(false);
  });
});

const multiply = (name: string, inputs: string[], shapes: number[][]): LayerFacts => ({
  name,
  kind: 'multiply',
  inputs,
  outputs: [name],
  inputTensors: shapes.map((shape) => ({ rank: shape.length, shape })),
  outputTensors: [],
  path: [],
  isUpdatable: false,
  weights: [],
});
const constant: LayerFacts = { ...multiply('weights', [], []), kind: 'loadConstant', outputs: ['w'] };

ruleCases(channelBroadcastMultiply, {
  invalid: [
    {
      name: 'a squeeze-and-excitation gate (not its multiply by a constant, nor by a [1, 1, 1, 1] mean)',
      model: built.rule_channel_gate,
      findings: [{ subject: { kind: 'op', name: 'gated_cast_fp16', type: 'mul', function: 'main' }, messageIncludes: ['mul op "gated_cast_fp16" in function main multiplies [1, 8, 16, 16] by "excite_cast_fp16" [1, 8, 1, 1], a channel broadcast of a value computed at run time', '"elementwise with channel broadcast supported only with constant vector"', 'Tile or upsample'] }],
    },
    { name: 'a NeuralNetwork multiply by a computed gate', model: built.rule_nn_channel_gate, findings: [{ subject: { kind: 'layer', name: 'gated', type: 'multiply' }, messageIncludes: ['multiply layer "gated" multiplies [8, 16, 16] by "excited" [8, 1, 1]'] }] },
    {
      name: 'the gate first (hand-made)',
      model: handMadeSpec({ network: { layers: [multiply('gate_first', ['g', 'x'], [[4, 1, 1], [4, 8, 8]])], layerCounts: {}, weightStorage: {}, layerNames: 'schema' } }),
      findings: [{ subject: { kind: 'layer', name: 'gate_first' }, messageIncludes: ['multiplies [4, 8, 8] by "g" [4, 1, 1]'] }],
    },
  ],
  valid: [
    { name: 'no multiply', model: built.program_fp16 },
    {
      name: 'an add of the same shapes, a mul without its operands, a mul by a loadConstantND (hand-made)',
      model: handMadeProgram(
        [handMadeOp('relu', 'x', { outputs: [tensor('fp16', [1, 8, 16, 16])] }), handMadeOp('relu', 'g', { outputs: [tensor('fp16', [1, 8, 1, 1])] }), handMadeOp('add', 'sum', { inputs: { x: 'x', y: 'g' } }), handMadeOp('mul', 'lonely', { inputs: { x: 'x' } }), handMadeOp('mul', 'nothing')],
      ),
    },
    {
      name: 'NeuralNetwork multiplies by a loadConstantND, and of two inputs with one tensor described (hand-made)',
      model: handMadeSpec({
        network: {
          layers: [
            { ...constant, kind: 'loadConstantND', outputs: ['w'] },
            multiply('by_constant', ['x', 'w'], [[4, 8, 8], [4, 1, 1]]),
            multiply('half_known', ['x', 'g'], [[4, 8, 8]]),
            { ...multiply('added', ['x', 'g'], [[4, 8, 8], [4, 1, 1]]), kind: 'add' },
            multiply('three_inputs', ['x', 'g', 'h'], [[4, 8, 8], [4, 1, 1]]),
          ],
          layerCounts: {},
          weightStorage: {},
          layerNames: 'schema',
        },
      }),
    },
    { name: 'NeuralNetwork layers without tensor shapes', model: built.nn_layers },
    {
      name: 'a NeuralNetwork multiply by a loadConstant, one without shapes, one of three inputs (hand-made)',
      model: handMadeSpec({
        network: {
          layers: [constant, multiply('by_constant', ['x', 'w'], [[4, 8, 8], [4, 1, 1]]), multiply('unknown', ['x', 'g'], []), multiply('three', ['x', 'g', 'h'], [[4, 8, 8], [4, 1, 1], [4, 1, 1]])],
          layerCounts: {},
          weightStorage: {},
          layerNames: 'schema',
        },
      }),
    },
  ],
});
