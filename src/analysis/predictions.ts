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

/** The key of a breakpoint whose hits are counted for all its functions together (`Counting.together`). */
export function breakpointKey(id: number): string {
  return `#${id}`;
}

/**
 * A probe's breakpoints: its own, and the one that the fallback stop set for it in every image (lldb-script.ts),
 * named alike.
 */
export function probeBreakpoints(snapshot: Snapshot | undefined, index: number): BreakpointState[] {
  return snapshot?.filter((breakpoint) => breakpoint.names.includes(BREAKPOINT_NAMES.probe(index))) ?? [];
}

/**
 * How the breakpoints of a run are counted. A snapshot's tally gives a breakpoint's hit count without its
 * locations (lldb-script.ts): that count is its one location's when the final listing has one location, or one
 * that was ever hit (counts only grow: a location with no hit at the end had none before). Where several of its
 * locations were hit, a tallied count cannot be split: that breakpoint is counted as a whole (`together`), in
 * every snapshot, so that its counts stay comparable from one snapshot to the next. A breakpoint is the same one,
 * by its id, in every snapshot and in the final listing, which names it.
 */
export interface Counting {
  final: Snapshot;
  /** Breakpoints counted as a whole: their ids. */
  together: ReadonlySet<number>;
  /** The ids of the breakpoints that a probe's counts come from (`countedBreakpoints` in the final listing). */
  breakpointsOf(index: number): readonly number[];
  /** The location that a tallied breakpoint's hits belong to, when the final listing tells. */
  soleLocation(id: number): LocationState | undefined;
}

export function countingOf(snapshots: readonly Snapshot[], final: Snapshot): Counting {
  const listed = new Map(final.map((breakpoint) => [breakpoint.id, breakpoint]));
  const soles = new Map<number, LocationState | undefined>();
  const soleLocation = (id: number) => {
    if (!soles.has(id)) soles.set(id, soleOf(listed.get(id)?.locations ?? []));
    return soles.get(id);
  };
  const probes = new Map<number, number[]>();
  const breakpointsOf = (index: number) => {
    if (!probes.has(index)) probes.set(index, countedBreakpoints(final, index, final).map((breakpoint) => breakpoint.id));
    return probes.get(index)!;
  };
  const together = new Set<number>();
  for (const breakpoint of snapshots.flat()) {
    if (breakpoint.brief && breakpoint.hitCount > 0 && soleLocation(breakpoint.id) === undefined) together.add(breakpoint.id);
  }
  return { final, together, breakpointsOf, soleLocation };
}

function soleOf(locations: readonly LocationState[]): LocationState | undefined {
  if (locations.length === 1) return locations[0];
  const hit = locations.filter((location) => location.hitCount > 0);
  return hit.length === 1 ? hit[0] : undefined;
}

/**
 * The breakpoints that a probe's counts come from: all of them but one whose final locations another of them has
 * too (its own breakpoint, pending in its image or resolved there later, beside the one that the fallback stop set
 * in every image, which has every location of the other); of two with the same locations, the older.
 */
export function countedBreakpoints(snapshot: Snapshot | undefined, index: number, final: Snapshot): BreakpointState[] {
  const breakpoints = probeBreakpoints(snapshot, index);
  const keysOf = (id: number) => new Set((final.find((listed) => listed.id === id)?.locations ?? []).map(locationKey));
  return breakpoints.filter((breakpoint) => {
    const own = keysOf(breakpoint.id);
    return !breakpoints.some((other) => {
      const theirs = keysOf(other.id);
      return other.id !== breakpoint.id && [...own].every((key) => theirs.has(key)) && (theirs.size > own.size || other.id < breakpoint.id);
    });
  });
}

/**
 * A probe's hit counts at one moment, per location key (`breakpointKey` for a breakpoint counted as a whole).
 * A location that two of its counted breakpoints share counts once, with the larger count.
 */
export function probeCounts(snapshot: Snapshot | undefined, index: number, counting: Counting): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (key: string, hits: number) => counts.set(key, Math.max(counts.get(key) ?? 0, hits));
  for (const id of counting.breakpointsOf(index)) {
    const breakpoint = snapshot?.find((listed) => listed.id === id);
    if (!breakpoint) continue;
    if (counting.together.has(id)) {
      count(breakpointKey(id), breakpoint.hitCount);
    } else if (!breakpoint.brief) {
      for (const location of breakpoint.locations) count(locationKey(location), location.hitCount);
    } else {
      const location = counting.soleLocation(id);
      if (location) count(locationKey(location), breakpoint.hitCount);
    }
  }
  return counts;
}

/**
 * The hit count of every location of every counted probe (dispatch and prediction: what the snapshots
 * list) at one moment, keyed by probe index then location key.
 */
function countsOf(snapshot: Snapshot | undefined, probes: readonly Probe[], counting: Counting): Map<number, Map<string, number>> {
  const counts = new Map<number, Map<string, number>>();
  probes.forEach((probe, index) => {
    if (probe.role !== 'marker') counts.set(index, probeCounts(snapshot, index, counting));
  });
  return counts;
}

/**
 * Splits the run into predictions from the snapshot taken at each hit of a prediction probe. Hits of
 * prediction probes with no dispatch between them, each by a probe not yet hit in that prediction, are
 * one prediction: an entry that calls another (a batch calling the single entry, an async submit calling
 * its worker) must not count one prediction twice. Dispatches are taken as the differences between
 * consecutive snapshots, and after the last one up to the final snapshot. `entered` names, by snapshot, prediction
 * probes that entered a prediction there without their count showing it (the fallback stop's new breakpoints,
 * measure.ts).
 */
export function splitPredictions(
  snapshots: readonly Snapshot[],
  counting: Counting,
  probes: readonly Probe[],
  /** `hitKey`s of the dispatch locations. */
  dispatchKeys: ReadonlySet<string>,
  lastIsComplete: boolean,
  entered: ReadonlyMap<number, readonly number[]> = new Map(),
): Prediction[] {
  const predictionIndexes = probes.flatMap((probe, index) => (probe.role === 'prediction' ? [index] : []));
  const moments = [...snapshots, counting.final].map((snapshot) => countsOf(snapshot, probes, counting));
  const predictions: Prediction[] = [];
  let previous = new Map<number, Map<string, number>>();
  for (let event = 0; event < snapshots.length; event++) {
    const now = moments[event]!;
    const openers = predictionIndexes.filter((index) => total(now.get(index)) > total(previous.get(index)) || entered.get(event)?.includes(index));
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
