import { describe, expect, it } from 'vitest';

import { baseCommitOf } from '../../../src/model/base/event-base.js';

describe('baseCommitOf', () => {
  const sha = '0123456789abcdef0123456789abcdef01234567';
  const event = (eventName: string, base: unknown) => ({ eventName, payload: { pull_request: { number: 1, base: base as { sha?: string } } } });

  it.each(['pull_request', 'pull_request_target'])('%s: the base SHA of the pull request', (eventName) => {
    expect(baseCommitOf(event(eventName, { ref: 'main', sha }))).toBe(sha);
    expect(baseCommitOf(event(eventName, { sha: sha.toUpperCase() }))).toBe(sha.toUpperCase());
    expect(baseCommitOf(event(eventName, { sha: 'a'.repeat(64) }))).toBe('a'.repeat(64));
  });

  it.each(['push', 'workflow_run', 'schedule', 'workflow_dispatch'])('%s: no base', (eventName) => {
    expect(baseCommitOf(event(eventName, { sha }))).toBeUndefined();
  });

  it.each([[{ ref: 'main' }], [{}], [undefined], [{ sha: 42 }], [{ sha: '--upload-pack=evil' }], [{ sha: sha.slice(1) }], [{ sha: `${sha}0` }]])(
    'a payload without a SHA in it (%j): no base',
    (base) => {
      expect(baseCommitOf(event('pull_request', base))).toBeUndefined();
    },
  );

  it('a pull_request event without its pull request', () => {
    expect(baseCommitOf({ eventName: 'pull_request', payload: {} })).toBeUndefined();
  });
});
