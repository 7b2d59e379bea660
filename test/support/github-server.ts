// A small GitHub REST server on 127.0.0.1 that speaks the routes ane-check uses, with GitHub's answers:
// Link pagination, 201 on create, 422 for an over-long body, 302 from an artifact to its zip, the
// `head=user:ref-name` filter on pull requests and the issue search's `{ total_count, items }`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredComment {
  id: number;
  body: string;
  user: { login: string };
}

export interface StoredRun {
  id: number;
  workflowId: number;
  branch: string;
  conclusion: 'success' | 'failure';
  /** The commit the run measured and when it started; made up from the id when a test does not care. */
  headSha?: string;
  createdAt?: string;
}

export interface StoredPull {
  number: number;
  state: string;
  /** The head commit, and the branch and the owner of the repository it is in (a fork's owner); `ref` and `owner` default to `branch-<number>` and `o`. */
  head: { sha: string; ref?: string; owner?: string };
  base: { ref: string };
  /** Every commit the pull request contains, for the search; the head commit when not given. */
  commits?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
}

export interface FakeGitHub {
  url: string;
  /** Comments per issue number. */
  comments: Map<number, StoredComment[]>;
  /** Who the token is: a login makes GET /user answer it; undefined answers 403, as for an Actions token. */
  tokenUser?: string;
  /** The identity that new comments are written as. */
  actor: string;
  /** Answer comment writes with this status instead (403, 404, 422...). */
  failCommentWritesWith?: number;
  runs: StoredRun[];
  /** Artifacts per run id: name and zip. */
  artifacts: Map<number, { id: number; name: string; zip: Uint8Array }[]>;
  /** What GET /repos/o/r/commits/:sha/pulls answers: GitHub's own association, which knows no fork commit. */
  pullsOfCommit: Map<string, StoredPull[]>;
  /** The repository's pull requests, for GET .../pulls, .../pulls/:number and the search. */
  pulls: StoredPull[];
  /** Routes made to fail, as `METHOD /pattern` (`GET /search/issues`) to an HTTP status. */
  failRoutes: Map<string, number>;
  requests: RecordedRequest[];
  /** Adds comments to an issue, as others wrote them. */
  seed(issue: number, comments: { body: string; login: string }[]): void;
  close(): Promise<void>;
}

const MAX_BODY = 65_536;

