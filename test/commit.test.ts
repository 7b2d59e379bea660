import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { commitOfCheckout, commitOfEvent } from '../src/commit.js';
import { tempFolder } from './support/temp.js';

const HEAD = '1111111111111111111111111111111111111111';
const MERGE = '2222222222222222222222222222222222222222';

describe('commitOfEvent (the Action)', () => {
  it('takes a pull request\'s head, not the merge commit GitHub made for the run', () => {
    expect(commitOfEvent('pull_request', { pull_request: { number: 7, head: { sha: HEAD } } }, MERGE)).toBe(HEAD);
  });

  it('takes GITHUB_SHA for other events, and for a pull request whose head the event does not give', () => {
    expect(commitOfEvent('push', {}, MERGE)).toBe(MERGE);
    expect(commitOfEvent('workflow_run', { pull_request: { number: 7, head: { sha: HEAD } } }, MERGE)).toBe(MERGE);
    expect(commitOfEvent('pull_request', { pull_request: { number: 7 } }, MERGE)).toBe(MERGE);
  });

  it('is null without a commit, and never takes something that is not a full SHA', () => {
    expect(commitOfEvent('push', {}, undefined)).toBeNull();
    expect(commitOfEvent('push', {}, 'main')).toBeNull();
    expect(commitOfEvent('pull_request', { pull_request: { head: { sha: 'abc1234' } } }, undefined)).toBeNull();
  });
});

describe('commitOfCheckout (the command line)', () => {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

  it('takes GITHUB_SHA when set, before the checkout', async () => {
    expect(await commitOfCheckout(os.tmpdir(), { PATH: process.env.PATH, GITHUB_SHA: ` ${HEAD.toUpperCase()}\n` })).toBe(HEAD);
  });

  it('takes the checkout\'s HEAD, from a folder inside it', async () => {
    const repo = tempFolder('commit');
    git(repo, 'init', '--quiet');
    writeFileSync(path.join(repo, 'model.txt'), 'v1\n');
    git(repo, 'add', 'model.txt');
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'one');
    const expected = git(repo, 'rev-parse', 'HEAD');
    const inside = path.join(repo, 'models');
    mkdirSync(inside);
    expect(await commitOfCheckout(inside, { PATH: process.env.PATH })).toBe(expected);
  });

  it('is null outside a repository, in one with no commit, and without git', async () => {
    const plain = tempFolder('commit');
    // GIT_CEILING_DIRECTORIES keeps git from finding a repository above the temporary folder.
    expect(await commitOfCheckout(plain, { PATH: process.env.PATH, GIT_CEILING_DIRECTORIES: path.dirname(plain) })).toBeNull();
    const empty = tempFolder('commit');
    git(empty, 'init', '--quiet');
    expect(await commitOfCheckout(empty, { PATH: process.env.PATH })).toBeNull();
    expect(await commitOfCheckout(os.tmpdir(), { PATH: plain })).toBeNull();
  });
});
