// The built Action against a GitHub REST server on 127.0.0.1: the pull-request comment, baselines from
// the base branch's artifacts, publishing reports, forks' workflow_run recipe, permissions and limits.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { commentMarker } from '../../src/github/comment.js';
import { compareWithBaseline } from '../../src/report/baseline.js';
import type { Report } from '../../src/report/report.js';
import { startFakeGitHub, type FakeGitHub } from '../support/github-server.js';
import { FIXTURE } from '../support/paths.js';
import { processesWith, uniqueTag } from '../support/processes.js';
import { runAction, WORK_DIR } from '../support/run-action.js';
import { readValidReport } from '../support/report-schema.js';
import { sampleReport } from '../support/sample-report.js';

let server: FakeGitHub;
beforeAll(async () => {
  server = await startFakeGitHub();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.comments.clear();
  server.requests.length = 0;
  server.runs.length = 0;
  server.artifacts.clear();
  server.pullsOfCommit.clear();
  server.pulls.length = 0;
  server.failRoutes.clear();
  server.tokenUser = undefined;
  server.actor = 'github-actions[bot]';
  server.failCommentWritesWith = undefined;
});

const TOKEN = 'ghs_testTokenNeverPrinted0123456789';
const PR = 42;
const pullRequestEvent = () => ({
  apiUrl: server.url,
  eventName: 'pull_request',
  payload: { pull_request: { number: PR, base: { ref: 'main' }, head: { sha: 'abc123' } } },
});

/** Writes report files for publishing; returns the glob that matches them. */
function reportFiles(reports: Report[]): string {
  const folder = path.join(WORK_DIR, uniqueTag());
  reports.forEach((report, index) => {
    mkdirSync(path.join(folder, `job-${index}`), { recursive: true });
    writeFileSync(path.join(folder, `job-${index}`, 'ane-report.json'), JSON.stringify(report));
  });
  return `${folder}/**/ane-report.json`;
}

function commentsOn(issue: number) {
  return server.comments.get(issue) ?? [];
}

function measure(plan: string, inputs: Record<string, string> = {}) {
  return runAction({ command: `${FIXTURE} --plan ${plan} --predictions 30 --tag {tag}`, symbols: 'espresso', 'github-token': TOKEN, ...inputs }, pullRequestEvent());
}

