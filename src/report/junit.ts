import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { Builder } from 'xml2js';

import { formatPercent } from './format.js';
import type { Report } from './report.js';

/**
 * JUnit XML for test-report tools: one test case per measurement; `fail` and `error` are failures
 * (with the reasons), `inconclusive` is skipped (with the reason), `pass` passes.
 */
export function renderJunit(reports: readonly Report[]): string {
  const count = (test: (report: Report) => boolean) => String(reports.filter(test).length);
  const seconds = (report: Report) => (report.run.durationMs / 1000).toFixed(3);
  const testcase = (report: Report) => {
    const message = report.reasons.join(' ') || report.status;
    const base = { $: { classname: 'ane-check', name: report.name, time: seconds(report) } };
    const output = { 'system-out': `ANE coverage: ${formatPercent(report.coverage)}\n${report.notes.join('\n')}`.trim() };
    if (report.status === 'fail' || report.status === 'error') {
      return { ...base, failure: { $: { message, type: report.status }, _: report.reasons.join('\n') }, ...output };
    }
    if (report.status === 'inconclusive') return { ...base, skipped: { $: { message } }, ...output };
    return { ...base, ...output };
  };
  const suite = {
    testsuites: {
      testsuite: {
        $: {
          name: 'ane-check',
          tests: String(reports.length),
          failures: count((report) => report.status === 'fail' || report.status === 'error'),
          errors: '0',
          skipped: count((report) => report.status === 'inconclusive'),
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
