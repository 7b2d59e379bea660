// End-to-end: the model check through the built Action and the built command line, on a real git repository
// made here. Its base commit holds a package and a model; the pull request's head changes the package (a
// range-shaped input, a float32 island), deletes the model and adds one with a custom layer. The workspace is
// a shallow clone, as actions/checkout makes by default: ane-check fetches the base commit itself.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CheckedModel } from '../../src/model/check/model-report.js';
import type { Report } from '../../src/report/report.js';
import { startFakeGitHub, type FakeGitHub } from '../support/github-server.js';
import { ROOT } from '../support/paths.js';
import { readValidReport } from '../support/report-schema.js';
import { runAction, runNode } from '../support/run-action.js';
import { sharedModel } from '../support/shared-models.js';
import { tempFolder } from '../support/temp.js';

const dir = tempFolder('model-check');
const origin = path.join(dir, 'origin');
const demo = path.join(ROOT, 'test', 'fixtures', 'demo-models');
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=ane-check tests', '-c', 'user.email=tests@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' }).trim();

let baseSha = '';
let server: FakeGitHub;

beforeAll(async () => {
  server = await startFakeGitHub();
  mkdirSync(path.join(origin, 'Models'), { recursive: true });
  git(origin, 'init', '-q');
  cpSync(path.join(demo, 'base', 'Classifier.mlpackage'), path.join(origin, 'Models', 'Classifier.mlpackage'), { recursive: true });
  cpSync(sharedModel('coremlit-identity/identity.mlmodel'), path.join(origin, 'Models', 'Old.mlmodel'));
  git(origin, 'add', '.');
  git(origin, 'commit', '-q', '-m', 'base');
  baseSha = git(origin, 'rev-parse', 'HEAD');
  rmSync(path.join(origin, 'Models', 'Classifier.mlpackage'), { recursive: true });
  cpSync(path.join(demo, 'head', 'Classifier.mlpackage'), path.join(origin, 'Models', 'Classifier.mlpackage'), { recursive: true });
  rmSync(path.join(origin, 'Models', 'Old.mlmodel'));
  cpSync(sharedModel('hollance-custom-layer/NeuralMcNeuralNet.mlmodel'), path.join(origin, 'Models', 'New.mlmodel'));
  git(origin, 'add', '-A');
  git(origin, 'commit', '-q', '-m', 'head');
});
afterAll(async () => {
  await server.close();
});

/** A checkout of the head as actions/checkout makes it: one commit deep. */
function shallowCheckout(name: string): string {
  const checkout = path.join(dir, name);
  git(dir, 'clone', '-q', '--depth=1', `file://${origin}`, checkout);
  return checkout;
}

const event = () => ({ apiUrl: server.url, eventName: 'pull_request', payload: { pull_request: { number: 7, base: { ref: 'main', sha: baseSha }, head: { sha: 'f'.repeat(40) } } } });
const models = 'Models/**/*.mlpackage\nModels/*.mlmodel';