describe('the pull-request comment', () => {
  it('is created once, then updated in place by the next run', async () => {
    const first = await measure('ane=3,cpu=1', { name: 'MobileNetV2' });
    expect(first.code).toBe(0);
    expect(processesWith(first.tag)).toEqual([]);
    expect(commentsOn(PR)).toHaveLength(1);
    const comment = commentsOn(PR)[0]!;
    expect(comment.body.startsWith(`${commentMarker('MobileNetV2')}\n### ✅ ANE check: MobileNetV2: pass`)).toBe(true);
    expect(comment.body).toContain('**ANE dispatch share: 75.0%** (it counts dispatches, not cost: one ANE dispatch runs a whole segment of the model)');
    expect(comment.body).toMatch(/\| ANE \| 3 \| \d+ \| 75\.0% \| `████████░░` \|/u);
    expect(comment.body).not.toContain('```mermaid'); // no pie; a trend only with a base branch's runs
    expect(comment.body).toContain('[Run](https://github.com/o/r/actions/runs/500)');
    expect(server.requests.every((request) => request.authorization === `token ${TOKEN}`)).toBe(true);

    const second = await measure('ane=1,cpu=1', { name: 'MobileNetV2' });
    expect(second.code).toBe(0);
    expect(commentsOn(PR)).toHaveLength(1);
    expect(commentsOn(PR)[0]!.id).toBe(comment.id);
    expect(commentsOn(PR)[0]!.body).toContain('**ANE dispatch share: 50.0%**');
    for (const run of [first, second]) {
      // The runner's own mask command is the one place the token may appear; the runner does not print it.
      expect((run.stdout + run.stderr + run.summary).replaceAll(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN.slice(4));
    }
  });

  it("leads with the plan's cost share where the run agrees with the plan, and with the dispatch share where it does not", async () => {
    const evidence = (kind: string, name: string) =>
      runAction({ command: `${FIXTURE} --evidence ${kind} --tag {tag}`, symbols: 'espresso', name, 'plan-threshold': '60', 'github-token': TOKEN }, pullRequestEvent());
    const agree = await evidence('agree', 'Agrees');
    expect(agree.outputs).toMatchObject({ status: 'pass', coverage: '40.0', 'plan-coverage': '70.0' });
    expect(await readValidReport(agree.outputs.report!)).toMatchObject({ headline: { figure: 'plan-cost-share', value: 70 } });
    const body = commentsOn(PR).find((comment) => comment.body.startsWith(commentMarker('Agrees')))!.body;
    expect(body).toContain(
      "\n\n**ANE: 70.0% of the estimated cost** (Core ML's plan, confirmed by the run: 2 ANE dispatches per prediction) · dispatch share 40.0%\n\nGates: `threshold` 0% on the dispatch share · `plan-threshold` 60% on the plan's cost share.\n",
    );
    expect(agree.summary).toContain('**ANE: 70.0% of the estimated cost**');

    // The plan places work on the ANE and the run dispatched nothing there (the silent fallback).
    const disagree = await evidence('disagree --plan gpu=1,cpu=2', 'Disagrees');
    expect(await readValidReport(disagree.outputs.report!)).toMatchObject({ status: 'fail', headline: { figure: 'dispatch-share', value: 0 } });
    const other = commentsOn(PR).find((comment) => comment.body.startsWith(commentMarker('Disagrees')))!.body;
    expect(other).toMatch(/\*\*ANE dispatch share: [\d.]+%\*\* \(it counts dispatches, not cost: one ANE dispatch runs a whole segment of the model\) · Core ML's plan places [\d.]+% of the estimated cost on the ANE, but the run disagrees with it: the plan's share does not lead\n/u);
  });

  it('keeps one comment per measurement name', async () => {
    const published = (name: string) =>
      runAction({ publish: reportFiles([sampleReport({ name })]), name, 'github-token': TOKEN }, pullRequestEvent());
    await published('CPU-only model');
    await published('ANE model');
    await published('CPU-only model');
    expect(commentsOn(PR).map((comment) => comment.body.split('\n')[0])).toEqual([commentMarker('CPU-only model'), commentMarker('ANE model')]);
  });

  it('finds its own comment on any page of more than a hundred', async () => {
    const marker = commentMarker('ane-check');
    server.seed(PR, Array.from({ length: 130 }, (_, i) => ({ body: `review note ${i}`, login: 'reviewer' })));
    server.seed(PR, [{ body: `${marker}\nold result`, login: 'github-actions[bot]' }]);
    server.seed(PR, Array.from({ length: 40 }, (_, i) => ({ body: `later note ${i}`, login: 'reviewer' })));
    const result = await runAction({ publish: reportFiles([sampleReport()]), 'github-token': TOKEN }, pullRequestEvent());
    expect(result.code).toBe(0);
    expect(commentsOn(PR)).toHaveLength(171);
    expect(commentsOn(PR)[130]!.body).toContain('ANE check: MobileNetV2: pass');
    expect(server.requests.filter((request) => request.method === 'GET' && request.path.includes('/comments')).map((request) => new URL(request.path, server.url).searchParams.get('page') ?? '1')).toEqual(['1', '2']);
  });

  it("never edits someone else's comment, even one that carries the marker", async () => {
    const marker = commentMarker('ane-check');
    server.seed(PR, [{ body: `${marker}\nI copied this comment`, login: 'octocat' }]);
    await runAction({ publish: reportFiles([sampleReport()]), 'github-token': TOKEN }, pullRequestEvent());
    expect(commentsOn(PR)).toHaveLength(2);
    expect(commentsOn(PR)[0]!.body).toBe(`${marker}\nI copied this comment`);
    expect(commentsOn(PR)[1]!.user.login).toBe('github-actions[bot]');
  });

  it('updates as the user a personal token belongs to', async () => {
    server.tokenUser = 'release-bot';
    server.actor = 'release-bot';
    const marker = commentMarker('ane-check');
    server.seed(PR, [{ body: `${marker}\nby the bot`, login: 'github-actions[bot]' }, { body: `${marker}\nmine`, login: 'release-bot' }]);
    await runAction({ publish: reportFiles([sampleReport()]), 'github-token': TOKEN }, pullRequestEvent());
    expect(commentsOn(PR).map((comment) => comment.body.split('\n')[1])).toEqual(['by the bot', '### ✅ ANE check: MobileNetV2: pass']);
  });

  it.each([403, 404])('turns HTTP %i into a warning naming pull-requests: write, and keeps the gate\'s result', async (status) => {
    server.failCommentWritesWith = status;
    const result = await runAction({ publish: reportFiles([sampleReport()]), 'github-token': TOKEN }, pullRequestEvent());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`::warning::Could not comment on pull request #42 \\(HTTP ${status}\\): the token needs \`permissions: pull-requests: write\``, 'u'));
    expect(result.summary).toContain('ANE check: MobileNetV2: pass');
    const failing = await runAction({ publish: reportFiles([sampleReport({ status: 'fail', reasons: ['below'] })]), 'github-token': TOKEN }, pullRequestEvent());
    expect(failing.code).toBe(1);
  });

  it('falls back to the job summary on 422', async () => {
    server.failCommentWritesWith = 422;
    const result = await runAction({ publish: reportFiles([sampleReport()]), 'github-token': TOKEN }, pullRequestEvent());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('::warning::GitHub refused the comment on pull request #42 (HTTP 422');
    expect(result.summary).toContain('### ✅ ANE check: MobileNetV2: pass');
  });

  it('cuts a body over 65,536 characters with a notice; the summary keeps everything', async () => {
    const fallbackKernels = Array.from({ length: 1500 }, (_, i) => ({ engine: 'cpu' as const, name: `Espresso::generated_layer_${i}_kernel_cpu::__launch(int)`, hits: 1500 - i }));
    const reports = Array.from({ length: 3 }, (_, i) => sampleReport({ name: `model ${i}`, fallbackKernels }));
    const result = await runAction({ publish: reportFiles(reports), 'github-token': TOKEN }, pullRequestEvent());
    expect(result.code).toBe(0);
    const body = commentsOn(PR)[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain("Shortened to GitHub's limit of 65,536 characters for a comment: the job summary has the full report.");
    expect(result.summary.length).toBeGreaterThan(70_000);
    expect(result.summary).toContain('| CPU | `Espresso::generated_layer_1499_kernel_cpu::__launch(int)` | 1 |');
  });

  it('escapes hostile names so they cannot inject HTML, mention anyone or close the marker', async () => {
    const name = 'x --> <img src=x onerror=alert(1)> @security-team #1 [link](http://evil)';
    const report = sampleReport({ name, fallbackKernels: [{ engine: 'cpu', name: '</code></details>| @owner `rm`', hits: 3 }] });
    await runAction({ publish: reportFiles([report]), name, 'github-token': TOKEN }, pullRequestEvent());
    const body = commentsOn(PR)[0]!.body;
    const [markerLine, ...rest] = body.split('\n');
    expect(markerLine).toBe(commentMarker(name));
    expect(markerLine!.indexOf('-->')).toBe(markerLine!.length - 3);
    const text = rest.join('\n');
    // The kernel is a code span, in which nothing is HTML or a mention; outside it, nothing of either name acts.
    const kernel = '| `` </code></details>\\| @owner `rm` `` |';
    expect(text).toContain(kernel);
    expect(text.replaceAll(kernel, '')).not.toMatch(/<img|@security-team|@owner|-->|\[link\]|<\/code><\/details>/u);
    expect(text).toContain('@\u200bsecurity-team');
  });

  it('posts nothing on a push, and nothing when comment is off', async () => {
    const push = await runAction({ publish: reportFiles([sampleReport()]), 'github-token': TOKEN }, { apiUrl: server.url, eventName: 'push', payload: { ref: 'refs/heads/main' } });
    expect(push.code).toBe(0);
    expect(push.stdout).toContain('Not a pull request: no comment.');
    const off = await runAction({ publish: reportFiles([sampleReport()]), comment: 'off', 'github-token': TOKEN }, pullRequestEvent());
    // comment: off is accepted, and the run is the report's pass: only the comment is left out.
    expect(off.code).toBe(0);
    expect(off.outputs.status).toBe('pass');
    expect(off.summary).toContain('### ✅ ANE check: MobileNetV2: pass');
    expect(server.comments.size).toBe(0);
    expect(server.requests.filter((request) => request.path.includes('/comments'))).toEqual([]);
  });
});

