/**
 * The report's `models` entry for one model (contract.md, "The model check"): what the facts say, without the
 * per-op and per-layer detail the rules use. Findings and the diff are added beside it by the model check.
 */
import type { DataType, FeatureFacts, MinimumOs, ModelFacts, ModelFormat, ModelSpecFacts } from './facts.js';

export interface FunctionSummary {
  name: string;
  opset: string;
  /** Op type -> count, nested blocks included, `const` counted like any op. */
  operations: Record<string, number>;
  /** Data type -> how many computing ops produce it (facts.ts, FunctionFacts.precision). */
  precision: Partial<Record<DataType, number>>;
}

export interface SpecSummary {
  kind: string;
  specificationVersion: number | null;
  minimumOs: MinimumOs | null;
  isUpdatable: boolean;
  inputs: FeatureFacts[];
  outputs: FeatureFacts[];
  states: FeatureFacts[];
  functions: FunctionSummary[];
  /** Layer kind -> count (a NeuralNetwork); empty otherwise. */
  layers: Record<string, number>;
  /** What the ML program computes in, over all its functions; empty for other kinds. */
  precision: Partial<Record<DataType, number>>;
  /** A pipeline's sub-models, in order. */
  pipeline?: { name: string | null; model: SpecSummary }[];
}

export interface ModelSummary extends SpecSummary {
  path: string;
  format: ModelFormat;
  weightBytes: number;
  notes: string[];
}

export function modelSummary(facts: ModelFacts): ModelSummary {
  const { kind, specificationVersion, minimumOs, isUpdatable, inputs, outputs, states, functions, layers, precision, pipeline } = specSummary(facts);
  return {
    path: facts.path,
    format: facts.format,
    kind,
    specificationVersion,
    minimumOs,
    isUpdatable,
    inputs,
    outputs,
    states,
    functions,
    layers,
    precision,
    ...(pipeline ? { pipeline } : {}),
    weightBytes: facts.weightBytes,
    notes: facts.notes,
  };
}

function specSummary(spec: ModelSpecFacts): SpecSummary {
  const functions = (spec.program?.functions ?? []).map((fn) => ({ name: fn.name, opset: fn.opset, operations: fn.operationCounts, precision: fn.precision }));
  const precision: Partial<Record<DataType, number>> = {};
  for (const fn of functions) {
    for (const [dataType, count] of Object.entries(fn.precision) as [DataType, number][]) precision[dataType] = (precision[dataType] ?? 0) + count;
  }
  const summary: SpecSummary = {
    kind: spec.kind,
    specificationVersion: spec.specificationVersion,
    minimumOs: spec.minimumOs,
    isUpdatable: spec.isUpdatable,
    inputs: spec.inputs,
    outputs: spec.outputs,
    states: spec.states,
    functions,
    layers: spec.network?.layerCounts ?? {},
    precision,
  };
  if (spec.pipeline) summary.pipeline = spec.pipeline.map((step) => ({ name: step.name, model: specSummary(step.model) }));
  return summary;
}
