import { describe, expect, it } from 'vitest';

import type { Verdict } from '../src/analysis/verdict.js';
import type { PlanReport } from '../src/evidence/plan.js';
import { assembleReport } from '../src/report/assemble.js';
import { chooseHeadline, describeGates, headlineOf, measuredHeadline } from '../src/report/headline.js';
import type { Report } from '../src/report/report.js';
import { checkedAgainst, denoiserBase, denoiserHead, modelCheckReport, bothChecksReport } from './support/model-reports.js';
import { sampleReport } from './support/sample-report.js';

const PLAN: PlanReport = {
  computeUnits: 'all',
  operations: 4,
  basis: 'cost',
  aneCostShare: 70,
  byDevice: { ane: { operations: 2, cost: 0.7 }, gpu: { operations: 1, cost: 0.2 }, cpu: { operations: 1, cost: 0.1 } },
  offAne: [{ op: 'ios18.softmax', device: 'gpu', operations: 1, cost: 0.2, aneSupported: true }],
};

const agrees = (overrides: Partial<Report> = {}) => sampleReport({ plan: PLAN, agreement: { status: 'agrees', detail: 'They agree.' }, ...overrides });

describe('chooseHeadline', () => {
  it("leads with the plan's cost share only where the run agrees with the plan", () => {
    expect(chooseHeadline(agrees())).toEqual({ figure: 'plan-cost-share', value: 70 });
    expect(chooseHeadline(agrees({ agreement: { status: 'disagrees', detail: 'No.' } }))).toEqual({ figure: 'dispatch-share', value: 40 });
    expect(chooseHeadline(agrees({ agreement: { status: 'unknown', detail: '?' } }))).toEqual({ figure: 'dispatch-share', value: 40 });
    expect(chooseHeadline(agrees({ plan: { ...PLAN, aneCostShare: null } }))).toEqual({ figure: 'dispatch-share', value: 40 });
    expect(chooseHeadline(sampleReport())).toEqual({ figure: 'dispatch-share', value: 40 });
    expect(chooseHeadline(sampleReport({ plan: null }))).toEqual({ figure: 'dispatch-share', value: 40 });
    // Not measured: no figure, whatever the plan says.
    expect(chooseHeadline(agrees({ coverage: null }))).toEqual({ figure: 'dispatch-share', value: null });
    const older = agrees();
    delete (older as Partial<Report>).agreement;
    expect(chooseHeadline(older)).toEqual({ figure: 'dispatch-share', value: 40 });
  });

  it("leads a report of the model check alone with its known blockers, and one of both checks with the measurement's figure", () => {
    const model = checkedAgainst(denoiserBase(), denoiserHead());
    expect(modelCheckReport([model]).headline).toEqual({ figure: 'model-check', value: 3 });
    expect(bothChecksReport(agrees(), [model]).headline).toEqual({ figure: 'plan-cost-share', value: 70 });
    expect(bothChecksReport(sampleReport(), [model]).headline).toEqual({ figure: 'dispatch-share', value: 40 });
    expect(chooseHeadline({ ...sampleReport(), checks: ['model'] })).toEqual({ figure: 'model-check', value: 0 });
  });

  it("is kept in the report where it is assembled, and an older report's is chosen the same way", () => {
    const verdict: Verdict = { status: 'pass', coverage: 40, reasons: [], notes: [], agreement: { status: 'agrees', detail: 'They agree.' } };
    const common = {
      name: 'm',
      commit: null,
      verdict,
      warmup: 1,
      predictions: 10,
      gates: { threshold: 0, failOn: 'error' as const },
      run: sampleReport().run,
      environment: sampleReport().environment,
    };
    const assembled = assembleReport({ ...common, plan: PLAN });
    expect(assembled.headline).toEqual({ figure: 'plan-cost-share', value: 70 });
    expect(assembled.gates.failOn).toBe('error');
    expect(assembleReport(common).headline).toEqual({ figure: 'dispatch-share', value: 40 });
    expect('failOn' in assembleReport({ ...common, gates: { threshold: 0 } }).gates).toBe(false);
    expect(headlineOf({ ...agrees(), headline: { figure: 'dispatch-share', value: 40 } })).toEqual({ figure: 'dispatch-share', value: 40 });
    expect(headlineOf(agrees())).toEqual({ figure: 'plan-cost-share', value: 70 });
  });
});

