/**
 * Evidence lines: what an app may tell ane-check on its standard output (contract.md, "Evidence lines").
 * Each is one line, `ane-check:<event> ` and one JSON object; any other output is ignored. A line that
 * names an event but does not hold what the contract says is reported as a problem, never guessed at.
 */

export const COMPUTE_DEVICES = ['cpu', 'gpu', 'neuralEngine'] as const;
export type ComputeDevice = (typeof COMPUTE_DEVICES)[number];

export interface PlanOperation {
  function?: string;
  name?: string;
  /** The operator (ML Program) or layer type (NeuralNetwork): `ios18.conv`. */
  op: string;
  /** The device Core ML prefers for it; null when it reports no usage (a `const`). */
  preferred: ComputeDevice | null;
  supported: ComputeDevice[];
  /** The estimated share of the model's work in [0, 1]; null when not reported (NeuralNetwork layers). */
  cost: number | null;
}

export interface PlanLine {
  computeUnits: string;
  operations: PlanOperation[];
}

export interface LatencyLine {
  computeUnits: string;
  ms: number[];
}

export interface Evidence {
  /** `MLModel.availableComputeDevices`, when the app said. */
  computeDevices?: ComputeDevice[];
  /** The last plan the app printed. */
  plan?: PlanLine;
  latencies: LatencyLine[];
  /** Lines that named an event but could not be read: `line 12: plan: ...`. */
  problems: string[];
}

const LINE = /^ane-check:([a-z-]+) (.*)$/u;

export function readEvidence(text: string): Evidence {
  const evidence: Evidence = { latencies: [], problems: [] };
  text.split(/\r?\n/u).forEach((raw, index) => {
    const match = LINE.exec(raw.trim());
    if (!match) return;
    const [, event, body] = match;
    try {
      const value = JSON.parse(body!) as unknown;
      if (event === 'compute-devices') evidence.computeDevices = readComputeDevices(value);
      else if (event === 'plan') evidence.plan = readPlan(value);
      else if (event === 'latency') evidence.latencies.push(readLatency(value));
      else throw new Error('unknown event (compute-devices, plan or latency)');
    } catch (error) {
      evidence.problems.push(`line ${index + 1}: ${event}: ${(error as Error).message}`);
    }
  });
  return evidence;
}

function object(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  return value as Record<string, unknown>;
}

function device(value: unknown, what: string): ComputeDevice {
  if (typeof value !== 'string' || !(COMPUTE_DEVICES as readonly string[]).includes(value)) {
    throw new Error(`${what} ${JSON.stringify(value)} is not cpu, gpu or neuralEngine`);
  }
  return value as ComputeDevice;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${what} is not a non-empty string`);
  return value;
}

function readComputeDevices(value: unknown): ComputeDevice[] {
  const devices = object(value).devices;
  if (!Array.isArray(devices)) throw new Error('"devices" is not an array');
  return devices.map((entry) => device(entry, 'device'));
}

function readPlan(value: unknown): PlanLine {
  const plan = object(value);
  if (!Array.isArray(plan.operations)) throw new Error('"operations" is not an array');
  return {
    computeUnits: text(plan.computeUnits, '"computeUnits"'),
    operations: plan.operations.map((entry, index) => {
      const operation = object(entry);
      const where = `operation ${index + 1}`;
      const cost = operation.cost;
      if (cost !== null && cost !== undefined && (typeof cost !== 'number' || !(cost >= 0 && cost <= 1))) throw new Error(`${where}: "cost" ${JSON.stringify(cost)} is not in [0, 1]`);
      if (!Array.isArray(operation.supported ?? [])) throw new Error(`${where}: "supported" is not an array`);
      return {
        ...(typeof operation.function === 'string' ? { function: operation.function } : {}),
        ...(typeof operation.name === 'string' ? { name: operation.name } : {}),
        op: text(operation.op, `${where}: "op"`),
        preferred: operation.preferred === null || operation.preferred === undefined ? null : device(operation.preferred, `${where}: "preferred"`),
        supported: ((operation.supported ?? []) as unknown[]).map((entry) => device(entry, `${where}: "supported"`)),
        cost: typeof cost === 'number' ? cost : null,
      };
    }),
  };
}

function readLatency(value: unknown): LatencyLine {
  const latency = object(value);
  const ms = latency.ms;
  if (!Array.isArray(ms) || ms.length === 0 || ms.some((entry) => typeof entry !== 'number' || !Number.isFinite(entry) || entry < 0)) {
    throw new Error('"ms" is not a non-empty array of milliseconds');
  }
  return { computeUnits: text(latency.computeUnits, '"computeUnits"'), ms: ms as number[] };
}
