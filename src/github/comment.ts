import type { GitHubApi, IssueComment } from './api.js';

/** The identity that posts with an Actions token, which cannot ask GitHub who it is. */
export const ACTIONS_BOT = 'github-actions[bot]';

/** The hidden first line of a measurement's comment. The key is URI-encoded, so it cannot close the HTML comment. */
export function commentMarker(key: string): string {
  return `<!-- ane-check:comment:${encodeURIComponent(key)} -->`;
}

/** Our comment: written by this identity and starting with the marker (a human quoting it is never ours). */
export function findOwnComment(comments: readonly IssueComment[], marker: string, author: string): IssueComment | undefined {
  return comments.find((comment) => comment.author === author && comment.body.startsWith(marker));
}

export type CommentOutcome = { action: 'created' } | { action: 'updated'; id: number };

/** Creates the pull request's comment for this key, or updates the one already there. */
export async function upsertComment(api: GitHubApi, issue: number, marker: string, body: string): Promise<CommentOutcome> {
  const author = (await api.authenticatedLogin()) ?? ACTIONS_BOT;
  const existing = findOwnComment(await api.listIssueComments(issue), marker, author);
  if (existing) {
    await api.updateIssueComment(existing.id, body);
    return { action: 'updated', id: existing.id };
  }
  await api.createIssueComment(issue, body);
  return { action: 'created' };
}
