// End-to-end: the whole pipeline with the real LLDB on the espresso-sim fixture.
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { measure } from '../../src/analysis/measure.js';
import { runFromInputs } from '../../src/main.js';
import { ALIASES, buildLldbScript } from '../../src/probe/lldb-script.js';
import { runLldbSession } from '../../src/probe/lldb-session.js';
import { parseTranscript } from '../../src/probe/transcript.js';
import { BUILT_IN_PROFILES } from '../../src/profiles/built-in.js';
import type { RawInputs } from '../../src/inputs/settings.js';
import { hostCommands } from '../../src/targets/host.js';
import { FIXTURE } from '../support/paths.js';
import { readValidReport } from '../support/report-schema.js';
import { processesWith, uniqueTag } from '../support/processes.js';
import { tempFolder } from '../support/temp.js';

const dir = tempFolder('e2e');
const COMMIT = '5e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b';
const env = { platform: process.platform, path: process.env.PATH ?? '', cwd: dir, commit: COMMIT };
// Short enough for a quick test, long enough that a loaded machine's slow prediction is not taken for idleness.
const quickIdle = { minimumMs: 3_000, gapFactor: 4, withoutGapMs: 1_000 };

/** Runs ane-check on the fixture with these fixture flags and inputs; returns the report it wrote. */
async function check(fixtureArgs: string, inputs: RawInputs = {}) {
  const tag = uniqueTag();
  const report = inputs.report ?? path.join(dir, `${tag}.json`);
  const outcome = await runFromInputs({ command: `${FIXTURE} ${fixtureArgs} --tag ${tag}`, ...inputs, report }, env, { idle: quickIdle });
  const [measured] = outcome.reports;
  // What was written is what was returned, and it matches the schema.
  expect(await readValidReport(report)).toEqual(JSON.parse(JSON.stringify(measured)));
  expect(measured!.commit).toBe(COMMIT);
  expect(processesWith(tag)).toEqual([]);
  return measured!;
}

