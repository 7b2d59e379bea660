// The built Action (dist/index.js) and command line (dist/cli/index.js) run as processes, the way the
// runner and a user run them.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    // One annotation per reason: the step fails by its exit code, without a second one repeating it.
    expect(result.stdout.match(/^::error/gmu)).toHaveLength(1);
    expect(result.stdout).toContain('ANE check fail: coverage 50.0%: the step fails, for the reasons annotated above.');
    expect(result.summary).toContain("▼ 30.0 pp against the baseline's 80.0%");
  });

  it('lets an inconclusive run pass the step only when told to', async () => {
    const inputs = { command: `${FIXTURE} --predictions 1 --tag {tag}`, symbols: 'espresso' };
    const strict = await runActionChecked(inputs);
    expect(strict.code).toBe(1);
    expect(strict.outputs).toMatchObject({ status: 'inconclusive', coverage: '' });
    // The reason fails the step, so it is an error, once; where it does not fail the step, a warning.
    expect(strict.stdout).toContain('::error title=ANE check%3A espresso-sim::The app ran 1 prediction(s), no more than the warm-up of 1');
    expect(strict.stdout.match(/^::(error|warning)/gmu)).toEqual(['::error']);
    const lenient = await runActionChecked({ ...inputs, 'fail-on-inconclusive': 'false' });
    expect(lenient.code).toBe(0);
    expect(lenient.outputs.status).toBe('inconclusive');
    expect(lenient.stdout.match(/^::(error|warning)/gmu)).toEqual(['::warning']);
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

  it('refuses a report path it cannot write before measuring, with the reason in the summary', async () => {
    writeFileSync(path.join(dir, 'a-file'), '');
    const result = await runActionChecked({ command: `${FIXTURE} --tag {tag}`, symbols: 'espresso', report: path.join(dir, 'a-file', 'ane-report.json') });
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'error', report: '' });
    expect(result.stdout).toMatch(/^::error title=ANE check%3A espresso-sim::report: '.*a-file\/ane-report\.json' cannot be written: '.*a-file' is a file, not a folder/mu);
    expect(result.stdout).not.toContain('failed unexpectedly');
    expect(result.summary).toContain('### 💥 ANE check: espresso-sim: ERROR');
  });

  it('leaves nothing running and no folder of its own behind when the job is cancelled', async () => {
    const tmp = mkdtempSync(path.join(dir, 'tmp-'));
    const tag = uniqueTag();
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmp, INPUT_COMMAND: `${FIXTURE} --hang-at 0 --tag ${tag}`, INPUT_SYMBOLS: 'espresso', INPUT_REPORT: path.join(dir, `${tag}.json`) };
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'index.js')], { cwd: dir, env, stdio: 'ignore' });
    const closed = new Promise((resolve) => child.on('close', (code, signal) => resolve(signal ?? code)));
    await waitFor(() => processesWith(tag).some((args) => args.startsWith(FIXTURE)));
    expect(readdirSync(tmp).filter((name) => name.startsWith('ane-check-'))).toHaveLength(1);
    child.kill('SIGINT');
    expect(await closed).toBe('SIGINT');
    await waitFor(() => processesWith(tag).length === 0);
    expect(readdirSync(tmp).filter((name) => name.startsWith('ane-check-'))).toEqual([]);
  });
});

