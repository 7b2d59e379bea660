import type { DiffFinding, ModelSide } from '../../src/model/diff.js';
import type { FeatureFacts } from '../../src/model/facts.js';
import { minimumOs } from '../../src/model/read/minimum-os.js';
import type { FunctionSummary, ModelSummary } from '../../src/model/summary.js';

/** A report `models` entry made by hand: an ML program of spec 9 with one function, unless told otherwise. */
export function summaryOf(overrides: Partial<ModelSummary> = {}): ModelSummary {
  const specificationVersion = overrides.specificationVersion === undefined ? 9 : overrides.specificationVersion;
  return {
    path: 'model.mlpackage',
    format: 'mlpackage',
    kind: 'mlProgram',
    specificationVersion,
    minimumOs: minimumOs(specificationVersion),
    isUpdatable: false,
    inputs: [feature('x')],
    outputs: [feature('y')],
    states: [],
    functions: [functionOf('main', { const: 4, linear: 2, relu: 1 })],
    layers: {},
    precision: { fp16: 3 },
    weightBytes: 1000,
    notes: [],
    ...overrides,
  };
}

export function functionOf(name: string, operations: Record<string, number>, overrides: Partial<FunctionSummary> = {}): FunctionSummary {
  return { name, opset: 'CoreML8', operations, precision: { fp16: 3 }, ...overrides };
}

/** A multiArray input or output: fp32 [1, 8, 64], fixed, unless told otherwise. */
export function feature(name: string, overrides: Partial<FeatureFacts> = {}): FeatureFacts {
  return { name, kind: 'multiArray', optional: false, dataType: 'fp32', shape: [1, 8, 64], flexibility: null, ...overrides };
}

export function finding(rule: string, subject: Partial<DiffFinding['subject']> = {}, severity: DiffFinding['severity'] = 'error'): DiffFinding {
  return { rule, severity, subject: { kind: 'op', name: 'op_1', type: 'lstm', function: 'main', ...subject } };
}

export function side(summary: ModelSummary, findings: DiffFinding[] = []): ModelSide {
  return { summary, findings };
}
