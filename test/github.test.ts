import { zipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createGitHubApi, type GitHubApi } from '../src/github/api.js';
import { reportsInZip } from '../src/github/baseline-artifact.js';
import { commentMarker, findOwnComment, upsertComment } from '../src/github/comment.js';
import { findPullRequest, measuringRun, type EventFacts } from '../src/github/pull-request.js';
import { startFakeGitHub, type FakeGitHub } from './support/github-server.js';
import { sampleReport } from './support/sample-report.js';

describe('commentMarker', () => {
  it('encodes the key so that no name can end the HTML comment', () => {
    expect(commentMarker('a b --> <x>')).toBe('<!-- ane-check:comment:a%20b%20--%3E%20%3Cx%3E -->');
  });
});

describe('findOwnComment', () => {
  const marker = commentMarker('m');
  it('takes only a comment by this identity that starts with the marker', () => {
    const comments = [
      { id: 1, author: 'octocat', body: `${marker}\nquoted` },
      { id: 2, author: 'github-actions[bot]', body: `> ${marker}\nquoting` },
      { id: 3, author: 'github-actions[bot]', body: `${commentMarker('other')}\n` },
      { id: 4, author: 'github-actions[bot]', body: `${marker}\nours` },
    ];
    expect(findOwnComment(comments, marker, 'github-actions[bot]')?.id).toBe(4);
    expect(findOwnComment(comments.slice(0, 3), marker, 'github-actions[bot]')).toBeUndefined();
  });
});

describe('findPullRequest', () => {
  const noApi = undefined;
  it('reads a pull_request event', async () => {
    expect(await findPullRequest({ eventName: 'pull_request', runId: 1, payload: { pull_request: { number: 5, base: { ref: 'main' } } } }, noApi)).toEqual({
      pull: { number: 5, baseRef: 'main', foundBy: 'the pull_request event' },
      tried: [],
    });
  });

  it('has none on a push', async () => {
    expect(await findPullRequest({ eventName: 'push', runId: 1, payload: {} }, noApi)).toEqual({ tried: [] });
  });

  it('says the API ways were not tried without a token', async () => {
    const event = { eventName: 'workflow_run', runId: 9, payload: { workflow_run: { id: 8, workflow_id: 4, head_sha: 'abc', pull_requests: [] } } };
    expect(await findPullRequest(event, noApi)).toEqual({ tried: ["the workflow run's pull_requests (empty)", 'the GitHub API (no github-token)'] });
  });

  it('looks a fork pull request up by the workflow run head commit, open and matching only', async () => {
    const asked: string[] = [];
    const api = {
      async pullRequestsOfCommit(sha: string) {
        asked.push(sha);
        return [
          { number: 1, state: 'open', headSha: 'other', baseRef: 'main' },
          { number: 2, state: 'closed', headSha: 'abc', baseRef: 'main' },
          { number: 3, state: 'open', headSha: 'abc', baseRef: 'release' },
        ];
      },
    } as unknown as GitHubApi;
    const event = { eventName: 'workflow_run', runId: 9, payload: { workflow_run: { id: 8, workflow_id: 4, head_sha: 'abc', pull_requests: [] } } };
    expect((await findPullRequest(event, api)).pull).toEqual({ number: 3, baseRef: 'release', foundBy: 'the head commit (commits/abc/pulls)' });
    expect(asked).toEqual(['abc']);
    expect(measuringRun(event)).toEqual({ runId: 8, workflowId: 4 });
  });
});

