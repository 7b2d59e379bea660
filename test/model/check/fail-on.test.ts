import { describe, expect, it } from 'vitest';

import { bareType, decideModelCheck, findingOutcomes } from '../../../src/model/check/fail-on.js';
import type { CheckedModel, ModelReport } from '../../../src/model/check/model-report.js';
import { diffModels } from '../../../src/model/diff.js';
import type { Finding } from '../../../src/model/rules/index.js';
import type { ModelSummary } from '../../../src/model/summary.js';

function finding(rule: string, name: string, type: string, severity: Finding['severity'] = 'error'): Finding {
  return { rule, severity, message: `${rule} fired`, subject: { kind: 'op', name, type, function: 'main' }, evidence: 'Apple', source: 'https://example.com', fix: 'fix it' };
}

const summary: ModelSummary = {
  path: 'Models/M.mlpackage',
  format: 'mlpackage',
  kind: 'mlProgram',
  specificationVersion: 8,
  minimumOs: null,
  isUpdatable: false,
  inputs: [],
  outputs: [],
  states: [],
  functions: [],
  layers: {},
  precision: {},
  weightBytes: 0,
  notes: [],
};

const lstm = finding('rnn', 'lstm_0', 'lstm');
const gather = finding('gather-lookup', 'embed', 'gather', 'warning');
const advice = finding('compressed-weights', 'w', 'constexpr_lut_to_dense', 'info');

function checked(findings: Finding[], base?: Finding[] | null, extra: Partial<ModelReport> = {}): ModelReport {
  const head = { summary, findings };
  return {
    ...summary,
    status: 'checked',
    findings,
    ...(base !== undefined ? { diff: diffModels(base === null ? null : { summary, findings: base }, head) } : {}),
    ...extra,
  } as ModelReport;
}

