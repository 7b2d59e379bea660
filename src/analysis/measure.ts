import { ENGINES, type Engine, type Probe } from '../profiles/profile.js';
import { BREAKPOINT_NAMES, enteredAtFallback } from '../probe/lldb-script.js';
import type { Snapshot, Transcript } from '../probe/transcript.js';
import { breakpointKey, countedBreakpoints, countingOf, hitKey, locationKey, probeBreakpoints, splitPredictions, type Counting, type Prediction } from './predictions.js';

export interface FunctionHits {
  name: string;
  module?: string;
  /** Hits in the counted predictions. */
  hits: number;
  /** Hits over the whole run, warm-up and loading included. */
  totalHits: number;
}

export interface ProbeResult {
  probe: Probe;
  /** Locations LLDB found, judged after the run: a breakpoint set before its library loads is pending at first. */
  locations: number;
  hits: number;
  totalHits: number;
  functions: FunctionHits[];
  /**
   * The images other than the probe's `module` where its resolved locations are: found by the fallback stop's
   * search of every image (lldb-script.ts). Absent when none.
   */
  foundIn?: string[];
}

export interface EngineCount {
  /** Dispatches in the counted predictions (each dispatch function counted once, even if two probes match it). */
  dispatches: number;
  /** The fewest and the most dispatches in one counted prediction; null when none was counted. */
  minPerPrediction: number | null;
  maxPerPrediction: number | null;
  /** Hits of this engine's marker probes over the whole run. */
  markers: number;
  /** Whether any dispatch probe of this engine resolved to a location. */
  resolved: boolean;
}

/** A runtime (a built-in profile merged into `auto`, or the one profile) that served counted predictions. */
export interface RuntimeCount {
  name: string;
  predictions: number;
  dispatches: Record<Engine, number>;
}

/** Hits of a dispatch probe in counted predictions that another runtime served: left out of the count. */
export interface UncountedHits {
  probe: Probe;
  hits: number;
  servedBy: string[];
}

/** `killed`: the system or a signal ended the target (LLDB's `Terminated due to ...`, transcript.ts). */
export type WindowEnd = 'next-prediction' | 'exit' | 'idle' | 'crash' | 'killed' | 'timeout' | 'unknown';

export interface Measurement {
  predictions: { observed: number; warmup: number; counted: number; requested: number };
  /** Whether a prediction after the warm-up began. */
  windowOpened: boolean;
  windowEnd: WindowEnd;
  engines: Record<Engine, EngineCount>;
  probes: ProbeResult[];
  runtimes: RuntimeCount[];
  uncounted: UncountedHits[];
  /** Functions matched by more than one dispatch probe, counted once. */
  sharedFunctions: string[];
  /**
   * ANE dispatch probes counted together that fired equally often in every counted prediction: they may
   * sit on one call path, which would count each ANE dispatch twice.
   */
  aneTwins: [Probe, Probe][];
}

export interface MeasureInput {
  probes: readonly Probe[];
  transcript: Transcript;
  warmup: number;
  predictions: number;
  timedOut: boolean;
  idleStopped: boolean;
  /** The name of the runtime of probes that say none (the profile's name). */
  profileName: string;
}

/**
 * Turns the per-prediction snapshots into counts: dispatches per engine in each counted prediction, each
 * prediction counted with the probes of the runtime whose prediction probe opened it.
 */