describe("findPullRequest for a fork's workflow_run, over HTTP", () => {
  const TOKEN = 'ghs_testTokenNeverPrinted0123456789';
  const HEAD = 'f0e1d2c3b4a5968778695a4b3c2d1e0f12345678';
  const NEWER = '0123456789abcdef0123456789abcdef01234567';
  let server: FakeGitHub;
  let api: GitHubApi;
  beforeAll(async () => {
    server = await startFakeGitHub();
    api = createGitHubApi(TOKEN, { owner: 'o', repo: 'r' }, { baseUrl: server.url });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.pullsOfCommit.clear();
    server.pulls.length = 0;
    server.failRoutes.clear();
  });

  /** A workflow_run event as GitHub sends it for a fork's pull request: no pull_requests. */
  function forkRun(run: Partial<NonNullable<EventFacts['payload']['workflow_run']>> = {}): EventFacts {
    const workflowRun = { id: 900, workflow_id: 11, head_sha: HEAD, head_branch: 'feature', head_repository: { full_name: 'fork-owner/r', owner: { login: 'fork-owner' } }, pull_requests: [], ...run };
    return { eventName: 'workflow_run', runId: 901, payload: { workflow_run: workflowRun } };
  }

  /** The requests made, as `METHOD path`, with the query decoded and sorted so that encoding does not matter. */
  function requestsMade(): string[] {
    return server.requests.map((request) => {
      const url = new URL(request.path, server.url);
      const query = [...url.searchParams].sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => `${name}=${value}`);
      return `${request.method} ${url.pathname}${query.length ? `?${query.join('&')}` : ''}`;
    });
  }

  const triedBeforeTheBranch = ["the workflow run's pull_requests (empty)", `the head commit (commits/${HEAD}/pulls): no open pull request with head ${HEAD}`];
  const commitsRequest = `GET /repos/o/r/commits/${HEAD}/pulls`;
  const branchRequest = 'GET /repos/o/r/pulls?head=fork-owner:feature&per_page=100&state=open';
  const searchRequest = `GET /search/issues?advanced_search=true&per_page=20&q=${HEAD} is:pr repo:o/r`;

  it("takes the run's pull_requests entry whose head is the run's, without asking the API", async () => {
    const event = forkRun({ pull_requests: [{ number: 3, head: { sha: NEWER }, base: { ref: 'main' } }, { number: 4, head: { sha: HEAD }, base: { ref: 'release' } }] });
    expect(await findPullRequest(event, api)).toEqual({ pull: { number: 4, baseRef: 'release', foundBy: "the workflow run's pull_requests" }, tried: [] });
    expect(server.requests).toEqual([]);
  });

  it('asks for the pull requests of the head commit next, as for a branch of the repository itself', async () => {
    server.pullsOfCommit.set(HEAD, [{ number: 5, state: 'open', head: { sha: HEAD }, base: { ref: 'main' } }]);
    const lookup = await findPullRequest(forkRun(), api);
    expect(lookup.pull).toEqual({ number: 5, baseRef: 'main', foundBy: `the head commit (commits/${HEAD}/pulls)` });
    expect(requestsMade()).toEqual([commitsRequest]);
    expect(server.requests.every((request) => request.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it("finds a fork's pull request by the fork's owner and head branch when GitHub lists none for the commit", async () => {
    server.pulls.push(
      { number: 7, state: 'open', head: { sha: HEAD, ref: 'feature', owner: 'fork-owner' }, base: { ref: 'main' } },
      // Same branch name in another fork, pushed with the same commit: the owner in head= keeps it out.
      { number: 8, state: 'open', head: { sha: HEAD, ref: 'feature', owner: 'someone-else' }, base: { ref: 'main' } },
    );
    const lookup = await findPullRequest(forkRun(), api);
    expect(lookup).toEqual({ pull: { number: 7, baseRef: 'main', foundBy: 'the head branch (pulls?head=fork-owner:feature)' }, tried: triedBeforeTheBranch });
    expect(requestsMade()).toEqual([commitsRequest, branchRequest]);
    expect(JSON.stringify(lookup)).not.toContain(TOKEN.slice(4));
  });

  it("searches for the head commit when the branch finds nothing (the fork's branch was renamed), reading each hit's head", async () => {
    server.pulls.push(
      { number: 5, state: 'open', head: { sha: NEWER, ref: 'follow-up', owner: 'fork-owner' }, base: { ref: 'main' }, commits: [HEAD, NEWER] },
      { number: 7, state: 'open', head: { sha: HEAD, ref: 'renamed', owner: 'fork-owner' }, base: { ref: 'release' } },
    );
    const lookup = await findPullRequest(forkRun(), api);
    expect(lookup.pull).toEqual({ number: 7, baseRef: 'release', foundBy: `a search for the head commit (search/issues?q=${HEAD})` });
    expect(lookup.tried).toEqual([...triedBeforeTheBranch, `the head branch (pulls?head=fork-owner:feature): no open pull request with head ${HEAD}`]);
    expect(requestsMade()).toEqual([commitsRequest, branchRequest, searchRequest, 'GET /repos/o/r/pulls/5', 'GET /repos/o/r/pulls/7']);
  });

  it('never takes a pull request whose head has moved on (a newer push to the same branch)', async () => {
    server.pullsOfCommit.set(HEAD, [{ number: 7, state: 'open', head: { sha: NEWER, ref: 'feature', owner: 'fork-owner' }, base: { ref: 'main' } }]);
    server.pulls.push({ number: 7, state: 'open', head: { sha: NEWER, ref: 'feature', owner: 'fork-owner' }, base: { ref: 'main' }, commits: [HEAD, NEWER] });
    const lookup = await findPullRequest(forkRun({ pull_requests: [{ number: 7, head: { sha: NEWER }, base: { ref: 'main' } }] }), api);
    expect(lookup.pull).toBeUndefined();
    expect(lookup.tried).toEqual([
      `the workflow run's pull_requests (none with head ${HEAD})`,
      `the head commit (commits/${HEAD}/pulls): no open pull request with head ${HEAD}`,
      `the head branch (pulls?head=fork-owner:feature): no open pull request with head ${HEAD}`,
      `a search for the head commit (search/issues?q=${HEAD}): no open pull request with head ${HEAD}`,
    ]);
    expect(requestsMade()).toEqual([commitsRequest, branchRequest, searchRequest, 'GET /repos/o/r/pulls/7']);
  });

  it('never takes a closed pull request, however it is found', async () => {
    const closed = { number: 3, state: 'closed', head: { sha: HEAD, ref: 'feature', owner: 'fork-owner' }, base: { ref: 'main' } };
    server.pullsOfCommit.set(HEAD, [closed]);
    server.pulls.push(closed);
    const lookup = await findPullRequest(forkRun(), api);
    expect(lookup.pull).toBeUndefined();
    expect(lookup.tried).toHaveLength(4);
    // The search answers the closed one; its state, read back, keeps it out.
    expect(requestsMade()).toEqual([commitsRequest, branchRequest, searchRequest, 'GET /repos/o/r/pulls/3']);
  });

  it.each([403, 422])('goes on past a way that fails, and says why: search answering HTTP %i', async (status) => {
    server.failRoutes.set('GET /search/issues', status);
    server.failRoutes.set('GET /repos/:owner/:repo/commits/:sha/pulls', 403);
    const lookup = await findPullRequest(forkRun(), api);
    expect(lookup).toEqual({
      tried: [
        "the workflow run's pull_requests (empty)",
        `the head commit (commits/${HEAD}/pulls): HTTP 403`,
        `the head branch (pulls?head=fork-owner:feature): no open pull request with head ${HEAD}`,
        `a search for the head commit (search/issues?q=${HEAD}): HTTP ${status}`,
      ],
    });
    server.pulls.push({ number: 7, state: 'open', head: { sha: HEAD, ref: 'feature', owner: 'fork-owner' }, base: { ref: 'main' } });
    expect((await findPullRequest(forkRun(), api)).pull?.foundBy).toBe('the head branch (pulls?head=fork-owner:feature)');
  });

  it('skips the branch when the event names no head repository, and searches', async () => {
    server.pulls.push({ number: 7, state: 'open', head: { sha: HEAD, ref: 'feature', owner: 'fork-owner' }, base: { ref: 'main' } });
    const lookup = await findPullRequest(forkRun({ head_repository: null }), api);
    expect(lookup.pull?.number).toBe(7);
    expect(lookup.pull?.foundBy).toBe(`a search for the head commit (search/issues?q=${HEAD})`);
    expect(lookup.tried).toContain('the head branch (the event names no head repository owner and branch)');
    expect(requestsMade()).toEqual([commitsRequest, searchRequest, 'GET /repos/o/r/pulls/7']);
  });
});

describe('upsertComment, over HTTP', () => {
  const marker = commentMarker('MobileNetV2');
  // The login GitHub gives the Actions token, written out: the test must not take it from the code it checks.
  const BOT = 'github-actions[bot]';
  let server: FakeGitHub;
  let api: GitHubApi;
  beforeAll(async () => {
    server = await startFakeGitHub();
    api = createGitHubApi('ghs_commentToken', { owner: 'o', repo: 'r' }, { baseUrl: server.url });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.comments.clear();
    server.tokenUser = undefined;
    server.actor = BOT;
  });

  const bodies = (issue: number) => (server.comments.get(issue) ?? []).map((comment) => [comment.user.login, comment.body]);

  it("creates the measurement's comment when the pull request has none of ours, leaving quotes and other measurements alone", async () => {
    server.seed(7, [
      { login: 'octocat', body: `${marker}\nquoted by a human` },
      { login: BOT, body: `> ${marker}\nquoted by the bot` },
      { login: BOT, body: `${commentMarker('ResNet50')}\nanother measurement` },
    ]);
    expect(await upsertComment(api, 7, marker, `${marker}\nfirst`)).toEqual({ action: 'created' });
    expect(bodies(7)).toEqual([
      ['octocat', `${marker}\nquoted by a human`],
      [BOT, `> ${marker}\nquoted by the bot`],
      [BOT, `${commentMarker('ResNet50')}\nanother measurement`],
      [BOT, `${marker}\nfirst`],
    ]);
    expect(server.requests.map((request) => request.method)).toEqual(['GET', 'GET', 'POST']);
  });

  it('updates the comment it wrote before instead of adding a second one', async () => {
    server.seed(7, [
      { login: 'octocat', body: 'LGTM' },
      { login: BOT, body: `${marker}\nold` },
    ]);
    const ours = server.comments.get(7)![1]!.id;
    expect(await upsertComment(api, 7, marker, `${marker}\nnew`)).toEqual({ action: 'updated', id: ours });
    expect(bodies(7)).toEqual([
      ['octocat', 'LGTM'],
      [BOT, `${marker}\nnew`],
    ]);
    expect(server.requests.map((request) => request.method)).toEqual(['GET', 'GET', 'PATCH']);
    expect(server.requests.at(-1)?.path).toBe(`/repos/o/r/issues/comments/${ours}`);
  });

  it('only looks at the pull request it was given', async () => {
    server.seed(8, [{ login: BOT, body: `${marker}\non another pull request` }]);
    expect(await upsertComment(api, 7, marker, `${marker}\nhere`)).toEqual({ action: 'created' });
    expect(bodies(7)).toEqual([[BOT, `${marker}\nhere`]]);
    expect(bodies(8)).toEqual([[BOT, `${marker}\non another pull request`]]);
  });

  it('edits the comment of the identity the token acts as, not one that github-actions[bot] wrote with the same marker', async () => {
    server.tokenUser = 'ci-bot';
    server.actor = 'ci-bot';
    server.seed(7, [
      { login: BOT, body: `${marker}\nwritten with the Actions token` },
      { login: 'ci-bot', body: `${marker}\nwritten with the personal token` },
    ]);
    const ours = server.comments.get(7)![1]!.id;
    expect(await upsertComment(api, 7, marker, `${marker}\nnew`)).toEqual({ action: 'updated', id: ours });
    expect(bodies(7)).toEqual([
      [BOT, `${marker}\nwritten with the Actions token`],
      ['ci-bot', `${marker}\nnew`],
    ]);
  });

  it('finds its comment on a later page of a long conversation', async () => {
    server.seed(7, Array.from({ length: 130 }, (_, i) => ({ login: 'octocat', body: `comment ${i}` })));
    server.seed(7, [{ login: BOT, body: `${marker}\nold` }]);
    const ours = server.comments.get(7)!.at(-1)!.id;
    expect(await upsertComment(api, 7, marker, `${marker}\nnew`)).toEqual({ action: 'updated', id: ours });
    expect(server.comments.get(7)).toHaveLength(131);
    expect(server.comments.get(7)!.at(-1)!.body).toBe(`${marker}\nnew`);
  });
});

describe('reportsInZip', () => {
  it('reads every report in an artifact, skipping other files and naming broken reports', () => {
    const encode = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
    const zip = zipSync({
      'a/ane-report.json': encode(sampleReport({ name: 'A' })),
      'b/ane-report.json': encode(sampleReport({ name: 'B' })),
      'package.json': encode({ name: 'not a report' }),
      'c/ane-report.json': encode({ schemaVersion: 2, name: 'C', status: 'pass', coverage: 1 }),
      'notes.txt': encode('hello'),
    });
    const { reports, problems } = reportsInZip(zip, 'ane-report');
    expect(reports.map((report) => report.name).sort()).toEqual(['A', 'B']);
    expect(problems).toEqual(["baseline: ane-report/c/ane-report.json has schemaVersion 2; this version of ane-check reads version 1 (update ane-check, or regenerate the report)"]);
  });
});
