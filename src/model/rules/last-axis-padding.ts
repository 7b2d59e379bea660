/**
 * Advice: a tensor whose last axis is short, so that the ANE's padding of the last axis to 64 bytes multiplies its
 * memory. Apple's "Deploying Transformers on the Apple Neural Engine": the last axis of an ANE buffer is not packed
 * but aligned to 64 bytes, so a last axis of size 1 costs 32 times the memory in float16; the article's remedy is
 * the channels-first (B, C, 1, S) layout, the sequence last.
 *
 * To say something precise rather than fire on every model, a tensor is a finding only when padding makes it at
 * least 4 times larger (its last axis holds at most 16 bytes: 8 fp16 values) and adds at least 1 MiB. A CNN's
 * small spatial maps ([1, 2048, 7, 7]: 14 bytes a row, 0.7 MiB added) stay below that; a transformer activation
 * laid out (B, S, C, 1) does not. Checked: the outputs of the ops that compute and a NeuralNetwork's layer
 * outputs (whose precision is not in the file: counted as float16, the ANE's), whose shapes are all known.
 */
import type { DataType, Dim } from '../facts.js';
import { type Finding, type Rule, finding } from './rule.js';
import { computingOps, tensorOf } from './program.js';
import { describeLayer, describeOp, layersOf, layerSubject, opSubject, shapeText } from './subjects.js';

export const ALIGNMENT = 64;
export const MIN_FACTOR = 4;
export const MIN_WASTE = 2 ** 20;

const ELEMENT_BYTES: ReadonlyMap<DataType, number> = new Map<DataType, number>([
  ['fp16', 2],
  ['bf16', 2],
  ['int16', 2],
  ['uint16', 2],
  ['fp32', 4],
  ['int32', 4],
  ['uint32', 4],
  ['int8', 1],
  ['uint8', 1],
]);

/** How padding the last axis to 64 bytes grows a tensor: the factor and the bytes it adds; undefined if unknown. */
export function padding(shape: readonly Dim[], elementBytes: number): { factor: number; waste: number; rowBytes: number } | undefined {
  if (shape.length < 2 || shape.some((dim) => (dim ?? 0) <= 0)) return undefined;
  const dims = shape as number[];
  const rowBytes = dims.at(-1)! * elementBytes;
  const padded = Math.ceil(rowBytes / ALIGNMENT) * ALIGNMENT;
  const rows = dims.slice(0, -1).reduce((product, dim) => product * dim, 1);
  return { factor: padded / rowBytes, waste: rows * (padded - rowBytes), rowBytes };
}

const meta = {
  id: 'last-axis-padding',
  severity: 'info',
  evidence: 'Apple',
  sources: ['https://machinelearning.apple.com/research/neural-engine-transformers'],
  scope: 'all',
  description: 'A tensor\'s last axis is so short that padding it to 64 bytes makes the tensor 4 times larger or more, by at least 1 MiB.',
  why: 'The ANE aligns the last axis of a buffer to 64 bytes: a last axis of one float16 value takes 32 times its memory, and the memory traffic with it.',
  fix: 'Lay tensors out channels-first with the long axis last, (B, C, 1, S) for a sequence, as Apple\'s ml-ane-transformers does.',
} as const;

function check(subject: Parameters<typeof finding>[1], what: string, shape: readonly Dim[], dataType: string, elementBytes: number): Finding[] {
  const grown = padding(shape, elementBytes);
  if (!grown || grown.factor < MIN_FACTOR || grown.waste < MIN_WASTE) return [];
  const mib = (grown.waste / 2 ** 20).toFixed(1);
  return [
    finding(
      meta,
      subject,
      `${what} makes ${shapeText(shape)} ${dataType}: its last axis (${grown.rowBytes} bytes) is padded to 64 bytes on the ANE, ${Number(grown.factor.toFixed(1))}x the memory (${mib} MiB more). ${meta.fix}`,
    ),
  ];
}

export const lastAxisPadding: Rule = {
  meta,
  check(model) {
    const ops = computingOps(model).flatMap(({ fn, op }) => {
      const tensor = op.outputs.map((output) => tensorOf(output.type)).find((candidate) => candidate !== null && ELEMENT_BYTES.has(candidate.dataType));
      return tensor ? check(opSubject(fn, op), describeOp(fn, op), tensor.shape, tensor.dataType, ELEMENT_BYTES.get(tensor.dataType)!) : [];
    });
    const layers = layersOf(model).flatMap((layer) => {
      const shape = layer.outputTensors[0]?.shape;
      return shape ? check(layerSubject(layer), describeLayer(layer), shape, 'fp16', 2) : [];
    });
    return [...ops, ...layers];
  },
};
