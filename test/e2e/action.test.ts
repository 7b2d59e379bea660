// The built Action (dist/index.js) and command line (dist/cli/index.js) run as processes, the way the
// runner and a user run them.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { FIXTURE, ROOT } from '../support/paths.js';
import { processesWith, uniqueTag } from '../support/processes.js';
import { readValidReport } from '../support/report-schema.js';
import { runAction, runNode, WORK_DIR } from '../support/run-action.js';
import { sampleReport } from '../support/sample-report.js';

const dir = WORK_DIR;

/** Runs the Action and checks that it left nothing of the fixture running. */
async function runActionChecked(inputs: Record<string, string>) {
  const result = await runAction(inputs);
  expect(processesWith(result.tag)).toEqual([]);
  return result;
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still waiting after ${timeoutMs} ms for ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the Action (dist/index.js)', () => {
  it('measures, sets its outputs, writes the summary and the report, and passes the step', async () => {
    const result = await runActionChecked({ command: `${FIXTURE} --plan ane=2,gpu=1,cpu=1 --predictions 40 --tag {tag}`, symbols: 'espresso', threshold: '40', 'max-drop': '', 'fail-on-inconclusive': 'true' });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'pass', coverage: '50.0', delta: '' });
    const report = await readValidReport(result.outputs.report!);
    expect(report).toMatchObject({ schemaVersion: 1, status: 'pass', coverage: 50, predictions: { counted: 10 } });
    expect(result.summary).toContain('### ✅ ANE check: espresso-sim: pass');
    expect(result.summary).toContain('| ANE | 2 | 20 | 50.0% | `█████░░░░░` |');
  });

  it('records the commit measured: a pull request\'s head, not the merge commit of GITHUB_SHA', async () => {
    const head = 'a1b2c3d4e5f60718293a4b5c6d7e8f9001122334';
    const event = { apiUrl: 'http://127.0.0.1:9', eventName: 'pull_request', payload: { pull_request: { number: 3, head: { sha: head } } } };
    const result = await runAction({ command: `${FIXTURE} --plan ane=1,cpu=1 --predictions 20 --tag {tag}`, symbols: 'espresso', comment: 'off' }, event);
    expect(processesWith(result.tag)).toEqual([]);
    expect(await readValidReport(result.outputs.report!)).toMatchObject({ status: 'pass', commit: head });
  });

  it('sets plan-coverage and latency from the app\'s evidence lines, and shows the plan in the summary', async () => {
    const result = await runActionChecked({ command: `${FIXTURE} --evidence agree --plan ane=2,gpu=1,cpu=1 --predictions 40 --tag {tag}`, symbols: 'espresso', 'plan-threshold': '60' });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'pass', coverage: '50.0', 'plan-coverage': '70.0', latency: '2.00' });
    expect(result.summary).toContain('#### Plan and latency');
  });

  it('leaves plan-coverage and latency empty without evidence lines', async () => {
    const result = await runActionChecked({ command: `${FIXTURE} --plan ane=2,gpu=1,cpu=1 --predictions 40 --tag {tag}`, symbols: 'espresso' });
    expect(result.outputs).toMatchObject({ status: 'pass', 'plan-coverage': '', latency: '' });
  });

  it('fails the step on a drop against the baseline, with the delta as output and an error annotation', async () => {
    const baseline = path.join(dir, 'baseline.json');
    writeFileSync(baseline, JSON.stringify({ schemaVersion: 1, name: 'espresso-sim', status: 'pass', coverage: 80 }));
    const result = await runActionChecked({ command: `${FIXTURE} --plan ane=1,cpu=1 --tag {tag}`, symbols: 'espresso', baseline, 'max-drop': '5' });
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'fail', coverage: '50.0', delta: '-30.0' });
    expect(result.stdout).toContain('::error title=ANE check%3A espresso-sim::ANE coverage fell by 30.0 points');
    expect(result.summary).toContain("▼ 30.0 pp against the baseline's 80.0%");
  });

  it('lets an inconclusive run pass the step only when told to', async () => {
    const inputs = { command: `${FIXTURE} --predictions 1 --tag {tag}`, symbols: 'espresso' };
    const strict = await runActionChecked(inputs);
    expect(strict.code).toBe(1);
    expect(strict.outputs).toMatchObject({ status: 'inconclusive', coverage: '' });
    expect(strict.stdout).toContain('::warning title=ANE check%3A espresso-sim::The app ran 1 prediction(s), no more than the warm-up of 1');
    const lenient = await runActionChecked({ ...inputs, 'fail-on-inconclusive': 'false' });
    expect(lenient.code).toBe(0);
    expect(lenient.outputs.status).toBe('inconclusive');
  });

  it('names a bad input and its fix, and never prints the token', async () => {
    const token = 'ghs_secretTokenValue123456';
    const result = await runActionChecked({ command: `${FIXTURE} --tag {tag}`, threshold: 'abc', 'github-token': token });
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('error');
    expect(result.stdout).toContain("threshold: 'abc' is not a percentage from 0 to 100");
    // The one place it may appear is the runner's own mask command, which the runner does not print.
    const printed = (result.stdout + result.stderr + result.summary).replace(`::add-mask::${token}`, '');
    expect(printed).not.toContain(token);
  });
});