export function measure(input: MeasureInput): Measurement | undefined {
  const { transcript, probes } = input;
  const final = transcript.final;
  if (!final) return undefined;

  const windowEndIds = final.filter((breakpoint) => breakpoint.names.includes(BREAKPOINT_NAMES.windowEnd)).map((breakpoint) => breakpoint.id);
  const windowEnd = classifyWindowEnd(input, windowEndIds);

  // The prediction in which the fallback stop set prediction probes again had begun before they were set: its
  // snapshot is the fallback stop's listing, opened by those probes (lldb-script.ts, MovedProbe.entered).
  const { snapshots, entered } = withFallbackStop(transcript, probes);
  const counting = countingOf(snapshots, final);

  // A location matched by two dispatch probes is one function: the first probe that has it counts it.
  const owners = new Map<string, number>();
  const sharedFunctions = new Set<string>();
  probes.forEach((probe, index) => {
    if (probe.role !== 'dispatch') return;
    for (const counted of countedLocations(final, index, counting)) {
      if (owners.has(counted.key)) sharedFunctions.add(counted.name);
      else owners.set(counted.key, index);
    }
  });
  const dispatchKeys = new Set([...owners].map(([key, index]) => hitKey(index, key)));

  // The last prediction is whole when the app ended or fell idle after it, not when it crashed, was killed
  // (for its memory use, say: in the middle of a prediction), timed out or was stopped at the entry of the
  // prediction after the window.
  const lastIsComplete = windowEnd === 'exit' || windowEnd === 'idle';
  const all = splitPredictions(snapshots, counting, probes, dispatchKeys, lastIsComplete, entered);
  const inWindow = all.slice(input.warmup, input.warmup + input.predictions);
  const firstIncomplete = inWindow.findIndex((prediction) => !prediction.complete);
  const counted = firstIncomplete < 0 ? inWindow : inWindow.slice(0, firstIncomplete);

  const runtimesOf = (prediction: Prediction): string[] => [
    ...new Set(prediction.entries.flatMap((index) => probes[index]!.runtimes ?? [input.profileName])),
  ];
  const counts = (probe: Probe, prediction: Prediction) =>
    probe.runtimes === undefined || prediction.entries.length === 0 || probe.runtimes.some((runtime) => runtimesOf(prediction).includes(runtime));

  const perPrediction = counted.map((prediction) => {
    const dispatches = Object.fromEntries(ENGINES.map((engine) => [engine, 0])) as Record<Engine, number>;
    for (const [key, index] of owners) {
      const probe = probes[index]!;
      if (counts(probe, prediction)) dispatches[probe.engine!] += prediction.hits.get(hitKey(index, key)) ?? 0;
    }
    return dispatches;
  });

  const engines = Object.fromEntries(
    ENGINES.map((engine) => {
      const values = perPrediction.map((dispatches) => dispatches[engine]);
      const markers = probes.reduce(
        (sum, probe, index) =>
          probe.engine === engine && probe.role === 'marker' ? sum + countedLocations(final, index, counting).reduce((total, counted) => total + counted.totalHits, 0) : sum,
        0,
      );
      const resolved = probes.some((probe, index) => probe.engine === engine && probe.role === 'dispatch' && resolvedLocations(final, index) > 0);
      const count: EngineCount = {
        dispatches: values.reduce((sum, value) => sum + value, 0),
        minPerPrediction: values.length > 0 ? Math.min(...values) : null,
        maxPerPrediction: values.length > 0 ? Math.max(...values) : null,
        markers,
        resolved,
      };
      return [engine, count];
    }),
  ) as Record<Engine, EngineCount>;

  return {
    predictions: { observed: all.length, warmup: input.warmup, counted: counted.length, requested: input.predictions },
    windowOpened: all.length > input.warmup,
    windowEnd,
    engines,
    probes: probes.map((probe, index) => probeResult(probe, index, counting, counted)),
    runtimes: runtimeCounts(counted, perPrediction, runtimesOf),
    uncounted: uncountedHits(probes, owners, counted, counts, runtimesOf),
    sharedFunctions: [...sharedFunctions],
    aneTwins: aneTwins(probes, owners, counted, counts),
  };
}

function aneTwins(probes: readonly Probe[], owners: ReadonlyMap<string, number>, counted: Prediction[], counts: (probe: Probe, prediction: Prediction) => boolean): [Probe, Probe][] {
  const aneIndexes = [...new Set(owners.values())].filter((index) => probes[index]!.engine === 'ane');
  const series = (index: number) =>
    counted.map((prediction) =>
      counts(probes[index]!, prediction) ? [...owners].filter(([, owner]) => owner === index).reduce((sum, [key]) => sum + (prediction.hits.get(hitKey(index, key)) ?? 0), 0) : 0,
    );
  const twins: [Probe, Probe][] = [];
  aneIndexes.forEach((first, position) => {
    for (const second of aneIndexes.slice(position + 1)) {
      const a = series(first);
      const b = series(second);
      if (a.length > 0 && a.every((hits, i) => hits > 0 && hits === b[i])) twins.push([probes[first]!, probes[second]!]);
    }
  });
  return twins;
}

/** A probe's resolved locations at the end, over its breakpoints: one that two of them share is one. */
function resolvedLocations(final: Snapshot, index: number): number {
  return new Set(probeBreakpoints(final, index).flatMap((breakpoint) => breakpoint.locations.filter((location) => location.resolved).map(locationKey))).size;
}

/** What the counts are kept by at the end: a location, or a breakpoint counted as a whole (predictions.ts, Counting). */
interface CountedLocation {
  key: string;
  name: string;
  module?: string;
  resolved: boolean;
  totalHits: number;
}

