import { parseStringPromise } from 'xml2js';
import { describe, expect, it } from 'vitest';

import { renderJunit } from '../src/report/junit.js';
import type { Report } from '../src/report/report.js';
import { bothChecksReport, checkedAgainst, deletedModel, denoiserBase, denoiserHead, modelCheckReport, op, programSummary, ruleFinding } from './support/model-reports.js';
import { reportCase } from './support/report-cases.js';
import { sampleReport } from './support/sample-report.js';

interface ParsedCase {
  $: { name: string; classname: string; time: string };
  properties: { property: { $: { name: string; value: string } }[] }[];
  failure?: { $: { message: string; type: string }; _: string }[];
  error?: { $: { message: string; type: string }; _: string }[];
  skipped?: { $: { message: string } }[];
  'system-out'?: string[];
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
    expect(passed['system-out']![0]).toBe("ANE dispatch share: 40.0% (it counts dispatches, not cost: one ANE dispatch runs a whole segment of the model) · ▼ 5.0 pp against the baseline's 45.0%");
  });

  it('gives each test case its coverage, delta, plan coverage and status as properties, empty where there is no figure', async () => {
    const plan = { computeUnits: 'all', operations: 4, basis: 'cost' as const, aneCostShare: 72.25, byDevice: { ane: { operations: 3, cost: 0.72 }, gpu: { operations: 0, cost: 0 }, cpu: { operations: 1, cost: 0.28 } }, offAne: [] };
    const { cases } = await parse([
      sampleReport({ name: 'measured', coverage: 83.33, baseline: { coverage: 88.4, delta: -5.07 }, plan }),
      sampleReport({ name: 'not measured', status: 'inconclusive', coverage: null, baseline: null, plan: null, reasons: ['No prediction was observed.'] }),
      sampleReport({ name: 'baseline not measured', baseline: { coverage: null, delta: null } }),
    ]);
    expect(propertiesOf(cases[0]!)).toEqual({ coverage: '83.3', delta: '-5.1', 'plan-coverage': '72.3', status: 'pass', headline: 'dispatch-share' });
    expect(propertiesOf(cases[1]!)).toEqual({ coverage: '', delta: '', 'plan-coverage': '', status: 'inconclusive', headline: 'dispatch-share' });
    expect(propertiesOf(cases[2]!)).toMatchObject({ coverage: '40.0', delta: '' });
  });

  it('puts the properties before the result, where readers of test-case properties look for them', () => {
    const xml = renderJunit([sampleReport({ status: 'fail', reasons: ['below'] })]);
    expect(xml.indexOf('<properties>')).toBeGreaterThan(xml.indexOf('<testcase '));
    expect(xml.indexOf('<properties>')).toBeLessThan(xml.indexOf('<failure '));
  });
});

