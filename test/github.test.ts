import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

import type { GitHubApi } from '../src/github/api.js';
import { reportsInZip } from '../src/github/baseline-artifact.js';
import { commentMarker, findOwnComment } from '../src/github/comment.js';
import { findPullRequest, measuringRun } from '../src/github/pull-request.js';
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
    expect(await findPullRequest({ eventName: 'pull_request', runId: 1, payload: { pull_request: { number: 5, base: { ref: 'main' } } } }, noApi)).toEqual({ number: 5, baseRef: 'main' });
  });

  it('has none on a push', async () => {
    expect(await findPullRequest({ eventName: 'push', runId: 1, payload: {} }, noApi)).toBeUndefined();
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
    expect(await findPullRequest(event, api)).toEqual({ number: 3, baseRef: 'release' });
    expect(asked).toEqual(['abc']);
    expect(measuringRun(event)).toEqual({ runId: 8, workflowId: 4 });
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