export async function startFakeGitHub(): Promise<FakeGitHub> {
  let nextId = 1000;
  const state: FakeGitHub = {
    url: '',
    comments: new Map(),
    actor: 'github-actions[bot]',
    runs: [],
    artifacts: new Map(),
    pullsOfCommit: new Map(),
    pulls: [],
    failRoutes: new Map(),
    requests: [],
    seed(issue, comments) {
      const list = state.comments.get(issue) ?? [];
      for (const comment of comments) list.push({ id: nextId++, body: comment.body, user: { login: comment.login } });
      state.comments.set(issue, list);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      try {
        route(request, response, text);
      } catch (error) {
        send(response, 500, { message: String(error) });
      }
    });
  });

  function route(request: IncomingMessage, response: ServerResponse, text: string): void {
    const url = new URL(request.url ?? '/', state.url);
    const method = request.method ?? 'GET';
    state.requests.push({ method, path: url.pathname + url.search, authorization: request.headers.authorization });
    const parts = url.pathname.split('/').filter(Boolean);
    const match = (pattern: string) => {
      const want = pattern.split('/').filter(Boolean);
      if (want.length !== parts.length) return undefined;
      const found: Record<string, string> = {};
      for (let i = 0; i < want.length; i++) {
        if (want[i]!.startsWith(':')) found[want[i]!.slice(1)] = decodeURIComponent(parts[i]!);
        else if (want[i] !== parts[i]) return undefined;
      }
      return found;
    };
    let params: Record<string, string> | undefined;

    for (const [route, status] of state.failRoutes) {
      const [failMethod, pattern] = route.split(' ');
      if (failMethod === method && match(pattern ?? '')) return send(response, status, { message: FAILURE_MESSAGES[status] ?? 'Server Error' });
    }

    if (method === 'GET' && match('/user')) {
      if (state.tokenUser) return send(response, 200, { login: state.tokenUser });
      return send(response, 403, { message: 'Resource not accessible by integration' });
    }
    if (method === 'GET' && (params = match('/repos/:owner/:repo/issues/:issue/comments'))) {
      const all = state.comments.get(Number(params.issue)) ?? [];
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const links: string[] = [];
      const pageUrl = (n: number) => {
        const next = new URL(url);
        next.searchParams.set('page', String(n));
        return next.toString();
      };
      if (page < last) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`);
      if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`, `<${pageUrl(page - 1)}>; rel="prev"`);
      return send(response, 200, all.slice((page - 1) * perPage, page * perPage), links.length ? { link: links.join(', ') } : {});
    }
    if (method === 'POST' && (params = match('/repos/:owner/:repo/issues/:issue/comments'))) {
      const body = (JSON.parse(text) as { body: string }).body;
      const refused = refuseWrite(body);
      if (refused) return send(response, refused.status, refused.answer);
      const comment = { id: nextId++, body, user: { login: state.actor } };
      state.comments.set(Number(params.issue), [...(state.comments.get(Number(params.issue)) ?? []), comment]);
      return send(response, 201, comment);
    }
    if (method === 'PATCH' && (params = match('/repos/:owner/:repo/issues/comments/:id'))) {
      const body = (JSON.parse(text) as { body: string }).body;
      const refused = refuseWrite(body);
      if (refused) return send(response, refused.status, refused.answer);
      for (const list of state.comments.values()) {
        const comment = list.find((candidate) => candidate.id === Number(params!.id));
        if (comment) {
          comment.body = body;
          return send(response, 200, comment);
        }
      }
      return send(response, 404, { message: 'Not Found' });
    }
    if (method === 'GET' && (params = match('/repos/:owner/:repo/actions/runs/:run'))) {
      const run = state.runs.find((candidate) => candidate.id === Number(params!.run));
      return run ? send(response, 200, { id: run.id, workflow_id: run.workflowId }) : send(response, 404, { message: 'Not Found' });
    }
    if (method === 'GET' && (params = match('/repos/:owner/:repo/actions/workflows/:workflow/runs'))) {
      const branch = url.searchParams.get('branch');
      const status = url.searchParams.get('status');
      const runs = state.runs
        .filter((run) => run.workflowId === Number(params!.workflow) && (!branch || run.branch === branch) && (!status || run.conclusion === status))
        .sort((a, b) => b.id - a.id)
        .map((run) => ({ id: run.id, workflow_id: run.workflowId, head_branch: run.branch, conclusion: run.conclusion, html_url: `https://github.com/o/r/actions/runs/${run.id}`, head_sha: run.headSha ?? run.id.toString(16).padStart(40, '0'), created_at: run.createdAt ?? new Date(Date.UTC(2026, 0, 1) + run.id * 60_000).toISOString() }));
      return send(response, 200, { total_count: runs.length, workflow_runs: runs });
    }
    if (method === 'GET' && (params = match('/repos/:owner/:repo/actions/runs/:run/artifacts'))) {
      const name = url.searchParams.get('name');
      const artifacts = (state.artifacts.get(Number(params.run)) ?? [])
        .filter((artifact) => !name || artifact.name === name)
        .map((artifact) => ({ id: artifact.id, name: artifact.name, expired: false, size_in_bytes: artifact.zip.length }));
      return send(response, 200, { total_count: artifacts.length, artifacts });
    }
    if (method === 'GET' && (params = match('/repos/:owner/:repo/actions/artifacts/:id/zip'))) {
      // GitHub answers with a redirect to short-lived storage.
      response.writeHead(302, { location: `${state.url}/storage/artifact-${params.id}.zip` });
      return void response.end();
    }
    if (method === 'GET' && (params = match('/storage/:file'))) {
      const id = Number(/^artifact-(\d+)\.zip$/u.exec(params.file ?? '')?.[1]);
      const artifact = [...state.artifacts.values()].flat().find((candidate) => candidate.id === id);
      if (!artifact) return send(response, 404, { message: 'Not Found' });
      response.writeHead(200, { 'content-type': 'application/zip', 'content-length': artifact.zip.length });
      return void response.end(Buffer.from(artifact.zip));
    }
    if (method === 'GET' && (params = match('/repos/:owner/:repo/commits/:sha/pulls'))) {
      return send(response, 200, (state.pullsOfCommit.get(params.sha ?? '') ?? []).map((pull) => pullJson(pull, params!)));
    }
    if (method === 'GET' && (params = match('/repos/:owner/:repo/pulls'))) {
      // GitHub: `state` defaults to open; `head` is `user:ref-name` (the user defaults to the repository's owner); newest first.
      const wanted = url.searchParams.get('state') ?? 'open';
      const head = url.searchParams.get('head');
      const [headOwner, headRef] = head?.includes(':') ? [head.slice(0, head.indexOf(':')), head.slice(head.indexOf(':') + 1)] : [params.owner, head];
      const pulls = state.pulls
        .filter((pull) => (wanted === 'all' || pull.state === wanted) && (head === null || (ownerOf(pull) === headOwner && refOf(pull) === headRef)))
        .sort((a, b) => b.number - a.number);
      return send(response, 200, pulls.map((pull) => pullJson(pull, params!)));
    }
    if (method === 'GET' && (params = match('/repos/:owner/:repo/pulls/:number'))) {
      const pull = state.pulls.find((candidate) => candidate.number === Number(params!.number));
      return pull ? send(response, 200, pullJson(pull, params)) : send(response, 404, { message: 'Not Found' });
    }
    if (method === 'GET' && match('/search/issues')) {
      return send(response, 200, searchIssues(url.searchParams.get('q') ?? ''));
    }
    send(response, 404, { message: `No route for ${method} ${url.pathname}` });
  }

  /**
   * GitHub's issue search over the pull requests: `repo:`, `is:pr`/`type:pr`, `is:open` qualifiers; any other
   * word is a commit SHA (7 characters at least) that a pull request must contain.
   */
  function searchIssues(query: string): object {
    let repository: string | undefined;
    let issuesOnly = false;
    let open = false;
    const shas: string[] = [];
    for (const word of query.split(/\s+/u).filter(Boolean)) {
      const [qualifier, value] = word.includes(':') ? [word.slice(0, word.indexOf(':')), word.slice(word.indexOf(':') + 1)] : [undefined, word];
      if (qualifier === 'repo') repository = value.toLowerCase();
      else if ((qualifier === 'is' || qualifier === 'type') && value === 'issue') issuesOnly = true;
      else if ((qualifier === 'is' && value === 'open') || (qualifier === 'state' && value === 'open')) open = true;
      else if (qualifier === undefined) shas.push(value.toLowerCase());
    }
    const items = state.pulls
      .filter((pull) => !issuesOnly && (repository === undefined || repository === REPOSITORY) && (!open || pull.state === 'open'))
      .filter((pull) => shas.every((sha) => sha.length >= 7 && (pull.commits ?? [pull.head.sha]).some((commit) => commit.toLowerCase().startsWith(sha))))
      .map((pull) => ({
        number: pull.number,
        state: pull.state,
        repository_url: `${state.url}/repos/${REPOSITORY}`,
        pull_request: { url: `${state.url}/repos/${REPOSITORY}/pulls/${pull.number}`, html_url: `https://github.com/${REPOSITORY}/pull/${pull.number}` },
      }));
    return { total_count: items.length, incomplete_results: false, items };
  }

  /** A pull request as GitHub writes one: `head.label` is `owner:ref`, `head.repo` the (fork) repository. */
  function pullJson(pull: StoredPull, where: Record<string, string>): object {
    const owner = ownerOf(pull);
    return {
      number: pull.number,
      state: pull.state,
      url: `${state.url}/repos/${where.owner}/${where.repo}/pulls/${pull.number}`,
      head: { sha: pull.head.sha, ref: refOf(pull), label: `${owner}:${refOf(pull)}`, user: { login: owner }, repo: { full_name: `${owner}/${where.repo}`, owner: { login: owner } } },
      base: { ref: pull.base.ref, label: `${where.owner}:${pull.base.ref}`, repo: { full_name: `${where.owner}/${where.repo}`, owner: { login: where.owner } } },
    };
  }

  function refuseWrite(body: string): { status: number; answer: object } | undefined {
    if (state.failCommentWritesWith) return { status: state.failCommentWritesWith, answer: { message: 'Resource not accessible by integration' } };
    if (body.length > MAX_BODY) return { status: 422, answer: { message: 'Validation Failed', errors: [{ field: 'body', code: 'custom', message: 'body is too long (maximum is 65536 characters)' }] } };
    return undefined;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** The one repository the server holds pull requests for, as the tests' GITHUB_REPOSITORY names it. */
const REPOSITORY = 'o/r';

const FAILURE_MESSAGES: Record<number, string> = {
  403: 'Resource not accessible by integration',
  404: 'Not Found',
  422: 'Validation Failed',
};

const ownerOf = (pull: StoredPull) => pull.head.owner ?? 'o';
const refOf = (pull: StoredPull) => pull.head.ref ?? `branch-${pull.number}`;

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}
