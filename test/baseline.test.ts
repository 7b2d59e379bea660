import { describe, expect, it } from 'vitest';

import { compareLatency, compareWithBaseline, coverageTrend } from '../src/report/baseline.js';
import type { Report } from '../src/report/report.js';
import { sampleReport } from './support/sample-report.js';

const measured = sampleReport({ coverage: 40, baseline: null, gates: { threshold: 30, maxDrop: null } });
const base = sampleReport({ coverage: 45, baseline: null });

describe('compareWithBaseline', () => {
  it('records the delta and keeps a pass within max-drop', () => {
    const compared = compareWithBaseline(measured, base, 10);
    expect(compared).toMatchObject({ status: 'pass', baseline: { name: 'MobileNetV2', coverage: 45, delta: -5 }, gates: { maxDrop: 10 } });
  });

  it('fails a drop beyond max-drop, saying by how much', () => {
    const compared = compareWithBaseline(measured, base, 2);
    expect(compared.status).toBe('fail');
    expect(compared.reasons).toEqual([
      "ANE coverage fell by 5.0 points against the baseline (45.0% to 40.0%), more than `max-drop` 2. Compare the fallback kernels with the baseline's; raise `max-drop` only if the drop is intended.",
    ]);
    expect(measured.status).toBe('pass'); // the input is left as it was
  });

  it('compares without gating when max-drop is not set, and rounds the delta', () => {
    const compared = compareWithBaseline({ ...measured, coverage: 33.3 }, { ...base, coverage: 66.7 }, undefined);
    expect(compared).toMatchObject({ status: 'pass', baseline: { delta: -33.4 } });
  });

  it('does not gate on a baseline that has no coverage', () => {
    const compared = compareWithBaseline(measured, { ...base, status: 'inconclusive', coverage: null }, 0);
    expect(compared).toMatchObject({ status: 'pass', baseline: { coverage: null, delta: null } });
    expect(compared.notes).toContain('The baseline (MobileNetV2) has no coverage (it was inconclusive): no comparison.');
  });

  it('leaves an inconclusive or broken run as it is', () => {
    const inconclusive = compareWithBaseline({ ...measured, status: 'inconclusive', coverage: null }, base, 0);
    expect(inconclusive).toMatchObject({ status: 'inconclusive', baseline: { coverage: 45, delta: null } });
  });

  it('says why there is no baseline, and does not gate', () => {
    const compared = compareWithBaseline(measured, undefined, 1, 'No baseline yet: the base branch has no successful run with an ane-report artifact.');
    expect(compared).toMatchObject({ status: 'pass', baseline: null });
    expect(compared.notes).toEqual(['No baseline yet: the base branch has no successful run with an ane-report artifact.']);
  });

  it('names the op types newly off the ANE against the baseline\'s plan', () => {
    const plan = (ops: string[]) => ({
      computeUnits: 'all',
      operations: ops.length + 1,
      basis: 'cost' as const,
      aneCostShare: 50,
      byDevice: { ane: { operations: 1, cost: 0.5 }, gpu: { operations: 0, cost: 0 }, cpu: { operations: ops.length, cost: 0.5 } },
      offAne: ops.map((op) => ({ op, device: 'cpu' as const, operations: 1, cost: 0.5 / ops.length, aneSupported: false })),
    });
    const compared = compareWithBaseline({ ...measured, plan: plan(['ios18.gather', 'ios18.lstm']) }, { ...base, plan: plan(['ios18.gather']) }, undefined);
    expect(compared.baseline?.newOffAne).toEqual(['ios18.lstm']);
    expect(compareWithBaseline(measured, base, undefined).baseline).not.toHaveProperty('newOffAne');
  });
});

