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
      "ANE coverage fell by 5.0 points against the baseline (45.0% to 40.0%), more than max-drop 2. Compare the fallback kernels with the baseline's; raise max-drop only if the drop is intended.",
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
      "The median prediction latency (all) rose by 25.0% against the baseline (2.00 ms to 2.50 ms), more than max-slowdown 20%. Compare the plan's op types off the ANE with the baseline's; raise max-slowdown only if the change is intended.",
    ]);
    expect(compareLatency(withBase(2.2, 2), { ...base, latency: timed(2) }, 20)).toMatchObject({ status: 'pass', baseline: { slowdown: 10 } });
    expect(compareLatency(withBase(2.5, 2), { ...base, latency: timed(2) }, undefined)).toMatchObject({ status: 'pass', baseline: { slowdown: 25 } });
  });

  it('says why there is no comparison when max-slowdown is set but a side has no latency', () => {
    const compared = compareWithBaseline(measured, base, undefined);
    expect(compareLatency(compared, base, 10).notes).toEqual(['max-slowdown is set, but this run has no latency (ane-check:latency lines): no latency comparison.']);
  });
});
