/**
 * The base commit of the pull request a run belongs to, from its event: `pull_request.base.sha` of a
 * pull_request or pull_request_target event (GitHub's webhook payload, "pull_request"). Other events have no
 * base: `base-model: auto` then compares with nothing.
 */
import type { EventFacts } from '../../github/pull-request.js';

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/iu;

export function baseCommitOf(event: Pick<EventFacts, 'eventName' | 'payload'>): string | undefined {
  if (event.eventName !== 'pull_request' && event.eventName !== 'pull_request_target') return undefined;
  const sha = event.payload.pull_request?.base?.sha;
  // The payload is the runner's file: a value that is not a SHA is no base, never a git argument.
  return typeof sha === 'string' && SHA.test(sha) ? sha : undefined;
}