describe('publishing reports', () => {
  it('merges three matrix reports into one comment, one summary and one gate', async () => {
    const reports = [
      sampleReport({ name: 'iPhone 15 Pro', coverage: 92.5, baseline: null }),
      sampleReport({ name: 'iPad Air', coverage: 60, baseline: null, status: 'fail', reasons: ['ANE coverage 60.0% is below the threshold of 80%.'] }),
      sampleReport({ name: 'Mac mini', coverage: 88, baseline: null }),
    ];
    const junit = path.join(WORK_DIR, `${uniqueTag()}.xml`);
    const result = await runAction({ publish: reportFiles(reports), name: 'devices', junit, 'github-token': TOKEN }, pullRequestEvent());
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'fail', coverage: '', delta: '', report: '' });
    expect(commentsOn(PR)).toHaveLength(1);
    const body = commentsOn(PR)[0]!.body;
    expect(body).toContain('### ❌ ANE check: 3 measurements: FAIL');
    for (const row of ['| iPhone 15 Pro | ✅ pass | 92.5% of dispatches |', '| iPad Air | ❌ FAIL | 60.0% of dispatches |', '| Mac mini | ✅ pass | 88.0% of dispatches |']) expect(body).toContain(row);
    expect(result.summary).toContain('| iPad Air | ❌ FAIL | 60.0% of dispatches |');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="ane-check" tests="3" failures="1" errors="0" skipped="0"');
    expect(xml).toContain('<failure message="ANE coverage 60.0% is below the threshold of 80%." type="fail">');
  });

  it('names the input when the glob matches nothing', async () => {
    const result = await runAction({ publish: path.join(WORK_DIR, 'nothing-here', '*.json'), 'github-token': TOKEN }, pullRequestEvent());
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('error');
    expect(result.stdout).toContain("publish: '");
    expect(result.stdout).toContain('matches no file');
  });

  it('takes the pull request of a workflow_run from the event or a head-SHA lookup, never from the artifact', async () => {
    const report = { ...sampleReport({ name: 'from a fork' }), pullRequest: 1 };
    server.pullsOfCommit.set('fork-sha', [
      { number: 3, state: 'closed', head: { sha: 'fork-sha' }, base: { ref: 'main' } },
      { number: 7, state: 'open', head: { sha: 'fork-sha' }, base: { ref: 'main' } },
    ]);
    const workflowRun = { id: 900, workflow_id: 11, head_sha: 'fork-sha', html_url: 'https://github.com/o/r/actions/runs/900', pull_requests: [] };
    const result = await runAction({ publish: reportFiles([report as Report]), name: 'from a fork', 'github-token': TOKEN }, { apiUrl: server.url, eventName: 'workflow_run', payload: { workflow_run: workflowRun }, runId: 901 });
    expect(result.code).toBe(0);
    expect([...server.comments.keys()]).toEqual([7]);
    expect(commentsOn(7)[0]!.body).toContain('[Run](https://github.com/o/r/actions/runs/900)');
  });
});

