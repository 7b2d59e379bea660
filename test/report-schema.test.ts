import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { failedReport, runFromInputs } from '../src/main.js';
import { runModelCheck } from '../src/model/check/run-model-check.js';
import { withModelCheck } from '../src/report/with-model-check.js';
import { compareLatency, compareWithBaseline } from '../src/report/baseline.js';
import type { Report } from '../src/report/report.js';
import { ROOT } from './support/paths.js';
import { expectValidReport, readValidReport, REPORT_SCHEMA, reportSchemaErrors } from './support/report-schema.js';
import { REPORT_CASES } from './support/report-cases.js';
import { sampleReport } from './support/sample-report.js';
import { SHARED_MODELS, sharedModel } from './support/shared-models.js';
import { tempFolder } from './support/temp.js';

const dir = tempFolder('report-schema');
const SHA = '0123456789abcdef0123456789abcdef01234567';

/** A report with every optional field the code writes: plan, latency, agreement, witnesses, a full baseline, discovery. */
function fullReport(): Report {
  return sampleReport({
    fallbackReasons: ['E5RT: ANECCompile() FAILED: 3 (falling back)'],
    baseline: {
      name: 'MobileNetV2',
      status: 'pass',
      commit: 'fedcba9876543210fedcba9876543210fedcba98',
      coverage: 45,
      delta: -5,
      perPrediction: { ane: 2.5, gpu: 1, cpu: 1.5 },
      newKernels: [{ engine: 'cpu', name: 'Espresso::elementwise_kernel_cpu::__launch(int)' }],
      goneKernels: [],
      medianMs: 1.9,
      slowdown: 5.3,
      newOffAne: ['ios18.softmax'],
      trend: [
        { coverage: 45, commit: 'fedcba9', createdAt: '2026-02-27T10:00:00Z' },
        { coverage: null, commit: null, createdAt: null },
      ],
    },
    baselineEffects: { statusBefore: 'pass', reasons: [], notes: ['a note the comparison added'] },
    gates: { threshold: 30, maxDrop: 10, planThreshold: 60, allowOffAne: ['ios18.softmax'], maxSlowdown: null },
    plan: {
      computeUnits: 'all',
      operations: 5,
      basis: 'cost',
      aneCostShare: 70,
      byDevice: { ane: { operations: 2, cost: 0.7 }, gpu: { operations: 1, cost: 0.2 }, cpu: { operations: 1, cost: 0.1 } },
      offAne: [{ op: 'ios18.softmax', device: 'gpu', operations: 1, cost: 0.2, aneSupported: true }],
    },
    latency: { computeUnits: 'all', runs: [{ computeUnits: 'all', count: 10, medianMs: 2, p90Ms: 2.2 }], timedMs: 20.4 },
    agreement: { status: 'agrees', detail: "Core ML's compute plan places 70.0% of the estimated cost on the ANE, and the run's ANE coverage is 40.0%." },
    witnesses: { aneServiceThread: 'H11ANEServicesThread', aneQueues: ['com.apple.anef.p0'] },
    discovery: { profile: 'ane-report.profile-candidates.json', functions: 22, probes: [{ engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient evaluateWithModel:options:request:qos:error:]' }] },
    environment: { target: 'device', os: 'iOS 18.1 (22B83)', lldb: 'lldb-1600.0.39.3', profile: 'auto', profiles: ['espresso', 'e5rt'], device: 'iPhone 15 Pro' },
  });
}

/** A run that measured nothing: no coverage, no shares, no counting, no target. */
function notMeasured(): Report {
  const sample = sampleReport();
  const engines = Object.fromEntries(Object.entries(sample.engines).map(([engine, report]) => [engine, { ...report, share: null }])) as Report['engines'];
  return {
    ...sample,
    status: 'error',
    coverage: null,
    commit: null,
    engines,
    baseline: null,
    reasons: ['LLDB could not be started (lldb): spawn lldb ENOENT.'],
    run: { windowEnd: null, targetEnd: null, targetEndDetail: null, pid: null, durationMs: 0, counting: null },
  };
}

describe('schema/report.schema.json', () => {
  it('is a draft 2020-12 schema that names itself and the report version', () => {
    expect(REPORT_SCHEMA).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'urn:ane-check:report:1', properties: { schemaVersion: { const: 1 } } });
  });

  it("accepts the example report of docs/report.md", () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'report.md'), 'utf8');
    const section = doc.slice(doc.indexOf('\n## The JSON report'));
    const example = /```json\n([\s\S]*?)\n```/u.exec(section)?.[1];
    expect(example).toBeDefined();
    expect(reportSchemaErrors(JSON.parse(example!))).toBe('');
  });

  it('accepts the sample report, one with every optional field, and one that measured nothing', () => {
    expect(reportSchemaErrors(sampleReport())).toBe('');
    expect(reportSchemaErrors(fullReport())).toBe('');
    expect(reportSchemaErrors(notMeasured())).toBe('');
  });

  it.each([
    ['a misspelt field', () => ({ ...sampleReport(), fallbackKernel: [] }), '/ must NOT have additional properties {"additionalProperty":"fallbackKernel"}'],
    ['a misspelt nested field', () => ({ ...sampleReport(), run: { ...sampleReport().run, durationMS: 1 } }), '/run must NOT have additional properties {"additionalProperty":"durationMS"}'],
    ['an unknown status', () => ({ ...sampleReport(), status: 'passed' }), /^\/status must be equal to one of the allowed values/mu],
    ['a coverage of 120', () => ({ ...sampleReport(), coverage: 120 }), /^\/coverage must be <= 100/mu],
    ['a missing engines.gpu', () => ({ ...sampleReport(), engines: { ane: sampleReport().engines.ane, cpu: sampleReport().engines.cpu } }), /^\/engines must have required property 'gpu'/mu],
    ['a share of 0 where nothing was measured', () => ({ ...notMeasured(), engines: { ...notMeasured().engines, cpu: { ...notMeasured().engines.cpu, share: 0 } } }), /^\/engines\/cpu\/share must be null/mu],
    ['a coverage on an error', () => ({ ...sampleReport(), status: 'error' }), /^\/coverage must be null/mu],
    ['the target end as prose', () => ({ ...sampleReport(), run: { ...sampleReport().run, targetEnd: 'exited with status 0' } }), /^\/run\/targetEnd must be equal to one of the allowed values/mu],
    ['a commit that is not a SHA', () => ({ ...sampleReport(), commit: 'main' }), /^\/commit must match pattern/mu],
    ['a creation time that is not ISO 8601', () => ({ ...sampleReport(), createdAt: 'Mon Mar 2 2026' }), /^\/createdAt must match format "date-time"/mu],
    ['a probe with both a symbol and a regex', () => ({ ...sampleReport(), probes: [{ ...sampleReport().probes[0]!, regex: '^x' }] }), /^\/probes\/0 must match exactly one schema in oneOf/mu],
  ])('refuses %s, naming where', (_, make, error) => {
    expect(reportSchemaErrors(make())).toMatch(error);
    expect(() => expectValidReport(make())).toThrow('the report does not match schema/report.schema.json');
  });
});