describe('the command line (dist/cli/index.js)', () => {
  const cli = path.join(ROOT, 'dist', 'cli', 'index.js');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };

  it.each([
    ['pass', ['--threshold', '10'], 0, /ane-check: espresso-sim: pass\nANE dispatch share: 40\.0% \(it counts dispatches, not cost: one ANE dispatch runs a whole segment of the model\)\nGates: --threshold 10% on the dispatch share\./u],
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

  it.each(['SIGTERM', 'SIGINT'] as const)('leaves nothing running and no folder of its own behind on %s', async (signal) => {
    const tmp = mkdtempSync(path.join(dir, 'tmp-'));
    const tag = uniqueTag();
    const args = [cli, '--command', `${FIXTURE} --hang-at 0 --tag ${tag}`, '--symbols', 'espresso', '--report', path.join(dir, `${tag}.json`)];
    const child = spawn(process.execPath, args, { cwd: dir, env: { ...env, TMPDIR: tmp }, stdio: 'ignore' });
    const closed = new Promise((resolve) => child.on('close', (code, received) => resolve(received ?? code)));
    // The fixture itself, started by LLDB (the command line of ane-check holds the tag too).
    await waitFor(() => processesWith(tag).some((line) => line.startsWith(FIXTURE)));
    expect(readdirSync(tmp).filter((name) => name.startsWith('ane-check-'))).toHaveLength(1);
    child.kill(signal);
    expect(await closed).toBe(signal);
    await waitFor(() => processesWith(tag).length === 0);
    expect(readdirSync(tmp).filter((name) => name.startsWith('ane-check-'))).toEqual([]);
  });

  it('prints the usage without measuring when given nothing, and help and version when asked', async () => {
    const folder = mkdtempSync(path.join(dir, 'empty-'));
    const nothing = await runNode(cli, [], env, folder);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/^Usage: ane-check --command "<program> \[args\]" \[flags\]/u);
    expect(readdirSync(folder)).toEqual([]);
    const help = await runNode(cli, ['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/\n {2}--threshold <value> +Minimum ANE coverage in percent; below it the check fails\. \(default: 0\)\n/u);
    const version = await runNode(cli, ['--version'], env);
    expect(version).toMatchObject({ code: 0, stdout: `ane-check ${JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n` });
  });

  it('refuses a report path it cannot write before measuring, naming the flag, with no stack trace', async () => {
    writeFileSync(path.join(dir, 'not-a-folder'), '');
    const tag = uniqueTag();
    const result = await runNode(cli, ['--command', `${FIXTURE} --tag ${tag}`, '--symbols', 'espresso', '--report', path.join(dir, 'not-a-folder', 'r.json')], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/ane-check: espresso-sim: ERROR\nANE dispatch share: not measured\nGates: .*\n {2}- --report: '.*not-a-folder\/r\.json' cannot be written: '.*not-a-folder' is a file, not a folder/u);
    expect(result.stderr).toMatch(/^ane-check: --report: '.*' cannot be written.* The result above is not saved anywhere else\.\n$/u);
    expect(result.stdout + result.stderr).not.toMatch(/^\s+at /mu);
    expect(result.stdout).not.toContain('Report written to');
  });

  it('takes a switch alone, writes JUnit, and calls out what does nothing here', async () => {
    const tag = uniqueTag();
    const report = path.join(dir, `${tag}.json`);
    const junit = path.join(dir, `${tag}.xml`);
    const args = ['--command', `${FIXTURE} --plan ane=1,cpu=1 --predictions 20 --tag ${tag}`, '--symbols', 'espresso', '--report', report];
    const result = await runNode(cli, [...args, '--discover', '--threshold', '30', '--junit', junit, '--comment', 'off', '--max-drop', '5'], env);
    expect(result.code).toBe(0);
    const written = await readValidReport(report);
    expect(written).toMatchObject({ status: 'pass', gates: { threshold: 30, maxDrop: 5 } });
    expect(written.discovery?.profile).toBe(report.replace(/\.json$/u, '.profile-candidates.json'));
    // The terminal says where the candidate profile went and how to use it.
    const candidates = written.discovery!.profile;
    expect(result.stdout).toContain(`Candidate profile written to ${candidates} (${written.discovery!.probes.length} probes from ${written.discovery!.functions} engine-like functions): check it, then measure with --symbols ${candidates}\n`);
    expect(readFileSync(junit, 'utf8')).toContain('<testcase classname="ane-check" name="espresso-sim"');
    expect(result.stdout).toContain(`JUnit written to ${junit}`);
    expect(result.stderr).toContain("ane-check: --comment does nothing on the command line: it is for the Action's pull-request comment and GitHub API.");
    expect(result.stdout).toContain('  - --max-drop is set, but there is no --baseline: no comparison, so no regression gate.');
  });

  it('asks first whether a program that resolves nothing loaded Core ML, after its own error output', async () => {
    const tag = uniqueTag();
    const result = await runNode(cli, ['--command', `/bin/sh -c 'echo cannot open the model ${tag} >&2'`, '--symbols', 'espresso', '--report', path.join(dir, `${tag}.json`)], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("probes resolved to a function in the target: did this program load Core ML?");
    expect(result.stdout).toContain(`The target's error output (last lines):\n  cannot open the model ${tag}\n`);
    expect(result.stdout.indexOf("The target's error output")).toBeLessThan(result.stdout.indexOf('Probes that did not resolve'));
  });

  it('says where a profile breaks JSON, and keeps the inputs that read in the report of a refused run', async () => {
    const profile = path.join(dir, 'broken-profile.json');
    writeFileSync(profile, '{\n  "name": "mine",\n  "probes": [,]\n}\n');
    const tag = uniqueTag();
    const report = path.join(dir, `${tag}.json`);
    const broken = await runNode(cli, ['--command', `${FIXTURE} --tag ${tag}`, '--symbols', profile, '--report', report], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`--symbols: ${profile}: not valid JSON: Unexpected token ',' at line 3, column 14 ("  \\"probes\\": [,]"); fix the file there`);
    const refused = await runNode(cli, ['--command', `${FIXTURE} --tag ${tag}`, '--name', 'MobileNetV2', '--warmup', '3', '--threshold', 'abc', '--report', report], env);
    expect(refused.code).toBe(1);
    expect(await readValidReport(report)).toMatchObject({ name: 'MobileNetV2', status: 'error', predictions: { warmup: 3 }, gates: { threshold: 0 } });
  });

  it('tells a missing program from one that cannot run', async () => {
    writeFileSync(path.join(dir, 'not-executable'), '#!/bin/sh\n');
    const missing = await runNode(cli, ['--command', './no-such-program'], env);
    expect(missing.stdout).toMatch(/--command: '.*no-such-program' does not exist; check the path/u);
    const notExecutable = await runNode(cli, ['--command', './not-executable'], env);
    expect(notExecutable.stdout).toMatch(/--command: '.*not-executable' is not executable; make it executable \(chmod \+x/u);
    const inPath = await runNode(cli, ['--command', 'not-executable'], env);
    expect(inPath.stdout).toContain("--command: 'not-executable' is not found in PATH; give its path (./name for one in the working directory)");
  });

  it('publishes report files and exits with the worst status', async () => {
    const folder = path.join(dir, uniqueTag());
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'a.json'), JSON.stringify(sampleReport({ name: 'A' })));
    writeFileSync(path.join(folder, 'b.json'), JSON.stringify(sampleReport({ name: 'B', status: 'inconclusive', coverage: null, reasons: ['No prediction was observed.'] })));
    const result = await runNode(cli, ['--publish', `${folder}/*.json`], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('ane-check: A: pass');
    expect(result.stdout).toContain('ane-check: B: inconclusive\nANE dispatch share: not measured');
  });

  it('refuses an unknown flag, suggesting the one meant', async () => {
    const result = await runNode(cli, ['--treshold', '5'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('ane-check: --treshold: is not a flag of ane-check (did you mean --threshold?); see ane-check --help\n');
  });
});