describe('comparing again (publishing a report that was compared when measured)', () => {
  it('adds no second drop reason, and keeps the report\'s own reasons', () => {
    const own = 'ANE coverage 40.0% is below the threshold of 50%.';
    const once = compareWithBaseline({ ...measured, status: 'fail', reasons: [own] }, base, 2);
    const twice = compareWithBaseline(once, base, 2);
    expect(twice.status).toBe('fail');
    expect(twice.reasons).toHaveLength(2);
    expect(twice.reasons[0]).toBe(own);
    expect(twice.reasons[1]).toMatch(/^ANE coverage fell by 5\.0 points/u);
    expect(twice.baselineEffects).toEqual({ statusBefore: 'fail', reasons: [twice.reasons[1]], notes: [] });
  });

  it('takes back a drop that a newer baseline clears, and the fail it caused', () => {
    const dropped = compareWithBaseline(measured, base, 2);
    expect(dropped.status).toBe('fail');
    const cleared = compareWithBaseline(dropped, { ...base, coverage: 41 }, 2);
    expect(cleared).toMatchObject({ status: 'pass', reasons: [], baseline: { delta: -1 } });
    expect(cleared).not.toHaveProperty('baselineEffects');
  });

  it('keeps a fail of the report\'s own when a newer baseline clears the drop', () => {
    const own = 'The compute plan disagrees.';
    const dropped = compareWithBaseline({ ...measured, status: 'fail', reasons: [own] }, base, 2);
    expect(compareWithBaseline(dropped, { ...base, coverage: 41 }, 2)).toMatchObject({ status: 'fail', reasons: [own] });
  });

  it('replaces the note of a missing baseline once a baseline is found, and never repeats a note', () => {
    const missing = compareWithBaseline(measured, undefined, 2, 'No baseline yet.');
    expect(missing.notes).toEqual(['No baseline yet.']);
    expect(compareWithBaseline(missing, undefined, 2, 'No baseline yet.').notes).toEqual(['No baseline yet.']);
    expect(compareWithBaseline(missing, base, 2).notes).toEqual([]);
  });

  it('takes back a slowdown reason too', () => {
    const timed = (medianMs: number) => ({ computeUnits: 'all', runs: [{ computeUnits: 'all', count: 10, medianMs, p90Ms: medianMs }], timedMs: medianMs * 10 });
    const head = { ...measured, latency: timed(3) };
    const slowBase = { ...base, latency: timed(2) };
    const slow = compareLatency(compareWithBaseline(head, slowBase, undefined), slowBase, 20);
    expect(slow.status).toBe('fail');
    const fastBase = { ...base, latency: timed(2.9) };
    const again = compareLatency(compareWithBaseline(slow, fastBase, undefined), fastBase, 20);
    expect(again).toMatchObject({ status: 'pass', reasons: [] });
  });
});

describe('base beside head', () => {
  it('records the baseline\'s dispatches per prediction and the kernels that came and went', () => {
    const head = sampleReport({
      baseline: null,
      fallbackKernels: [
        { engine: 'cpu', name: 'kept', hits: 10 },
        { engine: 'cpu', name: 'arrived', hits: 10 },
        { engine: 'gpu', name: 'moved', hits: 1 },
      ],
    });
    const before = sampleReport({
      baseline: null,
      fallbackKernels: [
        { engine: 'cpu', name: 'kept', hits: 10 },
        { engine: 'cpu', name: 'left', hits: 10 },
        { engine: 'cpu', name: 'moved', hits: 1 },
      ],
    });
    before.engines.ane = { ...before.engines.ane, perPrediction: 3 };
    const compared = compareWithBaseline(head, before, undefined);
    expect(compared.baseline).toMatchObject({
      status: 'pass',
      perPrediction: { ane: 3, gpu: 1, cpu: 2 },
      newKernels: [
        { engine: 'cpu', name: 'arrived' },
        { engine: 'gpu', name: 'moved' },
      ],
      goneKernels: [
        { engine: 'cpu', name: 'left' },
        { engine: 'cpu', name: 'moved' },
      ],
    });
  });

  it('has no per-engine comparison with a baseline that measured nothing, and no kernel comparison for a head that measured nothing', () => {
    expect(compareWithBaseline(measured, { ...base, coverage: null, status: 'error' }, undefined).baseline).toMatchObject({ perPrediction: null });
    // A hand-written baseline file with only the contract's name, status and coverage still gives the delta.
    const handWritten = { schemaVersion: 1, name: 'MobileNetV2', status: 'pass', coverage: 50 } as unknown as Report;
    expect(compareWithBaseline(measured, handWritten, 5)).toMatchObject({ status: 'fail', baseline: { delta: -10, perPrediction: null } });
    const unmeasured = compareWithBaseline({ ...measured, coverage: null, status: 'inconclusive' }, base, undefined).baseline!;
    expect(unmeasured.perPrediction).toEqual({ ane: 2, gpu: 1, cpu: 2 });
    expect(unmeasured).not.toHaveProperty('newKernels');
  });
});