describe('renderJunit: the model check', () => {
  const byName = (cases: ParsedCase[]) => Object.fromEntries(cases.map((testcase) => [testcase.$.name, testcase]));

  it('has a test case per model and rule: a failure where a finding fails the step, a pass for the others, each with its findings', async () => {
    const { suite, cases } = await parse(reportCase('model-check-pull-request').reports);
    expect(cases.map((testcase) => [testcase.$.classname, testcase.$.name])).toEqual([
      ['ane-check', 'Denoiser'],
      ['ane-check.model-check', 'models/Denoiser.mlpackage: range-shape-input'],
      ['ane-check.model-check', 'models/Denoiser.mlpackage: float32-island'],
      ['ane-check.model-check', 'models/Denoiser.mlpackage: gather-lookup'],
      ['ane-check.model-check', 'models/Denoiser.mlpackage: dilated-convolution'],
      ['ane-check.model-check', 'models/VoiceActivity.mlmodel'],
      ['ane-check.model-check', 'models/LegacyDenoiser.mlpackage: deleted'],
    ]);
    // The report's case (error: a model could not be read), two failing findings, the unreadable model.
    expect(suite).toMatchObject({ tests: '7', failures: '2', errors: '2', skipped: '0' });
    const named = byName(cases);
    const range = named['models/Denoiser.mlpackage: range-shape-input']!;
    expect(range.failure![0]!.$).toEqual({ message: '1 finding of range-shape-input fails the step (fail-on: new): input "audio".', type: 'fail' });
    expect(range.failure![0]!._).toMatch(/^error \(new\): input "audio": input "audio" \(multiArray\) takes a range of shapes/u);
    expect(propertiesOf(range)).toEqual({ rule: 'range-shape-input', severity: 'error', findings: '1', 'new-findings': '1', blocker: 'true', source: 'https://developer.apple.com/forums/thread/724930' });
    const lookup = named['models/Denoiser.mlpackage: gather-lookup']!;
    expect([lookup.failure, lookup.error, lookup.skipped]).toEqual([undefined, undefined, undefined]);
    expect(propertiesOf(lookup)).toMatchObject({ severity: 'warning', findings: '1', 'new-findings': '0', blocker: 'true' });
    expect(lookup['system-out']![0]).toMatch(/^warning: gather op "speaker_embedding" in main: gather op "speaker_embedding" in function main is a lookup: /u);
    expect(propertiesOf(named['models/Denoiser.mlpackage: dilated-convolution']!)).toMatchObject({ severity: 'info', blocker: 'false', 'new-findings': '1' });
    expect(named['models/VoiceActivity.mlmodel']!.error![0]!.$.message).toMatch(/^models\/VoiceActivity\.mlmodel: is a Git LFS pointer/u);
    expect(named['models/LegacyDenoiser.mlpackage: deleted']!['system-out']![0]).toBe('The pull request deletes this model.');
    // The report's own case: its figures, the model check's counts and sentence, and no measurement.
    expect(propertiesOf(named.Denoiser!)).toEqual({ coverage: '', delta: '', 'plan-coverage': '', status: 'error', headline: 'model-check', findings: '3', 'new-findings': '2' });
    expect(named.Denoiser!['system-out']![0]).toBe('Model check: 3 known blockers (2 new); 1 model could not be read; 1 model deleted by the pull request\nOnly the model check ran: measuring needs a Mac with Xcode (this runner is linux).');
  });

  it('fails by fail-on: every error with error, warnings too with warning, none with never; and counts a group per subject', async () => {
    const failing = async (gates: Parameters<typeof modelCheckReport>[1]) =>
      (await parse([modelCheckReport([checkedAgainst(denoiserBase(), denoiserHead())], gates)])).cases.filter((testcase) => testcase.failure).map((testcase) => testcase.$.name);
    expect(await failing({ failOn: 'warning' })).toEqual(['Denoiser', 'models/Denoiser.mlpackage: range-shape-input', 'models/Denoiser.mlpackage: float32-island', 'models/Denoiser.mlpackage: gather-lookup']);
    expect(await failing({ failOn: 'never' })).toEqual([]);
    expect(await failing({ failOn: 'new', allowOffAne: ['cast'] })).toEqual(['Denoiser', 'models/Denoiser.mlpackage: range-shape-input']);
    const group = [ruleFinding('control-flow', op('make_list', 'l0'), '4 make_list ops', 4), ruleFinding('control-flow', op('while_loop', 'w'), 'while_loop op "w"')];
    const { cases } = await parse([modelCheckReport([checkedAgainst(null, { summary: programSummary('m', {}), findings: group })], { failOn: 'warning' })]);
    const rule = byName(cases)['m: control-flow']!;
    expect(rule.failure![0]!.$.message).toBe('5 findings of control-flow fail the step (fail-on: warning): make_list op "l0" in main and 1 more.');
    expect(rule.failure![0]!._).toBe('warning (new): make_list op "l0" in main ×4: 4 make_list ops: ' + group[0]!.message.slice('4 make_list ops: '.length) + '\nwarning (new): while_loop op "w" in main: ' + group[1]!.message);
    expect(propertiesOf(rule)).toMatchObject({ findings: '5', 'new-findings': '5' });
  });

  it('skips the cases whose findings might fail the step when the base could not be read, and passes a model without findings', async () => {
    const model = { ...checkedAgainst(denoiserBase(), denoiserHead()), base: { source: 'git' as const, ref: 'abc', problem: 'Set fetch-depth: 0.' } };
    delete (model as Partial<typeof model>).diff;
    const { suite, cases } = await parse([modelCheckReport([model])]);
    const named = byName(cases);
    expect(named['models/Denoiser.mlpackage: range-shape-input']!.skipped![0]!.$.message).toBe('Whether these findings are new is unknown: Set fetch-depth: 0.');
    expect(propertiesOf(named['models/Denoiser.mlpackage: range-shape-input']!)['new-findings']).toBe('');
    expect(named['models/Denoiser.mlpackage: gather-lookup']!.skipped).toBeUndefined();
    expect(suite).toMatchObject({ failures: '0', skipped: '3' });
    const clean = await parse([modelCheckReport([checkedAgainst(denoiserBase(), { ...denoiserBase(), findings: [] })])]);
    expect(clean.cases.map((testcase) => testcase.$.name)).toEqual(['Denoiser', 'models/Denoiser.mlpackage: no known blocker']);
    expect(clean.suite).toMatchObject({ tests: '2', failures: '0', errors: '0', skipped: '0' });
    expect(propertiesOf(clean.cases[1]!)).toEqual({ findings: '0' });
  });

  it('keeps the measurement case beside the model cases when both checks ran, with both figures', async () => {
    const report = bothChecksReport(sampleReport(), [checkedAgainst(denoiserBase(), denoiserHead())]);
    const { cases } = await parse([report]);
    expect(cases[0]!.$.name).toBe('MobileNetV2');
    expect(propertiesOf(cases[0]!)).toMatchObject({ coverage: '40.0', headline: 'dispatch-share', findings: '3', 'new-findings': '2', status: 'fail' });
    expect(cases[0]!['system-out']![0]).toMatch(/^ANE dispatch share: 40\.0% .*\nModel check: 3 known blockers \(2 new\)$/u);
    expect(cases).toHaveLength(5);
    const both = byName((await parse(reportCase('both-checks').reports)).cases);
    expect(both['Models/MobileNetV2.mlpackage: gather-lookup']!['system-out']![0]).toMatch(/ Contradicted by Core ML's plan: the plan places all 2 gather ops on the ANE\.$/u);
    expect(both['Models/MobileNetV2.mlpackage: float32-island']!['system-out']![0]).not.toContain('Contradicted');
    const deleted = await parse([modelCheckReport([deletedModel(denoiserBase())])]);
    expect(propertiesOf(deleted.cases[0]!)).toMatchObject({ findings: '0', 'new-findings': '' });
  });
});
