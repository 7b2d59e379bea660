import path from 'node:path';

import { commentMarker } from '../../src/github/comment.js';
import type { Engine } from '../../src/profiles/profile.js';
import { COMMENT_LIMIT, type MarkdownOptions, renderMarkdown } from '../../src/report/markdown.js';
import type { Report, TrendPoint } from '../../src/report/report.js';
import { roundPercent } from '../../src/round.js';
import { bothChecksReport, checkedAgainst, deletedModel, denoiserBase, denoiserHead, input, modelCheckReport, op, programSummary, ruleFinding } from './model-reports.js';
import { ROOT } from './paths.js';
import { sampleReport } from './sample-report.js';

/**
 * The reports whose Markdown is checked in a browser (test/render/), and of which docs/examples/ keeps the
 * Markdown (test/examples.test.ts, `npm run examples`). One place, so the three agree.
 */
export interface ReportCase {
  /** The file name: docs/screenshots/<name>.png, docs/examples/<name>.md. */
  name: string;
  reports: Report[];
  /** The comment's key (the `name` input): its marker is `<!-- ane-check:comment:<key> -->`. */
  key: string;
}

/** A name that would be HTML, a mention, an issue link, a marker, code, a table break, emphasis and a link, if it were not escaped. */
export const HOSTILE = 'Net<img src=x onerror=alert(1)> @octocat #12 <!-- ane-check:comment:x --> `tick` a|b *bold* [link](http://x)\nsecond line';
export const HOSTILE_KERNEL = `Espresso::${HOSTILE}::__launch(int)`;

export const RUN_URL = 'https://github.com/octo-org/ml-app/actions/runs/4815162342';

/** The options of the pull-request comment, as src/github/publish.ts passes them. */
export function commentOptions(reportCase: ReportCase): MarkdownOptions {
  return { marker: commentMarker(reportCase.key), runUrl: RUN_URL, limit: COMMENT_LIMIT };
}

/** The cases whose comment body is kept in docs/examples/<name>.md. */
export const EXAMPLE_CASES = ['dropping-pull-request', 'error-nothing-measured', 'model-check-pull-request', 'both-checks'] as const;
export const EXAMPLES_DIR = path.join(ROOT, 'docs', 'examples');

/** What docs/examples/<name>.md holds: the comment body renderMarkdown prints for the case. */
export function exampleMarkdown(name: (typeof EXAMPLE_CASES)[number]): string {
  return renderMarkdown(reportCase(name).reports, commentOptions(reportCase(name)));
}

