import { errorMessage } from '../errors.js';
import { httpStatusOf, type GitHubApi, type PullRequest } from './api.js';

/** What an event says about the pull request it belongs to (webhook payload fields used). */
export interface EventFacts {
  eventName: string;
  payload: {
    pull_request?: { number: number; base?: { ref?: string; sha?: string } };
    workflow_run?: {
      id: number;
      workflow_id: number;
      head_sha: string;
      html_url?: string;
      /** The branch the measured commit was pushed to; for a fork, a branch of the fork. */
      head_branch?: string | null;
      /** The repository that branch is in: the fork, for a fork's pull request. */
      head_repository?: { full_name?: string; owner?: { login?: string } } | null;
      pull_requests?: { number: number; head?: { sha?: string }; base?: { ref?: string } }[];
    };
  };
  runId: number;
}

export interface PullRequestTarget {
  number: number;
  baseRef: string;
}

export interface FoundPullRequest extends PullRequestTarget {
  /** The way that found it, for the log: e.g. `the head branch (pulls?head=fork-owner:feature)`. */
  foundBy: string;
}

export interface PullRequestLookup {
  pull?: FoundPullRequest;
  /** Each way tried that did not find it, and why, so that the log can say so. */
  tried: string[];
}

/** A way to find the pull request: what the log calls it, and the candidates it answers. */
interface Way {
  name: string;
  /** Undefined when the event gives too little for this way; `name` then says what is missing. */
  candidates?: () => AsyncIterable<PullRequest>;
}

/** How many search hits are read back (one request each): a commit is rarely in more pull requests. */
const SEARCH_HITS_READ = 5;

/**
 * The pull request this run reports on. From a pull_request event, its payload. From a workflow_run event
 * (the fork-safe recipe), the first of these ways to find an open pull request whose head is exactly the
 * run's head commit: the run's own pull_requests list; GitHub's pull requests of that commit; the open pull
 * requests from the run's head branch; a search for the commit. A fork's pull request gets little from the
 * first two (https://github.com/actions/runner/issues/3444: workflow_run.pull_requests is empty for forks;
 * https://github.com/open-telemetry/opentelemetry-ebpf-instrumentation/pull/1796: commits/{sha}/pulls knows
 * no fork commit, pulls?head=owner:branch finds it); the search is the last resort when the branch moved
 * (https://github.com/akash-network/console/pull/3123: search by SHA, then pulls.get). A way whose request
 * fails is passed over, and why is kept. Never from an artifact, which the pull request's author could have
 * written.
 */
export async function findPullRequest(event: EventFacts, api: GitHubApi | undefined): Promise<PullRequestLookup> {
  const pull = event.payload.pull_request;
  if ((event.eventName === 'pull_request' || event.eventName === 'pull_request_target') && pull) {
    return { pull: { number: pull.number, baseRef: pull.base?.ref ?? '', foundBy: `the ${event.eventName} event` }, tried: [] };
  }
  const run = event.payload.workflow_run;
  if (event.eventName !== 'workflow_run' || !run) return { tried: [] };

  const tried: string[] = [];
  const listed = run.pull_requests?.find((entry) => entry.base?.ref && (!entry.head?.sha || entry.head.sha === run.head_sha));
  if (listed?.base?.ref) return { pull: { number: listed.number, baseRef: listed.base.ref, foundBy: "the workflow run's pull_requests" }, tried };
  tried.push(`the workflow run's pull_requests (${run.pull_requests?.length ? `none with head ${run.head_sha}` : 'empty'})`);
  if (!api) {
    tried.push('the GitHub API (no github-token)');
    return { tried };
  }

  for (const way of waysThroughTheApi(run, api)) {
    if (!way.candidates) {
      tried.push(way.name);
      continue;
    }
    try {
      for await (const candidate of way.candidates()) {
        if (candidate.state === 'open' && candidate.headSha === run.head_sha) return { pull: { number: candidate.number, baseRef: candidate.baseRef, foundBy: way.name }, tried };
      }
      tried.push(`${way.name}: no open pull request with head ${run.head_sha}`);
    } catch (error) {
      const status = httpStatusOf(error);
      tried.push(`${way.name}: ${status ? `HTTP ${status}` : errorMessage(error)}`);
    }
  }
  return { tried };
}

/** The ways that ask the API, in the order they are tried. */
function waysThroughTheApi(run: NonNullable<EventFacts['payload']['workflow_run']>, api: GitHubApi): Way[] {
  const headOwner = run.head_repository?.owner?.login || run.head_repository?.full_name?.split('/')[0];
  const head = headOwner && run.head_branch ? `${headOwner}:${run.head_branch}` : undefined;
  return [
    { name: `the head commit (commits/${run.head_sha}/pulls)`, candidates: () => each(api.pullRequestsOfCommit(run.head_sha)) },
    head
      ? { name: `the head branch (pulls?head=${head})`, candidates: () => each(api.openPullRequestsFromHead(head)) }
      : { name: 'the head branch (the event names no head repository owner and branch)' },
    {
      name: `a search for the head commit (search/issues?q=${run.head_sha})`,
      // A hit is any pull request that contains the commit: reading it gives its head, state and base.
      candidates: async function* () {
        for (const number of (await api.searchPullRequestNumbers(run.head_sha)).slice(0, SEARCH_HITS_READ)) yield await api.pullRequest(number);
      },
    },
  ];
}

async function* each<T>(list: Promise<T[]>): AsyncIterable<T> {
  yield* await list;
}

/** The run whose workflow produced the reports: the triggering run for workflow_run, else this one. */
export function measuringRun(event: EventFacts): { runId: number; workflowId?: number } {
  const run = event.payload.workflow_run;
  if (event.eventName === 'workflow_run' && run) return { runId: run.id, workflowId: run.workflow_id };
  return { runId: event.runId };
}