describe('measuredHeadline', () => {
  it('leads with the cost share confirmed by the ANE dispatches per prediction, the dispatch share beside it, named', () => {
    expect(measuredHeadline(agrees())).toEqual({
      lead: 'ANE: 70.0% of the estimated cost',
      rest: " (Core ML's plan, confirmed by the run: 2 ANE dispatches per prediction) · dispatch share 40.0% · ▼ 5.0 pp against the baseline's 45.0%",
    });
    const one = agrees({ baseline: null });
    one.engines.ane = { ...one.engines.ane, perPrediction: 1, minPerPrediction: 1, maxPerPrediction: 1 };
    expect(measuredHeadline(one)!.rest).toBe(" (Core ML's plan, confirmed by the run: 1 ANE dispatch per prediction) · dispatch share 40.0%");
    const spread = agrees({ baseline: null });
    spread.engines.ane = { ...spread.engines.ane, perPrediction: 2.5, minPerPrediction: 2, maxPerPrediction: 3 };
    expect(measuredHeadline(spread)!.rest).toContain('confirmed by the run: 2.5 (2–3) ANE dispatches per prediction');
    expect(measuredHeadline(agrees({ plan: { ...PLAN, basis: 'operations' } }))!.lead).toBe('ANE: 70.0% of the operations');
  });

  it('keeps the dispatch share in the lead without a plan, saying what it counts', () => {
    expect(measuredHeadline(sampleReport({ baseline: null }))).toEqual({
      lead: 'ANE dispatch share: 40.0%',
      rest: ' (it counts dispatches, not cost: one ANE dispatch runs a whole segment of the model)',
    });
    expect(measuredHeadline(sampleReport({ baseline: { name: 'b', coverage: 40, delta: 0 } }))!.rest).toMatch(/ · = 0\.0 pp against the baseline's 40\.0%$/u);
    expect(measuredHeadline(sampleReport({ baseline: { name: 'b', coverage: 30, delta: 10 } }))!.rest).toMatch(/ · ▲ 10\.0 pp against the baseline's 30\.0%$/u);
    expect(measuredHeadline(sampleReport({ baseline: { name: 'b', coverage: 30, delta: null } }))!.rest).toMatch(/ · against the baseline's 30\.0%$/u);
    expect(measuredHeadline(sampleReport({ baseline: { name: 'b', coverage: null, delta: null } }))!.rest).not.toContain('baseline');
  });

  it("says why the plan's share does not lead where the run disagrees with it, or could not confirm it", () => {
    const disagrees = measuredHeadline(agrees({ baseline: null, agreement: { status: 'disagrees', detail: 'No.' } }))!;
    expect(disagrees.lead).toBe('ANE dispatch share: 40.0%');
    expect(disagrees.rest).toBe(
      " (it counts dispatches, not cost: one ANE dispatch runs a whole segment of the model) · Core ML's plan places 70.0% of the estimated cost on the ANE, but the run disagrees with it: the plan's share does not lead",
    );
    const unconfirmed = measuredHeadline(agrees({ baseline: null, coverage: null, status: 'inconclusive', agreement: { status: 'unknown', detail: '?' } }))!;
    expect(unconfirmed).toEqual({ lead: 'ANE dispatch share: not measured', rest: " · Core ML's plan places 70.0% of the estimated cost on the ANE, which the run could not confirm" });
    expect(measuredHeadline(agrees({ baseline: null, plan: { ...PLAN, aneCostShare: null }, agreement: { status: 'unknown', detail: '?' } }))!.rest).not.toContain('plan');
  });

  it('is undefined for a report of the model check alone', () => {
    expect(measuredHeadline(modelCheckReport([checkedAgainst(denoiserBase(), denoiserHead())]))).toBeUndefined();
  });
});

describe('describeGates', () => {
  it('names the figure each gate checks, and fail-on only with the model check', () => {
    const gates = { threshold: 50, maxDrop: 5, planThreshold: 60, allowOffAne: ['ios18.softmax', 'ios18.gelu'], maxSlowdown: 20 };
    expect(describeGates(sampleReport({ gates }))).toEqual([
      '`threshold` 50% on the dispatch share',
      '`max-drop` 5 pp on the dispatch share against the baseline',
      "`plan-threshold` 60% on the plan's cost share",
      '`allow-off-ane` on the op types the plan places off the ANE (ios18.softmax, ios18.gelu allowed)',
      '`max-slowdown` 20% on the median latency against the baseline',
    ]);
    expect(describeGates(sampleReport({ gates: { threshold: 0, maxDrop: null, planThreshold: null, allowOffAne: [], maxSlowdown: null } }))).toEqual(['`threshold` 0% on the dispatch share']);
    const model = checkedAgainst(denoiserBase(), denoiserHead());
    expect(describeGates(modelCheckReport([model], { failOn: 'warning' }))).toEqual(["`fail-on: warning` on the model check's findings"]);
    expect(describeGates(bothChecksReport(sampleReport(), [model]))).toEqual([
      '`threshold` 30% on the dispatch share',
      '`max-drop` 10 pp on the dispatch share against the baseline',
      "`fail-on: new` on the model check's findings",
    ]);
    expect(describeGates({ ...sampleReport({ gates: { threshold: 0, maxDrop: null } }), models: [] })).toContain("`fail-on: new` on the model check's findings");
  });
});
