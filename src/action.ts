import * as core from '@actions/core';

import { errorMessage } from './errors.js';
import { runFromInputs } from './main.js';
import { renderMarkdown } from './report/markdown.js';
import type { Report } from './report/report.js';
import { INPUT_NAMES, type RawInputs } from './settings.js';

/** The Action: inputs -> the pipeline -> outputs, job summary, annotations and the step's result. */
export async function run(): Promise<void> {
  try {
    const raw: RawInputs = {};
    for (const name of INPUT_NAMES) raw[name] = core.getInput(name);
    if (raw['github-token']) core.setSecret(raw['github-token']);

    const { report, reportPath, settings } = await runFromInputs(raw, { platform: process.platform, path: process.env.PATH ?? '', cwd: process.cwd() });
    core.setOutput('status', report.status);
    core.setOutput('coverage', report.coverage === null ? '' : report.coverage.toFixed(1));
    core.setOutput('delta', report.baseline?.delta == null ? '' : report.baseline.delta.toFixed(1));
    core.setOutput('report', reportPath);
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(renderMarkdown(report)).write();
    annotate(report);

    const failOnInconclusive = settings?.failOnInconclusive ?? true;
    if (report.status === 'fail' || report.status === 'error' || (report.status === 'inconclusive' && failOnInconclusive)) {
      core.setFailed(`ANE check ${report.status}: ${report.reasons.join(' ')}`);
    } else {
      core.info(`ANE check ${report.status}: coverage ${report.coverage === null ? 'not measured' : `${report.coverage.toFixed(1)}%`}`);
    }
  } catch (error) {
    core.setOutput('status', 'error');
    core.setFailed(`ane-check failed unexpectedly: ${errorMessage(error)}`);
  }
}

function annotate(report: Report): void {
  const title = `ANE check: ${report.name}`;
  for (const reason of report.reasons) {
    if (report.status === 'inconclusive') core.warning(reason, { title });
    else core.error(reason, { title });
  }
  for (const note of report.notes) core.notice(note, { title });
}
