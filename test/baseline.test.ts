import { describe, expect, it } from 'vitest';

import { compareWithBaseline } from '../src/report/baseline.js';
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
});
