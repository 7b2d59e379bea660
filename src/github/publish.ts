import { errorMessage } from '../errors.js';
import type { BaselineSource } from '../report/baseline.js';
import { COMMENT_LIMIT, renderMarkdown } from '../report/markdown.js';
import type { Report } from '../report/report.js';
import { httpStatusOf, type GitHubApi } from './api.js';
import { findBaselineArtifact } from './baseline-artifact.js';
import { commentMarker, upsertComment } from './comment.js';
import { measuringRun, type EventFacts, type PullRequestTarget } from './pull-request.js';

export interface Log {
  info(message: string): void;
  warning(message: string): void;
}

/**
 * Posts (or updates) the pull request's comment for `key`. A comment that cannot be posted is a warning:
 * the step's result is the gate's. 403/404 mean the token may not write to pull requests (a fork's
 * pull_request token never can); 422 means GitHub refused the body, whose report is in the job summary.
 */
export async function publishComment(
  api: GitHubApi,
  pull: PullRequestTarget,
  key: string,
  reports: readonly Report[],
  runUrl: string,
  log: Log,
): Promise<void> {
  const marker = commentMarker(key);
  const body = renderMarkdown(reports, { marker, runUrl, limit: COMMENT_LIMIT });
  try {
    const outcome = await upsertComment(api, pull.number, marker, body);
    log.info(`${outcome.action === 'created' ? 'Commented on' : 'Updated the comment on'} pull request #${pull.number}.`);
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 403 || status === 404) {
      log.warning(
        `Could not comment on pull request #${pull.number} (HTTP ${status}): the token needs \`permissions: pull-requests: write\`. Pull requests from forks get a read-only token: publish from a workflow_run workflow instead (docs/pull-requests.md, "Pull requests from forks"). The job summary has the report.`,
      );
    } else if (status === 422) {
      log.warning(`GitHub refused the comment on pull request #${pull.number} (HTTP 422: ${errorMessage(error)}). The job summary has the report.`);
    } else {
      log.warning(`Could not comment on pull request #${pull.number}: ${errorMessage(error)}. The job summary has the report.`);
    }
  }
}

/** `baseline: auto`: the base branch's reports, or why there are none (never a failure of the step). */
export async function baselineFromBaseBranch(
  api: GitHubApi | undefined,
  event: EventFacts,
  pull: PullRequestTarget | undefined,
  artifactName: string,
  log: Log,
): Promise<BaselineSource> {
  if (!api) return { missing: 'No baseline: baseline: auto needs github-token (the default, github.token, will do).' };
  if (!pull) return { missing: 'No baseline: this run is not for a pull request, so there is no base branch to compare with.' };
  try {
    const run = measuringRun(event);
    const workflowId = run.workflowId ?? (await api.workflowIdOfRun(run.runId));
    const search = await findBaselineArtifact(api, { workflowId, baseRef: pull.baseRef, artifactName, currentRunId: run.runId });
    if (!search.found) return { missing: search.why };
    for (const problem of search.problems) log.warning(problem);
    log.info(`Baseline: artifact ${artifactName} of ${search.runUrl}`);
    return { reports: search.reports, from: `artifact ${artifactName} of ${search.runUrl}`, history: search.history };
  } catch (error) {
    const status = httpStatusOf(error);
    const permission = status === 403 || status === 404 ? ': the token needs `permissions: actions: read`' : '';
    return { missing: `No baseline: the base branch's runs could not be read (${status ? `HTTP ${status}` : errorMessage(error)})${permission}.` };
  }
}
