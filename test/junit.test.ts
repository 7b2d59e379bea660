import { parseStringPromise } from 'xml2js';
import { describe, expect, it } from 'vitest';

import { renderJunit } from '../src/report/junit.js';
import type { Report } from '../src/report/report.js';
import { sampleReport } from './support/sample-report.js';

interface ParsedCase {
  $: { name: string; classname: string; time: string };
  properties: { property: { $: { name: string; value: string } }[] }[];
  failure?: { $: { message: string; type: string }; _: string }[];
  error?: { $: { message: string; type: string }; _: string }[];
  skipped?: { $: { message: string } }[];
  'system-out': string[];
}

async function parse(reports: Report[]) {
  const parsed = await parseStringPromise(renderJunit(reports));
  const suite = parsed.testsuites.testsuite[0] as { $: Record<string, string>; testcase: ParsedCase[] };
  return { suite: suite.$, cases: suite.testcase };
}

/** A test case's properties as name -> value. */
const propertiesOf = (testcase: ParsedCase) => Object.fromEntries(testcase.properties[0]!.property.map((property) => [property.$.name, property.$.value]));

describe('renderJunit', () => {
  it('has one test case per measurement: a failure for fail, an error for error, skipped for inconclusive, and counts each', async () => {
    const { suite, cases } = await parse([
      sampleReport({ name: 'pass <&>' }),
      sampleReport({ name: 'fails', status: 'fail', reasons: ['ANE coverage 10.0% is below the threshold of 50%.'] }),
      sampleReport({ name: 'broke', status: 'error', coverage: null, reasons: ['The target crashed.', 'It had run 3 predictions.'] }),
      sampleReport({ name: 'unsure', status: 'inconclusive', coverage: null, reasons: ['No ANE dispatch probe resolved.'] }),
      sampleReport({ name: 'fails too', status: 'fail', reasons: ['ANE coverage fell by 6.0 points.'] }),
    ]);
    expect(suite).toMatchObject({ name: 'ane-check', tests: '5', failures: '2', errors: '1', skipped: '1' });
    expect(cases.map((c) => c.$.name)).toEqual(['pass <&>', 'fails', 'broke', 'unsure', 'fails too']);

    const [passed, failed, broken, unsure] = cases as [ParsedCase, ParsedCase, ParsedCase, ParsedCase];
    expect([passed.failure, passed.error, passed.skipped]).toEqual([undefined, undefined, undefined]);
    expect(failed.failure![0]!.$).toEqual({ message: 'ANE coverage 10.0% is below the threshold of 50%.', type: 'fail' });
    expect(failed.error).toBeUndefined();
    // A broken measurement is an error, not a failure, with every reason.
    expect(broken.failure).toBeUndefined();
    expect(broken.error![0]!.$).toEqual({ message: 'The target crashed. It had run 3 predictions.', type: 'error' });
    expect(broken.error![0]!._).toBe('The target crashed.\nIt had run 3 predictions.');
    expect(unsure.skipped![0]!.$.message).toBe('No ANE dispatch probe resolved.');
    expect([unsure.failure, unsure.error]).toEqual([undefined, undefined]);
    expect(passed['system-out'][0]).toBe('ANE coverage: 40.0%');
  });

  it('gives each test case its coverage, delta, plan coverage and status as properties, empty where there is no figure', async () => {
    const plan = { computeUnits: 'all', operations: 4, basis: 'cost' as const, aneCostShare: 72.25, byDevice: { ane: { operations: 3, cost: 0.72 }, gpu: { operations: 0, cost: 0 }, cpu: { operations: 1, cost: 0.28 } }, offAne: [] };
    const { cases } = await parse([
      sampleReport({ name: 'measured', coverage: 83.33, baseline: { coverage: 88.4, delta: -5.07 }, plan }),
      sampleReport({ name: 'not measured', status: 'inconclusive', coverage: null, baseline: null, plan: null, reasons: ['No prediction was observed.'] }),
      sampleReport({ name: 'baseline not measured', baseline: { coverage: null, delta: null } }),
    ]);
    expect(propertiesOf(cases[0]!)).toEqual({ coverage: '83.3', delta: '-5.1', 'plan-coverage': '72.3', status: 'pass' });
    expect(propertiesOf(cases[1]!)).toEqual({ coverage: '', delta: '', 'plan-coverage': '', status: 'inconclusive' });
    expect(propertiesOf(cases[2]!)).toMatchObject({ coverage: '40.0', delta: '' });
  });

  it('puts the properties before the result, where readers of test-case properties look for them', () => {
    const xml = renderJunit([sampleReport({ status: 'fail', reasons: ['below'] })]);
    expect(xml.indexOf('<properties>')).toBeGreaterThan(xml.indexOf('<testcase '));
    expect(xml.indexOf('<properties>')).toBeLessThan(xml.indexOf('<failure '));
  });
});
