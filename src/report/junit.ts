import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { Builder } from 'xml2js';

import { formatPercent } from './format.js';
import type { Report, Status } from './report.js';

/** One decimal, or empty when there is no figure: the form of the Action's outputs of the same names. */
const oneDecimal = (value: number | null | undefined) => (value == null ? '' : value.toFixed(1));

/**
 * JUnit XML for test-report tools: one test case per measurement. `fail` is a `<failure>` (a gate did not
 * hold), `error` an `<error>` (the measurement broke), `inconclusive` `<skipped>`, each with the reasons;
 * `pass` passes. The suite's `failures`, `errors` and `skipped` count them.
 *
 * Each test case carries `<properties>` with its figures. Test-case properties extend the format; readers
 * that know them keep them, the others pass over them:
 * - Jenkins' JUnit plugin reads `testcase/properties/property` (name, value) with "keep properties"
 *   (jenkinsci/junit-plugin, src/main/java/hudson/tasks/junit/CaseResult.java); so do test-management tools
 *   (https://docs.testmo.com/docs/automation/advanced/test-fields).
 * - dorny/test-reporter (src/parsers/java-junit/java-junit-parser.ts) and mikepenz/action-junit-report
 *   (src/testParser.ts) read `failure`, `error` and `skipped` only, and show an `<error>` as failed.
 */
export function renderJunit(reports: readonly Report[]): string {
  const count = (status: Status) => String(reports.filter((report) => report.status === status).length);
  const seconds = (report: Report) => (report.run.durationMs / 1000).toFixed(3);
  const testcase = (report: Report) => {
    const message = report.reasons.join(' ') || report.status;
    const properties = {
      property: [
        { $: { name: 'coverage', value: oneDecimal(report.coverage) } },
        { $: { name: 'delta', value: oneDecimal(report.baseline?.delta) } },
        { $: { name: 'plan-coverage', value: oneDecimal(report.plan?.aneCostShare) } },
        { $: { name: 'status', value: report.status } },
      ],
    };
    // Properties first, where the documented examples of test-case properties put them; then the result and the output.
    const result =
      report.status === 'fail'
        ? { failure: { $: { message, type: 'fail' }, _: report.reasons.join('\n') } }
        : report.status === 'error'
          ? { error: { $: { message, type: 'error' }, _: report.reasons.join('\n') } }
          : report.status === 'inconclusive'
            ? { skipped: { $: { message } } }
            : {};
    const output = { 'system-out': `ANE coverage: ${formatPercent(report.coverage)}\n${report.notes.join('\n')}`.trim() };
    return { $: { classname: 'ane-check', name: report.name, time: seconds(report) }, properties, ...result, ...output };
  };
  const suite = {
    testsuites: {
      testsuite: {
        $: {
          name: 'ane-check',
          tests: String(reports.length),
          failures: count('fail'),
          errors: count('error'),
          skipped: count('inconclusive'),
          time: reports.reduce((sum, report) => sum + report.run.durationMs / 1000, 0).toFixed(3),
        },
        testcase: reports.map(testcase),
      },
    },
  };
  return new Builder({ xmldec: { version: '1.0', encoding: 'UTF-8' } }).buildObject(suite);
}

export async function writeJunit(file: string, reports: readonly Report[]): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, `${renderJunit(reports)}\n`, 'utf8');
}
