import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** A full commit SHA (SHA-1, or SHA-256 in a repository that uses it); anything else names no commit. */
const FULL_SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/u;

function asCommit(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const sha = text.trim().toLowerCase();
  return FULL_SHA.test(sha) ? sha : null;
}

/**
 * The commit an Action run measures. On `pull_request` GITHUB_SHA is the merge commit GitHub makes for the
 * run, which no branch keeps: the pull request's head is the commit people know. Otherwise GITHUB_SHA.
 */
export function commitOfEvent(eventName: string, payload: { pull_request?: Record<string, unknown> }, githubSha: string | undefined): string | null {
  const head = payload.pull_request?.head as { sha?: unknown } | undefined;
  return (eventName === 'pull_request' ? asCommit(head?.sha) : null) ?? asCommit(githubSha);
}

/**
 * The commit a command-line run measures: GITHUB_SHA when set (a CI job), else the checkout's HEAD in `cwd`;
 * null without git or outside a repository. `env` is passed to git (its PATH finds git).
 */
export async function commitOfCheckout(cwd: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const given = asCommit(env.GITHUB_SHA);
  if (given) return given;
  try {
    const { stdout } = await execFileAsync('git', ['rev-parse', 'HEAD'], { cwd, env, timeout: 10_000 });
    return asCommit(stdout);
  } catch {
    return null;
  }
}