describe("a fork's pull request, where GitHub lists none for the run or its commit", () => {
  it('is found by the fork\'s head branch, and the log says so', async () => {
    server.pulls.push({ number: 8, state: 'open', head: { sha: 'fork-head', ref: 'feature', owner: 'contributor' }, base: { ref: 'main' } });
    const workflowRun = {
      id: 900,
      workflow_id: 11,
      head_sha: 'fork-head',
      head_branch: 'feature',
      head_repository: { full_name: 'contributor/r', owner: { login: 'contributor' } },
      html_url: 'https://github.com/o/r/actions/runs/900',
      pull_requests: [],
    };
    const result = await runAction(
      { publish: reportFiles([sampleReport({ name: 'from a fork', baseline: null })]), name: 'from a fork', 'github-token': TOKEN },
      { apiUrl: server.url, eventName: 'workflow_run', payload: { workflow_run: workflowRun }, runId: 901 },
    );
    expect(result.code).toBe(0);
    expect([...server.comments.keys()]).toEqual([8]);
    expect(result.stdout).toMatch(/Pull request #8 found by .*pulls\?head=contributor:feature/u);
    expect(server.requests.map((request) => request.path)).toContain('/repos/o/r/commits/fork-head/pulls');
  });

  it('is found by a search for the head commit when the branch was renamed', async () => {
    server.pulls.push({ number: 9, state: 'open', head: { sha: 'fork-head', ref: 'renamed', owner: 'contributor' }, base: { ref: 'main' } });
    const workflowRun = {
      id: 900,
      workflow_id: 11,
      head_sha: 'fork-head',
      head_branch: 'feature',
      head_repository: { full_name: 'contributor/r', owner: { login: 'contributor' } },
      html_url: 'https://github.com/o/r/actions/runs/900',
      pull_requests: [],
    };
    const result = await runAction(
      { publish: reportFiles([sampleReport({ name: 'from a fork', baseline: null })]), name: 'from a fork', 'github-token': TOKEN },
      { apiUrl: server.url, eventName: 'workflow_run', payload: { workflow_run: workflowRun }, runId: 901 },
    );
    expect(result.code).toBe(0);
    expect([...server.comments.keys()]).toEqual([9]);
    expect(result.stdout).toMatch(/Pull request #9 found by .*search/u);
  });
});

describe('baseline from the base branch', () => {
  function storeBaseline(runId: number, reports: Report[], artifactName = 'ane-report') {
    server.runs.push({ id: runId, workflowId: 11, branch: 'main', conclusion: 'success', headSha: `${runId}`.padEnd(40, 'c') });
    const files = Object.fromEntries(reports.map((report, index) => [`reports/${index}/ane-report.json`, new TextEncoder().encode(JSON.stringify(report))]));
    server.artifacts.set(runId, [{ id: runId * 10, name: artifactName, zip: zipSync({ ...files, 'README.txt': new TextEncoder().encode('not a report') }) }]);
  }

  it('compares with the report of the same name from the latest successful run that has the artifact', async () => {
    server.runs.push({ id: 500, workflowId: 11, branch: 'feature', conclusion: 'success' }); // this run
    storeBaseline(300, [sampleReport({ name: 'espresso-sim', coverage: 10, baseline: null })]);
    storeBaseline(400, [sampleReport({ name: 'other model', coverage: 1, baseline: null }), sampleReport({ name: 'espresso-sim', coverage: 90, baseline: null })]);
    server.runs.push({ id: 450, workflowId: 11, branch: 'main', conclusion: 'success' }); // no artifact: passed over
    server.runs.push({ id: 460, workflowId: 11, branch: 'main', conclusion: 'failure' });
    const result = await measure('ane=3,cpu=1', { baseline: 'auto', 'max-drop': '5' });
    expect(result.outputs).toMatchObject({ status: 'fail', coverage: '75.0', delta: '-15.0' });
    expect(result.code).toBe(1);
    const report = await readValidReport(result.outputs.report!);
    expect(report.reasons).toEqual([
      "ANE coverage fell by 15.0 points against the baseline (90.0% to 75.0%), more than `max-drop` 5. Compare the fallback kernels with the baseline's; raise `max-drop` only if the drop is intended.",
    ]);
    expect(report.baseline).toMatchObject({ name: 'espresso-sim', coverage: 90, delta: -15, perPrediction: { ane: 2, gpu: 1, cpu: 2 } });
    // The trend: both base runs with the artifact, oldest first, labelled by their commits.
    expect(report.baseline?.trend?.map((point) => [point.coverage, point.commit])).toEqual([
      [10, '300'.padEnd(40, 'c')],
      [90, '400'.padEnd(40, 'c')],
    ]);
    const body = commentsOn(PR)[0]!.body;
    expect(body).toContain("▼ 15.0 pp against the baseline's 90.0%");
    expect(body).toContain('**Against the baseline:** ANE 2 → 3, GPU 1 → 0, CPU 2 → 1 per prediction');
    expect(body).toContain('| ANE | 2 | 3 | ▲ 1 |');
    // This run's own point comes last, marked, so that the drop shows in the chart.
    expect(body).toContain('    x-axis ["300cccc", "400cccc", "this run"]\n    y-axis "ANE coverage (%)" 0 --> 100\n    line [10.0, 90.0, 75.0]');
    expect(server.requests.some((request) => request.path.startsWith('/storage/artifact-4000.zip'))).toBe(true);
  });

  it('says there is no baseline yet, and does not gate on max-drop', async () => {
    server.runs.push({ id: 500, workflowId: 11, branch: 'feature', conclusion: 'success' });
    server.runs.push({ id: 450, workflowId: 11, branch: 'main', conclusion: 'success' });
    const result = await measure('ane=1,cpu=3', { baseline: 'auto', 'max-drop': '0' });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'pass', delta: '' });
    expect(result.stdout).toContain('No baseline yet: no successful run of this workflow on main has an artifact named ane-report');
    expect(commentsOn(PR)[0]!.body).toContain('No baseline yet');
  });

  it('re-gates published reports against the base branch, with a custom artifact name', async () => {
    storeBaseline(400, [sampleReport({ name: 'iPhone', coverage: 95, baseline: null }), sampleReport({ name: 'Mac', coverage: 80, baseline: null })], 'ane-reports-main');
    // Each leg was compared with an older baseline when it measured: the iPhone's drop then, the Mac's drop now.
    const older = (name: string, coverage: number) => sampleReport({ name, coverage, baseline: null });
    const reports = [compareWithBaseline(older('iPhone', 94), older('iPhone', 99), 3), compareWithBaseline(older('Mac', 60), older('Mac', 70), 3)];
    expect(reports.map((report) => report.status)).toEqual(['fail', 'fail']);
    const workflowRun = { id: 900, workflow_id: 11, head_sha: 'sha', html_url: 'https://github.com/o/r/actions/runs/900', pull_requests: [{ number: PR, base: { ref: 'main' } }] };
    const result = await runAction(
      { publish: reportFiles(reports), baseline: 'auto', 'baseline-artifact': 'ane-reports-main', 'max-drop': '3', 'github-token': TOKEN },
      { apiUrl: server.url, eventName: 'workflow_run', payload: { workflow_run: workflowRun }, runId: 901 },
    );
    expect(result.code).toBe(1);
    const body = commentsOn(PR)[0]!.body;
    const drop = "ANE coverage fell by 20.0 points against the baseline (80.0% to 60.0%), more than `max-drop` 3. Compare the fallback kernels with the baseline's; raise `max-drop` only if the drop is intended.";
    // The iPhone's stale drop is gone with its fail; the Mac has today's drop once, and the table says why it failed.
    expect(body).toContain('| iPhone | ✅ pass | 94.0% of dispatches | ▼ 1.0 pp | 2 / 1 / 2 |  |');
    expect(body).toContain(`| Mac | ❌ FAIL | 60.0% of dispatches | ▼ 20.0 pp | 2 / 1 / 2 | ${drop} |`);
    expect(body).not.toContain('fell by 5.0 points');
    expect(body).not.toContain('fell by 10.0 points');
    expect(body.split(`- ❌ ${drop}`)).toHaveLength(2);
  });
});