describe('reports the code writes match the schema', () => {
  it('a report of a run that never measured', () => {
    const environment = { target: 'host', os: 'Linux 6.1.0 x64', lldb: 'not started', profile: 'auto', profiles: [] };
    const report = failedReport({ name: 'model', warmup: 1, predictions: 10, threshold: 50 }, { environment, commit: SHA }, 'model: does not exist');
    expectValidReport(report);
    expect(report).toMatchObject({ commit: SHA, status: 'error', run: { targetEnd: null, targetEndDetail: null } });
  });

  it('a report compared with its baseline, and with its latency', () => {
    const head = { ...fullReport(), baseline: null, baselineEffects: undefined };
    const base = { ...fullReport(), coverage: 60, latency: { ...fullReport().latency!, runs: [{ computeUnits: 'all', count: 10, medianMs: 1.5, p90Ms: 1.6 }] } };
    const compared = compareLatency(compareWithBaseline(head, base, 5), base, 10);
    expect(compared.status).toBe('fail');
    expectValidReport(compared);
    expectValidReport(compareWithBaseline(head, undefined, 5, 'No baseline yet.'));
  });

  it('the error report of refused inputs records when it was made and the commit', async () => {
    const file = path.join(dir, 'refused.json');
    const before = Date.now();
    const { reports } = await runFromInputs({ threshold: '140', report: file }, { platform: 'linux', path: '', cwd: dir, commit: SHA });
    const written = await readValidReport(file);
    expect(written).toEqual(reports[0]);
    expect(written).toMatchObject({ status: 'error', commit: SHA });
    expect(Date.parse(written.createdAt)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(written.createdAt)).toBeLessThanOrEqual(Date.now());
    expect(written.createdAt).toMatch(/Z$/u);
  });

  it('published reports, which keep the commit and time they were measured at', async () => {
    const folder = path.join(dir, 'published');
    mkdirSync(folder);
    const measured = [sampleReport({ name: 'A' }), fullReport()];
    measured.forEach((report, index) => writeFileSync(path.join(folder, `${index}.json`), JSON.stringify(report)));
    const { reports } = await runFromInputs({ publish: `${folder}/*.json` }, { platform: 'linux', path: '', cwd: dir, commit: SHA });
    expect(reports.map((report) => [report.commit, report.createdAt])).toEqual(measured.map((report) => [report.commit, report.createdAt]));
    for (const report of reports) expectValidReport(report);
  });
});