describe('the model check in a pull request, through the built Action on Linux', () => {
  it('fetches the base commit, says what changed, and fails on the new blockers alone', async () => {
    const checkout = shallowCheckout('pr');
    expect(git(checkout, 'rev-parse', '--is-shallow-repository')).toBe('true');
    const run = await runAction({ model: models, 'github-token': 'ghs_test', name: 'models' }, event(), checkout);
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'fail', coverage: '', findings: '4', 'new-findings': '4' });
    const report = (await readValidReport(path.join(run.outputs.report!))) as Report;
    expect(report.checks).toEqual(['model']);
    expect(report.coverage).toBeNull();
    const byPath = Object.fromEntries(report.models!.map((model) => [model.path, model]));
    expect(Object.keys(byPath)).toEqual(['Models/Classifier.mlpackage', 'Models/New.mlmodel', 'Models/Old.mlmodel']);

    const classifier = byPath['Models/Classifier.mlpackage'] as CheckedModel;
    expect(classifier.base).toEqual({ source: 'git', ref: baseSha });
    expect(classifier.diff?.status).toBe('changed');
    expect(classifier.diff?.inputs.changed.map((change) => [change.name, change.aspects])).toEqual([['x', ['flexibility']]]);
    expect(classifier.diff?.findings.new.map((finding) => finding.rule)).toEqual(['range-shape-input', 'float32-island', 'float32-island']);
    expect((byPath['Models/New.mlmodel'] as CheckedModel).diff?.status).toBe('added');
    expect(byPath['Models/Old.mlmodel']).toMatchObject({ status: 'deleted', diff: { status: 'deleted' } });
    expect(report.reasons).toEqual([
      expect.stringMatching(/^Models\/Classifier\.mlpackage has 3 new error findings \(the base model does not have them\): range-shape-input/u),
      expect.stringMatching(/^Models\/New\.mlmodel has 1 new error finding \(it is new in this pull request\): custom-layer/u),
    ]);
    // The checkout now has the base commit, and is still shallow.
    expect(git(checkout, 'cat-file', '-t', baseSha)).toBe('commit');
    // The pull request's comment names the models.
    const comment = server.comments.get(7)?.[0]?.body ?? '';
    expect(comment).toContain('Classifier.mlpackage');
  });

  it('is inconclusive, saying to fetch the history, when the base commit cannot be had, and still reports every model', async () => {
    const checkout = shallowCheckout('no-origin');
    git(checkout, 'remote', 'remove', 'origin');
    const run = await runAction({ model: models, comment: 'off' }, event(), checkout);
    expect(run.outputs).toMatchObject({ status: 'inconclusive', findings: '4', 'new-findings': '' });
    expect(run.code).toBe(1);
    const report = (await readValidReport(run.outputs.report!)) as Report;
    expect(report.models!.map((model) => model.path)).toEqual(['Models/Classifier.mlpackage', 'Models/New.mlmodel']);
    expect(report.reasons[0]).toMatch(/^Models\/Classifier\.mlpackage: which of its 3 error findings are new is unknown, since its base could not be read\. .*`fetch-depth: 0`/u);
    expect(report.notes.join(' ')).toContain('Models deleted since the base commit could not be listed');
  });

  it('passes with fail-on never, and with fail-on new outside a pull request, reporting the findings', async () => {
    const checkout = shallowCheckout('never');
    const never = await runAction({ model: models, 'fail-on': 'never', comment: 'off' }, event(), checkout);
    expect(never.code).toBe(0);
    expect(never.outputs).toMatchObject({ status: 'pass', findings: '4', 'new-findings': '4' });
    const push = await runAction({ model: models }, undefined, checkout);
    expect(push.code).toBe(0);
    expect(push.outputs).toMatchObject({ status: 'pass', findings: '4', 'new-findings': '' });
  });
});

describe('ane-check lint and diff, through the built command line', () => {
  const cli = path.join(ROOT, 'dist', 'cli', 'index.js');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };

  it('lint exits 1 on an error finding, 0 on a model without one, and --json prints a report that validates', async () => {
    const checkout = shallowCheckout('lint');
    const failing = await runNode(cli, ['lint', 'Models/New.mlmodel', '--json', '--report', path.join(dir, 'lint.json')], env, checkout);
    expect(failing.code).toBe(1);
    const printed = JSON.parse(failing.stdout) as Report;
    expect(printed.models?.[0]).toMatchObject({ path: 'Models/New.mlmodel', status: 'checked', findings: [expect.objectContaining({ rule: 'custom-layer' })] });
    expect(await readValidReport(path.join(dir, 'lint.json'))).toMatchObject({ status: 'fail', checks: ['model'] });
    const passing = await runNode(cli, ['lint', sharedModel('coremlit-identity/identity.mlmodel'), '--report', path.join(dir, 'lint2.json')], env, checkout);
    expect(passing.code).toBe(0);
  });

  it('diff prints what changed between two models and exits 0', async () => {
    const result = await runNode(cli, ['diff', path.join(demo, 'base', 'Classifier.mlpackage'), path.join(demo, 'head', 'Classifier.mlpackage'), '--report', path.join(dir, 'diff.json')], env, dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('The input `x` gained a range shape (1...512 in dimension 1).');
    expect(result.stdout).toContain('+2 `cast`');
  });
});
