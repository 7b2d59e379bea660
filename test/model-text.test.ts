import { describe, expect, it } from 'vitest';

import { decideModelCheck, type ModelCheckGates } from '../src/model/check/fail-on.js';
import { findingCounts } from '../src/model/check/finding-counts.js';
import type { CheckedModel, ModelReport } from '../src/model/check/model-report.js';
import type { FeatureFacts } from '../src/model/facts.js';
import {
  blockerCounts,
  describeCounts,
  describeFeature,
  describeModel,
  findingOutcomes,
  findingText,
  modelCheckSentence,
  newFindings,
  orderFindings,
  pipelineSteps,
  severityCounts,
  sourceUrl,
} from '../src/report/model-text.js';
import { array, checkedAgainst, deletedModel, denoiserBase, denoiserHead, input, op, programSummary, ruleFinding } from './support/model-reports.js';

const head = () => checkedAgainst(denoiserBase(), denoiserHead());
/** The head model with no base at all (not a pull request). */
const unbased = (): CheckedModel => {
  const model: Partial<CheckedModel> = head();
  delete model.base;
  delete model.diff;
  return model as CheckedModel;
};
const unread: ModelReport = { path: 'models/x.mlmodel', status: 'error', findings: [], error: 'models/x.mlmodel: is empty.' };

describe('the model check sentence', () => {
  it('counts error and warning findings (a group once per subject), and the new ones when there is a base', () => {
    expect(blockerCounts([head()])).toEqual({ blockers: 3, fresh: 2, unread: 0, deleted: 0 });
    expect(modelCheckSentence([head()])).toBe('3 known blockers (2 new)');
    expect(modelCheckSentence([unbased()])).toBe('3 known blockers');
    const grouped = { ...unbased(), findings: [ruleFinding('control-flow', op('make_list', 'l0'), '4 make_list ops', 4), ruleFinding('dilated-convolution', op('conv', 'c'), 'conv op "c"')] };
    expect(modelCheckSentence([grouped])).toBe('4 known blockers');
    const one = { ...unbased(), findings: [ruleFinding('rnn', op('lstm', 'l'), 'lstm op "l"')] };
    expect(modelCheckSentence([one])).toBe('1 known blocker');
    expect(modelCheckSentence([{ ...unbased(), findings: [] }])).toBe('no known blocker');
    expect(modelCheckSentence([])).toBe('no known blocker');
  });

  it('says how many models could not be read and how many the pull request deletes', () => {
    const deleted = deletedModel(denoiserBase('models/old.mlpackage'));
    expect(modelCheckSentence([head(), unread, deleted])).toBe('3 known blockers (2 new); 1 model could not be read; 1 model deleted by the pull request');
    expect(modelCheckSentence([unread, { ...unread, path: 'b' }])).toBe('no known blocker; 2 models could not be read');
    // A deleted model's diff has nothing new: with no other base, the new ones are unknown, not 0.
    expect(blockerCounts([unbased(), deleted])).toEqual({ blockers: 3, fresh: null, unread: 0, deleted: 1 });
    expect(modelCheckSentence([deleted, deleted])).toBe('no known blocker; 2 models deleted by the pull request');
  });

  it('counts the blockers as the findings output does', () => {
    for (const models of [[head()], [unbased(), unread], [head(), deletedModel(denoiserBase('b'))], []]) {
      expect(blockerCounts(models).blockers).toBe(findingCounts([{ models }]).findings);
    }
    expect(blockerCounts([head()]).fresh).toBe(findingCounts([{ models: [head()] }]).newFindings);
  });
});

