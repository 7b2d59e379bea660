import { describe, expect, it } from 'vitest';

import type { Measurement } from '../src/analysis/measure.js';
import { decide, type RunFacts } from '../src/analysis/verdict.js';
import type { PlanReport } from '../src/evidence/plan.js';
import { BUILT_IN_PROFILES } from '../src/profiles/built-in.js';
import type { Transcript } from '../src/probe/transcript.js';
import { recordedTranscript } from './support/transcripts.js';

function measurement(overrides: { ane?: number; gpu?: number; cpu?: number; counted?: number; observed?: number; resolved?: Partial<Record<'ane' | 'gpu' | 'cpu', boolean>> } = {}): Measurement {
  const resolved = { ane: true, gpu: true, cpu: true, ...overrides.resolved };
  const counted = overrides.counted ?? 10;
  const engine = (dispatches: number, markers: number, isResolved: boolean) => {
    const each = counted > 0 ? dispatches / counted : null;
    return { dispatches, minPerPrediction: each, maxPerPrediction: each, markers, resolved: isResolved };
  };
  return {
    predictions: { observed: overrides.observed ?? 12, warmup: 1, counted, requested: 10 },
    windowOpened: true,
    windowEnd: 'next-prediction',
    engines: { ane: engine(overrides.ane ?? 20, 1, resolved.ane), gpu: engine(overrides.gpu ?? 10, 0, resolved.gpu), cpu: engine(overrides.cpu ?? 20, 0, resolved.cpu) },
    probes: [],
    runtimes: [],
    uncounted: [],
    sharedFunctions: [],
    aneTwins: [],
  };
}

const finished: Transcript = { commands: [], end: { kind: 'stopped-at-breakpoint', breakpointIds: [11] }, snapshots: [], errors: [], final: [] };
function run(overrides: Partial<RunFacts> = {}): RunFacts {
  return {
    lldbCommand: 'lldb',
    target: 'host',
    counting: 'auto-continue',
    timedOut: false,
    timeoutSeconds: 300,
    idleStopped: false,
    leftRunning: [],
    transcript: finished,
    probes: BUILT_IN_PROFILES.espresso.probes,
    ...overrides,
  };
}
const gates = { threshold: 0 };

