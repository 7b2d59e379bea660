// Reports of the model check for the renderers' tests, built the way the pipeline builds them: the rules' own
// metadata (src/model/rules/), the diff of src/model/diff.ts, fail-on's verdict and withModelCheck.
import { decideModelCheck, type ModelCheckGates } from '../../src/model/check/fail-on.js';
import type { CheckedModel, ModelReport } from '../../src/model/check/model-report.js';
import { diffModels } from '../../src/model/diff.js';
import type { FeatureFacts } from '../../src/model/facts.js';
import { ruleDocs } from '../../src/model/rules/docs.js';
import { type Finding, finding, type Subject } from '../../src/model/rules/rule.js';
import type { ModelSummary } from '../../src/model/summary.js';
import type { Report } from '../../src/report/report.js';
import { withModelCheck } from '../../src/report/with-model-check.js';
import { sampleReport } from './sample-report.js';

/** A finding of the rule `id`, with its metadata; the message names the subject as the rules do, then says why and the fix. */
export function ruleFinding(id: string, subject: Subject, what: string, count?: number): Finding {
  const meta = ruleDocs().find((rule) => rule.id === id);
  if (!meta) throw new Error(`no rule '${id}'`);
  return { ...finding(meta, subject, `${what}: ${meta.why} ${meta.fix}`), ...(count !== undefined ? { count } : {}) };
}

export const op = (type: string, name: string, fn = 'main'): Subject => ({ kind: 'op', name, type, function: fn });
export const input = (name: string): Subject => ({ kind: 'input', name, type: 'multiArray' });

export function array(name: string, shape: number[], extra: Partial<FeatureFacts> = {}): FeatureFacts {
  return { name, kind: 'multiArray', optional: false, dataType: 'fp16', shape, flexibility: null, ...extra };
}

/** An ML program package as the reader summarizes one. */
export function programSummary(path: string, operations: Record<string, number>, overrides: Partial<ModelSummary> = {}): ModelSummary {
  return {
    path,
    format: 'mlpackage',
    kind: 'mlProgram',
    specificationVersion: 8,
    minimumOs: { iOS: '17', macOS: '14', tvOS: '17', watchOS: '10' },
    isUpdatable: false,
    inputs: [array('audio', [1, 1, 512])],
    outputs: [array('denoised', [1, 1, 512])],
    states: [],
    functions: [{ name: 'main', opset: 'CoreML7', operations, precision: { fp16: Object.values(operations).reduce((sum, count) => sum + count, 0) - (operations.const ?? 0) } }],
    layers: {},
    precision: {},
    weightBytes: 4_718_592,
    notes: [],
    ...overrides,
  };
}

/** A model checked against its base: the head's summary and findings, the diff computed from both sides. */
export function checkedAgainst(base: { summary: ModelSummary; findings: Finding[] } | null, head: { summary: ModelSummary; findings: Finding[] }, ref = '9f3c2e1a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e'): CheckedModel {
  return {
    ...head.summary,
    status: 'checked',
    findings: head.findings,
    base: { source: 'git', ref },
    diff: diffModels(base, head),
  };
}

/** A model the pull request deletes: its base, and the diff against nothing. */
export function deletedModel(base: { summary: ModelSummary; findings: Finding[] }, ref = '9f3c2e1a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e'): ModelReport {
  return { path: base.summary.path, status: 'deleted', findings: [], base: { source: 'git', ref }, diff: diffModels(base, null) };
}

/** The base of the pull request: a fixed-shape input, no float32 island; one lookup the team already knows about. */
export function denoiserBase(path = 'models/Denoiser.mlpackage') {
  const summary = programSummary(path, { const: 42, conv: 12, add: 8, mul: 6, gather: 1, softmax: 2 });
  return { summary, findings: [ruleFinding('gather-lookup', op('gather', 'speaker_embedding'), 'gather op "speaker_embedding" in function main is a lookup')] };
}

/** The head: a range-shaped input and a float32 mask (a cast to fp32 that other ops use) are new; the lookup stays. */
export function denoiserHead(path = 'models/Denoiser.mlpackage') {
  const summary = programSummary(path, { const: 44, conv: 12, add: 8, mul: 7, gather: 1, softmax: 2, cast: 1 }, {
    inputs: [array('audio', [1, 1, 512], { flexibility: { kind: 'range', ranges: [{ lower: 1, upper: 4 }, { lower: 1, upper: 1 }, { lower: 512, upper: 512 }] } })],
    weightBytes: 4_980_736,
  });
  summary.functions[0]!.precision = { fp16: 30, fp32: 1 };
  summary.precision = { fp16: 30, fp32: 1 };
  return {
    summary,
    findings: [
      ruleFinding(
        'range-shape-input',
        input('audio'),
        'input "audio" (multiArray) takes a range of shapes (dimensions 1-4 x 1-1 x 512-512, default [1, 1, 512])',
      ),
      ruleFinding('float32-island', op('cast', 'attention_mask_fp32'), 'cast op "attention_mask_fp32" in function main produces float32 in a float16 program, and softmax ops use it'),
      ruleFinding('gather-lookup', op('gather', 'speaker_embedding'), 'gather op "speaker_embedding" in function main is a lookup'),
      ruleFinding('dilated-convolution', op('conv', 'context_conv_3'), 'conv op "context_conv_3" in function main has a dilation of 4'),
    ],
  };
}

const LINUX: Report['environment'] = { target: 'host', os: 'Linux 6.8.0-1017-azure x64', lldb: 'not run', profile: 'auto', profiles: [] };

/**
 * A report of the model check alone, as main.ts's modelCheckReport and withModelCheck make it on Linux: no
 * measurement, the status from `fail-on`.
 */
export function modelCheckReport(models: ModelReport[], gates: ModelCheckGates = { failOn: 'new' }, name = 'Denoiser'): Report {
  const skeleton = sampleReport({
    name,
    status: 'pass',
    coverage: null,
    predictions: { observed: 0, warmup: 1, counted: 0, requested: 10 },
    engines: Object.fromEntries(
      (['ane', 'gpu', 'cpu'] as const).map((engine) => [engine, { dispatches: 0, perPrediction: 0, minPerPrediction: null, maxPerPrediction: null, share: null, markers: 0, resolved: false }]),
    ) as Report['engines'],
    probes: [],
    runtimes: [],
    fallbackKernels: [],
    fallbackReasons: [],
    baseline: null,
    gates: { threshold: 0, maxDrop: null, planThreshold: null, allowOffAne: gates.allowOffAne ? [...gates.allowOffAne] : null, maxSlowdown: null, failOn: gates.failOn },
    plan: null,
    latency: null,
    agreement: { status: 'unknown', detail: 'Only the model check ran: nothing was measured.' },
    witnesses: null,
    run: { windowEnd: null, targetEnd: null, targetEndDetail: null, pid: null, durationMs: 0, counting: null },
    environment: LINUX,
  });
  const verdict = decideModelCheck(models, gates);
  return withModelCheck(skeleton, { ...verdict, models }, { measured: false, note: 'Only the model check ran: measuring needs a Mac with Xcode (this runner is linux).' });
}

/** Both checks on a Mac: a measured report (with its plan) and the model check's result, set side by side by withModelCheck. */
export function bothChecksReport(measuredReport: Report, models: ModelReport[], gates: ModelCheckGates = { failOn: 'new' }): Report {
  const verdict = decideModelCheck(models, gates);
  return withModelCheck({ ...measuredReport, gates: { ...measuredReport.gates, failOn: gates.failOn } }, { ...verdict, models }, { measured: true });
}
