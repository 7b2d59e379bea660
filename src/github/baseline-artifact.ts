import { unzipSync } from 'fflate';

import { errorMessage } from '../errors.js';
import { parseReport, type Report } from '../report/report.js';
import type { BaseRun } from '../report/baseline.js';
import type { GitHubApi } from './api.js';

export type BaselineSearch =
  | { found: true; reports: Report[]; runUrl: string; problems: string[]; history: BaseRun[] }
  | { found: false; why: string };

/** How many of the base branch's runs the coverage trend goes back over. */
export const TREND_RUNS = 10;

/**
 * `baseline: auto`: the reports in the named artifact of the latest successful run of the measuring
 * workflow on the base branch (skipping the run being measured). Runs without the artifact (expired,
 * or from before ane-check was added) are passed over, newest first. The same artifacts of up to
 * TREND_RUNS runs make the history behind the coverage trend; a broken one is left out of it.
 */
export async function findBaselineArtifact(
  api: GitHubApi,
  where: { workflowId: number; baseRef: string; artifactName: string; currentRunId: number },
): Promise<BaselineSearch> {
  const runs = (await api.successfulRuns(where.workflowId, where.baseRef)).filter((run) => run.id !== where.currentRunId);
  let newest: { reports: Report[]; runUrl: string; problems: string[] } | undefined;
  const history: BaseRun[] = [];
  for (const run of runs) {
    if (history.length >= TREND_RUNS) break;
    const artifact = await api.findArtifact(run.id, where.artifactName);
    if (!artifact) continue;
    const { reports, problems } = reportsInZip(await api.downloadArtifact(artifact.id), where.artifactName);
    newest ??= { reports, runUrl: run.htmlUrl, problems };
    history.push({ commit: run.headSha, createdAt: run.createdAt, reports });
  }
  if (newest) return { found: true, ...newest, history };
  return {
    found: false,
    why: `No baseline yet: no successful run of this workflow on ${where.baseRef} has an artifact named ${where.artifactName} (docs/pull-requests.md, "Baseline from the base branch").`,
  };
}

/** Every ane-check report in an artifact's zip. Other JSON files are skipped; broken reports are named. */
export function reportsInZip(zip: Uint8Array, artifactName: string): { reports: Report[]; problems: string[] } {
  const files = unzipSync(zip, { filter: (file) => file.name.endsWith('.json') });
  const reports: Report[] = [];
  const problems: string[] = [];
  for (const [name, bytes] of Object.entries(files)) {
    try {
      reports.push(parseReport(new TextDecoder().decode(bytes), `${artifactName}/${name}`, 'baseline'));
    } catch (error) {
      if (!/not an ane-check report/u.test(errorMessage(error))) problems.push(errorMessage(error));
    }
  }
  return { reports, problems };
}
