import type { Probe } from '../profiles/profile.js';
import { BREAKPOINT_NAMES } from '../probe/lldb-script.js';
import type { BreakpointState, LocationState, Snapshot } from '../probe/transcript.js';

/** One prediction: the hits of prediction probes that opened it, and the dispatches up to the next one. */
export interface Prediction {
  /** Indexes of the prediction probes hit at its entry (more than one where one entry calls another). */
  entries: number[];
  /** Hits per location between its entry and the next prediction's entry (or the run's end). */
  hits: Map<string, number>;
  /** Whether a later prediction began, or the app ended normally after it: its counts are whole. */
  complete: boolean;
}

/** A location, identified across snapshots by its address. */
export function locationKey(location: LocationState): string {
  return location.address ?? `${location.module ?? ''}\`${location.functionName}`;
}

export function probeBreakpoint(snapshot: Snapshot | undefined, index: number): BreakpointState | undefined {
  return snapshot?.find((breakpoint) => breakpoint.names.includes(BREAKPOINT_NAMES.probe(index)));
}

/**
 * The hit count of every location of every counted probe (dispatch and prediction: what the snapshots
 * list) at one moment, keyed by probe index then location key.
 */
function countsOf(snapshot: Snapshot | undefined, probes: readonly Probe[]): Map<number, Map<string, number>> {
  const counts = new Map<number, Map<string, number>>();
  probes.forEach((probe, index) => {
    if (probe.role === 'marker') return;
    const perLocation = new Map<string, number>();
    for (const location of probeBreakpoint(snapshot, index)?.locations ?? []) perLocation.set(locationKey(location), location.hitCount);
    counts.set(index, perLocation);
  });
  return counts;
}

/**
 * Splits the run into predictions from the snapshot taken at each hit of a prediction probe. Hits of
 * prediction probes with no dispatch between them, each by a probe not yet hit in that prediction, are
 * one prediction: an entry that calls another (a batch calling the single entry, an async submit calling
 * its worker) must not count one prediction twice. Dispatches are taken as the differences between
 * consecutive snapshots, and after the last one up to the final snapshot.
 */
export function splitPredictions(
  snapshots: readonly Snapshot[],
  final: Snapshot,
  probes: readonly Probe[],
  /** `hitKey`s of the dispatch locations. */
  dispatchKeys: ReadonlySet<string>,
  lastIsComplete: boolean,
): Prediction[] {
  const predictionIndexes = probes.flatMap((probe, index) => (probe.role === 'prediction' ? [index] : []));
  const moments = [...snapshots, final].map((snapshot) => countsOf(snapshot, probes));
  const predictions: Prediction[] = [];
  let previous = new Map<number, Map<string, number>>();
  for (let event = 0; event < snapshots.length; event++) {
    const now = moments[event]!;
    const openers = predictionIndexes.filter((index) => total(now.get(index)) > total(previous.get(index)));
    const current = predictions.at(-1);
    const dispatchedSince = current ? sum(current.hits, dispatchKeys) : 0;
    if (current && dispatchedSince === 0 && !openers.some((index) => current.entries.includes(index))) {
      current.entries.push(...openers);
    } else {
      predictions.push({ entries: openers, hits: new Map(), complete: true });
    }
    const open = predictions.at(-1)!;
    addDifferences(open.hits, now, moments[event + 1]!);
    previous = now;
  }
  const last = predictions.at(-1);
  if (last) last.complete = lastIsComplete;
  return predictions;
}

function total(counts: Map<string, number> | undefined): number {
  let sum = 0;
  for (const count of counts?.values() ?? []) sum += count;
  return sum;
}

function sum(hits: ReadonlyMap<string, number>, keys: ReadonlySet<string>): number {
  let result = 0;
  for (const [key, count] of hits) if (keys.has(key)) result += count;
  return result;
}

/** Adds, per location, the hits between two moments (a location absent before had not resolved yet: 0). */
function addDifferences(into: Map<string, number>, before: Map<number, Map<string, number>>, after: Map<number, Map<string, number>>): void {
  for (const [index, counts] of after) {
    for (const [key, count] of counts) {
      const difference = Math.max(0, count - (before.get(index)?.get(key) ?? 0));
      into.set(hitKey(index, key), (into.get(hitKey(index, key)) ?? 0) + difference);
    }
  }
}

/** The key `splitPredictions` uses for one probe's location in `Prediction.hits`. */
export function hitKey(probeIndex: number, key: string): string {
  return `${probeIndex}\u0000${key}`;
}
