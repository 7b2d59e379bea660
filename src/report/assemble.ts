import type { Measurement } from '../analysis/measure.js';
import type { Verdict } from '../analysis/verdict.js';
import { roundPercent } from '../round.js';
import type { LatencyReport } from '../evidence/latency.js';
import type { PlanReport } from '../evidence/plan.js';
import type { Witnesses } from '../evidence/witnesses.js';
import type { FailOn } from '../inputs/settings.js';
import { ENGINES, type Engine } from '../profiles/profile.js';
import { chooseHeadline } from './headline.js';
import type { DiscoveryReport, EngineReport, EnvironmentReport, FallbackKernel, ProbeReport, Report, RunReport } from './report.js';

export interface AssembleInput {
  name: string;
  /** The commit measured; null when unknown. */
  commit: string | null;
  verdict: Verdict;
  measurement?: Measurement;
  warmup: number;
  predictions: number;
  /** The settings' gates; `failOn` is the model check's (main.ts passes the settings, which carry it). */
  gates: { threshold: number; maxDrop?: number; planThreshold?: number; allowOffAne?: string[]; maxSlowdown?: number; failOn?: FailOn };
  plan?: PlanReport;
  latency?: LatencyReport;
  witnesses?: Witnesses;
  run: RunReport;
  environment: EnvironmentReport;
  discovery?: DiscoveryReport;
  /** Core ML's log lines that explain a fallback. */
  fallbackReasons?: string[];
}

/** The report of one measurement: the single source of every renderer. */
export function assembleReport(input: AssembleInput): Report {
  const { measurement, verdict } = input;
  const counted = measurement?.predictions.counted ?? 0;
  const total = measurement ? ENGINES.reduce((sum, engine) => sum + measurement.engines[engine].dispatches, 0) : 0;
  const engines = Object.fromEntries(
    ENGINES.map((engine): [Engine, EngineReport] => {
      const count = measurement?.engines[engine];
      const dispatches = count?.dispatches ?? 0;
      return [
        engine,
        {
          dispatches,
          perPrediction: counted > 0 ? Math.round((dispatches / counted) * 100) / 100 : 0,
          minPerPrediction: count?.minPerPrediction ?? null,
          maxPerPrediction: count?.maxPerPrediction ?? null,
          // No share where the run measured nothing (contract.md: never a 0% for "could not tell").
          share: verdict.coverage === null ? null : total > 0 ? roundPercent((dispatches / total) * 100) : 0,
          markers: count?.markers ?? 0,
          resolved: count?.resolved ?? false,
        },
      ];
    }),
  ) as Record<Engine, EngineReport>;

  const probes: ProbeReport[] = (measurement?.probes ?? []).map((result) => ({
    ...(result.probe.engine ? { engine: result.probe.engine } : {}),
    role: result.probe.role,
    ...(result.probe.symbol !== undefined ? { symbol: result.probe.symbol } : { regex: result.probe.regex }),
    ...(result.probe.module !== undefined ? { module: result.probe.module } : {}),
    ...(result.foundIn ? { foundIn: [...result.foundIn] } : {}),
    ...(result.probe.runtimes !== undefined ? { runtimes: [...result.probe.runtimes] } : {}),
    resolved: result.locations > 0,
    locations: result.locations,
    hits: result.hits,
    totalHits: result.totalHits,
    functions: result.functions,
  }));

  const report: Report = {
    schemaVersion: 1,
    name: input.name,
    createdAt: new Date().toISOString(),
    commit: input.commit,
    status: verdict.status,
    coverage: verdict.coverage,
    predictions: measurement?.predictions ?? { observed: 0, warmup: input.warmup, counted: 0, requested: input.predictions },
    engines,
    probes,
    fallbackKernels: fallbackKernels(probes),
    runtimes: measurement?.runtimes ?? [],
    fallbackReasons: input.fallbackReasons ?? [],
    baseline: null,
    gates: {
      threshold: input.gates.threshold,
      maxDrop: input.gates.maxDrop ?? null,
      planThreshold: input.gates.planThreshold ?? null,
      allowOffAne: input.gates.allowOffAne ?? null,
      maxSlowdown: input.gates.maxSlowdown ?? null,
      ...(input.gates.failOn !== undefined ? { failOn: input.gates.failOn } : {}),
    },
    plan: input.plan ?? null,
    latency: input.latency ?? null,
    agreement: verdict.agreement,
    witnesses: input.witnesses ?? null,
    reasons: verdict.reasons,
    notes: verdict.notes,
    run: input.run,
    environment: input.environment,
    ...(input.discovery ? { discovery: input.discovery } : {}),
  };
  // Which figure leads (headline.ts): the plan's cost share when the run agrees with the plan, else the dispatch share.
  return { ...report, headline: chooseHeadline(report) };
}

/** GPU and CPU dispatch functions hit in the counted predictions: what did not run on the ANE. */
function fallbackKernels(probes: readonly ProbeReport[]): FallbackKernel[] {
  const hits = new Map<string, FallbackKernel>();
  for (const probe of probes) {
    if (probe.role !== 'dispatch' || probe.engine === undefined || probe.engine === 'ane') continue;
    for (const fn of probe.functions) {
      if (fn.hits === 0) continue;
      const key = `${probe.engine}\u0000${fn.name}`;
      // A function matched by two probes is one kernel: keep its count once.
      if (!hits.has(key)) hits.set(key, { engine: probe.engine, name: fn.name, hits: fn.hits });
    }
  }
  return [...hits.values()].sort((a, b) => b.hits - a.hits || a.name.localeCompare(b.name));
}
