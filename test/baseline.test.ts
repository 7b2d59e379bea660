import { describe, expect, it } from 'vitest';

import { compareLatency, compareWithBaseline } from '../src/report/baseline.js';
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
    expect(compared.reasons).toEqual(['ANE coverage fell by 5.0 points against the baseline (45.0% to 40.0%), more than max-drop 2.']);
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

describe('compareLatency', () => {
  const timed = (medianMs: number) => ({ computeUnits: 'all', runs: [{ computeUnits: 'all', count: 10, medianMs, p90Ms: medianMs }], timedMs: medianMs * 10 });
  const withBase = (head: number, before: number) => compareWithBaseline({ ...measured, latency: timed(head) }, { ...base, latency: timed(before) }, undefined);

  it('fails a rise of the median beyond max-slowdown, and records the rise either way', () => {
    const slower = compareLatency(withBase(2.5, 2), { ...base, latency: timed(2) }, 20);
    expect(slower).toMatchObject({ status: 'fail', baseline: { medianMs: 2, slowdown: 25 } });
    expect(slower.reasons).toEqual(['The median prediction latency (all) rose by 25.0% against the baseline (2.00 ms to 2.50 ms), more than max-slowdown 20%.']);
    expect(compareLatency(withBase(2.2, 2), { ...base, latency: timed(2) }, 20)).toMatchObject({ status: 'pass', baseline: { slowdown: 10 } });
    expect(compareLatency(withBase(2.5, 2), { ...base, latency: timed(2) }, undefined)).toMatchObject({ status: 'pass', baseline: { slowdown: 25 } });
  });

  it('says why there is no comparison when max-slowdown is set but a side has no latency', () => {
    const compared = compareWithBaseline(measured, base, undefined);
    expect(compareLatency(compared, base, 10).notes).toEqual(['max-slowdown is set, but this run has no latency (ane-check:latency lines): no latency comparison.']);
  });
});
