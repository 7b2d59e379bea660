import type { Engine } from '../profiles/profile.js';
import { roundPercent } from '../round.js';
import type { ComputeDevice, PlanLine } from './evidence-lines.js';

/** The report's `plan` (contract.md): what Core ML's compute plan intends, summed by device. */
export interface PlanReport {
  computeUnits: string;
  operations: number;
  /** `cost`: shares of the estimated cost; `operations`: shares of operation counts (no operation had a cost). */
  basis: 'cost' | 'operations';
  /** Cost (or operations) preferred on the ANE over all with a usage, in percent; null when the plan cannot speak for the ANE. */
  aneCostShare: number | null;
  byDevice: Record<Engine, { operations: number; cost: number }>;
  /** Operation types preferred off the ANE, by device, and whether the ANE supported them. */
  offAne: { op: string; device: 'gpu' | 'cpu'; operations: number; cost: number; aneSupported: boolean }[];
  /** Operation types preferred on the ANE, most operations first: what the model check's findings are set beside. Absent in older reports. */
  onAne?: { op: string; operations: number }[];
  /** Why the plan's ANE share means nothing here, when it does not. */
  note?: string;
}

const ENGINE_OF: Record<ComputeDevice, Engine> = { neuralEngine: 'ane', gpu: 'gpu', cpu: 'cpu' };

/** Cost weights are rounded to four decimals, as the report shows them. */
const weight = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * Sums a plan by the device each operation prefers. Operations without a usage (a `const`) are left out of
 * every share. The basis is the estimated cost when any operation with a usage has a cost above 0 (Core ML
 * reports costs for ML Programs; a model kept wholly on the CPU may report every cost as 0); otherwise the
 * share is one of operation counts. Without `neuralEngine` among the machine's devices (a virtual Mac) the
 * plan cannot say anything about the ANE, and its share is null.
 */
export function summarizePlan(plan: PlanLine, computeDevices: readonly ComputeDevice[] | undefined): PlanReport {
  const used = plan.operations.filter((operation) => operation.preferred !== null);
  const basis = used.some((operation) => (operation.cost ?? 0) > 0) ? 'cost' : 'operations';
  const amount = (operation: (typeof used)[number]) => (basis === 'cost' ? (operation.cost ?? 0) : 1);

  const byDevice: PlanReport['byDevice'] = { ane: { operations: 0, cost: 0 }, gpu: { operations: 0, cost: 0 }, cpu: { operations: 0, cost: 0 } };
  const offAne = new Map<string, PlanReport['offAne'][number]>();
  const aneTypes = new Map<string, number>();
  for (const operation of used) {
    const engine = ENGINE_OF[operation.preferred!];
    byDevice[engine].operations++;
    byDevice[engine].cost += operation.cost ?? 0;
    if (engine === 'ane') {
      aneTypes.set(operation.op, (aneTypes.get(operation.op) ?? 0) + 1);
      continue;
    }
    const aneSupported = operation.supported.includes('neuralEngine');
    const key = JSON.stringify([operation.op, engine, aneSupported]);
    const group = offAne.get(key) ?? { op: operation.op, device: engine, operations: 0, cost: 0, aneSupported };
    group.operations++;
    group.cost += operation.cost ?? 0;
    offAne.set(key, group);
  }
  for (const engine of Object.keys(byDevice) as Engine[]) byDevice[engine].cost = weight(byDevice[engine].cost);

  const total = used.reduce((sum, operation) => sum + amount(operation), 0);
  const onAne = used.filter((operation) => operation.preferred === 'neuralEngine').reduce((sum, operation) => sum + amount(operation), 0);
  const noAne = computeDevices !== undefined && !computeDevices.includes('neuralEngine');
  return {
    computeUnits: plan.computeUnits,
    operations: plan.operations.length,
    basis,
    aneCostShare: noAne || total === 0 ? null : roundPercent((onAne / total) * 100),
    byDevice,
    offAne: [...offAne.values()].map((group) => ({ ...group, cost: weight(group.cost) })).sort((a, b) => b.cost - a.cost || b.operations - a.operations || a.op.localeCompare(b.op)),
    onAne: [...aneTypes].map(([op, operations]) => ({ op, operations })).sort((a, b) => b.operations - a.operations || a.op.localeCompare(b.op)),
    ...(noAne
      ? { note: "This machine has no Neural Engine among Core ML's compute devices: the plan cannot say what would run on the ANE." }
      : total === 0
        ? { note: 'The plan reports no usage for any operation: it places nothing.' }
        : {}),
  };
}

/** Whether the plan places any work on the ANE. */
export function planUsesAne(plan: PlanReport): boolean {
  return plan.aneCostShare !== null && plan.byDevice.ane.operations > 0;
}