/** A probe's counted locations in the final listing, over its breakpoints; one that two of them share is one, with the larger count. */
function countedLocations(final: Snapshot, index: number, counting: Counting): CountedLocation[] {
  const byKey = new Map<string, CountedLocation>();
  for (const breakpoint of countedBreakpoints(final, index)) {
    const located: CountedLocation[] = breakpoint.locations.map((location) => ({
      key: locationKey(location),
      name: location.functionName,
      ...(location.module ? { module: location.module } : {}),
      resolved: location.resolved,
      totalHits: location.hitCount,
    }));
    const whole = located.filter((location) => location.resolved);
    const entries = counting.together.has(breakpoint.id)
      ? [{ key: breakpointKey(breakpoint.id), name: whole.map((location) => location.name).join(' + '), ...(whole[0]?.module ? { module: whole[0].module } : {}), resolved: whole.length > 0, totalHits: breakpoint.hitCount }]
      : located;
    for (const entry of entries) {
      const known = byKey.get(entry.key);
      if (!known || entry.totalHits > known.totalHits) byKey.set(entry.key, entry);
    }
  }
  return [...byKey.values()];
}

/**
 * The snapshots with the fallback stop's listing among them where it opened a prediction: where the target stood
 * in a prediction probe's function that the stop then set again in every image (none when nothing was).
 */
function withFallbackStop(transcript: Transcript, probes: readonly Probe[]): { snapshots: Snapshot[]; entered: Map<number, number[]> } {
  const { fallback } = transcript;
  const none = { snapshots: transcript.snapshots, entered: new Map<number, number[]>() };
  if (!fallback) return none;
  // Only prediction probes have fallback points: entered ones are among them.
  const entered = enteredAtFallback(fallback.listing, probes.map((_, index) => index));
  if (entered.length === 0) return none;
  const snapshots = [...transcript.snapshots];
  snapshots.splice(fallback.after, 0, fallback.listing);
  return { snapshots, entered: new Map([[fallback.after, entered]]) };
}

function runtimeCounts(counted: Prediction[], perPrediction: Record<Engine, number>[], runtimesOf: (prediction: Prediction) => string[]): RuntimeCount[] {
  const byName = new Map<string, RuntimeCount>();
  counted.forEach((prediction, position) => {
    for (const name of runtimesOf(prediction)) {
      const runtime = byName.get(name) ?? { name, predictions: 0, dispatches: { ane: 0, gpu: 0, cpu: 0 } };
      runtime.predictions++;
      for (const engine of ENGINES) runtime.dispatches[engine] += perPrediction[position]![engine];
      byName.set(name, runtime);
    }
  });
  return [...byName.values()];
}

function uncountedHits(
  probes: readonly Probe[],
  owners: ReadonlyMap<string, number>,
  counted: Prediction[],
  counts: (probe: Probe, prediction: Prediction) => boolean,
  runtimesOf: (prediction: Prediction) => string[],
): UncountedHits[] {
  const found = new Map<number, UncountedHits>();
  for (const prediction of counted) {
    for (const [key, index] of owners) {
      const probe = probes[index]!;
      const hits = prediction.hits.get(hitKey(index, key)) ?? 0;
      if (hits === 0 || counts(probe, prediction)) continue;
      const entry = found.get(index) ?? { probe, hits: 0, servedBy: [] };
      entry.hits += hits;
      entry.servedBy = [...new Set([...entry.servedBy, ...runtimesOf(prediction)])];
      found.set(index, entry);
    }
  }
  return [...found.values()];
}

function classifyWindowEnd(input: MeasureInput, windowEndIds: number[]): WindowEnd {
  const end = input.transcript.end;
  if (end.kind === 'stopped-at-breakpoint' && end.breakpointIds.some((id) => windowEndIds.includes(id))) return 'next-prediction';
  if (end.kind === 'exited') return 'exit';
  if (end.kind === 'crashed') return 'crash';
  if (end.kind === 'killed') return 'killed';
  if (input.timedOut) return 'timeout';
  if (end.kind === 'interrupted' && input.idleStopped) return 'idle';
  return 'unknown';
}

function probeResult(probe: Probe, index: number, counting: Counting, counted: Prediction[]): ProbeResult {
  const resolved = countedLocations(counting.final, index, counting).filter((location) => location.resolved);
  const functions = resolved
    .map((location) => ({
      name: location.name,
      ...(location.module ? { module: location.module } : {}),
      hits: counted.reduce((sum, prediction) => sum + (prediction.hits.get(hitKey(index, location.key)) ?? 0), 0),
      totalHits: location.totalHits,
    }))
    .sort((a, b) => b.hits - a.hits || b.totalHits - a.totalHits || a.name.localeCompare(b.name));
  const modules = probeBreakpoints(counting.final, index).flatMap((breakpoint) => breakpoint.locations.filter((location) => location.resolved).map((location) => location.module));
  const foundIn = [...new Set(modules.filter((module): module is string => probe.module !== undefined && module !== undefined && module !== probe.module))].sort();
  return {
    probe,
    locations: resolvedLocations(counting.final, index),
    hits: functions.reduce((sum, fn) => sum + fn.hits, 0),
    totalHits: functions.reduce((sum, fn) => sum + fn.totalHits, 0),
    functions,
    ...(foundIn.length > 0 ? { foundIn } : {}),
  };
}
