import { describe, expect, it } from 'vitest';

import { measure, type Measurement } from '../src/analysis/measure.js';
import { decide, type RunFacts } from '../src/analysis/verdict.js';
import type { PlanReport } from '../src/evidence/plan.js';
import { BUILT_IN_PROFILES } from '../src/profiles/built-in.js';
import { mergeProfiles } from '../src/profiles/profile.js';
import { parseTranscript, type Transcript } from '../src/probe/transcript.js';
import { applePaste, recordedTranscript } from './support/transcripts.js';

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

describe('decide: a recorded run end to end', () => {
  it('counts the CPU kernels at a regex probe\'s 10th location and after, so the ANE share is not overstated', () => {
    for (const lldb of ['lldb14', 'lldb19']) {
      const transcript = recordedTranscript(`${lldb}-many-locations`);
      const measured = measure({ probes: BUILT_IN_PROFILES.espresso.probes, transcript, warmup: 1, predictions: 3, timedOut: false, idleStopped: false, profileName: 'espresso' });
      // ANE 6, GPU 3, CPU 9 dispatches: 33.3%, below a threshold of 40.
      expect(decide(measured, run({ transcript }), { threshold: 40 })).toMatchObject({ status: 'fail', coverage: 33.3 });
    }
  });
});

describe('decide: what breaks a run', () => {
  const killed = (reason: string) => run({ transcript: { ...finished, end: { kind: 'killed', status: 0, reason } } });
  const short = () => measurement({ counted: 3, observed: 4 });

  it('is an error when the system ended the app for its memory before the window was complete, saying what to try', () => {
    const memory = killed('Terminated due to memory issue');
    const advice =
      ': the model needs more memory than that device gives the app. Try a smaller model (fewer or quantized weights), other compute units or a smaller batch, or a device with more memory.';
    expect(decide(short(), memory, gates)).toMatchObject({
      status: 'error',
      coverage: null,
      reasons: [`The system ended the app for its memory use ("Terminated due to memory issue") after 4 prediction(s), before the counted window was complete${advice}`],
    });
    expect(decide(undefined, memory, gates).reasons).toEqual([`The system ended the app for its memory use ("Terminated due to memory issue"), before the counted window was complete${advice}`]);
  });

  it.each([
    ['13', 'Signal 13 (SIGPIPE) ends a program that writes to a pipe or socket that nobody reads any more: check where the app writes, outside ane-check.'],
    ['9', "Signal 9 (SIGKILL) comes from the system or another program; the system sends it to an app that uses too much memory or stops responding: the device's crash reports say which."],
    ['15', 'Run it outside ane-check to see what sends that signal.'],
  ])('is an error when signal %s killed the target before the window was complete', (signal, advice) => {
    expect(decide(short(), killed(`Terminated due to signal ${signal}`), gates).reasons).toEqual([
      `The target was killed by signal ${signal} ("Terminated due to signal ${signal}") after 4 prediction(s), before the counted window was complete. ${advice}`,
    ]);
  });

  it('is an error when the system ended the target for another reason', () => {
    expect(decide(short(), killed('Terminated due to code signing error'), gates)).toMatchObject({
      status: 'error',
      reasons: ['The system ended the target ("Terminated due to code signing error") after 4 prediction(s), before the counted window was complete. Run it outside ane-check, and read the device\'s crash reports, to see why.'],
    });
  });

  it('lets the measurement stand, with a note, when the app was killed once every counted prediction was whole', () => {
    const verdict = decide(measurement({ counted: 10, observed: 12 }), killed('Terminated due to memory issue'), gates);
    expect(verdict).toMatchObject({ status: 'pass', coverage: 40, reasons: [] });
    expect(verdict.notes).toEqual(['The system ended the app for its memory use ("Terminated due to memory issue") after 12 prediction(s), once the counted window was complete: the measurement stands.']);
  });

  it("reads Apple's LLDB's report of an app killed for its memory as an error, not as the clean exit it looks like", () => {
    const transcript = parseTranscript(applePaste('13-ios-deploy-thalitest-exit-memory-issue'), '', { predictionSnapshot: 'snap', finalSnapshot: 'final', startCommand: 'run' });
    const verdict = decide(short(), run({ transcript: { ...transcript, final: [] } }), gates);
    expect(verdict.status).toBe('error');
    expect(verdict.reasons[0]).toMatch(/^The system ended the app for its memory use \("Terminated due to memory issue"\) after 4 prediction\(s\)/u);
  });

  it('says how many predictions ran before a timeout, a crash or a failed exit, and nothing when none was measured', () => {
    expect(decide(undefined, run({ timedOut: true, timeoutSeconds: 5 }), gates).reasons[0]).toMatch(/^The run did not finish within the timeout of 5 s; LLDB and the target were killed\./u);
    const crashed = run({ transcript: { ...finished, end: { kind: 'crashed', reason: 'signal SIGSEGV' } } });
    expect(decide(undefined, crashed, gates).reasons[0]).toMatch(/^The target crashed \(signal SIGSEGV\)\. Run it outside ane-check/u);
    expect(decide(measurement(), crashed, gates).reasons[0]).toMatch(/^The target crashed \(signal SIGSEGV\) after 12 prediction\(s\)\./u);
    expect(decide(measurement(), run({ transcript: { ...finished, end: { kind: 'exited', status: -1 } } }), gates).reasons[0]).toMatch(/^The target exited with status -1 after 12 prediction\(s\)\./u);
  });

  it('takes an exit with status 0 for a run that ended normally', () => {
    expect(decide(measurement(), run({ transcript: { ...finished, end: { kind: 'exited', status: 0 } } }), gates)).toMatchObject({ status: 'pass', coverage: 40 });
  });

  it('is an error when LLDB ended before the final breakpoint list, naming LLDB\'s first error', () => {
    const silent = decide(undefined, run(), gates);
    expect(silent).toMatchObject({ status: 'error', coverage: null, agreement: { status: 'unknown' } });
    expect(silent.reasons).toEqual([expect.stringMatching(/^LLDB ended before the measurement was complete: it printed no final breakpoint list\. Run again;/u)]);
    // With the final list there, errors are not a refusal: the first one says what happened.
    const errors = { ...finished, errors: ['first problem', 'second problem'] };
    expect(decide(undefined, run({ transcript: errors }), gates).reasons[0]).toMatch(/^LLDB ended before the measurement was complete: first problem\./u);
  });

  it('names processes that could not be killed, whatever the status', () => {
    expect(decide(measurement(), run({ leftRunning: [41, 42] }), gates)).toMatchObject({ status: 'pass', notes: ['processes 41, 42 could not be killed after the run'] });
    expect(decide(undefined, run({ leftRunning: [41], spawnError: 'ENOENT' }), gates)).toMatchObject({ status: 'error', notes: ['processes 41 could not be killed after the run'] });
  });

  it('reports a wait that gave up in its own words, before anything else', () => {
    expect(decide(measurement(), run({ gaveUp: 'gave up waiting', timedOut: true }), gates)).toMatchObject({ status: 'error', reasons: ['gave up waiting'] });
  });

  describe('a command LLDB refused', () => {
    const refused = (commands: string[], probes = BUILT_IN_PROFILES.espresso.probes, advice?: (message: string) => string | undefined) =>
      decide(undefined, run({ transcript: { ...finished, final: undefined, commands, errors: ['bad thing', 'later'] }, probes, ...(advice ? { lldbErrorAdvice: advice } : {}) }), gates);

    it('names the probe by its symbol or its regex, from the breakpoint name on the refused command', () => {
      expect(refused(['breakpoint set -n "x" -N ane_check_probe_3 -N ane_check_probe']).reasons).toEqual([
        'LLDB refused the probe symbol "Espresso::MPSEngine::context::__launch_kernel": bad thing. Fix it in the profile.',
      ]);
      expect(refused(['breakpoint set -r "x" -N ane_check_probe_6']).reasons[0]).toBe('LLDB refused the probe regex "^Espresso::[A-Za-z0-9_]+_kernel_cpu::__launch": bad thing. Fix it in the profile.');
      // ane_check_probe_1 is not ane_check_probe_10.
      expect(refused(['breakpoint set -n "x" -N ane_check_probe_10']).reasons[0]).toMatch(/^LLDB refused `breakpoint set -n "x" -N ane_check_probe_10`: bad thing\. Check `lldb`/u);
    });

    it('says the program could not start when LLDB refused to create or launch it', () => {
      expect(refused(['target create "/x"']).reasons[0]).toBe("LLDB could not start the program: bad thing. Check that the command's program exists and runs on this machine.");
      expect(refused(['process launch -i /dev/null']).reasons[0]).toMatch(/^LLDB could not start the program: bad thing\./u);
      expect(refused(['settings set x']).reasons[0]).toBe('LLDB refused `settings set x`: bad thing. Check `lldb`: ane-check needs LLDB 14 or later (Xcode\'s, on a Mac).');
      expect(refused([]).reasons[0]).toMatch(/^LLDB refused ``: bad thing\./u);
    });

    it('prefers the target\'s advice for an error it knows, and only for that one', () => {
      expect(refused(['breakpoint set -n "x" -N ane_check_probe_3'], undefined, (message) => (message === 'bad thing' ? 'Do this.' : undefined)).reasons).toEqual(['Do this.']);
      expect(refused(['breakpoint set -n "x" -N ane_check_probe_3'], undefined, () => undefined).reasons[0]).toMatch(/^LLDB refused the probe symbol/u);
    });
  });
});