/** Every model file of ../shared/models, as the model check finds them. */
const SHARED = [
  'coremlit-identity/identity.mlmodel',
  'ct-add-model-mlmodelc/add_model.mlmodelc',
  'ct-simple-layer/simple_layer.mlmodel',
  'ct-tiny-drawing-embedding/TinyDrawingEmbedding.mlmodel',
  'dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage',
  'hollance-custom-layer/NeuralMcNeuralNet.mlmodel',
  'hollance-image2image/Image2Image.mlmodel',
  'improve-xgb-tree-ensemble/model.mlmodel',
  'jm-s4tf-retrained-mlmodelc/s4tf_model_retrained.mlmodelc',
  'jm-s4tf-updatable-nn/keras_model.mlmodel',
  'jm-s4tf-updatable-nn/s4tf_model_personalization.mlmodel',
];

describe("the model check's reports match the schema, models entries and all", () => {
  it.each(SHARED)('%s, checked against another model, written by the pipeline', async (relative) => {
    const file = path.join(dir, `${relative.replace(/\W/gu, '-')}.json`);
    const base = sharedModel(relative === SHARED[4] ? SHARED[3]! : SHARED[4]!);
    const { reports } = await runFromInputs({ model: sharedModel(relative), 'base-model': base, report: file }, { platform: 'linux', path: process.env.PATH ?? '', cwd: dir, commit: SHA });
    const written = await readValidReport(file);
    expect(written).toEqual(reports[0]);
    expect(written.checks).toEqual(['model']);
    expect(written.headline).toEqual({ figure: 'model-check', value: expect.any(Number) });
    expect(written.models).toHaveLength(1);
    // simple_layer is a prerelease ML program (spec 5) that the schema does not describe: an error entry.
    if (relative.startsWith('ct-simple-layer/')) expect(written.models![0]).toMatchObject({ status: 'error', error: expect.stringContaining('specification version 5') });
    else expect(written.models![0]).toMatchObject({ status: 'checked', diff: { status: 'changed' }, base: { source: 'path' } });
  });

  it('every shared model in one report, a file that is not a model, and both checks beside a plan', async () => {
    const file = path.join(dir, 'all-models.json');
    const models = [...['mlmodel', 'mlpackage', 'mlmodelc'].map((extension) => `${SHARED_MODELS}/**/*.${extension}`), path.join(dir, 'not-a-model.mlmodel')].join('\n');
    writeFileSync(path.join(dir, 'not-a-model.mlmodel'), 'hello');
    const { reports } = await runFromInputs({ model: models, report: file }, { platform: 'linux', path: process.env.PATH ?? '', cwd: dir, commit: SHA });
    const written = await readValidReport(file);
    expect(written.models!.length).toBe(SHARED.length + 1);
    expect(written.models!.filter((model) => model.status === 'error')).toHaveLength(2);
    expect(written.status).toBe('error');
    expect(reports[0]!.models!.some((model) => model.status === 'checked' && model.findings.some((finding) => finding.count !== undefined))).toBe(true);

    const result = await runModelCheck({ models: [sharedModel(SHARED[4]!)], baseModel: sharedModel(SHARED[3]!), failOn: 'new' }, { cwd: dir });
    const measured = { ...fullReport(), plan: { ...fullReport().plan!, offAne: [{ op: 'ios16.while_loop', device: 'cpu' as const, operations: 2, cost: 0.2, aneSupported: false }], onAne: [{ op: 'ios16.add', operations: 15 }, { op: 'ios16.matmul', operations: 5 }] } };
    const both = withModelCheck(measured, result, { measured: true });
    expectValidReport(both);
    expect(both.models![0]).toMatchObject({ plan: { offAne: [{ op: 'ios16.while_loop', rules: expect.arrayContaining(['control-flow']) }] } });
    expect(both.headline).toEqual({ figure: 'plan-cost-share', value: 70 });
  });

  it('the reports whose comments the docs show', () => {
    for (const reportCase of REPORT_CASES) for (const report of reportCase.reports) expect(reportSchemaErrors(report), reportCase.name).toBe('');
  });

  const checked = () => REPORT_CASES.find((reportCase) => reportCase.name === 'model-check-pull-request')!.reports[0]!;
  const firstModel = (report: Report) => report.models![0] as Extract<NonNullable<Report['models']>[number], { status: 'checked' }>;
  const withModel = (change: (model: Record<string, unknown>) => void) => {
    const report = structuredClone(checked());
    change(report.models![0] as unknown as Record<string, unknown>);
    return report;
  };

  it.each([
    ['a misspelt field of a model', () => withModel((model) => (model.weightBytez = 1)), /^\/models\/0 must NOT have unevaluated properties/mu],
    ['a misspelt field of a finding', () => withModel((model) => ((model.findings as object[])[0] = { ...firstModel(checked()).findings[0]!, sevrity: 'x' })), /^\/models\/0\/findings\/0 must NOT have additional properties/mu],
    ['an unknown severity', () => withModel((model) => ((model.findings as object[])[0] = { ...firstModel(checked()).findings[0]!, severity: 'fatal' })), /^\/models\/0\/findings\/0\/severity must be equal to one of the allowed values/mu],
    ['a subject of no known kind', () => withModel((model) => ((model.findings as object[])[0] = { ...firstModel(checked()).findings[0]!, subject: { kind: 'tensor', name: 'x' } })), /^\/models\/0\/findings\/0\/subject\/kind must be equal/mu],
    ['a data type of no known name', () => withModel((model) => ((model.inputs as object[])[0] = { ...firstModel(checked()).inputs[0]!, dataType: 'float' })), /^\/models\/0\/inputs\/0\/dataType/mu],
    ['an extra field in a pipeline step', () => withModel((model) => (model.pipeline = [{ name: null, model: { ...programOf(checked()), path: 'x' } }])), /^\/models\/0\/pipeline\/0\/model must NOT have unevaluated properties/mu],
    ['a checked model without findings', () => withModel((model) => delete model.findings), /^\/models\/0 must have required property 'findings'/mu],
    ['a model not read that has findings', () => withModel((model) => Object.assign(model, { status: 'error', error: 'x' })), /^\/models\/0 must NOT have additional properties/mu],
    ['a diff of no known status', () => withModel((model) => ((model.diff as Record<string, unknown>).status = 'moved')), /^\/models\/0\/diff\/status must be equal/mu],
    ['a base from nowhere', () => withModel((model) => ((model.base as Record<string, unknown>).source = 'ftp')), /^\/models\/0\/base\/source must be equal/mu],
    ['an unknown check', () => ({ ...checked(), checks: ['lint'] }), /^\/checks\/0 must be equal/mu],
    ['an unknown headline figure', () => ({ ...checked(), headline: { figure: 'coverage', value: 1 } }), /^\/headline\/figure must be equal/mu],
    ['an unknown fail-on', () => ({ ...checked(), gates: { ...checked().gates, failOn: 'always' } }), /^\/gates\/failOn must be equal/mu],
    ['a plan comparison with a misspelt field', () => withModel((model) => (model.plan = { offAne: [], contradicted: [], contradiction: [] })), /^\/models\/0\/plan must NOT have additional properties/mu],
  ])('refuses %s, naming where', (_, make, error) => {
    expect(reportSchemaErrors(make())).toMatch(error);
  });
});

/** A model's summary without the fields of a report entry: what a pipeline step holds. */
function programOf(report: Report): object {
  const spec: Record<string, unknown> = { ...report.models![0] };
  for (const field of ['path', 'status', 'format', 'weightBytes', 'notes', 'findings', 'base', 'diff']) delete spec[field];
  return spec;
}
