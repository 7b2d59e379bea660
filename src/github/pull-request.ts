import type { GitHubApi } from './api.js';

/** What an event says about the pull request it belongs to (webhook payload fields used). */
export interface EventFacts {
  eventName: string;
  payload: {
    pull_request?: { number: number; base?: { ref?: string } };
    workflow_run?: {
      id: number;
      workflow_id: number;
      head_sha: string;
      html_url?: string;
      pull_requests?: { number: number; base?: { ref?: string } }[];
    };
  };
  runId: number;
}

export interface PullRequestTarget {
  number: number;
  baseRef: string;
}

/**
 * The pull request this run reports on. From a pull_request event, its payload. From a workflow_run
 * event (the fork-safe recipe), the triggering run's own pull-request list, or else the open pull
 * request whose head is the run's head commit. Never from an artifact, which the pull request's author
 * could have written.
 */
export async function findPullRequest(event: EventFacts, api: GitHubApi | undefined): Promise<PullRequestTarget | undefined> {
  const pull = event.payload.pull_request;
  if ((event.eventName === 'pull_request' || event.eventName === 'pull_request_target') && pull) {
    return { number: pull.number, baseRef: pull.base?.ref ?? '' };
  }
  const run = event.payload.workflow_run;
  if (event.eventName !== 'workflow_run' || !run) return undefined;
  const listed = run.pull_requests?.[0];
  if (listed?.base?.ref) return { number: listed.number, baseRef: listed.base.ref };
  if (!api) return undefined;
  const open = (await api.pullRequestsOfCommit(run.head_sha)).find((candidate) => candidate.state === 'open' && candidate.headSha === run.head_sha);
  return open ? { number: open.number, baseRef: open.baseRef } : undefined;
}

/** The run whose workflow produced the reports: the triggering run for workflow_run, else this one. */
export function measuringRun(event: EventFacts): { runId: number; workflowId?: number } {
  const run = event.payload.workflow_run;
  if (event.eventName === 'workflow_run' && run) return { runId: run.id, workflowId: run.workflow_id };
  return { runId: event.runId };
}