describe('decide: when the ANE cannot be seen', () => {
  const probeResult = (locations: number) => ({ probe: BUILT_IN_PROFILES.espresso.probes[0]!, locations, hits: 0, totalHits: 0, functions: [] });

  it('says that a program whose probes all found nothing may not load Core ML at all', () => {
    const nothing = { ...measurement({ resolved: { ane: false, gpu: false, cpu: false }, ane: 0, gpu: 0, cpu: 0 }), probes: [probeResult(0), probeResult(0)] };
    const verdict = decide(nothing, run(), gates);
    expect(verdict).toMatchObject({ status: 'inconclusive', coverage: null });
    expect(verdict.reasons[0]).toMatch(/^None of the profile's 2 probes resolved to a function in the target: did this program load Core ML\?/u);
    expect(verdict.reasons[0]).not.toContain('On a device');
    expect(decide(nothing, run({ target: 'device' }), gates).reasons[0]).toContain("On a device, LLDB also needs its copy of the device's system libraries");
  });

  it('blames the ANE probes\' names when other probes did resolve', () => {
    const someResolved = { ...measurement({ resolved: { ane: false }, ane: 0 }), probes: [probeResult(0), probeResult(2)] };
    expect(decide(someResolved, run(), gates).reasons[0]).toMatch(/^No ANE dispatch probe resolved \(-\[_ANEClient evaluateWithModel:options:request:qos:error:\]\): ANE work cannot be seen with this profile on this OS\. Find the current names/u);
    const noAneProbe = BUILT_IN_PROFILES.espresso.probes.filter((probe) => probe.engine !== 'ane');
    expect(decide(someResolved, run({ probes: noAneProbe }), gates).reasons[0]).toMatch(/^No ANE dispatch probe resolved \(the profile has none\)/u);
  });

  it('is inconclusive on a virtual Mac that measured no ANE dispatch, even when it saw other work', () => {
    expect(decide(measurement({ ane: 0 }), run({ noAne: { reason: 'virtual', certain: false } }), gates)).toMatchObject({ status: 'inconclusive', reasons: ['virtual'], notes: [] });
  });

  it('describes each witness it saw: the service thread, the queues, or both', () => {
    const blind = measurement({ resolved: { ane: false }, ane: 0 });
    const note = (witnesses: { aneServiceThread: string | null; aneQueues: string[] }) => decide(blind, run(), gates, { fallbackReasons: [], witnesses }).notes[0];
    expect(note({ aneServiceThread: 'H11ANEServicesThread', aneQueues: [] })).toBe('At the end of the run LLDB saw the ANE service thread (H11ANEServicesThread): the app opened an ANE client, but the ANE probes cannot see its work.');
    expect(note({ aneServiceThread: null, aneQueues: ['q1', 'q2'] })).toMatch(/^At the end of the run LLDB saw the ANE queues \(q1, q2\):/u);
    expect(note({ aneServiceThread: null, aneQueues: [] })).toBeUndefined();
  });
});

describe('decide: the counted window', () => {
  it.each([
    ['exit', 'exited'],
    ['crash', 'stopped (crash)'],
    ['unknown', 'stopped (unknown)'],
  ] as const)('says how a short window ended: %s', (windowEnd, words) => {
    const verdict = decide({ ...measurement({ counted: 3, observed: 4 }), windowEnd }, run(), gates);
    expect(verdict.reasons[0]).toMatch(new RegExp(`^Only 3 of 10 predictions were counted: the app ${words.replace(/[()]/gu, '\\$&')} after 4 prediction\\(s\\)`, 'u'));
  });

  it('passes a window of exactly the predictions asked for', () => {
    expect(decide(measurement({ counted: 10 }), run(), gates).status).toBe('pass');
  });

  it('names the prediction probes when no prediction was seen', () => {
    const probes = [BUILT_IN_PROFILES.e5rt.probes[0]!, { role: 'prediction' as const, regex: '^predict' }];
    expect(decide(measurement({ observed: 0, counted: 0 }), run({ probes }), gates).reasons[0]).toMatch(/^No prediction was observed \(prediction probes: \^predict\): check that the app runs predictions/u);
  });

  it('takes a single engine\'s work for a measurement', () => {
    expect(decide(measurement({ ane: 0, gpu: 0, cpu: 5 }), run(), gates)).toMatchObject({ status: 'pass', coverage: 0 });
    expect(decide(measurement({ ane: 7, gpu: 0, cpu: 0 }), run(), gates)).toMatchObject({ status: 'pass', coverage: 100 });
  });

  it('names the blind engine, CPU as well as GPU, and its probes', () => {
    const verdict = decide(measurement({ resolved: { cpu: false }, cpu: 0 }), run(), gates);
    expect(verdict.reasons[0]).toBe(
      'No CPU dispatch probe resolved (^Espresso::BNNSEngine::[A-Za-z0-9_]+_kernel::__launch, ^Espresso::[A-Za-z0-9_]+_kernel_cpu::__launch): CPU work cannot be seen on this OS, so the ANE share could be overstated. Find the current names (`discover: true` lists candidates) and give them in a profile.',
    );
  });

  it('notes each engine the profile does not probe, and passes on what it sees', () => {
    const aneAndCpu = BUILT_IN_PROFILES.espresso.probes.filter((probe) => probe.engine !== 'gpu');
    const verdict = decide(measurement({ resolved: { gpu: false }, gpu: 0 }), run({ probes: aneAndCpu }), { threshold: 50 });
    expect(verdict).toMatchObject({ status: 'pass', coverage: 50, notes: ['The profile has no GPU dispatch probe: GPU work, if any, is not counted.'] });
  });
});

describe('decide: notes on the counts', () => {
  it('notes every engine whose dispatches differ, and none whose are steady', () => {
    const spread = measurement();
    spread.engines.ane = { ...spread.engines.ane, minPerPrediction: 1, maxPerPrediction: 2 };
    spread.engines.gpu = { ...spread.engines.gpu, minPerPrediction: 1, maxPerPrediction: 1 };
    spread.engines.cpu = { ...spread.engines.cpu, minPerPrediction: 0, maxPerPrediction: 4 };
    expect(decide(spread, run({ counting: 'driven' }), gates).notes).toEqual([
      'ANE dispatches per prediction ranged from 1 to 2 over the 10 counted predictions: the model may take different paths from one prediction to the next (dynamic control flow), or LLDB lost breakpoint hits.',
      'CPU dispatches per prediction ranged from 0 to 4 over the 10 counted predictions: the model may take different paths from one prediction to the next (dynamic control flow), or LLDB lost breakpoint hits.',
    ]);
  });

  it('notes the runtimes that served the predictions when there were several, the shared functions and the ANE twins', () => {
    const given = measurement();
    given.runtimes = [
      { name: 'espresso', predictions: 4, dispatches: { ane: 8, gpu: 4, cpu: 8 } },
      { name: 'e5rt', predictions: 6, dispatches: { ane: 12, gpu: 6, cpu: 12 } },
    ];
    given.sharedFunctions = ['Espresso::k(int)'];
    const first = { engine: 'ane' as const, role: 'dispatch' as const, symbol: 'outer' };
    const second = { engine: 'ane' as const, role: 'dispatch' as const, regex: '^inner' };
    given.aneTwins = [[first, second]];
    expect(decide(given, run(), gates).notes).toEqual([
      'Several runtimes served the counted predictions (espresso: 4, e5rt: 6): each prediction is counted with its own runtime\'s probes.',
      'Espresso::k(int) matches more than one dispatch probe; it is counted once.',
      'The ANE dispatch probes outer and ^inner fired equally often in every counted prediction: if one calls the other, each ANE dispatch is counted twice and ANE coverage is overstated. Keep one of them as the ANE dispatch probe and make the other a marker.',
    ]);
    given.runtimes = given.runtimes.slice(0, 1);
    given.sharedFunctions = [];
    given.aneTwins = [];
    expect(decide(given, run(), gates).notes).toEqual([]);
  });
});

describe('decide: the compute plan', () => {
  const plan = (aneCostShare: number | null, extra: Partial<PlanReport> = {}): PlanReport => ({
    computeUnits: 'all',
    operations: 4,
    basis: 'cost',
    aneCostShare,
    byDevice: { ane: { operations: aneCostShare ? 2 : 0, cost: (aneCostShare ?? 0) / 100 }, gpu: { operations: 1, cost: 0.2 }, cpu: { operations: 1, cost: 0.1 } },
    offAne: [],
    ...extra,
  });
  const softmax = { op: 'ios18.softmax', device: 'gpu' as const, operations: 2, cost: 0.2, aneSupported: true };
  const gather = { op: 'ios18.gather', device: 'cpu' as const, operations: 1, cost: 0.1, aneSupported: false };

  it('holds plan-threshold at exactly the plan\'s share', () => {
    expect(decide(measurement(), run(), { ...gates, planThreshold: 70 }, { plan: plan(70), fallbackReasons: [] }).status).toBe('pass');
    expect(decide(measurement(), run(), { ...gates, planThreshold: 70.1 }, { plan: plan(70), fallbackReasons: [] }).status).toBe('fail');
  });

  it('speaks of operations when the plan has no cost', () => {
    const verdict = decide(measurement(), run(), { ...gates, planThreshold: 80 }, { plan: plan(50, { basis: 'operations' }), fallbackReasons: [] });
    expect(verdict.reasons[0]).toMatch(/^Core ML's compute plan places 50\.0% of the operations on the ANE, below `plan-threshold` 80%\./u);
    expect(verdict.agreement.detail).toBe("Core ML's compute plan places 50.0% of the operations on the ANE, and the run's ANE coverage is 40.0%.");
  });

  it('lists each op type off the ANE that allow-off-ane does not name, with its count and whether the ANE supports it', () => {
    const verdict = decide(measurement(), run(), { ...gates, allowOffAne: [] }, { plan: plan(70, { offAne: [softmax, gather] }), fallbackReasons: [] });
    expect(verdict.status).toBe('fail');
    expect(verdict.reasons).toEqual([
      "Core ML's compute plan places op types off the ANE that `allow-off-ane` does not list: ios18.softmax (GPU, 2 ops, the ANE supports it), ios18.gather (CPU, 1 op). Add them to `allow-off-ane` if that is expected.",
    ]);
    expect(decide(measurement(), run(), { ...gates, allowOffAne: ['ios18.softmax', 'ios18.gather'] }, { plan: plan(70, { offAne: [softmax, gather] }), fallbackReasons: [] }).status).toBe('pass');
  });

  it('says which plan gates are set when the app printed no plan', () => {
    const both = decide(measurement(), run(), { ...gates, planThreshold: 50, allowOffAne: ['x'] }, { fallbackReasons: [] });
    expect(both.reasons[0]).toMatch(/^`plan-threshold` and `allow-off-ane` are set, but the app printed no compute plan/u);
    const one = decide(measurement(), run(), { ...gates, allowOffAne: ['x'] }, { fallbackReasons: [] });
    expect(one.reasons[0]).toMatch(/^`allow-off-ane` is set, but the app printed no compute plan/u);
  });

  it('lets allow-off-ane judge a plan that cannot speak for the ANE\'s share', () => {
    const shareless = plan(null, { offAne: [gather] });
    expect(decide(measurement(), run(), { ...gates, allowOffAne: ['ios18.gather'] }, { plan: shareless, fallbackReasons: [] })).toMatchObject({ status: 'pass', agreement: { status: 'unknown', detail: 'The compute plan cannot say what runs on the ANE.' } });
    expect(decide(measurement(), run(), { ...gates, planThreshold: 1 }, { plan: shareless, fallbackReasons: [] }).reasons[0]).toBe('`plan-threshold` is set, but the compute plan cannot say what runs on the ANE: it has no share on the ANE');
    expect(decide(measurement(), run(), gates, { plan: { ...shareless, note: 'no ANE here' }, fallbackReasons: [] }).agreement).toEqual({ status: 'unknown', detail: 'no ANE here' });
  });

  it('fails a blind run by the plan\'s own reasons, with no coverage', () => {
    const blind = measurement({ resolved: { ane: false }, ane: 0 });
    const verdict = decide(blind, run(), { ...gates, allowOffAne: [] }, { plan: plan(70, { offAne: [gather] }), fallbackReasons: [] });
    expect(verdict).toMatchObject({ status: 'fail', coverage: null, agreement: { status: 'unknown', detail: 'The ANE probes did not resolve: what ran on the ANE is unknown.' } });
    expect(verdict.reasons).toHaveLength(1);
    expect(verdict.reasons[0]).toMatch(/ios18\.gather \(CPU, 1 op\)/u);
  });

  it('names up to three compile failures from the log for a silent fallback, and points to the log without one', () => {
    const lines = ['ANECCompile() FAILED: 1', 'other line', 'MILCompilerForANE error: 2', 'E5RT encountered an STL exception 3', 'ANECCompile() FAILED: 4'];
    const named = decide(measurement({ ane: 0 }), run(), gates, { plan: plan(70), fallbackReasons: lines });
    expect(named.reasons[0]).toMatch(/The app's output and Core ML's log say: ANECCompile\(\) FAILED: 1 \/ MILCompilerForANE error: 2 \/ E5RT encountered an STL exception 3\.$/u);
    const unnamed = decide(measurement({ ane: 0 }), run(), gates, { plan: plan(70), fallbackReasons: ['other line'] });
    expect(unnamed).toMatchObject({ status: 'fail', agreement: { status: 'disagrees' } });
    expect(unnamed.reasons[0]).toMatch(/ See fallbackReasons and Core ML's log for an ANE compilation that failed\.$/u);
  });

  it('agrees when neither the plan nor the run uses the ANE', () => {
    const verdict = decide(measurement({ ane: 0 }), run(), gates, { plan: plan(0), fallbackReasons: [] });
    expect(verdict).toMatchObject({ status: 'pass', coverage: 0, reasons: [], agreement: { status: 'agrees' } });
  });
});

describe('decide: details of the messages that decide nothing else', () => {
  it('says the run was not measured when it broke', () => {
    expect(decide(undefined, run({ spawnError: 'ENOENT' }), gates).agreement).toEqual({ status: 'unknown', detail: 'The run was not measured.' });
    expect(decide(measurement({ observed: 0, counted: 0 }), run(), gates).agreement).toEqual({ status: 'unknown', detail: 'The run was not measured.' });
  });

  it('adds nothing about a device to a host run whose probes all found nothing', () => {
    const nothing = { ...measurement({ resolved: { ane: false, gpu: false, cpu: false }, ane: 0, gpu: 0, cpu: 0 }), probes: [{ probe: BUILT_IN_PROFILES.espresso.probes[0]!, locations: 0, hits: 0, totalHits: 0, functions: [] }] };
    expect(decide(nothing, run(), gates).reasons).toEqual([
      "None of the profile's 1 probes resolved to a function in the target: did this program load Core ML? The probes are functions of Core ML's engines, which a process has only once it loads Core ML and a model (the target's error output, if any, is in the report). If it does load Core ML, the names changed on this OS: find the current ones (`discover: true`, docs/profiles.md, \"Finding symbols\").",
    ]);
  });

  it('names every ANE dispatch probe that did not resolve', () => {
    const probes = [...BUILT_IN_PROFILES.espresso.probes, { engine: 'ane' as const, role: 'dispatch' as const, regex: '^direct' }];
    expect(decide(measurement({ resolved: { ane: false }, ane: 0 }), run({ probes }), gates).reasons[0]).toMatch(/^No ANE dispatch probe resolved \(-\[_ANEClient evaluateWithModel:options:request:qos:error:\], \^direct\): /u);
  });

  it('does not take a GPU marker for a GPU probe: an engine with markers only is not probed for dispatches', () => {
    const gpuMarkerOnly = BUILT_IN_PROFILES.espresso.probes.filter((probe) => !(probe.engine === 'gpu' && probe.role === 'dispatch'));
    expect(gpuMarkerOnly.some((probe) => probe.engine === 'gpu')).toBe(true);
    const verdict = decide(measurement({ resolved: { gpu: false }, gpu: 0 }), run({ probes: gpuMarkerOnly }), gates);
    expect(verdict).toMatchObject({ status: 'pass', notes: ['The profile has no GPU dispatch probe: GPU work, if any, is not counted.'] });
  });

  it('notes an ANE client with no ANE work only when the ANE got none', () => {
    const witnesses = { aneServiceThread: 'H11ANEServicesThread', aneQueues: [] };
    expect(decide(measurement(), run(), gates, { fallbackReasons: [], witnesses }).notes).toEqual([]);
  });

  it('leaves op types off the ANE alone when only plan-threshold is set', () => {
    const plan: PlanReport = {
      computeUnits: 'all',
      operations: 4,
      basis: 'cost',
      aneCostShare: 70,
      byDevice: { ane: { operations: 2, cost: 0.7 }, gpu: { operations: 1, cost: 0.2 }, cpu: { operations: 1, cost: 0.1 } },
      offAne: [{ op: 'ios18.gather', device: 'cpu', operations: 1, cost: 0.1, aneSupported: false }],
    };
    expect(decide(measurement(), run(), { ...gates, planThreshold: 50 }, { plan, fallbackReasons: [] })).toMatchObject({ status: 'pass', reasons: [] });
  });

  it('names every runtime of a probe left out and every runtime that served the predictions', () => {
    const given = measurement();
    given.uncounted = [{ probe: { engine: 'cpu', role: 'dispatch', symbol: 'shared', runtimes: ['espresso', 'e5rt'] }, hits: 3, servedBy: ['mine', 'other'] }];
    expect(decide(given, run(), gates).notes).toEqual(['shared (espresso, e5rt) was hit 3 time(s) in counted predictions served by mine, other: not counted, since it would count one CPU dispatch twice.']);
  });

  it('says LLDB printed no final list when it ended with no list and no error', () => {
    const verdict = decide(undefined, run({ transcript: { ...finished, final: undefined } }), gates);
    expect(verdict.reasons[0]).toMatch(/^LLDB ended before the measurement was complete: it printed no final breakpoint list\./u);
  });

  it('names a refused probe numbered 10 and up', () => {
    const probes = mergeProfiles('auto', [BUILT_IN_PROFILES.espresso, BUILT_IN_PROFILES.e5rt]).probes;
    expect(probes.length).toBeGreaterThan(12);
    const transcript = { ...finished, final: undefined, commands: ['breakpoint set -n "x" -N ane_check_probe_12 -N ane_check_probe'], errors: ['bad'] };
    expect(decide(undefined, run({ transcript, probes }), gates).reasons[0]).toBe(`LLDB refused the probe symbol ${JSON.stringify(probes[12]!.symbol)}: bad. Fix it in the profile.`);
  });
});

describe('decide: probes found outside the image their profile names', () => {
  const [ane, , , gpu] = BUILT_IN_PROFILES.espresso.probes;
  const found = (probe: typeof ane, foundIn?: string[]) => ({ probe: probe!, locations: 1, hits: 10, totalHits: 11, functions: [], ...(foundIn ? { foundIn } : {}) });

  it('names each, where it was found and the image the profile names, in a note beside a measurement that stands', () => {
    const one = decide({ ...measurement(), probes: [found(ane, ['CoreMLMoved']), found(gpu)] }, run(), gates);
    expect(one).toMatchObject({ status: 'pass', coverage: 40 });
    expect(one.notes).toEqual([
      'Found outside the image the profile names (by a search of every image at the first prediction) and counted there: -[_ANEClient evaluateWithModel:options:request:qos:error:] in CoreMLMoved, not AppleNeuralEngine. This OS may have moved it: a profile whose `module` names where it is finds it without that search.',
    ]);
    const two = decide({ ...measurement(), probes: [found(ane, ['CoreMLMoved']), found(gpu, ['EspressoA', 'EspressoB'])] }, run(), gates);
    expect(two.notes).toEqual([
      'Found outside the image the profile names (by a search of every image at the first prediction) and counted there: -[_ANEClient evaluateWithModel:options:request:qos:error:] in CoreMLMoved, not AppleNeuralEngine; Espresso::MPSEngine::context::__launch_kernel in EspressoA, EspressoB, not Espresso. This OS may have moved them: a profile whose `module` names where they are finds them without that search.',
    ]);
  });

  it('says so also where the run is inconclusive', () => {
    const verdict = decide({ ...measurement({ counted: 3 }), probes: [found(ane, ['CoreMLMoved'])] }, run(), gates);
    expect(verdict.status).toBe('inconclusive');
    expect(verdict.notes[0]).toMatch(/^Found outside the image the profile names .*: -\[_ANEClient evaluateWithModel:options:request:qos:error:\] in CoreMLMoved, not AppleNeuralEngine\./u);
  });

  it('adds nothing when every probe was where its profile says', () => {
    expect(decide({ ...measurement(), probes: [found(ane), found(gpu)] }, run(), gates).notes).toEqual([]);
  });
});
