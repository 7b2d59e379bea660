/**
 * A multiply of a [C, H, W] tensor by a [C, 1, 1] tensor computed at run time (a squeeze-and-excitation gate):
 * Espresso's kernel validation, logged in hollance/neural-engine#2 for MobileNet V3, "elementwise with channel
 * broadcast supported only with constant vector or transplant input". Checked: MIL `mul` whose operands' shapes are
 * known, and a NeuralNetwork `multiply` layer whose input tensors the file gives (spec 4+), where the [C, 1, 1]
 * operand is not a constant (a MIL `const`, a `loadConstant` layer).
 */
import type { Dim, FunctionFacts, LayerFacts, ModelSpecFacts, OperationFacts } from '../facts.js';
import { type Rule, finding } from './rule.js';
import { boundTo, computingOps, tensorOf } from './program.js';
import { describeLayer, describeOp, layersOf, layerSubject, opSubject, shapeText } from './subjects.js';

const CONSTANT_LAYERS = new Set(['loadConstant', 'loadConstantND']);

const meta = {
  id: 'channel-broadcast-multiply',
  severity: 'error',
  evidence: 'message',
  sources: ['hollance/neural-engine#2'],
  scope: 'all',
  description: 'A multiply broadcasts a [C, 1, 1] tensor computed at run time over a [C, H, W] one.',
  why: 'The ANE\'s elementwise multiply broadcasts over channels only with a constant vector ("elementwise with channel broadcast supported only with constant vector"); with a computed one it runs on the GPU or CPU.',
  fix: 'Tile or upsample the [C, 1, 1] gate to [C, H, W] before the multiply, or fold the gate into the next convolution; a constant vector may stay as it is.',
} as const;

/** Whether `gate` is a [C, 1, 1] (right-aligned) that broadcasts over the channels of `full`, a [C, H, W]. */
export function broadcastsOverChannels(full: readonly Dim[], gate: readonly Dim[]): boolean {
  // A gate of rank 2 or less has no [C, 1, 1] to take, so only the full tensor's rank is checked.
  if (full.length < 3) return false;
  const [c, h, w] = gate.slice(-3);
  const [fc, fh, fw] = full.slice(-3);
  const spatial = (fh ?? 1) > 1 || (fw ?? 1) > 1;
  return h === 1 && w === 1 && (c ?? 0) > 1 && fc === c && spatial;
}

function opGate(fn: FunctionFacts, op: OperationFacts): { full: Dim[]; gate: Dim[]; name: string } | undefined {
  const x = boundTo(fn, op, 'x');
  const y = boundTo(fn, op, 'y');
  const pairs = [
    [x, y],
    [y, x],
  ] as const;
  for (const [full, gate] of pairs) {
    const fullShape = tensorOf(full?.type)?.shape;
    const gateShape = tensorOf(gate?.type)?.shape;
    if (gate?.kind === 'runtime' && fullShape && gateShape && broadcastsOverChannels(fullShape, gateShape)) return { full: fullShape, gate: gateShape, name: gate.name };
  }
  return undefined;
}

function layerGate(model: ModelSpecFacts, layer: LayerFacts): { full: Dim[]; gate: Dim[]; name: string } | undefined {
  if (layer.kind !== 'multiply' || layer.inputTensors.length !== 2 || layer.inputs.length !== 2) return undefined;
  const layers = layersOf(model);
  for (const [full, gate] of [
    [0, 1],
    [1, 0],
  ] as const) {
    const name = layer.inputs[gate]!;
    const maker = layers.find((candidate) => candidate.outputs.includes(name));
    const constant = maker !== undefined && CONSTANT_LAYERS.has(maker.kind);
    const fullShape = layer.inputTensors[full]!.shape;
    const gateShape = layer.inputTensors[gate]!.shape;
    if (!constant && broadcastsOverChannels(fullShape, gateShape)) return { full: fullShape, gate: gateShape, name };
  }
  return undefined;
}

function message(what: string, gate: { full: Dim[]; gate: Dim[]; name: string }): string {
  return `${what} multiplies ${shapeText(gate.full)} by "${gate.name}" ${shapeText(gate.gate)}, a channel broadcast of a value computed at run time: ${meta.why} ${meta.fix}`;
}

export const channelBroadcastMultiply: Rule = {
  meta,
  check(model) {
    const ops = computingOps(model).flatMap(({ fn, op }) => {
      const gate = op.type === 'mul' ? opGate(fn, op) : undefined;
      return gate ? [finding(meta, opSubject(fn, op), message(describeOp(fn, op), gate))] : [];
    });
    const layers = layersOf(model).flatMap((layer) => {
      const gate = layerGate(model, layer);
      return gate ? [finding(meta, layerSubject(layer), message(describeLayer(layer), gate))] : [];
    });
    return [...ops, ...layers];
  },
};