describe('decideModelCheck', () => {
  it('fails with new (the default) only on error findings the base does not have, even when ops were renamed', () => {
    const renamed = finding('rnn', 'lstm_7', 'lstm');
    expect(decideModelCheck([checked([lstm], [renamed])], { failOn: 'new' }).status).toBe('pass');
    const verdict = decideModelCheck([checked([lstm, finding('rnn', 'lstm_1', 'lstm'), gather], [renamed])], { failOn: 'new' });
    expect(verdict.status).toBe('fail');
    expect(verdict.reasons).toEqual([
      'Models/M.mlpackage has 1 new error finding (the base model does not have them): rnn (lstm op "lstm_1" in main). See each finding\'s fix in the report; allow an op type off the ANE on purpose with `allow-off-ane`.',
    ]);
  });

  it('counts every error finding of a model the pull request adds as new', () => {
    const verdict = decideModelCheck([checked([lstm, gather], null)], { failOn: 'new' });
    expect(verdict.status).toBe('fail');
    expect(verdict.reasons[0]).toContain('has 1 new error finding (it is new in this pull request): rnn');
  });

  it('fails nothing with new when there is no base at all, and says so in a note', () => {
    const verdict = decideModelCheck([checked([lstm])], { failOn: 'new' });
    expect(verdict).toEqual({ status: 'pass', reasons: [], notes: [expect.stringContaining('Models/M.mlpackage has 1 error finding, and no base model to compare with')] });
  });

  it('is inconclusive, never a pass, when the base should be there but could not be read and there are error findings', () => {
    const problem = 'The base commit abc is not in the checkout. Give actions/checkout `fetch-depth: 0`.';
    const verdict = decideModelCheck([checked([lstm], undefined, { base: { source: 'git', ref: 'abc', problem } })], { failOn: 'new' });
    expect(verdict.status).toBe('inconclusive');
    expect(verdict.reasons).toEqual([`Models/M.mlpackage: which of its 1 error finding are new is unknown, since its base could not be read. ${problem}`]);
    // Nothing could be new: no error finding at all.
    expect(decideModelCheck([checked([gather], undefined, { base: { source: 'git', ref: 'abc', problem } })], { failOn: 'new' }).status).toBe('pass');
  });

  it('fails every error finding with error, errors and warnings with warning, and none with never', () => {
    const model = checked([lstm, gather, advice], [lstm, gather, advice]);
    expect(decideModelCheck([model], { failOn: 'error' })).toMatchObject({ status: 'fail', reasons: [expect.stringMatching(/^Models\/M\.mlpackage has 1 error finding: rnn \(lstm op "lstm_0" in main\)\./u)] });
    expect(decideModelCheck([model], { failOn: 'warning' })).toMatchObject({ status: 'fail', reasons: [expect.stringMatching(/has 2 error or warning findings: rnn .*, gather-lookup \(gather op "embed" in main\)\./u)] });
    expect(decideModelCheck([checked([advice])], { failOn: 'warning' }).status).toBe('pass');
    expect(decideModelCheck([model], { failOn: 'never' })).toEqual({ status: 'pass', reasons: [], notes: [] });
  });

  it('never fails a finding on an op type that allow-off-ane lists, as the plan spells it or bare', () => {
    expect(decideModelCheck([checked([lstm])], { failOn: 'error', allowOffAne: ['ios18.lstm'] }).status).toBe('pass');
    expect(decideModelCheck([checked([lstm, gather])], { failOn: 'warning', allowOffAne: ['lstm'] }).reasons[0]).toContain('has 1 error or warning finding: gather-lookup');
  });

  it('names three findings and counts the rest', () => {
    const many = ['a', 'b', 'c', 'd', 'e'].map((name) => finding('rnn', name, 'lstm'));
    expect(decideModelCheck([checked(many)], { failOn: 'error' }).reasons[0]).toContain('rnn (lstm op "a" in main), rnn (lstm op "b" in main), rnn (lstm op "c" in main) and 2 more.');
  });

  it('is an error for a model it could not read, whatever fail-on says, and passes a deleted one', () => {
    const unread: ModelReport = { path: 'M.mlmodel', status: 'error', findings: [], error: 'M.mlmodel: is a Git LFS pointer.' };
    const deleted: ModelReport = { path: 'Old.mlmodel', status: 'deleted', findings: [] };
    expect(decideModelCheck([unread, deleted, checked([lstm])], { failOn: 'never' })).toEqual({ status: 'error', reasons: ['M.mlmodel: is a Git LFS pointer.'], notes: [] });
    expect(decideModelCheck([deleted], { failOn: 'error' }).status).toBe('pass');
    // The worst status of several models wins.
    expect(decideModelCheck([checked([lstm], undefined, { base: { source: 'git', ref: 'x', problem: 'p' } }), checked([lstm], null)], { failOn: 'new' }).status).toBe('fail');
  });

  it('compares op types by what follows the last dot', () => {
    expect(bareType(' ios18.gather ')).toBe('gather');
    expect(bareType('gather')).toBe('gather');
  });

  it('gives each finding its outcome, judging a report written before fail-on existed with its default', () => {
    const model = checked([lstm, gather, advice], [gather]) as CheckedModel;
    expect([...findingOutcomes(model, {}).values()]).toEqual(['fails', 'passes', 'passes']);
    expect([...findingOutcomes(model, { failOn: 'warning' }).values()]).toEqual(['fails', 'fails', 'passes']);
    expect([...findingOutcomes(model, { failOn: 'never' }).values()]).toEqual(['passes', 'passes', 'passes']);
    const unread = checked([lstm, gather], undefined, { base: { source: 'git', ref: 'x', problem: 'p' } }) as CheckedModel;
    expect([...findingOutcomes(unread, { failOn: 'new', allowOffAne: null }).values()]).toEqual(['unknown', 'passes']);
  });

  it('names a model it could not read even without its message, and says nothing of a model without errors or base', () => {
    const unread: ModelReport = { path: 'M.mlmodel', status: 'error', findings: [] };
    expect(decideModelCheck([unread], { failOn: 'new' }).reasons).toEqual(['M.mlmodel could not be read.']);
    expect(decideModelCheck([checked([gather, advice])], { failOn: 'new' })).toEqual({ status: 'pass', reasons: [], notes: [] });
    expect(decideModelCheck([checked([])], { failOn: 'new' })).toEqual({ status: 'pass', reasons: [], notes: [] });
  });
});