export function reportCase(name: string): ReportCase {
  const found = REPORT_CASES.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no report case '${name}'`);
  return found;
}

/** Engine counts from dispatches per prediction, with shares (or none, for a run that measured nothing). */
function engines(perPrediction: Record<Engine, number>, counted: number, measured = true): Report['engines'] {
  const total = perPrediction.ane + perPrediction.gpu + perPrediction.cpu;
  const count = (engine: Engine) => ({
    dispatches: perPrediction[engine] * counted,
    perPrediction: perPrediction[engine],
    minPerPrediction: perPrediction[engine],
    maxPerPrediction: perPrediction[engine],
    share: measured ? roundPercent((perPrediction[engine] / total) * 100) : null,
    markers: 0,
    resolved: true,
  });
  return { ane: count('ane'), gpu: count('gpu'), cpu: count('cpu') };
}

const environment: Report['environment'] = { target: 'host', os: 'macOS 15.1 (24B83)', lldb: 'lldb-1600.0.39.3', profile: 'auto', profiles: ['espresso', 'e5rt'] };

function passing(): Report {
  return sampleReport({
    coverage: 80,
    engines: engines({ ane: 12, gpu: 1, cpu: 2 }, 10),
    fallbackKernels: [
      { engine: 'cpu', name: 'Espresso::BNNSEngine::inner_product_kernel::__launch(int)', hits: 10 },
      { engine: 'cpu', name: 'Espresso::elementwise_kernel_cpu::__launch(int)', hits: 10 },
      { engine: 'gpu', name: 'Espresso::MPSEngine::softmax_kernel::__launch(int)', hits: 10 },
    ],
    probes: sampleReport().probes.filter((probe) => probe.resolved),
    baseline: { name: 'MobileNetV2', status: 'pass', commit: '9f3c2e1', coverage: 80, delta: 0, perPrediction: { ane: 12, gpu: 1, cpu: 2 }, newKernels: [], goneKernels: [] },
    gates: { threshold: 70, maxDrop: 5 },
    environment,
  });
}

/** The base branch's coverage over its last eight runs, oldest first. */
const TREND: TrendPoint[] = [84.6, 84.6, 83.9, 84.6, 85.2, 84.6, 84.6, 84.6].map((coverage, index) => ({
  coverage,
  commit: ['3b1f0a9', '77c2d4e', 'a90e5b3', '1d4c8f2', 'e6b7a01', '5c3d9e8', '0f2a6b4', '9f3c2e1'][index]!,
  createdAt: `2026-11-${String(18 + index).padStart(2, '0')}T09:${String(10 + index * 3)}:00Z`,
}));

const DROP_REASON =
  "ANE coverage fell by 23.1 points against the baseline (84.6% to 61.5%), more than max-drop 5. The kernels marked new show the work that left the ANE; raise max-drop only if the drop is intended.";

function droppingPullRequest(): Report {
  return sampleReport({
    status: 'fail',
    coverage: 61.5,
    engines: engines({ ane: 8, gpu: 2, cpu: 3 }, 10),
    fallbackKernels: [
      { engine: 'gpu', name: 'Espresso::MPSEngine::softmax_kernel::__launch(int)', hits: 20 },
      { engine: 'cpu', name: 'Espresso::BNNSEngine::inner_product_kernel::__launch(int)', hits: 20 },
      { engine: 'cpu', name: 'Espresso::BNNSEngine::layer_norm_kernel::__launch(int)', hits: 10 },
    ],
    fallbackReasons: ['ANE compiler: layer "attention_softmax" (ios18.softmax) uses an axis the ANE does not support; it runs on the GPU'],
    probes: sampleReport().probes.filter((probe) => probe.resolved),
    plan: {
      computeUnits: 'all',
      operations: 124,
      basis: 'cost',
      aneCostShare: 71.3,
      byDevice: { ane: { operations: 104, cost: 0.713 }, gpu: { operations: 8, cost: 0.18 }, cpu: { operations: 12, cost: 0.107 } },
      offAne: [
        { op: 'ios18.softmax', device: 'gpu', operations: 8, cost: 0.18, aneSupported: true },
        { op: 'ios18.layer_norm', device: 'cpu', operations: 12, cost: 0.107, aneSupported: true },
      ],
    },
    latency: { computeUnits: 'all', runs: [{ computeUnits: 'all', count: 20, medianMs: 4.1, p90Ms: 4.6 }, { computeUnits: 'cpuOnly', count: 20, medianMs: 14.8, p90Ms: 15.9 }], aneSpeedup: 3.61, timedMs: 410 },
    agreement: { status: 'agrees', detail: 'The plan and the run agree: most of the cost and most dispatches are on the ANE.' },
    baseline: {
      name: 'MobileNetV2',
      status: 'pass',
      commit: '9f3c2e1',
      coverage: 84.6,
      delta: -23.1,
      perPrediction: { ane: 11, gpu: 0, cpu: 2 },
      newKernels: [
        { engine: 'gpu', name: 'Espresso::MPSEngine::softmax_kernel::__launch(int)' },
        { engine: 'cpu', name: 'Espresso::BNNSEngine::layer_norm_kernel::__launch(int)' },
      ],
      goneKernels: [{ engine: 'cpu', name: 'Espresso::elementwise_kernel_cpu::__launch(int)' }],
      medianMs: 3.2,
      slowdown: 28.1,
      newOffAne: ['ios18.softmax', 'ios18.layer_norm'],
      trend: TREND,
    },
    baselineEffects: { statusBefore: 'pass', reasons: [DROP_REASON], notes: [] },
    gates: { threshold: 50, maxDrop: 5 },
    reasons: [DROP_REASON],
    environment,
  });
}

function failingTwoReasons(): Report {
  return sampleReport({
    name: 'DistilBERT',
    status: 'fail',
    coverage: 22.2,
    engines: engines({ ane: 2, gpu: 3, cpu: 4 }, 10),
    fallbackKernels: [
      { engine: 'cpu', name: 'Espresso::BNNSEngine::gelu_kernel::__launch(int)', hits: 20 },
      { engine: 'cpu', name: 'Espresso::BNNSEngine::layer_norm_kernel::__launch(int)', hits: 20 },
      { engine: 'gpu', name: 'Espresso::MPSEngine::batched_matmul_kernel::__launch(int)', hits: 30 },
    ],
    baseline: null,
    gates: { threshold: 50, maxDrop: null, allowOffAne: ['ios18.softmax'] },
    reasons: [
      'ANE coverage 22.2% is below the threshold of 50%. The fallback kernels show what ran off the ANE; lower threshold only if that is expected.',
      "Core ML's compute plan places op types off the ANE that allow-off-ane does not list: ios18.gelu, ios18.layer_norm. Add them to allow-off-ane if that is expected.",
    ],
    notes: ['No baseline: baseline is not set.'],
    environment,
  });
}

function errorNothingMeasured(): Report {
  return sampleReport({
    status: 'error',
    coverage: null,
    predictions: { observed: 4, warmup: 1, counted: 3, requested: 10 },
    engines: engines({ ane: 2, gpu: 1, cpu: 2 }, 3, false),
    fallbackKernels: [],
    baseline: { name: 'MobileNetV2', status: 'pass', commit: '9f3c2e1', coverage: 84.6, delta: null, perPrediction: { ane: 11, gpu: 0, cpu: 2 } },
    reasons: ['The target crashed during the counted window (crashed: signal SIGSEGV), after 3 of 10 predictions: the dispatches seen are not a measurement. Fix the crash, or run it under lldb to see where it stops.'],
    run: { ...sampleReport().run, windowEnd: 'crash', targetEnd: 'crashed', targetEndDetail: 'crashed: signal SIGSEGV: address not mapped to object (fault address: 0x0)', pid: 4242, durationMs: 2300 },
    environment,
  });
}

/**
 * A pull request on ubuntu-latest, the model check alone: one model gained a range-shaped input and a float32
 * island (two new errors) beside a lookup the base already had; one is an LFS pointer the checkout did not fetch;
 * one is deleted.
 */
function modelCheckPullRequest(): Report {
  const denoiser = checkedAgainst(denoiserBase(), denoiserHead());
  const unread = {
    path: 'models/VoiceActivity.mlmodel',
    status: 'error' as const,
    findings: [] as [],
    error: 'models/VoiceActivity.mlmodel: is a Git LFS pointer, not the model: the checkout did not fetch the LFS object. Fetch the Git LFS objects: `lfs: true` on actions/checkout (or `git lfs pull`).',
  };
  const old = denoiserBase('models/LegacyDenoiser.mlpackage');
  return modelCheckReport([denoiser, unread, deletedModel(old)]);
}

/**
 * Both checks on a Mac: the measurement (the plan agrees with the run, so its cost share leads) and the model
 * check beside it. The plan places softmax on the GPU (the float32 island, new, predicted it) and layer_norm on the CPU
 * (no rule did), and it places the gather on the ANE, which contradicts the lookup finding.
 */
function bothChecks(): Report {
  const measured = droppingPullRequest();
  measured.plan = {
    ...measured.plan!,
    offAne: [
      { op: 'ios18.softmax', device: 'gpu', operations: 8, cost: 0.18, aneSupported: true },
      { op: 'ios18.layer_norm', device: 'cpu', operations: 12, cost: 0.107, aneSupported: true },
    ],
    onAne: [
      { op: 'ios18.conv', operations: 52 },
      { op: 'ios18.add', operations: 30 },
      { op: 'ios18.linear', operations: 20 },
      { op: 'ios18.gather', operations: 2 },
    ],
  };
  const path = 'Models/MobileNetV2.mlpackage';
  const base = programSummary(path, { const: 120, conv: 52, add: 30, linear: 20, gather: 2, softmax: 8, layer_norm: 12 }, { inputs: [{ name: 'image', kind: 'image', optional: false, dataType: null, shape: [224, 224], flexibility: null, image: { width: 224, height: 224, colorSpace: 'rgb' } }], outputs: [{ name: 'classLabelProbs', kind: 'dictionary', optional: false, dataType: 'string', shape: [], flexibility: null }] });
  const head = { ...base, functions: [{ ...base.functions[0]!, operations: { ...base.functions[0]!.operations, cast: 1 } }] };
  const lookup = ruleFinding('gather-lookup', op('gather', 'token_lookup'), 'gather op "token_lookup" in function main is a lookup', 2);
  const island = ruleFinding('float32-island', op('softmax', 'attention_softmax'), 'softmax op "attention_softmax" in function main produces float32 in a float16 program, and matmul ops use it');
  const model = checkedAgainst({ summary: base, findings: [lookup] }, { summary: head, findings: [island, lookup] });
  return bothChecksReport(measured, [model]);
}

function matrix(): Report[] {
  const legModel = () => checkedAgainst(denoiserBase('Models/MobileNetV2.mlpackage'), denoiserHead('Models/MobileNetV2.mlpackage'));
  const pass = bothChecksReport({ ...passing(), name: 'iPhone 15 Pro', environment: { ...environment, target: 'device', device: 'iPhone 15 Pro (iOS 18.1)' } }, [legModel()], { failOn: 'never' });
  const fail = bothChecksReport({ ...failingTwoReasons(), name: 'iPad Air (M2)', environment: { ...environment, target: 'device', device: 'iPad Air (M2) (iPadOS 18.1)' } }, [legModel()], { failOn: 'never' });
  const inconclusive = sampleReport({
    name: 'iPhone 16 Simulator',
    status: 'inconclusive',
    coverage: null,
    predictions: { observed: 0, warmup: 1, counted: 0, requested: 10 },
    engines: engines({ ane: 0, gpu: 0, cpu: 0 }, 0, false),
    fallbackKernels: [],
    baseline: null,
    reasons: ['No prediction was seen: the prediction probes never fired before the target went idle. Check that the app runs predictions, and the profile (symbols) that names its runtime.'],
    environment: { ...environment, target: 'simulator', device: 'iPhone 16 (iOS 18.1 Simulator)' },
  });
  return [pass, fail, bothChecksReport(inconclusive, [legModel()], { failOn: 'never' })];
}

/** A model whose path, input, op and function names, and a rule's source, would be Markdown or HTML if they were not escaped. */
export function hostileModel() {
  const path = `models/${HOSTILE}.mlpackage`;
  const summary = programSummary(path, { const: 3, [`conv${HOSTILE}`]: 1, cast: 1 }, { inputs: [{ name: HOSTILE, kind: 'multiArray', optional: false, dataType: 'fp16', shape: [1, 3], flexibility: { kind: 'range', ranges: [{ lower: 1, upper: 2 }, { lower: 3, upper: 3 }] } }] });
  summary.functions = [{ ...summary.functions[0]!, name: HOSTILE }];
  const fn = HOSTILE;
  const findings = [
    { ...ruleFinding('range-shape-input', input(HOSTILE), `input "${HOSTILE}" (multiArray) takes a range of shapes`), source: `javascript:alert(1) ${HOSTILE}` },
    ruleFinding('float32-island', op('cast', HOSTILE, fn), `cast op "${HOSTILE}" in function ${HOSTILE} produces float32 in a float16 program`),
  ];
  return checkedAgainst(null, { summary, findings });
}

function hostile(): Report {
  const base = droppingPullRequest();
  return {
    ...base,
    name: HOSTILE,
    fallbackKernels: [{ engine: 'gpu', name: HOSTILE_KERNEL, hits: 20 }, ...base.fallbackKernels.slice(1)],
    fallbackReasons: [`ANE compiler: ${HOSTILE}`],
    probes: [...base.probes, { engine: 'gpu', role: 'dispatch', symbol: HOSTILE_KERNEL, resolved: false, locations: 0, hits: 0, totalHits: 0, functions: [] }],
    baseline: { ...base.baseline!, name: HOSTILE, newKernels: [{ engine: 'gpu', name: HOSTILE_KERNEL }], goneKernels: [{ engine: 'cpu', name: HOSTILE_KERNEL }] },
    notes: [`A note about ${HOSTILE}`],
    environment: { ...environment, target: HOSTILE, device: HOSTILE },
    checks: ['model', 'measure'],
    models: [hostileModel()],
  };
}

export const REPORT_CASES: readonly ReportCase[] = [
  { name: 'passing', reports: [passing()], key: 'MobileNetV2' },
  { name: 'dropping-pull-request', reports: [droppingPullRequest()], key: 'MobileNetV2' },
  { name: 'failing-two-reasons', reports: [failingTwoReasons()], key: 'DistilBERT' },
  { name: 'error-nothing-measured', reports: [errorNothingMeasured()], key: 'MobileNetV2' },
  { name: 'matrix', reports: matrix(), key: 'ane-check' },
  { name: 'hostile-names', reports: [hostile()], key: HOSTILE },
  { name: 'model-check-pull-request', reports: [modelCheckPullRequest()], key: 'Denoiser' },
  { name: 'both-checks', reports: [bothChecks()], key: 'MobileNetV2' },
];