describe('coverageTrend', () => {
  it('takes the named report of each run, oldest first, skipping runs without it', () => {
    const run = (commit: string, reports: ReturnType<typeof sampleReport>[]) => ({ commit, createdAt: `2026-11-0${commit.length}T00:00:00Z`, reports });
    const history = [
      run('ccc', [sampleReport({ coverage: 42 })]),
      run('bb', [sampleReport({ name: 'other', coverage: 1 })]),
      run('a', [sampleReport({ name: 'other', coverage: 1 }), sampleReport({ coverage: null, status: 'error' })]),
    ];
    expect(coverageTrend('MobileNetV2', history)).toEqual([
      { coverage: null, commit: 'a', createdAt: '2026-11-01T00:00:00Z' },
      { coverage: 42, commit: 'ccc', createdAt: '2026-11-03T00:00:00Z' },
    ]);
  });
});

describe('compareLatency', () => {
  const timed = (medianMs: number) => ({ computeUnits: 'all', runs: [{ computeUnits: 'all', count: 10, medianMs, p90Ms: medianMs }], timedMs: medianMs * 10 });
  const withBase = (head: number, before: number) => compareWithBaseline({ ...measured, latency: timed(head) }, { ...base, latency: timed(before) }, undefined);

  it('fails a rise of the median beyond max-slowdown, and records the rise either way', () => {
    const slower = compareLatency(withBase(2.5, 2), { ...base, latency: timed(2) }, 20);
    expect(slower).toMatchObject({ status: 'fail', baseline: { medianMs: 2, slowdown: 25 } });
    expect(slower.reasons).toEqual([
      "The median prediction latency (all) rose by 25.0% against the baseline (2.00 ms to 2.50 ms), more than `max-slowdown` 20%. Compare the plan's op types off the ANE with the baseline's; raise `max-slowdown` only if the change is intended.",
    ]);
    expect(compareLatency(withBase(2.2, 2), { ...base, latency: timed(2) }, 20)).toMatchObject({ status: 'pass', baseline: { slowdown: 10 } });
    expect(compareLatency(withBase(2.5, 2), { ...base, latency: timed(2) }, undefined)).toMatchObject({ status: 'pass', baseline: { slowdown: 25 } });
  });

  it('says why there is no comparison when max-slowdown is set but a side has no latency', () => {
    const compared = compareWithBaseline(measured, base, undefined);
    expect(compareLatency(compared, base, 10).notes).toEqual(['`max-slowdown` is set, but this run has no latency (ane-check:latency lines): no latency comparison.']);
  });
});