describe('decide', () => {
  it('passes with the coverage of ANE dispatches over all dispatches', () => {
    expect(decide(measurement(), run(), gates)).toEqual({ status: 'pass', coverage: 40, reasons: [], notes: [], agreement: { status: 'unknown', detail: 'The app printed no compute plan.' } });
  });

  it('fails below the threshold, saying by how much', () => {
    const verdict = decide(measurement(), run(), { ...gates, threshold: 50 });
    expect(verdict.status).toBe('fail');
    expect(verdict.reasons).toEqual(['ANE coverage 40.0% is below the threshold of 50%. The fallback kernels show what ran off the ANE; lower `threshold` only if that is expected.']);
  });

  it('gates on the rounded coverage it reports', () => {
    // 2/3 = 66.67 -> 66.7: a threshold of 66.7 holds.
    expect(decide(measurement({ ane: 2, gpu: 1, cpu: 0 }), run(), { ...gates, threshold: 66.7 }).status).toBe('pass');
  });

  it('reports a measured 0% as 0%, which fails a threshold', () => {
    const verdict = decide(measurement({ ane: 0 }), run(), { ...gates, threshold: 1 });
    expect(verdict).toMatchObject({ status: 'fail', coverage: 0 });
  });

  it.each([
    ['no ANE dispatch probe resolved', measurement({ resolved: { ane: false }, ane: 0 }), 'No ANE dispatch probe resolved (-[_ANEClient evaluateWithModel:options:request:qos:error:])'],
    ['no prediction seen', measurement({ observed: 0, counted: 0 }), 'No prediction was observed (prediction probes: -[MLNeuralNetworkEngine predictionFromFeatures:options:error:], Espresso::net::__forward)'],
    ['only warm-up predictions', measurement({ observed: 1, counted: 0 }), 'The app ran 1 prediction(s), no more than the warm-up of 1'],
    ['no dispatch at all', measurement({ ane: 0, gpu: 0, cpu: 0 }), 'No dispatch on any engine was observed'],
    ['GPU and CPU invisible', measurement({ resolved: { gpu: false, cpu: false }, gpu: 0, cpu: 0 }), 'No GPU or CPU dispatch probe resolved'],
  ])('is inconclusive, never 0%%, when %s', (_, given, reason) => {
    const verdict = decide(given, run(), { ...gates, threshold: 50 });
    expect(verdict.status).toBe('inconclusive');
    expect(verdict.coverage).toBeNull();
    expect(verdict.reasons[0]).toContain(reason);
  });

  it('is inconclusive on a target with no ANE, even with ANE dispatches counted, and keeps its notes', () => {
    const verdict = decide(measurement(), run({ noAne: { reason: 'The iOS Simulator has no Neural Engine.', certain: true } }), { ...gates, threshold: 50 });
    expect(verdict).toMatchObject({ status: 'inconclusive', coverage: null, reasons: ['The iOS Simulator has no Neural Engine.'], notes: [] });
  });

  it('lets a measured ANE dispatch overrule a virtual machine\'s likely lack of an ANE', () => {
    const vm = run({ noAne: { reason: 'This Mac is a virtual machine.', certain: false } });
    const measured = decide(measurement(), vm, gates);
    expect(measured).toMatchObject({ status: 'pass', coverage: 40 });
    expect(measured.notes).toEqual(['This Mac looks like a virtual machine, which usually has no Neural Engine, but 20 ANE dispatch(es) were measured: the measurement stands.']);
    expect(decide(measurement({ ane: 0 }), vm, gates)).toMatchObject({ status: 'inconclusive', coverage: null, reasons: ['This Mac is a virtual machine.'] });
  });

  it('on a device, says first that unresolved ANE probes may mean unprepared symbols', () => {
    const verdict = decide(measurement({ resolved: { ane: false }, ane: 0 }), run({ target: 'device' }), gates);
    expect(verdict.status).toBe('inconclusive');
    expect(verdict.reasons[0]).toMatch(/ANE work cannot be seen with this profile on this OS\. On a device this usually means that LLDB has no copy of the device's system libraries: connect the device in Xcode once/u);
    expect(verdict.reasons[0]!.indexOf('Xcode once')).toBeLessThan(verdict.reasons[0]!.indexOf('the names changed'));
  });

  it('still reports a crash on a target with no ANE as an error', () => {
    const crashed = run({ noAne: { reason: 'no ANE', certain: true }, transcript: { ...finished, end: { kind: 'crashed', reason: 'signal SIGSEGV' } } });
    expect(decide(measurement(), crashed, gates).status).toBe('error');
  });

  it('is inconclusive when the profile probes an engine but none of its probes resolved: its work would be invisible', () => {
    const verdict = decide(measurement({ resolved: { gpu: false }, gpu: 0 }), run(), gates);
    expect(verdict.status).toBe('inconclusive');
    expect(verdict.reasons[0]).toContain('No GPU dispatch probe resolved (Espresso::MPSEngine::context::__launch_kernel): GPU work cannot be seen on this OS');
  });

  it('only notes an engine the profile does not probe at all', () => {
    const probes = BUILT_IN_PROFILES.espresso.probes.filter((probe) => probe.engine !== 'gpu');
    const verdict = decide(measurement({ resolved: { gpu: false }, gpu: 0 }), run({ probes }), gates);
    expect(verdict.status).toBe('pass');
    expect(verdict.notes).toContain('The profile has no GPU dispatch probe: GPU work, if any, is not counted.');
  });

  it.each([
    ['LLDB cannot start', run({ spawnError: 'spawn lldb ENOENT' }), 'LLDB could not be started (lldb): spawn lldb ENOENT'],
    ['a wait for the device gave up', run({ gaveUp: 'LLDB did not find the device U: `device select` failed 3 time(s)' }), 'LLDB did not find the device U'],
    ['the run times out', run({ timedOut: true, timeoutSeconds: 3 }), 'did not finish within the timeout of 3 s after 12 prediction(s)'],
    ['the target crashes', run({ transcript: { ...finished, end: { kind: 'crashed', reason: 'EXC_BAD_ACCESS (code=1, address=0x0)' } } }), 'The target crashed (EXC_BAD_ACCESS (code=1, address=0x0))'],
    ['the target fails', run({ transcript: { ...finished, end: { kind: 'exited', status: 3 } } }), 'The target exited with status 3'],
  ])('is an error when %s, whatever was counted', (_, facts, reason) => {
    const verdict = decide(measurement(), facts, gates);
    expect(verdict).toMatchObject({ status: 'error', coverage: null });
    expect(verdict.reasons[0]).toContain(reason);
  });

  it('names the probe LLDB refused', () => {
    const transcript = recordedTranscript('lldb14-refused-regex');
    const probes = [
      { engine: 'ane' as const, role: 'dispatch' as const, symbol: '-[_ANEClient evaluateWithModel:options:request:qos:error:]' },
      { engine: 'cpu' as const, role: 'dispatch' as const, regex: '^Espresso::(elementwise' },
      { role: 'prediction' as const, symbol: 'Espresso::net::__forward' },
    ];
    const verdict = decide(undefined, run({ transcript, probes }), gates);
    expect(verdict.status).toBe('error');
    expect(verdict.reasons[0]).toBe(
      'LLDB refused the probe regex "^Espresso::(elementwise": Function name regular expression could not be compiled: parentheses not balanced. Fix it in the profile.',
    );
  });

  it('is inconclusive, not a pass, when the window is shorter than asked, and says what to change', () => {
    const verdict = decide({ ...measurement({ counted: 4, observed: 5 }), windowEnd: 'idle' }, run(), gates);
    expect(verdict).toMatchObject({ status: 'inconclusive', coverage: null });
    expect(verdict.reasons).toEqual([
      'Only 4 of 10 predictions were counted: the app went idle after 5 prediction(s), and a measurement needs the warm-up (1) and 10 counted ones. Make the app run at least 11 predictions, or lower `predictions` or `warmup`.',
    ]);
  });

  it('notes an engine whose dispatches differ between predictions, naming it and what it may mean', () => {
    const spread = measurement();
    spread.engines.cpu = { ...spread.engines.cpu, minPerPrediction: 1, maxPerPrediction: 3 };
    const auto = decide(spread, run(), gates);
    expect(auto.status).toBe('pass');
    expect(auto.notes).toEqual([
      'CPU dispatches per prediction ranged from 1 to 3 over the 10 counted predictions: the model may take different paths from one prediction to the next (dynamic control flow), or LLDB lost breakpoint hits (try `counting: driven`).',
    ]);
    expect(decide(spread, run({ counting: 'driven' }), gates).notes[0]).toMatch(/or LLDB lost breakpoint hits\.$/u);
  });

  it('notes dispatch probes left out because another runtime served the prediction', () => {
    const given = measurement();
    given.uncounted = [{ probe: { engine: 'ane', role: 'dispatch', symbol: 'direct', runtimes: ['e5rt'] }, hits: 20, servedBy: ['espresso'] }];
    expect(decide(given, run(), gates).notes).toEqual([
      'direct (e5rt) was hit 20 time(s) in counted predictions served by espresso: not counted, since it would count one ANE dispatch twice.',
    ]);
  });

  it('is inconclusive when the app never reached the function where the probes are armed', () => {
    const verdict = decide(measurement({ observed: 0, counted: 0, ane: 0, gpu: 0, cpu: 0 }), run({ armedAt: { name: 'ane_check_armed', reached: false } }), gates);
    expect(verdict).toMatchObject({ status: 'inconclusive', coverage: null });
    expect(verdict.reasons[0]).toMatch(/^The app never called ane_check_armed, where the probes start/u);
    expect(decide(measurement(), run({ armedAt: { name: 'ane_check_armed', reached: true } }), gates).status).toBe('pass');
  });

  it('explains an LLDB error the target knows, with the target\'s advice', () => {
    const transcript: Transcript = { ...finished, final: undefined, commands: ['command source -e false -s 0 "/w/device-select.lldb"', 'device select "U"'], errors: ["'device' is not a valid command."] };
    const verdict = decide(undefined, run({ transcript, lldbErrorAdvice: (message) => (message.includes("'device'") ? 'Use Xcode 26.' : undefined) }), gates);
    expect(verdict.reasons).toEqual(['Use Xcode 26.']);
  });

  describe('with Core ML\'s compute plan', () => {
    const plan = (aneCostShare: number | null, offAne: PlanReport['offAne'] = []): PlanReport => ({
      computeUnits: 'all',
      operations: 4,
      basis: 'cost',
      aneCostShare,
      byDevice: { ane: { operations: aneCostShare ? 2 : 0, cost: (aneCostShare ?? 0) / 100 }, gpu: { operations: 1, cost: 0.2 }, cpu: { operations: 1, cost: 0.1 } },
      offAne,
    });
    const gather = { op: 'ios18.gather', device: 'cpu' as const, operations: 1, cost: 0.1, aneSupported: false };

    it('agrees when the plan places work on the ANE and the run dispatched there', () => {
      const verdict = decide(measurement(), run(), gates, { plan: plan(70), fallbackReasons: [] });
      expect(verdict).toMatchObject({ status: 'pass', agreement: { status: 'agrees', detail: "Core ML's compute plan places 70.0% of the estimated cost on the ANE, and the run's ANE coverage is 40.0%." } });
    });

    it('fails the silent ANE fallback: planned on the ANE, nothing dispatched there, naming the compile failure', () => {
      const verdict = decide(measurement({ ane: 0 }), run(), gates, { plan: plan(70), fallbackReasons: ['Unsupported op 3', 'ANECCompile() FAILED: 3'] });
      expect(verdict.status).toBe('fail');
      expect(verdict.agreement.status).toBe('disagrees');
      expect(verdict.reasons).toEqual([
        "Core ML's compute plan places 70.0% of the estimated cost on the ANE, but the counted predictions dispatched nothing there: the work fell back off the ANE, as it does when the ANE compilation fails. The app's output and Core ML's log say: ANECCompile() FAILED: 3.",
      ]);
    });

    it('notes an ANE client that was opened but got no work, and one the blind probes cannot see', () => {
      const witnesses = { aneServiceThread: 'H11ANEServicesThread', aneQueues: ['com.apple.anef.p0'] };
      expect(decide(measurement({ ane: 0 }), run(), gates, { fallbackReasons: [], witnesses }).notes).toEqual([
        'At the end of the run LLDB saw the ANE service thread (H11ANEServicesThread) and the ANE queues (com.apple.anef.p0): the app opened an ANE client, but the counted predictions dispatched nothing to the ANE.',
      ]);
      const blind = decide(measurement({ resolved: { ane: false }, ane: 0 }), run(), gates, { fallbackReasons: [], witnesses: { aneServiceThread: null, aneQueues: ['com.apple.anef.p0'] } });
      expect(blind.status).toBe('inconclusive');
      expect(blind.notes).toEqual(['At the end of the run LLDB saw the ANE queues (com.apple.anef.p0): the app opened an ANE client, but the ANE probes cannot see its work.']);
    });

    it('notes ANE dispatches that the plan did not place there', () => {
      const verdict = decide(measurement(), run(), gates, { plan: plan(0), fallbackReasons: [] });
      expect(verdict).toMatchObject({ status: 'pass', agreement: { status: 'disagrees' } });
      expect(verdict.notes).toEqual(["Core ML's compute plan places 0.0% of the estimated cost on the ANE, but the run dispatched 20 time(s) to the ANE (40.0% of dispatches): the plan and the run differ."]);
    });

    it('gates on the plan\'s ANE share and on op types off the ANE', () => {
      const verdict = decide(measurement(), run(), { ...gates, planThreshold: 80, allowOffAne: ['ios18.softmax'] }, { plan: plan(70, [gather]), fallbackReasons: [] });
      expect(verdict.status).toBe('fail');
      expect(verdict.reasons).toEqual([
        "Core ML's compute plan places 70.0% of the estimated cost on the ANE, below `plan-threshold` 80%. The op types off the ANE are listed with the plan; lower `plan-threshold` only if that is expected.",
        "Core ML's compute plan places op types off the ANE that `allow-off-ane` does not list: ios18.gather (CPU, 1 op). Add them to `allow-off-ane` if that is expected.",
      ]);
      expect(decide(measurement(), run(), { ...gates, planThreshold: 60, allowOffAne: ['ios18.gather'] }, { plan: plan(70, [gather]), fallbackReasons: [] }).status).toBe('pass');
    });

    it('decides a run whose ANE probes are blind by the plan\'s gates when they are set, with no coverage', () => {
      const blind = measurement({ resolved: { ane: false }, ane: 0 });
      const verdict = decide(blind, run(), { ...gates, planThreshold: 60 }, { plan: plan(70), fallbackReasons: [] });
      expect(verdict).toMatchObject({ status: 'pass', coverage: null, reasons: [] });
      expect(verdict.notes).toContain("No ANE dispatch probe resolved, so the run itself could not be observed: the status comes from the compute plan's gates.");
      expect(decide(blind, run(), { ...gates, planThreshold: 80 }, { plan: plan(70), fallbackReasons: [] }).status).toBe('fail');
      // Without a plan gate, a blind run stays inconclusive.
      expect(decide(blind, run(), gates, { plan: plan(70), fallbackReasons: [] }).status).toBe('inconclusive');
    });

    it('is inconclusive when a plan gate is set but there is no plan, or the plan cannot speak for the ANE', () => {
      const none = decide(measurement(), run(), { ...gates, planThreshold: 50 }, { fallbackReasons: [] });
      expect(none).toMatchObject({ status: 'inconclusive', coverage: null });
      expect(none.reasons[0]).toMatch(/^`plan-threshold` is set, but the app printed no compute plan/u);
      const vm = decide(measurement(), run(), { ...gates, planThreshold: 50 }, { plan: { ...plan(null), note: 'no Neural Engine here' }, fallbackReasons: [] });
      expect(vm).toMatchObject({ status: 'inconclusive', reasons: ['`plan-threshold` is set, but the compute plan cannot say what runs on the ANE: no Neural Engine here'] });
    });
  });
});