describe('what a model holds', () => {
  it('names the kind, format, specification and OS, the weights, and whether it is updatable', () => {
    expect(describeModel(head())).toBe('mlProgram · mlpackage · specification 8 (iOS 17, macOS 14, tvOS 17, watchOS 10) · 5.0 MB of weights');
    const other = { ...head(), specificationVersion: null, minimumOs: null, isUpdatable: true, weightBytes: 12 };
    expect(describeModel(other)).toBe('mlProgram · mlpackage · specification unknown · 12 bytes of weights · updatable');
    const vision = { ...head(), specificationVersion: 10, minimumOs: { iOS: '26', macOS: '26', tvOS: '26', watchOS: '26', visionOS: '26' } };
    expect(describeModel(vision)).toContain('specification 10 (iOS 26, macOS 26, tvOS 26, watchOS 26, visionOS 26)');
  });

  it('describes each kind of input with its flexibility', () => {
    const range = array('x', [1, 3], { flexibility: { kind: 'range', ranges: [{ lower: 1, upper: null }, { lower: 3, upper: 3 }] } });
    expect(describeFeature(range)).toBe('multiArray fp16 [1, 3], range 1...unbounded × 3');
    const shapes = [[1, 3], [1, 5], [2, 3], [2, 5], [4, 5]];
    expect(describeFeature(array('x', [1, 3], { flexibility: { kind: 'enumerated', shapes: shapes.slice(0, 4) } }))).toBe('multiArray fp16 [1, 3], enumerated [1, 3], [1, 5], [2, 3], [2, 5]');
    expect(describeFeature(array('x', [1, 3], { flexibility: { kind: 'enumerated', shapes } }))).toBe('multiArray fp16 [1, 3], enumerated [1, 3], [1, 5], [2, 3], [2, 5] and 1 more');
    const image: FeatureFacts = { name: 'i', kind: 'image', optional: true, dataType: null, shape: [224, 160], flexibility: null, image: { width: 160, height: 224, colorSpace: 'bgr' } };
    expect(describeFeature(image)).toBe('image bgr 160×224 (optional)');
    expect(describeFeature({ name: 's', kind: 'sequence', optional: false, dataType: 'string', shape: [], flexibility: null, sequenceLength: { lower: 1, upper: 8 } })).toBe('sequence string, length 1...8');
    expect(describeFeature({ name: 'n', kind: 'int64', optional: false, dataType: null, shape: [], flexibility: null })).toBe('int64');
  });

  it('lists counts most first, then by name, at most as many as asked, and totals them', () => {
    expect(describeCounts({ b: 2, a: 2, c: 5 })).toEqual({ total: 9, listed: [['c', 5], ['a', 2], ['b', 2]], more: 0 });
    expect(describeCounts({ b: 2, a: 2, c: 5 }, 2)).toEqual({ total: 9, listed: [['c', 5], ['a', 2]], more: 1 });
    expect(describeCounts({})).toEqual({ total: 0, listed: [], more: 0 });
    expect(describeCounts({ d: 1, b: 1, e: 1, a: 1, c: 1 }).listed.map(([name]) => name)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it("labels a pipeline's steps, nested ones too, as the findings name them", () => {
    const inner = programSummary('x', { conv: 1 });
    const summary = { ...programSummary('p', {}), kind: 'pipeline', pipeline: [{ name: 'encoder', model: { ...inner, pipeline: [{ name: null, model: inner }] } }, { name: null, model: inner }] };
    expect(pipelineSteps(summary).map((step) => step.label)).toEqual(['pipeline[0] "encoder"', 'pipeline[0] "encoder" > pipeline[0]', 'pipeline[1]']);
    expect(pipelineSteps(inner)).toEqual([]);
  });
});

describe('findings', () => {
  it('knows the new ones by the diff, each as often as the diff has it', () => {
    const model = head();
    expect([...newFindings(model)].map((finding) => finding.rule)).toEqual(['range-shape-input', 'float32-island', 'dilated-convolution']);
    expect(newFindings(unbased()).size).toBe(0);
    // Two lookups now, one in the base: one of them is new.
    const lookup = () => ruleFinding('gather-lookup', op('gather', 'g'), 'gather op "g"');
    const twice = checkedAgainst({ summary: denoiserBase().summary, findings: [lookup()] }, { summary: denoiserBase().summary, findings: [lookup(), lookup()] });
    expect(newFindings(twice).size).toBe(1);
  });

  it('orders new ones first, then by severity, and counts each severity', () => {
    const model = head();
    expect(orderFindings(model.findings, newFindings(model)).map((finding) => finding.rule)).toEqual(['range-shape-input', 'float32-island', 'dilated-convolution', 'gather-lookup']);
    expect(orderFindings(model.findings, new Set()).map((finding) => finding.severity)).toEqual(['error', 'error', 'warning', 'info']);
    expect(severityCounts(model.findings)).toBe('2 errors, 1 warning, 1 info');
    expect(severityCounts([ruleFinding('rnn', op('lstm', 'l'), 'x'), ruleFinding('control-flow', op('cond', 'c'), 'x', 3)])).toBe('1 error, 3 warnings');
    expect(severityCounts([])).toBe('');
    const advice = ruleFinding('dilated-convolution', op('conv', 'c'), 'x');
    expect(severityCounts([advice, advice])).toBe('2 info');
    expect(orderFindings([advice, ...model.findings.slice(0, 3).reverse()], new Set()).map((finding) => finding.severity)).toEqual(['error', 'error', 'warning', 'info']);
  });

  it("adds the fix when the message does not end with it, and links a source that is a web address or a GitHub issue", () => {
    expect(findingText({ message: 'A. Do B.', fix: 'Do B.' })).toBe('A. Do B.');
    expect(findingText({ message: 'A.', fix: 'Do B.' })).toBe('A. Fix: Do B.');
    expect(sourceUrl('https://developer.apple.com/forums/thread/724930')).toBe('https://developer.apple.com/forums/thread/724930');
    expect(sourceUrl('apple/coremltools#2208')).toBe('https://github.com/apple/coremltools/issues/2208');
    for (const odd of ['see apple/coremltools#2208', 'see https://x.org', 'javascript:alert(1)', 'http://x.org', 'https://x.org/a b', 'https://x.org/(a)', 'https://x.org/a|b', 'owner/repo#12 more', '']) expect(sourceUrl(odd), odd).toBeUndefined();
  });
});

describe("each finding's outcome, as fail-on decides the status", () => {
  const gates: ModelCheckGates[] = [
    { failOn: 'new' },
    { failOn: 'error' },
    { failOn: 'warning' },
    { failOn: 'never' },
    { failOn: 'new', allowOffAne: ['ios18.cast'] },
    { failOn: 'warning', allowOffAne: ['cast', 'gather'] },
  ];
  const problem = { ...head(), base: { source: 'git' as const, ref: 'abc', problem: 'The base commit is not in the checkout: set `fetch-depth: 0`.' } };
  delete (problem as Partial<CheckedModel>).diff;
  const models: CheckedModel[] = [head(), unbased(), problem, { ...unbased(), findings: [] }];

  it.each(gates)('fails the step exactly when a finding fails it, and is inconclusive exactly when one might (%o)', (gate) => {
    for (const model of models) {
      const outcomes = [...findingOutcomes(model, gate).values()];
      const verdict = decideModelCheck([model], gate);
      expect(verdict.status === 'fail', `${model.path} ${JSON.stringify(gate)}`).toBe(outcomes.includes('fails'));
      expect(verdict.status === 'inconclusive').toBe(!outcomes.includes('fails') && outcomes.includes('unknown'));
    }
  });

  it('fails new errors with fail-on: new, every error with error, warnings too with warning, none with never, and spares allowed op types', () => {
    const of = (gate: ModelCheckGates) => {
      const model = head();
      const map = findingOutcomes(model, gate);
      return model.findings.map((finding) => map.get(finding));
    };
    expect(of({ failOn: 'new' })).toEqual(['fails', 'fails', 'passes', 'passes']);
    expect(of({ failOn: 'error' })).toEqual(['fails', 'fails', 'passes', 'passes']);
    expect(of({ failOn: 'warning' })).toEqual(['fails', 'fails', 'fails', 'passes']);
    expect(of({ failOn: 'never' })).toEqual(['passes', 'passes', 'passes', 'passes']);
    expect(of({ failOn: 'warning', allowOffAne: ['ios18.gather'] })).toEqual(['fails', 'fails', 'passes', 'passes']);
    // An existing error does not fail with `new`, and does with `error`.
    const existing = checkedAgainst({ summary: denoiserBase().summary, findings: [ruleFinding('range-shape-input', input('audio'), 'x')] }, { summary: denoiserBase().summary, findings: [ruleFinding('range-shape-input', input('audio'), 'x')] });
    expect([...findingOutcomes(existing, { failOn: 'new' }).values()]).toEqual(['passes']);
    expect([...findingOutcomes(existing, { failOn: 'error' }).values()]).toEqual(['fails']);
    expect([...findingOutcomes(unbased(), {}).values()]).toEqual(['passes', 'passes', 'passes', 'passes']);
    expect([...findingOutcomes(problem, {}).values()]).toEqual(['unknown', 'unknown', 'passes', 'passes']);
  });
});