describe('compareWithBaseline: the max-drop gate', () => {
  const head = () => sampleReport({ coverage: 40, baseline: null, gates: { threshold: 30, maxDrop: null } });
  const base = () => sampleReport({ coverage: 45, baseline: null });

  it('holds a drop exactly equal to max-drop, and fails one a tenth of a point beyond it', () => {
    expect(compareWithBaseline(head(), base(), 5)).toMatchObject({ status: 'pass', reasons: [], baseline: { delta: -5 } });
    expect(compareWithBaseline({ ...head(), coverage: 39.9 }, base(), 5)).toMatchObject({ status: 'fail', baseline: { delta: -5.1 } });
  });

  it('never fails a rise, nor a drop without max-drop', () => {
    expect(compareWithBaseline({ ...head(), coverage: 90 }, base(), 0)).toMatchObject({ status: 'pass', baseline: { delta: 45 } });
    expect(compareWithBaseline({ ...head(), coverage: 0 }, base(), undefined)).toMatchObject({ status: 'pass', reasons: [], gates: { maxDrop: null } });
  });

  it('fails a drop beyond max-drop of 0, and records the gate with the others', () => {
    const compared = compareWithBaseline({ ...head(), coverage: 44.9 }, base(), 0);
    expect(compared).toMatchObject({ status: 'fail', gates: { threshold: 30, maxDrop: 0 } });
    expect(compared.baselineEffects).toEqual({ statusBefore: 'pass', reasons: compared.reasons, notes: [] });
  });

  it('keeps the report\'s own reasons and notes before the drop, and fails a pass and a fail alike', () => {
    const own = sampleReport({ status: 'fail', coverage: 40, reasons: ['below the threshold'], notes: ['a note'], baseline: null });
    const compared = compareWithBaseline(own, base(), 1);
    expect(compared.status).toBe('fail');
    expect(compared.reasons).toEqual(['below the threshold', expect.stringMatching(/^ANE coverage fell by 5\.0 points against the baseline \(45\.0% to 40\.0%\), more than `max-drop` 1\./u)]);
    expect(compared.notes).toEqual(['a note']);
    expect(compareWithBaseline(own, undefined, 1, 'No baseline yet.')).toMatchObject({ status: 'fail', reasons: ['below the threshold'], notes: ['a note', 'No baseline yet.'] });
    expect(compareWithBaseline(own, { ...base(), coverage: null, status: 'error' }, 1)).toMatchObject({ reasons: ['below the threshold'], notes: ['a note', expect.stringContaining('no comparison')] });
  });

  it('never turns an inconclusive or broken report into a fail, even one that carries a coverage', () => {
    for (const status of ['inconclusive', 'error'] as const) {
      const compared = compareWithBaseline({ ...head(), status, coverage: 10 }, base(), 1);
      expect(compared).toMatchObject({ status, reasons: [], baseline: { delta: -35 } });
      expect(compared).not.toHaveProperty('baselineEffects');
    }
  });

  it('points to the new kernels when there are some, and to the fallback kernels otherwise', () => {
    const withNew = compareWithBaseline(sampleReport({ coverage: 40, baseline: null, fallbackKernels: [{ engine: 'cpu', name: 'new_kernel', hits: 10 }] }), base(), 1);
    expect(withNew.reasons[0]).toMatch(/ The kernels marked new show the work that left the ANE; raise `max-drop` only if the drop is intended\.$/u);
    const sameKernels = compareWithBaseline(head(), base(), 1);
    expect(sameKernels.reasons[0]).toMatch(/ Compare the fallback kernels with the baseline's; raise `max-drop` only if the drop is intended\.$/u);
  });

  it('names the baseline, its status and its commit when it has one', () => {
    expect(compareWithBaseline(head(), { ...base(), name: 'Base', status: 'fail', commit: 'abc123' }, undefined).baseline).toMatchObject({ name: 'Base', status: 'fail', commit: 'abc123', coverage: 45 });
    expect(compareWithBaseline(head(), { ...base(), commit: null }, undefined).baseline).toMatchObject({ commit: null });
    const withoutCommit = base();
    delete (withoutCommit as Partial<Report>).commit;
    expect(compareWithBaseline(head(), withoutCommit, undefined).baseline).not.toHaveProperty('commit');
  });

  it('has no baseline and no effects when there is none and nothing to say', () => {
    const compared = compareWithBaseline(head(), undefined, 5);
    expect(compared).toMatchObject({ status: 'pass', baseline: null, reasons: [], notes: [], gates: { maxDrop: 5 } });
    expect(compared).not.toHaveProperty('baselineEffects');
  });
});

describe('compareWithBaseline: base beside head', () => {
  const head = () => sampleReport({ coverage: 40, baseline: null, fallbackKernels: [{ engine: 'cpu', name: 'k', hits: 10 }] });

  it('compares no dispatches with a baseline that counted no prediction, or lacks an engine', () => {
    const none = sampleReport({ coverage: 45, predictions: { observed: 1, warmup: 1, counted: 0, requested: 10 } });
    expect(compareWithBaseline(head(), none, undefined).baseline).toMatchObject({ perPrediction: null });
    expect(compareWithBaseline(head(), none, undefined).baseline).not.toHaveProperty('newKernels');
    const partial = sampleReport({ coverage: 45 });
    delete (partial.engines as Partial<Report['engines']>).gpu;
    expect(compareWithBaseline(head(), partial, undefined).baseline).toMatchObject({ perPrediction: null });
  });

  it('takes every kernel for new against a baseline file that lists none', () => {
    const old = sampleReport({ coverage: 45 });
    delete (old as Partial<Report>).fallbackKernels;
    expect(compareWithBaseline(head(), old, undefined).baseline).toMatchObject({ newKernels: [{ engine: 'cpu', name: 'k' }], goneKernels: [] });
  });

  it('lists no kernel as new or gone when the same ones ran', () => {
    const same = sampleReport({ coverage: 45, fallbackKernels: [{ engine: 'cpu', name: 'k', hits: 3 }] });
    expect(compareWithBaseline(head(), same, undefined).baseline).toMatchObject({ newKernels: [], goneKernels: [] });
  });

  it('names each op type newly off the ANE once, and none without a plan on both sides', () => {
    const plan = (ops: string[]) => ({
      computeUnits: 'all',
      operations: ops.length + 1,
      basis: 'cost' as const,
      aneCostShare: 50,
      byDevice: { ane: { operations: 1, cost: 0.5 }, gpu: { operations: 0, cost: 0 }, cpu: { operations: ops.length, cost: 0.5 } },
      offAne: ops.map((op) => ({ op, device: 'cpu' as const, operations: 1, cost: 0.1, aneSupported: false })),
    });
    expect(compareWithBaseline({ ...head(), plan: plan(['a', 'b', 'b']) }, { ...sampleReport({ coverage: 45 }), plan: plan(['a']) }, undefined).baseline?.newOffAne).toEqual(['b']);
    expect(compareWithBaseline({ ...head(), plan: plan(['a']) }, sampleReport({ coverage: 45 }), undefined).baseline).not.toHaveProperty('newOffAne');
    expect(compareWithBaseline(head(), { ...sampleReport({ coverage: 45 }), plan: plan(['a']) }, undefined).baseline).not.toHaveProperty('newOffAne');
  });
});

describe('compareLatency: the max-slowdown gate', () => {
  const timed = (runs: Record<string, number>, computeUnits = 'all') => ({
    computeUnits,
    runs: Object.entries(runs).map(([units, medianMs]) => ({ computeUnits: units, count: 5, medianMs, p90Ms: medianMs })),
    timedMs: 10,
  });
  const head = (runs: Record<string, number>, extra: Partial<Report> = {}) => sampleReport({ coverage: 40, baseline: null, latency: timed(runs), ...extra });
  const base = (runs: Record<string, number>) => sampleReport({ coverage: 40, baseline: null, latency: timed(runs) });
  const compare = (report: Report, baseline: Report, maxSlowdown: number | undefined) => compareLatency(compareWithBaseline(report, baseline, undefined), baseline, maxSlowdown);

  it('holds a rise exactly equal to max-slowdown', () => {
    expect(compare(head({ all: 2.4 }), base({ all: 2 }), 20)).toMatchObject({ status: 'pass', reasons: [], baseline: { medianMs: 2, slowdown: 20 } });
    expect(compare(head({ all: 2.41 }), base({ all: 2 }), 20)).toMatchObject({ status: 'fail', baseline: { slowdown: 20.5 } });
  });

  it('never fails a faster run', () => {
    expect(compare(head({ all: 1 }), base({ all: 2 }), 0)).toMatchObject({ status: 'pass', baseline: { slowdown: -50 } });
  });

  it('compares the setting the run used with the same setting of the baseline', () => {
    const report = head({ cpuOnly: 9, all: 3 });
    const compared = compare(report, base({ cpuOnly: 2, all: 3 }), 10);
    expect(compared).toMatchObject({ status: 'pass', baseline: { medianMs: 3, slowdown: 0 } });
    const other = compare(head({ cpuAndGPU: 4 }, { latency: timed({ cpuAndGPU: 4 }, 'cpuAndGPU') }), base({ all: 2 }), 10);
    expect(other).toMatchObject({ status: 'pass' });
    expect(other.baseline).not.toHaveProperty('slowdown');
    expect(other.notes).toEqual(['`max-slowdown` is set, but the baseline has no latency for cpuAndGPU: no latency comparison.']);
  });

  it('keeps a fail of its own, adds its reason after the others, and leaves an inconclusive report as it is', () => {
    const failing = compare(head({ all: 3 }, { status: 'fail', reasons: ['own'] }), base({ all: 2 }), 10);
    expect(failing).toMatchObject({ status: 'fail', reasons: ['own', expect.stringMatching(/^The median prediction latency \(all\) rose by 50\.0% against the baseline \(2\.00 ms to 3\.00 ms\), more than `max-slowdown` 10%\./u)] });
    expect(failing.baselineEffects?.statusBefore).toBe('fail');
    const inconclusive = compare(head({ all: 3 }, { status: 'inconclusive', coverage: null }), base({ all: 2 }), 10);
    expect(inconclusive).toMatchObject({ status: 'inconclusive', reasons: [], baseline: { slowdown: 50 } });
  });

  it('compares nothing against a baseline median of zero, and says nothing when max-slowdown is not set', () => {
    const zero = compare(head({ all: 3 }), base({ all: 0 }), 10);
    expect(zero.baseline).not.toHaveProperty('slowdown');
    expect(zero.notes).toEqual(['`max-slowdown` is set, but the baseline has no latency for all: no latency comparison.']);
    const unset = compare(head({ all: 3 }), base({ all: 0 }), undefined);
    expect(unset.notes).toEqual([]);
    expect(unset).not.toHaveProperty('baselineEffects');
  });

  it('compares nothing without a baseline, even when the report has latency', () => {
    const alone = compareLatency(compareWithBaseline(head({ all: 3 }), undefined, undefined), undefined, 10);
    expect(alone).toMatchObject({ status: 'pass', baseline: null, notes: [] });
  });
});

describe('coverageTrend: where each point\'s commit and time come from', () => {
  it('takes the run\'s commit and start, else the report\'s, else none', () => {
    const report = sampleReport({ coverage: 41, commit: 'c0ffee', createdAt: '2026-01-02T00:00:00Z' });
    const bare = sampleReport({ coverage: 42 });
    delete (bare as Partial<Report>).commit;
    delete (bare as Partial<Report>).createdAt;
    expect(
      coverageTrend('MobileNetV2', [
        { commit: 'run-commit', createdAt: '2026-01-03T00:00:00Z', reports: [report] },
        { commit: null, createdAt: null, reports: [report] },
        { commit: null, createdAt: null, reports: [bare] },
      ]),
    ).toEqual([
      { coverage: 42, commit: null, createdAt: null },
      { coverage: 41, commit: 'c0ffee', createdAt: '2026-01-02T00:00:00Z' },
      { coverage: 41, commit: 'run-commit', createdAt: '2026-01-03T00:00:00Z' },
    ]);
  });
});

describe('comparing again: what is kept and what is taken back', () => {
  const base = () => sampleReport({ coverage: 45, baseline: null });

  it('keeps the report\'s own notes when it takes back the note of a missing baseline', () => {
    const measured = sampleReport({ coverage: 40, baseline: null, notes: ['own note'] });
    const missing = compareWithBaseline(measured, undefined, 2, 'No baseline yet.');
    expect(missing).toMatchObject({ notes: ['own note', 'No baseline yet.'], baselineEffects: { statusBefore: 'pass', reasons: [], notes: ['No baseline yet.'] } });
    expect(compareWithBaseline(missing, base(), 2).notes).toEqual(['own note']);
  });

  it('never repeats a note the report already has, and records none it did not add', () => {
    const measured = sampleReport({ coverage: 40, baseline: null, notes: ['No baseline yet.'] });
    expect(compareWithBaseline(measured, undefined, 2, 'No baseline yet.').notes).toEqual(['No baseline yet.']);
  });

  it('adds the note of a latency it cannot compare once, however often it compares', () => {
    const head = compareWithBaseline(sampleReport({ coverage: 40, baseline: null }), base(), undefined);
    const twice = compareLatency(compareLatency(head, base(), 10), base(), 10);
    expect(twice.notes).toEqual(['`max-slowdown` is set, but this run has no latency (ane-check:latency lines): no latency comparison.']);
  });

  it('says the baseline has no latency when the run has some', () => {
    const timed = { computeUnits: 'all', runs: [{ computeUnits: 'all', count: 5, medianMs: 2, p90Ms: 2 }], timedMs: 10 };
    const head = compareWithBaseline(sampleReport({ coverage: 40, baseline: null, latency: timed }), base(), undefined);
    expect(compareLatency(head, base(), 10).notes).toEqual(['`max-slowdown` is set, but the baseline has no latency for all: no latency comparison.']);
    // A report that was never compared with a baseline has nothing to compare latency against.
    const alone = sampleReport({ coverage: 40, baseline: null, latency: timed });
    expect(compareLatency(alone, { ...base(), latency: timed }, 10).baseline).toBeNull();
  });

  it('reads a baseline file with engines but no window as one that counted nothing', () => {
    const handWritten = sampleReport({ coverage: 45 });
    delete (handWritten as Partial<Report>).predictions;
    expect(compareWithBaseline(sampleReport({ coverage: 40, baseline: null }), handWritten, 2)).toMatchObject({ status: 'fail', baseline: { delta: -5, perPrediction: null } });
  });
});