function profile(content: object): string {
  const file = path.join(dir, `${uniqueTag()}.profile.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('measuring the fixture under LLDB', () => {
  it('passes and counts every engine per prediction, closing the window at the next prediction', async () => {
    const report = await check('--plan ane=2,gpu=1,cpu=3 --predictions 50', { symbols: 'espresso', predictions: '5', threshold: '30' });
    expect(report.status).toBe('pass');
    expect(report.coverage).toBe(33.3);
    expect(report.predictions).toEqual({ observed: 7, warmup: 1, counted: 5, requested: 5 });
    expect(report.run.windowEnd).toBe('next-prediction');
    expect(report.engines.ane).toMatchObject({ dispatches: 10, perPrediction: 2, share: 33.3, markers: 1 + 2 * 6, resolved: true });
    expect(report.engines.gpu).toMatchObject({ dispatches: 5, perPrediction: 1, share: 16.7 });
    expect(report.engines.cpu).toMatchObject({ dispatches: 15, perPrediction: 3, share: 50 });
    expect(report.fallbackKernels).toEqual([
      { engine: 'cpu', name: 'Espresso::BNNSEngine::convolution_kernel::__launch(int)', hits: 5 },
      { engine: 'cpu', name: 'Espresso::elementwise_kernel_cpu::__launch(int)', hits: 5 },
      { engine: 'gpu', name: 'Espresso::MPSEngine::context::__launch_kernel(int)', hits: 5 },
      { engine: 'cpu', name: 'Espresso::pool_kernel_cpu::__launch(int)', hits: 5 },
    ]);
    expect(report.environment).toMatchObject({ target: 'host', profile: 'espresso', profiles: ['espresso'] });
    // The target was alive at the end: its ANE service thread was seen (Linux keeps 15 characters of the name).
    expect(report.witnesses).toEqual({ aneServiceThread: 'H11ANEServicesT', aneQueues: [] });
    expect(report.environment.lldb).toMatch(/lldb version \d+/u);
  });

  it('fails below the threshold with the reason', async () => {
    const report = await check('--plan ane=1,cpu=3', { symbols: 'espresso', threshold: '50' });
    expect(report.status).toBe('fail');
    expect(report.coverage).toBe(25);
    expect(report.reasons).toEqual(['ANE coverage 25.0% is below the threshold of 50%. The fallback kernels show what ran off the ANE; lower `threshold` only if that is expected.']);
  });

  it('reports a model that never touches the ANE as a measured 0%', async () => {
    const report = await check('--plan gpu=1,cpu=2', { symbols: 'espresso', threshold: '1' });
    expect(report).toMatchObject({ status: 'fail', coverage: 0 });
    // Ended by its exit: no thread list, so no witnesses.
    expect(report.witnesses).toBeNull();
    expect(report.engines.ane).toMatchObject({ dispatches: 0, resolved: true, markers: 0 });
  });

  it('is inconclusive, not 0%, when no ANE probe resolves', async () => {
    const symbols = profile({
      name: 'renamed-ane',
      probes: [
        { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient evaluateRenamedInThisOS:]' },
        { engine: 'cpu', role: 'dispatch', regex: '^Espresso::[A-Za-z0-9_]+_kernel_cpu::__launch' },
        { role: 'prediction', symbol: 'Espresso::net::__forward' },
      ],
    });
    const report = await check('', { symbols, threshold: '50' });
    expect(report).toMatchObject({ status: 'inconclusive', coverage: null });
    expect(report.reasons[0]).toContain('No ANE dispatch probe resolved (-[_ANEClient evaluateRenamedInThisOS:])');
    expect(report.probes[0]).toMatchObject({ resolved: false, locations: 0 });
  });

  it('is inconclusive when the app runs no prediction', async () => {
    const report = await check('--predictions 0', { symbols: 'espresso' });
    expect(report.status).toBe('inconclusive');
    expect(report.reasons[0]).toContain('No prediction was observed');
  });

  it('counts each function a regex probe matches', async () => {
    const symbols = profile({
      name: 'by-regex',
      probes: [
        { engine: 'ane', role: 'dispatch', regex: '^-\\[_ANEClient evaluateWithModel' },
        { engine: 'cpu', role: 'dispatch', regex: '^Espresso::(BNNSEngine::)?[a-z_]+_kernel(_cpu)?::__launch' },
        { engine: 'gpu', role: 'dispatch', regex: '^Espresso::MPSEngine::' },
        { role: 'prediction', regex: '^Espresso::net::__forward' },
      ],
    });
    const report = await check('--plan ane=1,cpu=4,gpu=2 --predictions 3', { symbols, warmup: '0', predictions: '3' });
    expect(report.status).toBe('pass');
    expect(report.probes[1]?.locations).toBe(4);
    expect(report.probes[1]?.functions.map((fn) => [fn.name, fn.hits])).toEqual([
      ['Espresso::BNNSEngine::convolution_kernel::__launch(int)', 3],
      ['Espresso::BNNSEngine::inner_product_kernel::__launch(int)', 3],
      ['Espresso::elementwise_kernel_cpu::__launch(int)', 3],
      ['Espresso::pool_kernel_cpu::__launch(int)', 3],
    ]);
    expect(report.engines.gpu.dispatches).toBe(6);
    expect(report.coverage).toBe(14.3);
  });

  it('measures the E5RT runtime with its own profile, and auto says which probes resolved', async () => {
    const e5rt = await check('--runtime e5rt --plan ane=3,gpu=1,cpu=1', { symbols: 'e5rt' });
    expect(e5rt).toMatchObject({ status: 'pass', coverage: 60 });
    expect(e5rt.probes.find((probe) => probe.symbol?.endsWith('SubmitAsync'))?.resolved).toBe(false);

    const auto = await check('--runtime e5rt --plan ane=3,gpu=1,cpu=1');
    expect(auto).toMatchObject({ status: 'pass', coverage: 60, environment: { profile: 'auto', profiles: ['espresso', 'e5rt'] } });
    const classicAne = auto.probes.find((probe) => probe.symbol === '-[_ANEClient evaluateWithModel:options:request:qos:error:]');
    expect(classicAne).toMatchObject({ resolved: true, hits: 0 });
  });

  it.each(['auto-continue', 'driven'])('ends an app that never exits once the window is counted (%s)', async (counting) => {
    const report = await check('--predictions 6 --then idle', { symbols: 'espresso', warmup: '1', predictions: '5', counting });
    expect(report).toMatchObject({ status: 'pass', coverage: 40 });
    expect(report.predictions.counted).toBe(5);
    expect(report.run.windowEnd).toBe('idle');
    // ane-check stops an idle app with SIGSTOP.
    expect(report.run).toMatchObject({ targetEnd: 'interrupted', targetEndDetail: 'interrupted: signal SIGSTOP' });
    expect(report.notes).toEqual([]);
  });

  it('waits through a slow warm-up: idleness only counts once the window has opened', async () => {
    // 2 s between predictions is longer than this test's idle limit while no gap is known (1 s).
    const report = await check('--predictions 3 --interval-ms 2000', { symbols: 'espresso', warmup: '1', predictions: '5' });
    expect(report.run.windowEnd).toBe('exit');
    expect(report.predictions).toMatchObject({ observed: 3, counted: 2 });
    // A window that never completed is not a pass: what was counted is still reported.
    expect(report).toMatchObject({ status: 'inconclusive', coverage: null });
    expect(report.reasons).toEqual([
      'Only 2 of 5 predictions were counted: the app exited after 3 prediction(s), and a measurement needs the warm-up (1) and 5 counted ones. Make the app run at least 6 predictions, or lower `predictions` or `warmup`.',
    ]);
    expect(report.engines.ane).toMatchObject({ dispatches: 4, minPerPrediction: 2, maxPerPrediction: 2, share: null });
    expect(report.engines.cpu.share).toBeNull();
  });

  it('counts the same figures when every breakpoint stop is driven by ane-check', async () => {
    const auto = await check('--plan ane=2,gpu=1,cpu=3 --predictions 50', { symbols: 'espresso', predictions: '5', counting: 'auto-continue' });
    const driven = await check('--plan ane=2,gpu=1,cpu=3 --predictions 50', { symbols: 'espresso', predictions: '5', counting: 'driven' });
    expect(driven).toMatchObject({ status: 'pass', coverage: 33.3, predictions: auto.predictions, engines: auto.engines, fallbackKernels: auto.fallbackKernels });
    // Auto-continue: one stop continued by ane-check, the fallback point at the first prediction (the profile names images).
    expect(auto.run.counting).toEqual({ mode: 'auto-continue', reason: 'counting: auto-continue was asked for', continued: 1 });
    // 6 predictions into the window's end, 1 + 2 nested prediction hits and 6 dispatches each, and the load.
    expect(driven.run.counting).toMatchObject({ mode: 'driven', reason: 'counting: driven was asked for' });
    expect(driven.run.counting!.continued).toBeGreaterThanOrEqual(6 * 8);
  });

  it.each([
    ['stateful', '--entry stateful'],
    ['batch', '--entry batch --batch-size 3'],
    ['async', '--entry async'],
  ])('opens the window at every prediction of the %s entry, counting each once', async (_, entry) => {
    const report = await check(`--runtime e5rt ${entry} --plan ane=3,gpu=1,cpu=1 --predictions 30`, { symbols: 'e5rt' });
    expect(report).toMatchObject({ status: 'pass', coverage: 60 });
    expect(report.predictions).toMatchObject({ warmup: 1, counted: 10, requested: 10 });
    expect(report.engines.ane).toMatchObject({ dispatches: 30, minPerPrediction: 3, maxPerPrediction: 3 });
  });

  it('counts a classic run\'s ANE once with auto, though the direct evaluate fires inside the classic one', async () => {
    const report = await check('--plan ane=2,cpu=2');
    expect(report).toMatchObject({ status: 'pass', coverage: 50 });
    expect(report.engines.ane).toMatchObject({ dispatches: 20, minPerPrediction: 2, maxPerPrediction: 2 });
    expect(report.runtimes).toEqual([{ name: 'espresso', predictions: 10, dispatches: { ane: 20, gpu: 0, cpu: 20 } }]);
    expect(report.notes).toContain(
      '-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:] (e5rt) was hit 20 time(s) in counted predictions served by espresso: not counted, since it would count one ANE dispatch twice.',
    );
  });

  it('notes an engine whose dispatches differ from one prediction to the next', async () => {
    const report = await check('--plan ane=2,cpu=1 --vary-every 2', { symbols: 'espresso', predictions: '4' });
    expect(report.status).toBe('pass');
    expect(report.engines.cpu).toMatchObject({ dispatches: 6, minPerPrediction: 1, maxPerPrediction: 2 });
    expect(report.notes).toEqual([
      'CPU dispatches per prediction ranged from 1 to 2 over the 4 counted predictions: the model may take different paths from one prediction to the next (dynamic control flow), or LLDB lost breakpoint hits (try `counting: driven`).',
    ]);
  });

  it('ends a long run at the prediction after the window, not at its end', async () => {
    const report = await check('--predictions 20000', { symbols: 'espresso', predictions: '10' });
    expect(report.status).toBe('pass');
    expect(report.predictions).toEqual({ observed: 12, warmup: 1, counted: 10, requested: 10 });
    expect(report.run).toMatchObject({ windowEnd: 'next-prediction', targetEnd: 'stopped-by-ane-check', targetEndDetail: 'stopped at the prediction after the counted window' });
  });

  it('is an error when the target crashes', async () => {
    const report = await check('--crash-at 4', { symbols: 'espresso' });
    expect(report.status).toBe('error');
    // LLDB 14 and 19 word the fault differently.
    expect(report.reasons[0]).toMatch(/^The target crashed \(signal SIGSEGV: (invalid address|address not mapped to object) \(fault address: 0x0\)\) after 3 prediction\(s\)/u);
    expect(report.run.targetEnd).toBe('crashed');
    expect(report.run.targetEndDetail).toMatch(/^crashed: signal SIGSEGV: (invalid address|address not mapped to object) \(fault address: 0x0\)$/u);
  });

  it('is an error when the target exits with a failure', async () => {
    const report = await check('--predictions 3 --exit-code 3', { symbols: 'espresso' });
    expect(report.status).toBe('error');
    expect(report.reasons[0]).toContain('The target exited with status 3 after 3 prediction(s)');
    expect(report.run).toMatchObject({ windowEnd: 'exit', targetEnd: 'exited', targetEndDetail: 'exited with status 3' });
  });

  it('kills LLDB and a hung target at the timeout, leaving nothing running', async () => {
    const started = Date.now();
    const report = await check('--hang-at 0', { symbols: 'espresso', timeout: '2' });
    expect(report.status).toBe('error');
    expect(report.reasons[0]).toContain('did not finish within the timeout of 2 s after 0 prediction(s)');
    // The 2 s timeout, not the default 300 s, ended it (with room for a loaded machine).
    expect(Date.now() - started).toBeLessThan(30_000);
    // Stopped rather than killed outright, LLDB still said what resolved: the engine library never loaded.
    expect(report.probes.every((probe) => !probe.resolved)).toBe(true);
    expect(report.run).toMatchObject({ windowEnd: 'timeout', targetEnd: 'interrupted', targetEndDetail: 'interrupted: signal SIGSTOP' });
  });

  it('is an error naming the probe that LLDB refused', async () => {
    const symbols = profile({
      name: 'bad-regex',
      probes: [
        { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient evaluateWithModel:options:request:qos:error:]' },
        { engine: 'cpu', role: 'dispatch', regex: '^Espresso::(elementwise' },
        { role: 'prediction', symbol: 'Espresso::net::__forward' },
      ],
    });
    const report = await check('', { symbols });
    expect(report.status).toBe('error');
    expect(report.reasons[0]).toMatch(/^LLDB refused the probe regex "\^Espresso::\(elementwise": .*parentheses not balanced/u);
    // LLDB stopped at the probe, before the launch: no target ran.
    expect(report.run).toMatchObject({ targetEnd: null, targetEndDetail: null, pid: null });
  });

  it('gates on the drop against a baseline report', async () => {
    const baseline = path.join(dir, 'baseline.json');
    const before = await check('--plan ane=3,cpu=1', { symbols: 'espresso', report: baseline });
    expect(before.coverage).toBe(75);
    const after = await check('--plan ane=2,cpu=2', { symbols: 'espresso', baseline, 'max-drop': '10' });
    expect(after).toMatchObject({ status: 'fail', coverage: 50, baseline: { coverage: 75, delta: -25 } });
    expect(after.reasons[0]).toContain('fell by 25.0 points');
  });

  it('passes arguments with spaces, quotes and backticks to the program as they are', async () => {
    // A backtick reaching LLDB unescaped would be evaluated as an expression and fail the run;
    // a wrongly split argument would make the fixture refuse an unknown flag.
    const argsFile = path.join(dir, `${uniqueTag()}.args`);
    const report = await check(`--tag "a b \`id\` \\"q\\" \\$x" --plan 'ane=1,cpu=1' --args-to ${argsFile}`, { symbols: 'espresso' });
    expect(report.status).toBe('pass');
    const received = (await readFile(argsFile, 'utf8')).split('\n');
    expect(received.slice(1, 5)).toEqual(['--tag', 'a b `id` "q" $x', '--plan', 'ane=1,cpu=1']);
  });

  it('discovers the engine functions of the live process, and the candidate profile measures the same run', async () => {
    const report = path.join(dir, `${uniqueTag()}.json`);
    const found = await check('--plan ane=2,gpu=1,cpu=3 --predictions 30', { symbols: 'espresso', discover: 'true', report });
    expect(found.status).toBe('pass');
    const candidates = report.replace(/\.json$/u, '.profile-candidates.json');
    expect(found.discovery).toMatchObject({ profile: candidates, functions: 22 });
    const profile = JSON.parse(await readFile(candidates, 'utf8'));
    expect(profile.probes).toEqual(expect.arrayContaining([
      // One ANE dispatch, the direct evaluate that the classic one calls: the other is a marker.
      { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]' },
      { engine: 'ane', role: 'marker', symbol: '-[_ANEClient evaluateWithModel:options:request:qos:error:]' },
      { engine: 'gpu', role: 'dispatch', symbol: 'Espresso::MPSEngine::context::__launch_kernel' },
      { engine: 'cpu', role: 'dispatch', symbol: 'Espresso::elementwise_kernel_cpu::__launch' },
      { role: 'prediction', symbol: 'Espresso::net::__forward' },
    ]));
    const again = await check('--plan ane=2,gpu=1,cpu=3 --predictions 30', { symbols: candidates });
    expect(again.status).toBe('pass');
    expect(again.engines.ane.dispatches).toBe(found.engines.ane.dispatches);
  });

  it('reads the app\'s evidence lines: a plan that agrees with the run, and the timed predictions', async () => {
    const report = await check('--evidence agree', { symbols: 'espresso', 'plan-threshold': '60', 'allow-off-ane': 'ios18.softmax, ios18.gather' });
    expect(report).toMatchObject({ status: 'pass', coverage: 40 });
    expect(report.plan).toEqual({
      computeUnits: 'all',
      operations: 5,
      basis: 'cost',
      aneCostShare: 70,
      byDevice: { ane: { operations: 2, cost: 0.7 }, gpu: { operations: 1, cost: 0.2 }, cpu: { operations: 1, cost: 0.1 } },
      offAne: [
        { op: 'ios18.softmax', device: 'gpu', operations: 1, cost: 0.2, aneSupported: true },
        { op: 'ios18.gather', device: 'cpu', operations: 1, cost: 0.1, aneSupported: false },
      ],
      onAne: [{ op: 'ios18.conv', operations: 2 }],
    });
    expect(report.latency).toEqual({
      computeUnits: 'all',
      runs: [
        { computeUnits: 'all', count: 5, medianMs: 2, p90Ms: 2.16 },
        { computeUnits: 'cpuOnly', count: 5, medianMs: 8, p90Ms: 8.22 },
      ],
      aneSpeedup: 4,
      timedMs: 50.5,
    });
    expect(report.agreement).toEqual({ status: 'agrees', detail: "Core ML's compute plan places 70.0% of the estimated cost on the ANE, and the run's ANE coverage is 40.0%." });
    // The plan agrees with the run: its cost share leads, confirmed by the ANE dispatches per prediction.
    expect(report.headline).toEqual({ figure: 'plan-cost-share', value: 70 });
  });

  it('fails the silent ANE fallback: the plan says ANE, the run dispatched nothing there, and the app printed the compile failure', async () => {
    const report = await check('--evidence disagree --plan gpu=1,cpu=2', { symbols: 'espresso' });
    expect(report).toMatchObject({ status: 'fail', coverage: 0, agreement: { status: 'disagrees' } });
    expect(report.reasons[0]).toContain("but the counted predictions dispatched nothing there: the work fell back off the ANE, as it does when the ANE compilation fails. The app's output and Core ML's log say: E5RT: ANECCompile() FAILED: 3 (falling back).");
    expect(report.fallbackReasons).toEqual(['E5RT: ANECCompile() FAILED: 3 (falling back)']);
    expect(report.headline).toEqual({ figure: 'dispatch-share', value: 0 });
  });

  it('decides a run whose ANE probes are blind by the plan gate, and refuses a plan gate the plan cannot judge', async () => {
    const symbols = profile({
      name: 'blind-ane',
      probes: [
        { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient evaluateRenamedInThisOS:]' },
        { engine: 'cpu', role: 'dispatch', regex: '^Espresso::[A-Za-z0-9_]+_kernel_cpu::__launch' },
        { role: 'prediction', symbol: 'Espresso::net::__forward' },
      ],
    });
    const blind = await check('--evidence no-cost', { symbols, 'plan-threshold': '40' });
    // NeuralNetwork layers without costs: the share is one of operations (2 of 4 with a usage).
    expect(blind).toMatchObject({ status: 'pass', coverage: null, plan: { basis: 'operations', aneCostShare: 50 } });
    expect(blind.notes).toContain("No ANE dispatch probe resolved, so the run itself could not be observed: the status comes from the compute plan's gates.");
    const noAne = await check('--evidence no-ane', { symbols: 'espresso', 'plan-threshold': '40' });
    expect(noAne).toMatchObject({ status: 'inconclusive', plan: { aneCostShare: null } });
    expect(noAne.reasons[0]).toMatch(/^`plan-threshold` is set, but the compute plan cannot say what runs on the ANE: This machine has no Neural Engine/u);
  });

  it('gates on the median latency against the baseline', async () => {
    const baseline = path.join(dir, `${uniqueTag()}.json`);
    expect((await check('--evidence agree --latency-ms 2', { symbols: 'espresso', report: baseline })).status).toBe('pass');
    const slower = await check('--evidence agree --latency-ms 3', { symbols: 'espresso', baseline, 'max-slowdown': '20' });
    expect(slower.status).toBe('fail');
    expect(slower.baseline).toMatchObject({ medianMs: 2, slowdown: 50 });
    expect(slower.reasons).toEqual([
      "The median prediction latency (all) rose by 50.0% against the baseline (2.00 ms to 3.00 ms), more than `max-slowdown` 20%. Compare the plan's op types off the ANE with the baseline's; raise `max-slowdown` only if the change is intended.",
    ]);
  });

  it.each(['auto-continue', 'driven'])('measures the same with the engine names moved into an image of another name, and says which probes it found outside theirs (%s)', async (counting) => {
    const run = '--runtime e5rt --plan ane=3,gpu=1,cpu=1 --predictions 30';
    const inPlace = await check(run, { symbols: 'e5rt', counting, predictions: '5' });
    // Every engine name in CoreMLMoved: no probe resolves in the image the profile names.
    const moved = await check(`--moved ${run}`, { symbols: 'e5rt', counting, predictions: '5' });
    expect(inPlace).toMatchObject({ status: 'pass', coverage: 60, predictions: { observed: 7, warmup: 1, counted: 5, requested: 5 } });
    expect(moved).toMatchObject({ status: inPlace.status, coverage: inPlace.coverage, predictions: inPlace.predictions, fallbackKernels: inPlace.fallbackKernels, runtimes: inPlace.runtimes });
    // Markers hit while loading, before the fallback stop, are not seen where the names moved: only the dispatches compare.
    for (const engine of ['ane', 'gpu', 'cpu'] as const) {
      const { dispatches, perPrediction, minPerPrediction, maxPerPrediction, share, resolved } = inPlace.engines[engine];
      expect(moved.engines[engine]).toMatchObject({ dispatches, perPrediction, minPerPrediction, maxPerPrediction, share, resolved });
    }
    expect(moved.run.windowEnd).toBe('next-prediction');
    expect(inPlace.probes.some((probe) => 'foundIn' in probe)).toBe(false);
    // Each probe that resolved was found in CoreMLMoved, beside the image its profile names.
    const found = moved.probes.filter((probe) => probe.resolved);
    expect(found).toHaveLength(11);
    expect(found.every((probe) => probe.foundIn?.join() === 'CoreMLMoved' && probe.module !== undefined)).toBe(true);
    expect(moved.probes.find((probe) => probe.symbol === '-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]')).toMatchObject({
      module: 'AppleNeuralEngine',
      foundIn: ['CoreMLMoved'],
      hits: 15,
      functions: [{ name: '-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]', module: 'CoreMLMoved', hits: 15 }],
    });
    // A name that is nowhere (the fixture has no SubmitAsync) is still unresolved.
    expect(moved.probes.find((probe) => probe.symbol?.endsWith('SubmitAsync'))).toMatchObject({ resolved: false, locations: 0 });
    expect(moved.probes.find((probe) => probe.symbol?.endsWith('SubmitAsync'))).not.toHaveProperty('foundIn');
    expect(moved.notes).toHaveLength(1);
    expect(moved.notes[0]).toMatch(/^Found outside the image the profile names \(by a search of every image at the first prediction\) and counted there: -\[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:\] in CoreMLMoved, not AppleNeuralEngine; /u);
    expect(moved.notes[0]).toContain('-[MLE5Engine predictionFromFeatures:options:error:] in CoreMLMoved, not CoreML');
    expect(inPlace.notes).toEqual([]);
  });

  it.each(['auto-continue', 'driven'])('ends an idle app whose names moved once its one counted prediction is done (%s)', async (counting) => {
    // The entry set again at the fallback stop missed the first prediction: the session still knows two began.
    const report = await check('--moved --runtime e5rt --predictions 2 --then idle', { symbols: 'e5rt', warmup: '1', predictions: '1', counting, timeout: '30' });
    expect(report).toMatchObject({ status: 'pass', coverage: 40, predictions: { observed: 2, warmup: 1, counted: 1, requested: 1 } });
    expect(report.run).toMatchObject({ windowEnd: 'idle', targetEnd: 'interrupted' });
  });

  it('counts every prediction with no warm-up and nested prediction probes, when the names moved', async () => {
    const run = '--plan ane=2,gpu=1,cpu=3 --predictions 30';
    const inputs = { symbols: 'espresso', warmup: '0', predictions: '4', counting: 'driven' };
    const inPlace = await check(run, inputs);
    const moved = await check(`--moved ${run}`, inputs);
    // The prediction at which the fallback stop came is the first one counted: whole, and the window ends on time.
    expect(moved).toMatchObject({ status: 'pass', coverage: 33.3, predictions: { observed: 5, warmup: 0, counted: 4, requested: 4 } });
    expect(moved.engines.cpu).toMatchObject({ dispatches: inPlace.engines.cpu.dispatches, minPerPrediction: 3, maxPerPrediction: 3 });
    expect(moved.fallbackKernels).toEqual(inPlace.fallbackKernels);
    expect(moved.probes.find((probe) => probe.regex?.startsWith('^Espresso::BNNSEngine'))).toMatchObject({ foundIn: ['CoreMLMoved'], locations: 2, hits: 4 });
  });

  it('is still inconclusive, naming the probe, when an ANE name is nowhere, while the names it found elsewhere are counted', async () => {
    const symbols = profile({
      name: 'renamed-ane',
      probes: [
        { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient evaluateRenamedInThisOS:]', module: 'AppleNeuralEngine' },
        { engine: 'cpu', role: 'dispatch', regex: '^Espresso::[A-Za-z0-9_]+_kernel_cpu::__launch', module: 'Espresso' },
        { role: 'prediction', symbol: 'Espresso::net::__forward', module: 'Espresso' },
      ],
    });
    const report = await check('--moved', { symbols });
    expect(report).toMatchObject({ status: 'inconclusive', coverage: null });
    expect(report.reasons[0]).toContain('No ANE dispatch probe resolved (-[_ANEClient evaluateRenamedInThisOS:])');
    expect(report.probes[0]).toMatchObject({ resolved: false, locations: 0 });
    expect(report.probes[0]).not.toHaveProperty('foundIn');
    expect(report.probes.slice(1).map((probe) => probe.foundIn)).toEqual([['CoreMLMoved'], ['CoreMLMoved']]);
    expect(report.notes[0]).toMatch(/^Found outside the image the profile names .*: \^Espresso::\[A-Za-z0-9_\]\+_kernel_cpu::__launch in CoreMLMoved, not Espresso; Espresso::net::__forward in CoreMLMoved, not Espresso\./u);
  });

  it('refuses bad inputs with an error report that names the input', async () => {
    const report = await check('', { threshold: '140' });
    expect(report.status).toBe('error');
    expect(report.reasons).toEqual(["threshold: '140' is not a percentage from 0 to 100"]);
    expect(report.run).toMatchObject({ targetEnd: null, targetEndDetail: null, counting: null });
  });
});

describe('the LLDB session', () => {
  it('sets breakpoints pending before the engine library loads, and they resolve once it does', async () => {
    const tag = uniqueTag();
    const target = hostCommands({ command: [FIXTURE, '--load-delay-ms', '200', '--predictions', '3', '--tag', tag], stdoutPath: '/dev/null', stderrPath: '/dev/null' });
    const window = { warmup: 1, predictions: 1 };
    const script = buildLldbScript(BUILT_IN_PROFILES.espresso.probes, window, target, 'auto-continue');
    const session = await runLldbSession({ lldb: ['lldb'], script, counting: 'auto-continue', window, workDir: dir, timeoutMs: 30_000 });
    expect(session.stdout).toContain('Breakpoint 1: no locations (pending).');
    const transcript = parseTranscript(session.stdout, session.stderr, { ...ALIASES, startCommand: target.start[0]! });
    expect(transcript.final?.[0]).toMatchObject({ pending: false, locations: [{ resolved: true }] });
    expect(session.leftRunning).toEqual([]);
    expect(processesWith(tag)).toEqual([]);
  });

  it('arms the probes only when the app says its timed predictions are done, so that those run without breakpoints', async () => {
    const run = async (armAt?: string, moved: string[] = []) => {
      const tag = uniqueTag();
      const stdoutPath = path.join(dir, `${tag}.out`);
      const target = hostCommands({ command: [FIXTURE, ...moved, '--timed', '5', '--predictions', '3', '--tag', tag], stdoutPath, stderrPath: '/dev/null' });
      const window = { warmup: 1, predictions: 2 };
      const script = buildLldbScript(BUILT_IN_PROFILES.espresso.probes, window, target, 'auto-continue', armAt ? { armAt } : {});
      const session = await runLldbSession({ lldb: ['lldb'], script, counting: 'auto-continue', window, workDir: dir, timeoutMs: 30_000 });
      const transcript = parseTranscript(session.stdout, session.stderr, { ...ALIASES, startCommand: target.start[0]! });
      expect(processesWith(tag)).toEqual([]);
      const armHits = transcript.final?.find((breakpoint) => breakpoint.names.includes('ane_check_arm'))?.hitCount;
      return { measured: measure({ probes: BUILT_IN_PROFILES.espresso.probes, transcript, warmup: 1, predictions: 2, timedOut: false, idleStopped: false, profileName: 'espresso' })!, output: await readFile(stdoutPath, 'utf8'), armHits };
    };
    const armed = await run('ane_check_armed');
    expect(armed.armHits).toBe(1);
    expect(armed.measured.predictions).toEqual({ observed: 3, warmup: 1, counted: 2, requested: 2 });
    expect(armed.measured.engines.ane).toMatchObject({ dispatches: 4, minPerPrediction: 2, maxPerPrediction: 2 });
    expect(armed.output).toMatch(/^ane-check:latency \{"computeUnits":"all","ms":\[[\d.,]+\]\}$/mu);
    // Without arming, the timed predictions are taken for the warm-up and the counted ones: the window
    // closes inside them, before the app could print its timings.
    const unarmed = await run();
    expect(unarmed.measured.predictions.observed).toBe(4);
    expect(unarmed.output).not.toContain('ane-check:latency');
    // The fallback point is armed with the probes: with the names moved, it stops at the first counted prediction, not a timed one.
    const moved = await run('ane_check_armed', ['--moved']);
    expect(moved.measured.predictions).toEqual(armed.measured.predictions);
    expect(moved.measured.engines.ane).toMatchObject({ dispatches: 4, minPerPrediction: 2, maxPerPrediction: 2 });
    expect(moved.measured.probes[0]?.foundIn).toEqual(['CoreMLMoved']);
    expect(moved.output).toMatch(/^ane-check:latency \{"computeUnits":"all","ms":\[[\d.,]+\]\}$/mu);
  });

  it('keeps LLDB\'s own temporary files in the work folder, even when it is killed, and gives the program its own TMPDIR', async () => {
    for (const tmpdir of ['/var/tmp/the program\'s own', undefined]) {
      const tag = uniqueTag();
      const workDir = path.join(dir, tag);
      mkdirSync(workDir);
      const seen = path.join(workDir, 'tmpdir.txt');
      // The program writes its TMPDIR, then hangs: the timeout kills LLDB, which cannot remove its files itself.
      const target = hostCommands({ command: ['/bin/sh', '-c', `printf %s "\${TMPDIR-unset}" > '${seen}'; sleep 1000; : ${tag}`], stdoutPath: '/dev/null', stderrPath: '/dev/null', tmpdir });
      // `platform shell` makes LLDB create its $TMPDIR/lldb/<pid>/ for the command's output.
      const script = { ...buildLldbScript([], { warmup: 0, predictions: 1 }, target, 'auto-continue'), end: [] };
      script.setup.push('platform shell -- true');
      const session = await runLldbSession({ lldb: ['lldb'], script, counting: 'auto-continue', window: { warmup: 0, predictions: 1 }, workDir, timeoutMs: 1_500, graceMs: 0 });
      expect(session.timedOut).toBe(true);
      expect(readFileSync(seen, 'utf8')).toBe(tmpdir ?? 'unset');
      // LLDB made its folder in the work folder (LLDB 14 leaves its lldb/<pid>/ there when killed; LLDB 19 empties it),
      // and none in the temporary directory the run was started with.
      expect(readdirSync(workDir)).toContain('lldb');
      expect(readdirSync(os.tmpdir())).not.toContain('lldb');
      expect(processesWith(tag)).toEqual([]);
    }
  });

  it('kills a debugger that hangs, and everything it started, at the timeout', async () => {
    const tag = uniqueTag();
    const fakeLldb = path.join(dir, 'hanging-lldb');
    // Children in its own process group, and one that left it with setsid.
    const sleeper = `sh -c 'sleep 1000; true' ${tag}`;
    writeFileSync(fakeLldb, `#!/bin/sh\n${sleeper} &\nsetsid ${sleeper} &\n${sleeper}\n`);
    chmodSync(fakeLldb, 0o755);
    const script = { setup: [], start: ['process launch'], end: [] };
    const session = await runLldbSession({ lldb: [fakeLldb], script, counting: 'driven', window: { warmup: 0, predictions: 1 }, workDir: dir, timeoutMs: 1_000, graceMs: 300 });
    expect(session.timedOut).toBe(true);
    expect(session.leftRunning).toEqual([]);
    expect(processesWith(tag)).toEqual([]);
  });
});
