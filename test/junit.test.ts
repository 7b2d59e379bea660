import { parseStringPromise } from 'xml2js';
import { describe, expect, it } from 'vitest';

import { renderJunit } from '../src/report/junit.js';
import { sampleReport } from './support/sample-report.js';

describe('renderJunit', () => {
  it('has one test case per measurement: failures for fail and error, skipped for inconclusive', async () => {
    const xml = renderJunit([
      sampleReport({ name: 'pass <&>' }),
      sampleReport({ name: 'fails', status: 'fail', reasons: ['ANE coverage 10.0% is below the threshold of 50%.'] }),
      sampleReport({ name: 'broke', status: 'error', coverage: null, reasons: ['The target crashed.'] }),
      sampleReport({ name: 'unsure', status: 'inconclusive', coverage: null, reasons: ['No ANE dispatch probe resolved.'] }),
    ]);
    const parsed = await parseStringPromise(xml);
    const suite = parsed.testsuites.testsuite[0];
    expect(suite.$).toMatchObject({ name: 'ane-check', tests: '4', failures: '2', errors: '0', skipped: '1' });
    const cases = suite.testcase;
    expect(cases.map((c: { $: { name: string } }) => c.$.name)).toEqual(['pass <&>', 'fails', 'broke', 'unsure']);
    expect(cases[0].failure).toBeUndefined();
    expect(cases[1].failure[0].$).toEqual({ message: 'ANE coverage 10.0% is below the threshold of 50%.', type: 'fail' });
    expect(cases[2].failure[0].$.type).toBe('error');
    expect(cases[3].skipped[0].$.message).toBe('No ANE dispatch probe resolved.');
    expect(cases[0]['system-out'][0]).toBe('ANE coverage: 40.0%');
  });
});
