import * as github from '@actions/github';

/** The GitHub REST calls ane-check makes, behind one narrow interface (tests run them against a real HTTP server). */
export interface GitHubApi {
  /** The login the token acts as, when GitHub tells it (a personal token); undefined for an Actions token. */
  authenticatedLogin(): Promise<string | undefined>;
  listIssueComments(issue: number): Promise<IssueComment[]>;
  createIssueComment(issue: number, body: string): Promise<void>;
  updateIssueComment(commentId: number, body: string): Promise<void>;
  workflowIdOfRun(runId: number): Promise<number>;
  /** Successful runs of a workflow on a branch, newest first. */
  successfulRuns(workflowId: number, branch: string): Promise<WorkflowRun[]>;
  findArtifact(runId: number, name: string): Promise<{ id: number } | undefined>;
  downloadArtifact(artifactId: number): Promise<Uint8Array>;
  pullRequestsOfCommit(sha: string): Promise<PullRequest[]>;
  /** Open pull requests from a head `owner:branch` (GitHub's `user:ref-name` filter), which finds a fork's too. */
  openPullRequestsFromHead(head: string): Promise<PullRequest[]>;
  /** Numbers of this repository's pull requests that contain a commit, by GitHub's issue search. */
  searchPullRequestNumbers(sha: string): Promise<number[]>;
  pullRequest(number: number): Promise<PullRequest>;
}

export interface IssueComment {
  id: number;
  body: string;
  author: string;
}

export interface WorkflowRun {
  id: number;
  htmlUrl: string;
  headSha: string;
  createdAt: string;
}

export interface PullRequest {
  number: number;
  state: string;
  headSha: string;
  baseRef: string;
}

/** An API answer that is not a success, with its HTTP status. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * `baseUrl` overrides the API root, which @actions/github otherwise takes from GITHUB_API_URL once, when it is
 * first imported (tests point it at a server started later).
 */
export function createGitHubApi(token: string, repo: { owner: string; repo: string }, options: { baseUrl?: string } = {}): GitHubApi {
  const octokit = github.getOctokit(token, options.baseUrl ? { baseUrl: options.baseUrl } : {});
  const { owner, repo: name } = repo;
  return {
    async authenticatedLogin() {
      try {
        return (await octokit.rest.users.getAuthenticated()).data.login;
      } catch (error) {
        // An Actions token may not read /user (403): its identity is then github-actions[bot].
        if (httpStatusOf(error) !== undefined) return undefined;
        throw error;
      }
    },
    async listIssueComments(issue) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo: name, issue_number: issue, per_page: 100 });
      return comments.map((comment) => ({ id: comment.id, body: comment.body ?? '', author: comment.user?.login ?? '' }));
    },
    async createIssueComment(issue, body) {
      await octokit.rest.issues.createComment({ owner, repo: name, issue_number: issue, body });
    },
    async updateIssueComment(commentId, body) {
      await octokit.rest.issues.updateComment({ owner, repo: name, comment_id: commentId, body });
    },
    async workflowIdOfRun(runId) {
      return (await octokit.rest.actions.getWorkflowRun({ owner, repo: name, run_id: runId })).data.workflow_id;
    },
    async successfulRuns(workflowId, branch) {
      const { data } = await octokit.rest.actions.listWorkflowRuns({ owner, repo: name, workflow_id: workflowId, branch, status: 'success', per_page: 20 });
      return data.workflow_runs.map((run) => ({ id: run.id, htmlUrl: run.html_url, headSha: run.head_sha, createdAt: run.created_at }));
    },
    async findArtifact(runId, artifactName) {
      const { data } = await octokit.rest.actions.listWorkflowRunArtifacts({ owner, repo: name, run_id: runId, name: artifactName, per_page: 100 });
      const artifact = data.artifacts.find((candidate) => candidate.name === artifactName && !candidate.expired);
      return artifact ? { id: artifact.id } : undefined;
    },
    async downloadArtifact(artifactId) {
      const { data } = await octokit.rest.actions.downloadArtifact({ owner, repo: name, artifact_id: artifactId, archive_format: 'zip' });
      return new Uint8Array(data as ArrayBuffer);
    },
    async pullRequestsOfCommit(sha) {
      const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo: name, commit_sha: sha });
      return data.map((pull) => ({ number: pull.number, state: pull.state, headSha: pull.head.sha, baseRef: pull.base.ref }));
    },
    async openPullRequestsFromHead(head) {
      const { data } = await octokit.rest.pulls.list({ owner, repo: name, head, state: 'open', per_page: 100 });
      return data.map((pull) => ({ number: pull.number, state: pull.state, headSha: pull.head.sha, baseRef: pull.base.ref }));
    },
    async searchPullRequestNumbers(sha) {
      // search.issuesAndPullRequests is this Octokit's name for GET /search/issues (not marked deprecated in it).
      // GitHub deprecated searching without advanced_search and made advanced search the default
      // (https://github.blog/changelog/2025-03-06-github-issues-projects-api-support-for-issues-advanced-search-and-more/,
      // https://github.com/octokit/rest.js/issues/525): asking for it explicitly gives the same syntax either way
      // and no deprecation warning. `is:pr` keeps issues out (a GitHub App's user token gets 422 without it).
      const { data } = await octokit.rest.search.issuesAndPullRequests({ q: `${sha} is:pr repo:${owner}/${name}`, advanced_search: 'true', per_page: 20 });
      return data.items.filter((item) => item.pull_request).map((item) => item.number);
    },
    async pullRequest(number) {
      const { data: pull } = await octokit.rest.pulls.get({ owner, repo: name, pull_number: number });
      return { number: pull.number, state: pull.state, headSha: pull.head.sha, baseRef: pull.base.ref };
    },
  };
}
