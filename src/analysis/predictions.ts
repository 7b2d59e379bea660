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
 * locations (lldb-script.ts): that count is the one location's that was ever hit, where the final listing shows
 * one (counts only grow: a location with no hit at the end had none before). Where several of its locations were
 * hit, a tallied count cannot be split: that breakpoint is counted as a whole (`together`), in every snapshot, so
 * that its counts stay comparable from one snapshot to the next. A breakpoint is the same one, by its id, in every
 * snapshot and in the final listing, which names it.
 */
export interface Counting {
  final: Snapshot;
  /** Breakpoints counted as a whole: their ids. */
  together: ReadonlySet<number>;
  /** The ids of the breakpoints that a probe's counts come from (`countedBreakpoints`). */
  breakpointsOf(index: number): readonly number[];
  /** The location that a tallied breakpoint's hits belong to, when the final listing tells. */
  soleLocation(id: number): LocationState | undefined;
}

export function countingOf(snapshots: readonly Snapshot[], final: Snapshot): Counting {
  const soles = new Map(final.map((breakpoint) => [breakpoint.id, soleOf(breakpoint.locations)]));
  const soleLocation = (id: number) => soles.get(id);
  const counted = new Map<number, number[]>();
  const breakpointsOf = (index: number) => counted.get(index) ?? remember(counted, index, countedBreakpoints(final, index).map((breakpoint) => breakpoint.id));
  const together = new Set<number>();
  for (const breakpoint of snapshots.flat()) {
    if (breakpoint.brief && breakpoint.hitCount > 0 && soleLocation(breakpoint.id) === undefined) together.add(breakpoint.id);
  }
  return { final, together, breakpointsOf, soleLocation };
}

function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
  map.set(key, value);
  return value;
}

function soleOf(locations: readonly LocationState[]): LocationState | undefined {
  const hit = locations.filter((location) => location.hitCount > 0);
  return hit.length === 1 ? hit[0] : undefined;
}

/**
 * The breakpoints of the final listing that a probe's counts come from: all of them but one whose locations
 * another of them has too (its own breakpoint, pending in its image or resolved there later, beside the one that
 * the fallback stop set in every image, which has every location of the other); of two with the same locations,
 * the older.
 */
export function countedBreakpoints(final: Snapshot, index: number): BreakpointState[] {
  const breakpoints = probeBreakpoints(final, index).map((breakpoint) => ({ breakpoint, keys: new Set(breakpoint.locations.map(locationKey)) }));
  const covered = ({ breakpoint, keys }: (typeof breakpoints)[number]) =>
    breakpoints.some((other) => [...keys].every((key) => other.keys.has(key)) && (other.keys.size > keys.size || other.breakpoint.id < breakpoint.id));
  return breakpoints.filter((entry) => !covered(entry)).map((entry) => entry.breakpoint);
}

/**
 * A probe's hit counts at one moment, per location key (`breakpointKey` for a breakpoint counted as a whole).
 * A location that two of its counted breakpoints share counts once, with the larger count.
 */
export function probeCounts(snapshot: Snapshot, index: number, counting: Counting): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (key: string, hits: number) => counts.set(key, Math.max(counts.get(key) ?? 0, hits));
  for (const id of counting.breakpointsOf(index)) {
    const breakpoint = snapshot.find((listed) => listed.id === id);
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
function countsOf(snapshot: Snapshot, probes: readonly Probe[], counting: Counting): Map<number, Map<string, number>> {
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
    if (current && !dispatched(current.hits, dispatchKeys) && !openers.some((index) => current.entries.includes(index))) {
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

/** Whether any of `keys` was hit. */
function dispatched(hits: ReadonlyMap<string, number>, keys: ReadonlySet<string>): boolean {
  for (const [key, count] of hits) if (count > 0 && keys.has(key)) return true;
  return false;
}

/** Adds, per location, the hits between two moments (a location absent before had not resolved yet: 0). */
function addDifferences(into: Map<string, number>, before: Map<number, Map<string, number>>, after: Map<number, Map<string, number>>): void {
  for (const [index, counts] of after) {
    for (const [key, count] of counts) {
      const difference = Math.max(0, count - (before.get(index)!.get(key) ?? 0));
      into.set(hitKey(index, key), (into.get(hitKey(index, key)) ?? 0) + difference);
    }
  }
}

/** The key `splitPredictions` uses for one probe's location in `Prediction.hits`. */
export function hitKey(probeIndex: number, key: string): string {
  return `${probeIndex}\u0000${key}`;
}