describe('the command line (dist/cli/index.js)', () => {
  const cli = path.join(ROOT, 'dist', 'cli', 'index.js');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };

  it.each([
    ['pass', ['--threshold', '10'], 0, /ane-check: espresso-sim: pass\nANE coverage: 40\.0% \(threshold 10%\)/u],
    ['fail', ['--threshold', '90'], 1, /ANE coverage 40\.0% is below the threshold of 90%/u],
    ['inconclusive', ['--predictions', '10', '--warmup', '20'], 2, /no more than the warm-up of 20/u],
    ['error', ['--threshold=abc'], 1, /threshold: 'abc' is not a percentage/u],
  ])('exits as the contract says on %s', async (_, flags, code, text) => {
    const tag = uniqueTag();
    const report = path.join(dir, `${tag}.json`);
    const result = await runNode(cli, ['--command', `${FIXTURE} --tag ${tag}`, '--symbols', 'espresso', '--report', report, ...flags], env);
    expect(result.stdout).toMatch(text);
    expect(result.code).toBe(code);
    expect((await readValidReport(report)).status).toBe(_);
  });

  it('records GITHUB_SHA as the commit, and none outside a repository', async () => {
    const sha = '00aa11bb22cc33dd44ee55ff66778899aabbccdd';
    const measure = async (extra: NodeJS.ProcessEnv) => {
      const tag = uniqueTag();
      const report = path.join(dir, `${tag}.json`);
      await runNode(cli, ['--command', `${FIXTURE} --tag ${tag}`, '--symbols', 'espresso', '--report', report], { ...env, ...extra });
      return readValidReport(report);
    };
    expect((await measure({ GITHUB_SHA: sha })).commit).toBe(sha);
    // The working folder is a temporary one, in no repository.
    expect((await measure({})).commit).toBeNull();
  });

  it('leaves nothing running when it is cancelled mid-run', async () => {
    const tag = uniqueTag();
    const child = spawn(process.execPath, [cli, '--command', `${FIXTURE} --hang-at 0 --tag ${tag}`, '--report', path.join(dir, `${tag}.json`)], { cwd: dir, env, stdio: 'ignore' });
    const closed = new Promise((resolve) => child.on('close', (code, signal) => resolve(signal ?? code)));
    // The fixture itself, started by LLDB (the command line of ane-check holds the tag too).
    await waitFor(() => processesWith(tag).some((args) => args.startsWith(FIXTURE)));
    child.kill('SIGTERM');
    expect(await closed).toBe('SIGTERM');
    await waitFor(() => processesWith(tag).length === 0);
    expect(processesWith(tag)).toEqual([]);
  });

  it('publishes report files and exits with the worst status', async () => {
    const folder = path.join(dir, uniqueTag());
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'a.json'), JSON.stringify(sampleReport({ name: 'A' })));
    writeFileSync(path.join(folder, 'b.json'), JSON.stringify(sampleReport({ name: 'B', status: 'inconclusive', coverage: null, reasons: ['No prediction was observed.'] })));
    const result = await runNode(cli, ['--publish', `${folder}/*.json`], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('ane-check: A: pass');
    expect(result.stdout).toContain('ane-check: B: inconclusive\nANE coverage: not measured');
  });

  it('refuses an unknown flag', async () => {
    const result = await runNode(cli, ['--treshold', '5'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--treshold: is not a flag of ane-check');
  });
});
