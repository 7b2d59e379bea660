import * as core from '@actions/core';
import * as github from '@actions/github';

import { commitOfEvent } from './commit.js';
import { errorMessage } from './errors.js';
import { requestedRun } from './evidence/latency.js';
import { createGitHubApi, type GitHubApi } from './github/api.js';
import { baselineFromBaseBranch, publishComment } from './github/publish.js';
import { findPullRequest, type EventFacts, type PullRequestTarget } from './github/pull-request.js';
import { runFromInputs } from './main.js';
import { baseCommitOf } from './model/base/event-base.js';
import { findingCounts } from './model/check/finding-counts.js';
import { writeJunit } from './report/junit.js';
import { renderMarkdown } from './report/markdown.js';
import { combinedStatus, type Report, type Status } from './report/report.js';
import { DEFAULT_BASELINE_ARTIFACT, INPUT_NAMES, type RawInputs } from './inputs/settings.js';

/**
 * The Action: inputs -> measurement (or published reports) -> outputs, job summary, pull-request
 * comment, JUnit, annotations and the step's result.
 */
export async function run(): Promise<void> {
  try {
    const raw: RawInputs = {};
    for (const name of INPUT_NAMES) raw[name] = core.getInput(name);
    const token = raw['github-token']?.trim();
    if (token) core.setSecret(token);

    const event: EventFacts = { eventName: github.context.eventName, payload: github.context.payload as EventFacts['payload'], runId: github.context.runId };
    const api = token && process.env.GITHUB_REPOSITORY ? createGitHubApi(token, github.context.repo) : undefined;
    const pull = await findPullRequestOrWarn(event, api);
    const baselines =
      raw.baseline?.trim() === 'auto'
        ? await baselineFromBaseBranch(api, event, pull, raw['baseline-artifact']?.trim() || DEFAULT_BASELINE_ARTIFACT, core)
        : undefined;

    const commit = commitOfEvent(github.context.eventName, github.context.payload, process.env.GITHUB_SHA);
    const { reports, reportPath, reportNotWritten, settings } = await runFromInputs(
      raw,
      { platform: process.platform, path: process.env.PATH ?? '', cwd: process.cwd(), commit },
      { baselines, baseCommit: baseCommitOf(event) },
    );
    const status = combinedStatus(reports);
    const single = reports.length === 1 ? reports[0] : undefined;
    core.setOutput('status', status);
    core.setOutput('coverage', single?.coverage == null ? '' : single.coverage.toFixed(1));
    core.setOutput('delta', single?.baseline?.delta == null ? '' : single.baseline.delta.toFixed(1));
    core.setOutput('report', reportPath ?? '');
    core.setOutput('plan-coverage', single?.plan?.aneCostShare == null ? '' : single.plan.aneCostShare.toFixed(1));
    const latency = single?.latency ? requestedRun(single.latency.runs, single.latency.computeUnits) : undefined;
    core.setOutput('latency', latency ? latency.medianMs.toFixed(2) : '');
    const counts = findingCounts(reports);
    core.setOutput('findings', counts.findings === null ? '' : String(counts.findings));
    core.setOutput('new-findings', counts.newFindings === null ? '' : String(counts.newFindings));

    const runUrl = runLink(event);
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(renderMarkdown(reports, { runUrl })).write();
    const notKept = reportNotWritten ? [reportNotWritten] : [];
    if (settings?.junit) {
      await writeJunit(settings.junit, reports).catch((error: NodeJS.ErrnoException) => {
        notKept.push(`The JUnit file could not be written to '${settings.junit}' (${error.code ?? errorMessage(error)}).`);
      });
    }
    const failOnInconclusive = settings?.failOnInconclusive ?? true;
    const failsTheStep = (result: Status) => result === 'fail' || result === 'error' || (result === 'inconclusive' && failOnInconclusive);
    for (const report of reports) annotate(report, failsTheStep(report.status));
    for (const problem of notKept) core.error(problem);

    if (settings?.comment === 'update') {
      if (!pull) core.info('Not a pull request: no comment.');
      else if (!api) core.warning('No github-token: no pull-request comment.');
      else await publishComment(api, pull, settings.name, reports, runUrl, core);
    }

    // Each reason is already one annotation: the step fails by its exit code, without repeating them.
    const coverage = single?.coverage != null ? `: coverage ${single.coverage.toFixed(1)}%` : '';
    if (failsTheStep(status) || notKept.length > 0) {
      process.exitCode = core.ExitCode.Failure;
      core.info(`ANE check ${status}${coverage}: the step fails, for the reasons annotated above.`);
    } else {
      core.info(`ANE check ${status}${coverage}`);
    }
  } catch (error) {
    core.setOutput('status', 'error');
    core.setFailed(`ane-check failed unexpectedly: ${errorMessage(error)}`);
  }
}

/** The run's pull request, saying in the log which way found it, or, for a workflow_run, every way tried. */
async function findPullRequestOrWarn(event: EventFacts, api: GitHubApi | undefined): Promise<PullRequestTarget | undefined> {
  try {
    const { pull, tried } = await findPullRequest(event, api);
    if (pull) core.info(`Pull request #${pull.number} found by ${pull.foundBy}.`);
    else if (event.eventName === 'workflow_run') core.info(`No open pull request has this workflow run's head commit. Tried: ${tried.join('; ')}.`);
    return pull;
  } catch (error) {
    core.warning(`Could not find the pull request of this run: ${errorMessage(error)}`);
    return undefined;
  }
}

/** The run that measured: the triggering run for workflow_run (publishing), else this one. */
function runLink(event: EventFacts): string {
  const measuring = event.payload.workflow_run?.html_url;
  if (event.eventName === 'workflow_run' && measuring) return measuring;
  const { serverUrl, runId } = github.context;
  return `${serverUrl}/${process.env.GITHUB_REPOSITORY ?? ''}/actions/runs/${runId}`;
}

/** One annotation per reason (an error when it fails the step, else a warning) and per note. */
function annotate(report: Report, failsTheStep: boolean): void {
  const title = `ANE check: ${report.name}`;
  for (const reason of report.reasons) {
    if (failsTheStep) core.error(reason, { title });
    else core.warning(reason, { title });
  }
  for (const note of report.notes) core.notice(note, { title });
}
