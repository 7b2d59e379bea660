import { ENGINES, type Engine, type Probe } from '../profiles/profile.js';
import { BREAKPOINT_NAMES } from '../probe/lldb-script.js';
import type { BreakpointState, Snapshot, Transcript } from '../probe/transcript.js';

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
}

export interface EngineCount {
  /** Dispatches in the counted predictions (each dispatch function counted once, even if two probes match it). */
  dispatches: number;
  /** Hits of this engine's marker probes over the whole run. */
  markers: number;
  /** Whether any dispatch probe of this engine resolved to a location. */
  resolved: boolean;
}

export type WindowEnd = 'next-prediction' | 'exit' | 'idle' | 'crash' | 'timeout' | 'unknown';

export interface Measurement {
  predictions: { observed: number; warmup: number; counted: number; requested: number };
  /** Whether the start snapshot was taken, i.e. a prediction after the warm-up began. */
  windowOpened: boolean;
  windowEnd: WindowEnd;
  engines: Record<Engine, EngineCount>;
  probes: ProbeResult[];
  /** Functions matched by more than one dispatch probe, counted once. */
  sharedFunctions: string[];
}

export interface MeasureInput {
  probes: readonly Probe[];
  transcript: Transcript;
  warmup: number;
  predictions: number;
  timedOut: boolean;
  idleStopped: boolean;
}

/** Turns the two snapshots into counts: dispatches per engine over the counted predictions. */
export function measure(input: MeasureInput): Measurement | undefined {
  const { transcript } = input;
  const final = transcript.final;
  if (!final) return undefined;
  const start = transcript.windowStart;

  const byName = (snapshot: Snapshot | undefined, name: string) => snapshot?.find((breakpoint) => breakpoint.names.includes(name));
  const windowEndId = byName(final, BREAKPOINT_NAMES.windowEnd)?.id;
  const windowEnd = classifyWindowEnd(input, windowEndId);

  const observed = byName(final, BREAKPOINT_NAMES.progress)?.hitCount ?? 0;
  const counted =
    windowEnd === 'next-prediction' ? input.predictions : start ? clamp(observed - input.warmup, 0, input.predictions) : 0;

  const engines = Object.fromEntries(ENGINES.map((engine) => [engine, { dispatches: 0, markers: 0, resolved: false }])) as Record<
    Engine,
    EngineCount
  >;
  const countedAddresses = new Set<string>();
  const sharedFunctions = new Set<string>();

  const probes = input.probes.map((probe, index): ProbeResult => {
    const name = BREAKPOINT_NAMES.probe(index);
    const atStart = byName(start, name);
    const atEnd = byName(final, name);
    const result = probeResult(probe, atEnd, atStart);
    if (probe.engine === undefined || probe.role === 'prediction') return result;
    const engine = engines[probe.engine];
    if (probe.role === 'marker') {
      engine.markers += result.totalHits;
      return result;
    }
    engine.resolved ||= result.locations > 0;
    for (const location of atEnd?.locations ?? []) {
      const key = location.address ?? `${location.module}\`${location.functionName}`;
      if (countedAddresses.has(key)) {
        sharedFunctions.add(location.functionName);
        continue;
      }
      countedAddresses.add(key);
      engine.dispatches += windowHits(location.id, location.hitCount, atStart);
    }
    return result;
  });

  return {
    predictions: { observed, warmup: input.warmup, counted, requested: input.predictions },
    windowOpened: start !== undefined,
    windowEnd,
    engines,
    probes,
    sharedFunctions: [...sharedFunctions],
  };
}

function classifyWindowEnd(input: MeasureInput, windowEndId: number | undefined): WindowEnd {
  const end = input.transcript.end;
  if (end.kind === 'stopped-at-breakpoint' && windowEndId !== undefined && end.breakpointIds.includes(windowEndId)) return 'next-prediction';
  if (end.kind === 'exited') return 'exit';
  if (end.kind === 'crashed') return 'crash';
  if (input.timedOut) return 'timeout';
  if (end.kind === 'interrupted' && input.idleStopped) return 'idle';
  return 'unknown';
}

function probeResult(probe: Probe, final: BreakpointState | undefined, start: BreakpointState | undefined): ProbeResult {
  const locations = (final?.locations ?? []).filter((location) => location.resolved);
  const functions = locations
    .map((location) => ({
      name: location.functionName,
      ...(location.module ? { module: location.module } : {}),
      hits: windowHits(location.id, location.hitCount, start),
      totalHits: location.hitCount,
    }))
    .sort((a, b) => b.hits - a.hits || b.totalHits - a.totalHits || a.name.localeCompare(b.name));
  return {
    probe,
    locations: locations.length,
    hits: functions.reduce((sum, fn) => sum + fn.hits, 0),
    totalHits: functions.reduce((sum, fn) => sum + fn.totalHits, 0),
    functions,
  };
}

/** Hits of one location between the start snapshot and the end; none before the window opened. */
function windowHits(locationId: string, finalHits: number, start: BreakpointState | undefined): number {
  if (!start) return 0;
  const before = start.locations.find((location) => location.id === locationId)?.hitCount ?? 0;
  return Math.max(0, finalHits - before);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
