/**
 * The subjects findings are about, and how a message names them: `lstm op "lstm_0" in function main`,
 * `uniDirectionalLSTM layer "lstm"`, `input "x" (multiArray)`. Names are kept as the file has them, in quotes;
 * the report escapes what it shows.
 */
import type { FeatureFacts, FunctionFacts, LayerFacts, ModelSpecFacts, OperationFacts } from '../facts.js';
import type { Subject } from './rule.js';

export function opSubject(fn: FunctionFacts, op: OperationFacts): Subject {
  return { kind: 'op', name: op.name, type: op.type, function: fn.name };
}

export function describeOp(fn: FunctionFacts, op: OperationFacts): string {
  return `${op.type} op "${op.name}" in function ${fn.name}`;
}

/** A NeuralNetwork's layers, nested networks included; none for other kinds. */
export function layersOf(model: ModelSpecFacts): LayerFacts[] {
  return model.network?.layers ?? [];
}

export function layerSubject(layer: LayerFacts): Subject {
  return { kind: 'layer', name: layer.name, type: layer.kind };
}

export function describeLayer(layer: LayerFacts): string {
  return `${layer.kind} layer "${layer.name}"`;
}

export type FeatureRole = 'input' | 'output' | 'state';

/** A feature with the function whose description holds it (multi-function models, spec 9+). */
export interface FeatureEntry {
  role: FeatureRole;
  feature: FeatureFacts;
  function?: string;
}

const LISTS = { input: 'inputs', output: 'outputs', state: 'states' } as const;

/**
 * The model's inputs, outputs or states. A multi-function model describes each function's own, and the
 * model-level description repeats the default function's: the functions' are used, each named, so that none is
 * counted twice.
 */
export function featuresOf(model: ModelSpecFacts, role: FeatureRole): FeatureEntry[] {
  const list = LISTS[role];
  if (model.functionDescriptions.length > 0) {
    return model.functionDescriptions.flatMap((fn) => fn[list].map((feature) => ({ role, feature, function: fn.name })));
  }
  return model[list].map((feature) => ({ role, feature }));
}

export function featureSubject(entry: FeatureEntry): Subject {
  return { kind: entry.role, name: entry.feature.name, type: entry.feature.kind, ...(entry.function !== undefined ? { function: entry.function } : {}) };
}

export function describeFeature(entry: FeatureEntry): string {
  const where = entry.function !== undefined ? ` of function ${entry.function}` : '';
  return `${entry.role} "${entry.feature.name}" (${entry.feature.kind})${where}`;
}

/** The model itself, or one of its ML program functions. */
export function modelSubject(model: ModelSpecFacts, fn?: FunctionFacts): Subject {
  return fn ? { kind: 'model', name: fn.name, type: model.kind, function: fn.name } : { kind: 'model', name: model.kind, type: model.kind };
}

/** `[1, 240000]`; an unknown dimension reads `?`. */
export function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((dim) => (dim === null ? '?' : String(dim))).join(', ')}]`;
}
