import { describe, expect, it } from 'vitest';

import { measure, type MeasureInput } from '../src/analysis/measure.js';
import { locationKey, probeBreakpoints } from '../src/analysis/predictions.js';
import { BUILT_IN_PROFILES } from '../src/profiles/built-in.js';
import { mergeProfiles, type Probe } from '../src/profiles/profile.js';
import { parseTranscript } from '../src/probe/transcript.js';
import { applePaste, recordedTranscript } from './support/transcripts.js';

const flags = { timedOut: false, idleStopped: false, profileName: 'espresso' };
const auto = () => mergeProfiles('auto', [BUILT_IN_PROFILES.espresso, BUILT_IN_PROFILES.e5rt]).probes;

for (const lldb of ['lldb14', 'lldb19']) {
  describe(`measure on ${lldb} recordings`, () => {
    for (const run of ['window-complete', 'window-complete-driven']) {
      it(`counts each of 3 predictions of ane=2,gpu=1,cpu=3 from its snapshots (${run})`, () => {
        const result = measure({ probes: BUILT_IN_PROFILES.espresso.probes, transcript: recordedTranscript(`${lldb}-${run}`), warmup: 1, predictions: 3, ...flags });
        expect(result?.windowEnd).toBe('next-prediction');
        // Two nested prediction probes fire in every prediction: 9 snapshots are 5 predictions, not 9.
        expect(result?.predictions).toEqual({ observed: 5, warmup: 1, counted: 3, requested: 3 });
        expect(result?.engines).toEqual({
          // -[_ANEModel program] once, ANERuntimeEngine twice in each of 4 predictions
          ane: { dispatches: 6, minPerPrediction: 2, maxPerPrediction: 2, markers: 9, resolved: true },
          gpu: { dispatches: 3, minPerPrediction: 1, maxPerPrediction: 1, markers: 0, resolved: true },
          cpu: { dispatches: 9, minPerPrediction: 3, maxPerPrediction: 3, markers: 0, resolved: true },
        });
        expect(result?.runtimes).toEqual([{ name: 'espresso', predictions: 3, dispatches: { ane: 6, gpu: 3, cpu: 9 } }]);
      });
    }

    it('counts the CPU work of a regex probe at its 10th location and after, and leaves its unresolved locations out', () => {
      const result = measure({ probes: BUILT_IN_PROFILES.espresso.probes, transcript: recordedTranscript(`${lldb}-many-locations`), warmup: 1, predictions: 3, ...flags });
      expect(result?.engines.cpu).toEqual({ dispatches: 9, minPerPrediction: 3, maxPerPrediction: 3, markers: 0, resolved: true });
      expect(result?.engines.ane.dispatches).toBe(6);
      expect(result?.probes[6]).toMatchObject({ locations: 10, hits: 6, totalHits: 8 });
      expect(result?.probes[6]?.functions.slice(0, 3)).toEqual([
        { name: 'Espresso::elementwise_kernel_cpu::__launch(int)', module: 'Espresso', hits: 3, totalHits: 4 },
        { name: 'Espresso::pool_kernel_cpu::__launch(int)', module: 'Espresso', hits: 3, totalHits: 4 },
        { name: 'Espresso::batchnorm_kernel_cpu::__launch(int)', module: 'Espresso', hits: 0, totalHits: 0 },
      ]);
      expect(result?.probes[6]?.functions.map((fn) => fn.name)).not.toContain('Espresso::activation_kernel_cpu::__launch(int)');
    });

    it('reports each function of a regex probe with its window and total hits', () => {
      const result = measure({ probes: BUILT_IN_PROFILES.espresso.probes, transcript: recordedTranscript(`${lldb}-window-complete`), warmup: 1, predictions: 3, ...flags });
      expect(result?.probes[5]?.functions).toEqual([
        { name: 'Espresso::BNNSEngine::convolution_kernel::__launch(int)', module: 'Espresso', hits: 3, totalHits: 4 },
        { name: 'Espresso::BNNSEngine::inner_product_kernel::__launch(int)', module: 'Espresso', hits: 0, totalHits: 0 },
      ]);
      expect(result?.probes[4]).toMatchObject({ locations: 0, hits: 0 }); // MetalLowmemEngine: not in the fixture
    });

    it('counts a batch of two as two predictions, and what ran before an early exit', () => {
      const result = measure({ probes: BUILT_IN_PROFILES.e5rt.probes, transcript: recordedTranscript(`${lldb}-exit-early`), warmup: 1, predictions: 5, ...flags, profileName: 'e5rt' });
      expect(result?.windowEnd).toBe('exit');
      // The batch entry and the single entry it calls fire together for the batch's first input.
      expect(result?.predictions).toEqual({ observed: 4, warmup: 1, counted: 3, requested: 5 });
      expect(result?.engines.ane).toMatchObject({ dispatches: 6, minPerPrediction: 2, maxPerPrediction: 2 });
    });

    it('counts the ANE of a classic run once with auto, though the direct evaluate (E5RT) fires inside it', () => {
      const result = measure({ probes: auto(), transcript: recordedTranscript(`${lldb}-auto-espresso`), warmup: 1, predictions: 3, ...flags, profileName: 'auto' });
      expect(result?.predictions.counted).toBe(3);
      expect(result?.engines.ane).toMatchObject({ dispatches: 6, minPerPrediction: 2, maxPerPrediction: 2 });
      expect(result?.engines.cpu.dispatches).toBe(3);
      expect(result?.runtimes).toEqual([{ name: 'espresso', predictions: 3, dispatches: { ane: 6, gpu: 0, cpu: 3 } }]);
      expect(result?.uncounted).toEqual([
        { probe: expect.objectContaining({ symbol: '-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]' }), hits: 6, servedBy: ['espresso'] },
      ]);
    });

    it('has nothing to measure without a final snapshot', () => {
      expect(measure({ probes: BUILT_IN_PROFILES.espresso.probes, transcript: recordedTranscript(`${lldb}-refused-regex`), warmup: 1, predictions: 3, ...flags })).toBeUndefined();
    });
  });
}

describe('measure on Xcode LLDB output', () => {
  it('reads the arm64 E5RT run the same way', () => {
    const result = measure({ probes: BUILT_IN_PROFILES.e5rt.probes, transcript: recordedTranscript('xcode-e5rt-window-complete'), warmup: 1, predictions: 2, ...flags, profileName: 'e5rt' });
    expect(result?.predictions.counted).toBe(2);
    expect(result?.engines.ane).toMatchObject({ dispatches: 6, minPerPrediction: 3, maxPerPrediction: 3 });
    expect(result?.engines.gpu.dispatches).toBe(2);
    expect(result?.engines.cpu.dispatches).toBe(4);
  });

  it('does not count the last prediction before a crash, which may not have completed', () => {
    const result = measure({ probes: BUILT_IN_PROFILES.e5rt.probes, transcript: recordedTranscript('xcode-e5rt-crash'), warmup: 1, predictions: 5, ...flags, profileName: 'e5rt' });
    expect(result?.windowEnd).toBe('crash');
    expect(result?.predictions).toMatchObject({ observed: 3, counted: 1 });
  });
});

/**
 * A transcript from hit counts: each moment lists, per probe, its locations' hit counts. The moments are
 * the snapshots at prediction-probe hits; the last is the final snapshot.
 */
function transcriptOf(moments: Record<string, number>[][], end = 'Process 9 exited with status = 0 (0x00000000)') {
  const list = (counts: Record<string, number>[]) =>
    counts.flatMap((perLocation, index) => [
      `${index + 1}: name = 'f${index}', locations = ${Object.keys(perLocation).length}, resolved = 1, hit count = 0`,
      '  Names:',
      `    ane_check_probe_${index}`,
      '',
      // An address ending in ! is a location LLDB lists as unresolved.
      ...Object.entries(perLocation).map(([key, hits], n) => {
        const address = key.replace(/!$/u, '');
        return `  ${index + 1}.${n + 1}: where = lib\`fn_${address}(), address = ${address}, ${key.endsWith('!') ? 'unresolved' : 'resolved'}, hit count = ${hits}`;
      }),
    ]);
  const snapshots = moments.slice(0, -1).flatMap((counts) => ['(lldb)  snap', ...list(counts)]);
  const stdout = ['(lldb) process launch', ...snapshots, end, '(lldb) final', ...list(moments.at(-1)!)].join('\n');
  return parseTranscript(stdout, '', { predictionSnapshot: 'snap', finalSnapshot: 'final', startCommand: 'process launch' });
}

/** `measure` over `transcriptOf(moments, end)`, with a window of 2 predictions and no warm-up unless `window` says. */
function measureOf(probes: Probe[], moments: Record<string, number>[][], window: Partial<MeasureInput> = {}, end?: string) {
  return measure({ probes, transcript: transcriptOf(moments, end), warmup: 0, predictions: 2, timedOut: false, idleStopped: false, profileName: 'p', ...window });
}

describe('measure: predictions from prediction-probe hits', () => {
  const outer: Probe = { role: 'prediction', symbol: 'outer' };
  const inner: Probe = { role: 'prediction', symbol: 'inner' };
  const ane: Probe = { engine: 'ane', role: 'dispatch', symbol: 'ane' };
  const cpu: Probe = { engine: 'cpu', role: 'dispatch', symbol: 'cpu' };

  it('counts an entry that calls another as one prediction', () => {
    // outer, inner, 2 ANE; outer, inner, 2 ANE.
    const result = measureOf([outer, inner, ane], [
      [{ '0x1': 1 }, { '0x2': 0 }, { '0xa': 0 }],
      [{ '0x1': 1 }, { '0x2': 1 }, { '0xa': 0 }],
      [{ '0x1': 2 }, { '0x2': 1 }, { '0xa': 2 }],
      [{ '0x1': 2 }, { '0x2': 2 }, { '0xa': 2 }],
      [{ '0x1': 2 }, { '0x2': 2 }, { '0xa': 4 }],
    ]);
    expect(result?.predictions).toMatchObject({ observed: 2, counted: 2 });
    expect(result?.engines.ane).toMatchObject({ dispatches: 4, minPerPrediction: 2, maxPerPrediction: 2 });
  });

  it('counts two entries that alternate, with work between them, as two predictions each', () => {
    const result = measureOf([outer, inner, ane], [
      [{ '0x1': 1 }, { '0x2': 0 }, { '0xa': 0 }],
      [{ '0x1': 1 }, { '0x2': 1 }, { '0xa': 1 }],
      [{ '0x1': 2 }, { '0x2': 1 }, { '0xa': 2 }],
      [{ '0x1': 2 }, { '0x2': 2 }, { '0xa': 3 }],
      [{ '0x1': 2 }, { '0x2': 2 }, { '0xa': 4 }],
    ], { predictions: 4 });
    expect(result?.predictions).toMatchObject({ observed: 4, counted: 4 });
    expect(result?.engines.ane).toMatchObject({ dispatches: 4, minPerPrediction: 1, maxPerPrediction: 1 });
  });

  it('counts the same entry twice in a row as two predictions, even with no work between', () => {
    const result = measureOf([outer, ane], [
      [{ '0x1': 1 }, { '0xa': 0 }],
      [{ '0x1': 2 }, { '0xa': 0 }],
      [{ '0x1': 2 }, { '0xa': 1 }],
    ]);
    expect(result?.predictions).toMatchObject({ observed: 2, counted: 2 });
    expect(result?.engines.ane).toMatchObject({ dispatches: 1, minPerPrediction: 0, maxPerPrediction: 1 });
  });

  it('reports the spread of an engine whose dispatches differ between predictions', () => {
    const result = measureOf([outer, ane, cpu], [
      [{ '0x1': 1 }, { '0xa': 0 }, { '0xc': 0 }],
      [{ '0x1': 2 }, { '0xa': 2 }, { '0xc': 1 }],
      [{ '0x1': 3 }, { '0xa': 4 }, { '0xc': 3 }],
      [{ '0x1': 3 }, { '0xa': 6 }, { '0xc': 4 }],
    ], { predictions: 3 });
    expect(result?.engines.ane).toMatchObject({ dispatches: 6, minPerPrediction: 2, maxPerPrediction: 2 });
    expect(result?.engines.cpu).toMatchObject({ dispatches: 4, minPerPrediction: 1, maxPerPrediction: 2 });
  });

  it('counts a function matched by two dispatch probes once', () => {
    const result = measureOf([outer, cpu, { engine: 'cpu', role: 'dispatch', regex: '^cpu' }], [
      [{ '0x1': 1 }, { '0xc': 0 }, { '0xc': 0 }],
      [{ '0x1': 2 }, { '0xc': 3 }, { '0xc': 3 }],
      [{ '0x1': 2 }, { '0xc': 5 }, { '0xc': 5 }],
    ]);
    expect(result?.engines.cpu.dispatches).toBe(5);
    expect(result?.sharedFunctions).toEqual(['fn_0xc()']);
  });

  it('points out two ANE dispatch probes that fire equally often in every prediction (one may call the other)', () => {
    const direct: Probe = { engine: 'ane', role: 'dispatch', symbol: 'direct' };
    const moments: Record<string, number>[][] = [
      [{ '0x1': 1 }, { '0xa': 0 }, { '0xd': 0 }],
      [{ '0x1': 2 }, { '0xa': 2 }, { '0xd': 2 }],
      [{ '0x1': 2 }, { '0xa': 4 }, { '0xd': 4 }],
    ];
    expect(measureOf([outer, ane, direct], moments)?.aneTwins).toEqual([[ane, direct]]);
    const apart: Record<string, number>[][] = [moments[0]!, [{ '0x1': 2 }, { '0xa': 2 }, { '0xd': 1 }], [{ '0x1': 2 }, { '0xa': 4 }, { '0xd': 1 }]];
    expect(measureOf([outer, ane, direct], apart)?.aneTwins).toEqual([]);
  });

  it('does not count a last prediction that never completed', () => {
    const probes = [outer, ane];
    const moments: Record<string, number>[][] = [[{ '0x1': 1 }, { '0xa': 0 }], [{ '0x1': 2 }, { '0xa': 2 }], [{ '0x1': 2 }, { '0xa': 3 }]];
    const crashed = measureOf(probes, moments, {}, '* thread #1, stop reason = signal SIGSEGV: invalid address (fault address: 0x0)');
    expect(crashed?.predictions).toMatchObject({ observed: 2, counted: 1 });
    expect(crashed?.engines.ane.dispatches).toBe(2);
  });
});

describe('measure: which probes count', () => {
  const outer: Probe = { role: 'prediction', symbol: 'outer' };
  const ane: Probe = { engine: 'ane', role: 'dispatch', symbol: 'ane' };
  const cpu: Probe = { engine: 'cpu', role: 'dispatch', symbol: 'cpu' };

  it('never counts the hits of a prediction probe as dispatches, even one that names an engine', () => {
    const predictionOnCpu: Probe = { engine: 'cpu', role: 'prediction', symbol: 'predict' };
    const result = measureOf([predictionOnCpu, ane, cpu], [
      [{ '0x1': 1 }, { '0xa': 0 }, { '0xc': 0 }],
      [{ '0x1': 2 }, { '0xa': 2 }, { '0xc': 1 }],
      [{ '0x1': 2 }, { '0xa': 4 }, { '0xc': 2 }],
    ]);
    expect(result?.predictions.counted).toBe(2);
    expect(result?.engines.cpu).toMatchObject({ dispatches: 2, minPerPrediction: 1, maxPerPrediction: 1 });
    expect(result?.engines.ane.dispatches).toBe(4);
  });

  it('does not take an engine whose dispatch probe has only unresolved locations for resolved', () => {
    const result = measureOf([outer, ane, cpu], [
      [{ '0x1': 1 }, { '0xa!': 0 }, { '0xc': 0 }],
      [{ '0x1': 2 }, { '0xa!': 0 }, { '0xc': 1 }],
      [{ '0x1': 2 }, { '0xa!': 0 }, { '0xc': 2 }],
    ]);
    expect(result?.engines.ane).toMatchObject({ dispatches: 0, resolved: false });
    expect(result?.engines.cpu).toMatchObject({ dispatches: 2, resolved: true });
    expect(result?.probes[1]).toMatchObject({ locations: 0, functions: [] });
    expect(result?.probes[2]).toMatchObject({ locations: 1, hits: 2, totalHits: 2 });
  });

  it('takes an engine for resolved when one location of one of its dispatch probes is', () => {
    const direct: Probe = { engine: 'ane', role: 'dispatch', symbol: 'direct' };
    const result = measureOf([outer, ane, direct, cpu], [
      [{ '0x1': 1 }, { '0xa!': 0 }, { '0xd!': 0, '0xe': 0 }, { '0xc': 0 }],
      [{ '0x1': 2 }, { '0xa!': 0 }, { '0xd!': 0, '0xe': 1 }, { '0xc': 1 }],
      [{ '0x1': 2 }, { '0xa!': 0 }, { '0xd!': 0, '0xe': 2 }, { '0xc': 2 }],
    ]);
    expect(result?.engines.ane).toMatchObject({ dispatches: 2, resolved: true });
    expect(result?.probes[2]).toMatchObject({ locations: 1, hits: 2 });
  });

  it('does not take a marker or a prediction probe that resolved for a resolved engine', () => {
    const marker: Probe = { engine: 'gpu', role: 'marker', symbol: 'gpu-marker' };
    const predictionOnGpu: Probe = { engine: 'gpu', role: 'prediction', symbol: 'predict' };
    const result = measureOf([predictionOnGpu, marker, cpu], [
      [{ '0x1': 1 }, { '0xb': 0 }, { '0xc': 0 }],
      [{ '0x1': 2 }, { '0xb': 3 }, { '0xc': 1 }],
      [{ '0x1': 2 }, { '0xb': 5 }, { '0xc': 2 }],
    ]);
    expect(result?.engines.gpu).toEqual({ dispatches: 0, minPerPrediction: 0, maxPerPrediction: 0, markers: 5, resolved: false });
  });

  it('adds the hits of every marker of an engine over the whole run, and of no other engine', () => {
    const markers: Probe[] = [
      { engine: 'ane', role: 'marker', symbol: 'm1' },
      { engine: 'ane', role: 'marker', regex: '^m2' },
      { engine: 'cpu', role: 'marker', symbol: 'm3' },
    ];
    const result = measureOf([outer, ane, ...markers], [
      [{ '0x1': 1 }, { '0xa': 0 }, { '0xm1': 1 }, { '0xm2': 0, '0xm22': 0 }, { '0xm3': 0 }],
      [{ '0x1': 2 }, { '0xa': 1 }, { '0xm1': 1 }, { '0xm2': 2, '0xm22': 3 }, { '0xm3': 7 }],
      [{ '0x1': 2 }, { '0xa': 2 }, { '0xm1': 1 }, { '0xm2': 2, '0xm22': 3 }, { '0xm3': 7 }],
    ]);
    expect(result?.engines.ane.markers).toBe(6);
    expect(result?.engines.cpu.markers).toBe(7);
    expect(result?.engines.gpu.markers).toBe(0);
    expect(result?.engines.ane.dispatches).toBe(2);
  });

  it('has no spread when nothing was counted', () => {
    const result = measureOf([outer, ane], [[{ '0x1': 1 }, { '0xa': 0 }], [{ '0x1': 1 }, { '0xa': 2 }]], { warmup: 1 });
    expect(result?.predictions).toEqual({ observed: 1, warmup: 1, counted: 0, requested: 2 });
    expect(result?.windowOpened).toBe(false);
    expect(result?.engines.ane).toEqual({ dispatches: 0, minPerPrediction: null, maxPerPrediction: null, markers: 0, resolved: true });
  });

  it('opens the window with the first prediction after the warm-up, and counts no more than asked', () => {
    const moments: Record<string, number>[][] = [
      [{ '0x1': 1 }, { '0xa': 0 }],
      [{ '0x1': 2 }, { '0xa': 5 }],
      [{ '0x1': 3 }, { '0xa': 6 }],
      [{ '0x1': 4 }, { '0xa': 8 }],
      [{ '0x1': 4 }, { '0xa': 11 }],
    ];
    const result = measureOf([outer, ane], moments, { warmup: 1, predictions: 2 });
    expect(result?.windowOpened).toBe(true);
    expect(result?.predictions).toEqual({ observed: 4, warmup: 1, counted: 2, requested: 2 });
    // Warm-up 5, counted 1 and 2, then 3 after the window.
    expect(result?.engines.ane).toMatchObject({ dispatches: 3, minPerPrediction: 1, maxPerPrediction: 2 });
    expect(result?.probes[1]).toMatchObject({ hits: 3, totalHits: 11 });
  });

  it('lists the functions of a probe by hits in the window, then over the run, then by name, with their module', () => {
    const result = measureOf([outer, cpu], [
      [{ '0x1': 1 }, { '0xb': 0, '0xa': 0, '0xd': 0, '0xc': 0 }],
      [{ '0x1': 1 }, { '0xb': 1, '0xa': 1, '0xd': 3, '0xc': 1 }],
    ], { predictions: 1 });
    expect(result?.probes[1]?.functions).toEqual([
      { name: 'fn_0xd()', module: 'lib', hits: 3, totalHits: 3 },
      { name: 'fn_0xa()', module: 'lib', hits: 1, totalHits: 1 },
      { name: 'fn_0xb()', module: 'lib', hits: 1, totalHits: 1 },
      { name: 'fn_0xc()', module: 'lib', hits: 1, totalHits: 1 },
    ]);
  });
});

/** A run of `outer` (prediction, probe 0, breakpoint 1, window-end twin breakpoint 2) and `ane` (probe 1, breakpoint 3). */
function windowTranscript(aneHits: number[], end: string[]) {
  const list = (predictions: number, hits: number) => [
    `1: name = 'outer', locations = 1, resolved = 1, hit count = ${predictions}`,
    '  Names:',
    '    ane_check_counted',
    '    ane_check_probe_0',
    '',
    `  1.1: where = lib\`outer(), address = 0x1, resolved, hit count = ${predictions}`,
    '',
    `2: name = 'outer', locations = 1, resolved = 1, hit count = ${predictions}`,
    '  Names:',
    '    ane_check_window_end',
    '',
    `  2.1: where = lib\`outer(), address = 0x1, resolved, hit count = ${predictions}`,
    '',
    `3: name = 'ane', locations = 1, resolved = 1, hit count = ${hits}`,
    '  Names:',
    '    ane_check_counted',
    '    ane_check_probe_1',
    '',
    `  3.1: where = lib\`ane(), address = 0xa, resolved, hit count = ${hits}`,
  ];
  // A snapshot at each prediction's entry, with the hits of the ones before it.
  const snapshots = aneHits.slice(0, -1).flatMap((hits, index) => ['(lldb)  snap', ...list(index + 1, hits)]);
  const stdout = ['(lldb) process launch', ...snapshots, ...end, '(lldb) final', ...list(aneHits.length - 1, aneHits.at(-1)!)].join('\n');
  return parseTranscript(stdout, '', { predictionSnapshot: 'snap', finalSnapshot: 'final', startCommand: 'process launch' });
}

describe('measure: how the window ended', () => {
  const probes: Probe[] = [
    { role: 'prediction', symbol: 'outer' },
    { engine: 'ane', role: 'dispatch', symbol: 'ane' },
  ];
  // Three predictions of 2 ANE dispatches each, then 1 in a fourth.
  const hits = [0, 2, 4, 6, 7];
  const measureWith = (end: string[], flags: { timedOut?: boolean; idleStopped?: boolean } = {}) =>
    measure({ probes, transcript: windowTranscript(hits, end), warmup: 0, predictions: 4, timedOut: false, idleStopped: false, profileName: 'p', ...flags });

  it.each([
    ['the stop at the window-end twin', ['Process 9 stopped', '* thread #1, stop reason = breakpoint 1.1 2.1'], {}, 'next-prediction', 3],
    ['an exit', ['Process 9 exited with status = 0 (0x00000000)'], {}, 'exit', 4],
    ['a crash', ['Process 9 stopped', '* thread #1, stop reason = signal SIGSEGV: invalid address (fault address: 0x0)'], {}, 'crash', 3],
    // What Apple's LLDB printed for an iOS app killed for its memory (the last line of the paste): in the middle of a prediction, maybe.
    ['a kill', [applePaste('13-ios-deploy-thalitest-exit-memory-issue').trimEnd().split('\n').at(-1)!], {}, 'killed', 3],
    ['the timeout', [], { timedOut: true }, 'timeout', 3],
    ['the stop of an idle app', ['Process 9 stopped', '* thread #1, stop reason = signal SIGSTOP'], { idleStopped: true }, 'idle', 4],
    ['a stop nobody asked for', ['Process 9 stopped', '* thread #1, stop reason = signal SIGSTOP'], {}, 'unknown', 3],
    ['a stop at a probe, not at the window end', ['Process 9 stopped', '* thread #1, stop reason = breakpoint 3.1'], {}, 'unknown', 3],
    ['no event at all, though the app was idle', [], { idleStopped: true }, 'unknown', 3],
  ] as const)('reads %s, and counts the last prediction only when the app ended or went idle after it', (_, end, flags, windowEnd, counted) => {
    const result = measureWith([...end], flags);
    expect(result?.windowEnd).toBe(windowEnd);
    expect(result?.predictions).toMatchObject({ observed: 4, counted });
    expect(result?.engines.ane.dispatches).toBe(counted === 4 ? 7 : 6);
  });

  it('takes the timeout over a stop that the session sent when time ran out', () => {
    expect(measureWith(['Process 9 stopped', '* thread #1, stop reason = signal SIGSTOP'], { timedOut: true, idleStopped: true })?.windowEnd).toBe('timeout');
  });

  it('takes an exit over the timeout, and a crash and a kill too', () => {
    expect(measureWith(['Process 9 exited with status = 0 (0x00000000)'], { timedOut: true })?.windowEnd).toBe('exit');
    expect(measureWith(['Process 9 stopped', '* thread #1, stop reason = signal SIGABRT'], { timedOut: true })?.windowEnd).toBe('crash');
    expect(measureWith(['Process 9 exited with status = 0 (0x00000000) Terminated due to signal 9'], { timedOut: true })?.windowEnd).toBe('killed');
  });

  it('counts a whole window when the app was killed after the prediction that follows it had begun', () => {
    const result = measure({ probes, transcript: windowTranscript(hits, ['Process 9 exited with status = 0 (0x00000000) Terminated due to signal 9']), warmup: 0, predictions: 3, timedOut: false, idleStopped: false, profileName: 'p' });
    expect(result?.windowEnd).toBe('killed');
    expect(result?.predictions).toEqual({ observed: 4, warmup: 0, counted: 3, requested: 3 });
    expect(result?.engines.ane.dispatches).toBe(6);
  });
});

describe('measure: runtimes (auto)', () => {
  const espressoEntry: Probe = { role: 'prediction', symbol: 'nn', runtimes: ['espresso'] };
  const e5rtEntry: Probe = { role: 'prediction', symbol: 'e5', runtimes: ['e5rt'] };
  const classicAne: Probe = { engine: 'ane', role: 'dispatch', symbol: 'evaluate', runtimes: ['espresso'] };
  const directAne: Probe = { engine: 'ane', role: 'dispatch', symbol: 'direct', runtimes: ['e5rt'] };
  const sharedCpu: Probe = { engine: 'cpu', role: 'dispatch', symbol: 'cpu', runtimes: ['espresso', 'e5rt'] };
  const ownCpu: Probe = { engine: 'cpu', role: 'dispatch', symbol: 'own' };

  it('counts each prediction with the probes of the runtime that served it, and names the hits left out', () => {
    // An espresso prediction (its evaluate calls the direct one), then an E5RT one.
    const result = measureOf([espressoEntry, e5rtEntry, classicAne, directAne, sharedCpu, ownCpu], [
      [{ '0x1': 1 }, { '0x2': 0 }, { '0xa': 0 }, { '0xd': 0 }, { '0xc': 0 }, { '0xo': 0 }],
      [{ '0x1': 1 }, { '0x2': 1 }, { '0xa': 2 }, { '0xd': 2 }, { '0xc': 1 }, { '0xo': 1 }],
      [{ '0x1': 1 }, { '0x2': 1 }, { '0xa': 2 }, { '0xd': 5 }, { '0xc': 3 }, { '0xo': 2 }],
    ]);
    expect(result?.predictions.counted).toBe(2);
    expect(result?.runtimes).toEqual([
      { name: 'espresso', predictions: 1, dispatches: { ane: 2, gpu: 0, cpu: 2 } },
      { name: 'e5rt', predictions: 1, dispatches: { ane: 3, gpu: 0, cpu: 3 } },
    ]);
    expect(result?.engines.ane).toMatchObject({ dispatches: 5, minPerPrediction: 2, maxPerPrediction: 3 });
    expect(result?.uncounted).toEqual([{ probe: directAne, hits: 2, servedBy: ['espresso'] }]);
  });

  it('adds up what a probe left out over several predictions, naming each runtime once', () => {
    const result = measureOf([espressoEntry, classicAne, directAne], [
      [{ '0x1': 1 }, { '0xa': 0 }, { '0xd': 0 }],
      [{ '0x1': 2 }, { '0xa': 1 }, { '0xd': 1 }],
      [{ '0x1': 2 }, { '0xa': 2 }, { '0xd': 3 }],
    ]);
    expect(result?.uncounted).toEqual([{ probe: directAne, hits: 3, servedBy: ['espresso'] }]);
    expect(result?.engines.ane.dispatches).toBe(2);
  });

  it('names the profile as the runtime of probes that say none', () => {
    const result = measureOf([{ role: 'prediction', symbol: 'p' }, ownCpu], [
      [{ '0x1': 1 }, { '0xo': 0 }],
      [{ '0x1': 2 }, { '0xo': 1 }],
      [{ '0x1': 2 }, { '0xo': 2 }],
    ], { profileName: 'mine' });
    expect(result?.runtimes).toEqual([{ name: 'mine', predictions: 2, dispatches: { ane: 0, gpu: 0, cpu: 2 } }]);
    expect(result?.uncounted).toEqual([]);
  });
});

describe('splitPredictions and its keys', () => {
  it('keys a location by its address, or by its module and function when LLDB gave none', () => {
    expect(locationKey({ id: '1.1', module: 'Espresso', functionName: 'f(int)', address: '0x10', resolved: true, hitCount: 0 })).toBe('0x10');
    expect(locationKey({ id: '1.1', module: 'Espresso', functionName: 'f(int)', resolved: true, hitCount: 0 })).toBe('Espresso`f(int)');
    expect(locationKey({ id: '1.1', functionName: 'f(int)', resolved: true, hitCount: 0 })).toBe('`f(int)');
  });

  it('finds no probe breakpoint in a snapshot that is not there', () => {
    expect(probeBreakpoints(undefined, 0)).toEqual([]);
  });

  it('has no prediction when no prediction probe fired, and the run counts none', () => {
    const result = measureOf([{ role: 'prediction', symbol: 'p' }, { engine: 'ane', role: 'dispatch', symbol: 'a' }], [[{ '0x1': 0 }, { '0xa': 3 }]], { predictions: 1 });
    expect(result?.predictions).toEqual({ observed: 0, warmup: 0, counted: 0, requested: 1 });
    expect(result?.engines.ane).toMatchObject({ dispatches: 0, minPerPrediction: null, resolved: true });
  });

  it('starts a new prediction when an entry already in the current one fires again, even alongside another', () => {
    const outer: Probe = { role: 'prediction', symbol: 'outer' };
    const inner: Probe = { role: 'prediction', symbol: 'inner' };
    const ane: Probe = { engine: 'ane', role: 'dispatch', symbol: 'ane' };
    // outer opens a prediction with no dispatch yet; then outer and inner fire before the next snapshot.
    const result = measureOf([outer, inner, ane], [
      [{ '0x1': 1 }, { '0x2': 0 }, { '0xa': 0 }],
      [{ '0x1': 2 }, { '0x2': 1 }, { '0xa': 0 }],
      [{ '0x1': 2 }, { '0x2': 1 }, { '0xa': 2 }],
    ]);
    expect(result?.predictions).toMatchObject({ observed: 2, counted: 2 });
    expect(result?.engines.ane).toMatchObject({ minPerPrediction: 0, maxPerPrediction: 2 });
  });

  it('counts a prediction whose entry calls one of another runtime with the probes of both', () => {
    const classic: Probe = { role: 'prediction', symbol: 'nn', runtimes: ['espresso'] };
    const e5: Probe = { role: 'prediction', symbol: 'e5', runtimes: ['e5rt'] };
    const direct: Probe = { engine: 'ane', role: 'dispatch', symbol: 'direct', runtimes: ['e5rt'] };
    // Each prediction enters nn, then e5, then dispatches once on the ANE.
    const result = measureOf([classic, e5, direct], [
      [{ '0x1': 1 }, { '0x2': 0 }, { '0xd': 0 }],
      [{ '0x1': 1 }, { '0x2': 1 }, { '0xd': 0 }],
      [{ '0x1': 2 }, { '0x2': 1 }, { '0xd': 1 }],
      [{ '0x1': 2 }, { '0x2': 2 }, { '0xd': 1 }],
      [{ '0x1': 2 }, { '0x2': 2 }, { '0xd': 2 }],
    ]);
    expect(result?.predictions).toMatchObject({ observed: 2, counted: 2 });
    expect(result?.engines.ane.dispatches).toBe(2);
    expect(result?.uncounted).toEqual([]);
    expect(result?.runtimes.map((runtime) => [runtime.name, runtime.predictions])).toEqual([
      ['espresso', 2],
      ['e5rt', 2],
    ]);
  });
});

describe('measure: twins and odd lists', () => {
  const outer: Probe = { role: 'prediction', symbol: 'outer' };
  const ane: Probe = { engine: 'ane', role: 'dispatch', symbol: 'ane' };
  const direct: Probe = { engine: 'ane', role: 'dispatch', symbol: 'direct' };

  it('finds no twin in an ANE probe with several locations, nor between GPU and CPU probes', () => {
    const regexAne: Probe = { engine: 'ane', role: 'dispatch', regex: '^ane' };
    const gpu: Probe = { engine: 'gpu', role: 'dispatch', symbol: 'gpu' };
    const cpu: Probe = { engine: 'cpu', role: 'dispatch', symbol: 'cpu' };
    const result = measureOf([outer, regexAne, gpu, cpu], [
      [{ '0x1': 1 }, { '0xa': 0, '0xb': 0 }, { '0xg': 0 }, { '0xc': 0 }],
      [{ '0x1': 2 }, { '0xa': 1, '0xb': 2 }, { '0xg': 1 }, { '0xc': 1 }],
      [{ '0x1': 2 }, { '0xa': 2, '0xb': 4 }, { '0xg': 2 }, { '0xc': 2 }],
    ]);
    expect(result?.engines.ane.dispatches).toBe(6);
    expect(result?.aneTwins).toEqual([]);
  });

  it('takes no ANE probe for a twin by a function it shares with another, which is counted once', () => {
    const result = measureOf([outer, ane, direct], [
      [{ '0x1': 1 }, { '0xa': 0 }, { '0xa': 0, '0xd': 0 }],
      [{ '0x1': 2 }, { '0xa': 2 }, { '0xa': 2, '0xd': 0 }],
      [{ '0x1': 2 }, { '0xa': 4 }, { '0xa': 4, '0xd': 0 }],
    ]);
    expect(result?.sharedFunctions).toEqual(['fn_0xa()']);
    expect(result?.engines.ane.dispatches).toBe(4);
    expect(result?.aneTwins).toEqual([]);
  });

  it('finds no twins that fired equally in one prediction only, or never, or in no counted prediction', () => {
    const once = measureOf([outer, ane, direct], [
      [{ '0x1': 1 }, { '0xa': 0 }, { '0xd': 0 }],
      [{ '0x1': 2 }, { '0xa': 2 }, { '0xd': 2 }],
      [{ '0x1': 2 }, { '0xa': 4 }, { '0xd': 3 }],
    ]);
    expect(once?.aneTwins).toEqual([]);
    const never = measureOf([outer, ane, direct, { engine: 'cpu', role: 'dispatch', symbol: 'cpu' }], [
      [{ '0x1': 1 }, { '0xa': 0 }, { '0xd': 0 }, { '0xc': 0 }],
      [{ '0x1': 2 }, { '0xa': 0 }, { '0xd': 0 }, { '0xc': 1 }],
      [{ '0x1': 2 }, { '0xa': 0 }, { '0xd': 0 }, { '0xc': 2 }],
    ]);
    expect(never?.aneTwins).toEqual([]);
    const uncounted = measureOf([outer, ane, direct], [[{ '0x1': 1 }, { '0xa': 0 }, { '0xd': 0 }], [{ '0x1': 1 }, { '0xa': 2 }, { '0xd': 2 }]], { warmup: 1 });
    expect(uncounted?.predictions.counted).toBe(0);
    expect(uncounted?.aneTwins).toEqual([]);
  });

  it('counts nothing of a prediction that broke off at its start, the first one of the window', () => {
    const moments: Record<string, number>[][] = [[{ '0x1': 1 }, { '0xa': 0 }], [{ '0x1': 2 }, { '0xa': 2 }], [{ '0x1': 2 }, { '0xa': 3 }]];
    const result = measureOf([outer, ane], moments, { warmup: 1, predictions: 3 }, '* thread #1, stop reason = signal SIGSEGV');
    expect(result?.windowEnd).toBe('crash');
    expect(result?.predictions).toMatchObject({ observed: 2, counted: 0 });
    expect(result?.engines.ane.dispatches).toBe(0);
  });

  it('takes a probe that the final list lacks for unresolved, with no functions and no hits', () => {
    const cpu: Probe = { engine: 'cpu', role: 'dispatch', symbol: 'cpu' };
    const gpu: Probe = { engine: 'gpu', role: 'dispatch', symbol: 'gpu' };
    // The lists name probes 0 and 1 only.
    const result = measureOf([outer, ane, cpu, gpu], [
      [{ '0x1': 1 }, { '0xa': 0 }],
      [{ '0x1': 2 }, { '0xa': 1 }],
      [{ '0x1': 2 }, { '0xa': 2 }],
    ]);
    expect(result?.engines.ane.dispatches).toBe(2);
    expect(result?.engines.cpu).toEqual({ dispatches: 0, minPerPrediction: 0, maxPerPrediction: 0, markers: 0, resolved: false });
    expect(result?.probes[2]).toEqual({ probe: cpu, locations: 0, hits: 0, totalHits: 0, functions: [] });
    expect(result?.sharedFunctions).toEqual([]);
  });

  it('lists the function hit more in the window first, even when both were hit as often over the run', () => {
    const cpu: Probe = { engine: 'cpu', role: 'dispatch', regex: '^k' };
    const result = measureOf([outer, cpu], [
      [{ '0x1': 1 }, { '0xa': 0, '0xb': 0 }],
      [{ '0x1': 2 }, { '0xa': 4, '0xb': 1 }],
      [{ '0x1': 3 }, { '0xa': 4, '0xb': 3 }],
      [{ '0x1': 3 }, { '0xa': 4, '0xb': 4 }],
    ], { warmup: 1, predictions: 2 });
    expect(result?.probes[1]?.functions.map((fn) => [fn.name, fn.hits, fn.totalHits])).toEqual([
      ['fn_0xb()', 3, 4],
      ['fn_0xa()', 0, 4],
    ]);
  });
});

for (const lldb of ['lldb14', 'lldb19']) {
  describe(`measure on ${lldb} recordings of a run whose names moved`, () => {
    it('counts the E5RT run in the image it found them in, as where the profile names them, and says where', () => {
      const result = measure({ probes: BUILT_IN_PROFILES.e5rt.probes, transcript: recordedTranscript(`${lldb}-moved`), warmup: 1, predictions: 3, ...flags, profileName: 'e5rt' });
      expect(result?.windowEnd).toBe('next-prediction');
      expect(result?.predictions).toEqual({ observed: 5, warmup: 1, counted: 3, requested: 3 });
      expect(result?.engines.ane).toMatchObject({ dispatches: 9, minPerPrediction: 3, maxPerPrediction: 3, resolved: true });
      expect(result?.engines.gpu).toMatchObject({ dispatches: 3, minPerPrediction: 1, maxPerPrediction: 1 });
      expect(result?.engines.cpu).toMatchObject({ dispatches: 6, minPerPrediction: 2, maxPerPrediction: 2 });
      expect(result?.probes[0]).toMatchObject({ locations: 1, hits: 9, foundIn: ['CoreMLMoved'], functions: [{ module: 'CoreMLMoved', hits: 9 }] });
      // SubmitAsync is nowhere: unresolved, and found nowhere else.
      expect(result?.probes[4]).toEqual({ probe: BUILT_IN_PROFILES.e5rt.probes[4], locations: 0, hits: 0, totalHits: 0, functions: [] });
      expect(result?.probes.filter((probe) => probe.foundIn).length).toBe(11);
      expect(result?.runtimes).toEqual([{ name: 'e5rt', predictions: 3, dispatches: { ane: 9, gpu: 3, cpu: 6 } }]);
    });

    it('counts the prediction the fallback stop came in, driven and with no warm-up, whole', () => {
      const result = measure({ probes: BUILT_IN_PROFILES.espresso.probes, transcript: recordedTranscript(`${lldb}-moved-driven`), warmup: 0, predictions: 3, ...flags });
      expect(result?.windowEnd).toBe('next-prediction');
      expect(result?.predictions).toEqual({ observed: 4, warmup: 0, counted: 3, requested: 3 });
      expect(result?.engines.ane).toMatchObject({ dispatches: 6, minPerPrediction: 2, maxPerPrediction: 2 });
      expect(result?.engines.cpu).toMatchObject({ dispatches: 9, minPerPrediction: 3, maxPerPrediction: 3 });
      expect(result?.runtimes).toEqual([{ name: 'espresso', predictions: 3, dispatches: { ane: 6, gpu: 3, cpu: 9 } }]);
      // The inner prediction probe, set again at the stop, opens it too: nested entries need no help.
      expect(result?.probes[8]).toMatchObject({ foundIn: ['CoreMLMoved'], hits: 3 });
    });

    it('takes the fallback stop\'s listing for the snapshot of the prediction it stopped in, which the probes set again there miss', () => {
      const transcript = recordedTranscript(`${lldb}-moved`);
      const input = { probes: BUILT_IN_PROFILES.e5rt.probes, warmup: 1, predictions: 3, ...flags, profileName: 'e5rt' };
      expect(measure({ ...input, transcript })?.predictions.observed).toBe(5);
      const without = { ...transcript, fallback: undefined };
      // Without it the first prediction's work falls before the first snapshot, and the window is one late.
      expect(measure({ ...input, transcript: without })?.predictions.observed).toBe(4);
    });
  });
}

describe('measure: tallied breakpoints and probes with two breakpoints', () => {
  const prediction: Probe = { role: 'prediction', symbol: 'p', module: 'CoreML' };
  const gpu: Probe = { engine: 'gpu', role: 'dispatch', symbol: 'g', module: 'Espresso' };
  const ane: Probe = { engine: 'ane', role: 'dispatch', symbol: 'a', module: 'AppleNeuralEngine' };
  const markers = { predictionSnapshot: 'snap', predictionTally: 'tally', fallbackList: 'listing', finalSnapshot: 'final', startCommand: 'process launch' };
  /** A breakpoint listed in full, with its locations' hits by address and module. */
  const full = (id: number, names: string[], locations: [address: string, hits: number, module?: string][], description = `name = 'f${id}'`) => [
    `${id}: ${description}, locations = ${locations.length}${locations.length > 0 ? `, resolved = ${locations.length}, hit count = ${locations.reduce((sum, [, hits]) => sum + hits, 0)}` : ' (pending)'}`,
    '  Names:',
    ...names.map((name) => `    ${name}`),
    '',
    ...locations.map(([address, hits, module = 'M'], n) => `  ${id}.${n + 1}: where = ${module}\`fn_${address}(int), address = ${address}, resolved, hit count = ${hits}`),
    '',
  ];
  const tally = (id: number, hits: number, locations = 1) => `${id}: name = 'f${id}', locations = ${locations}, resolved = ${locations}, hit count = ${hits}`;
  const measured = (probes: Probe[], lines: string[], window: Partial<MeasureInput> = {}) =>
    measure({ probes, transcript: parseTranscript(['(lldb) process launch', ...lines].join('\n'), '', markers), warmup: 0, predictions: 2, timedOut: false, idleStopped: false, profileName: 'p', ...window });

  it('gives a tallied count to the breakpoint\'s one location, or to its one location that was ever hit', () => {
    // p (1), then g: one location (2), two of which one ran (3).
    const lines = [
      '(lldb)  tally', tally(1, 1), tally(2, 0), tally(3, 0, 2),
      '(lldb)  tally', tally(1, 2), tally(2, 2), tally(3, 1, 2),
      '(lldb)  tally', tally(1, 3), tally(2, 4), tally(3, 2, 2),
      'Process 9 exited with status = 0 (0x00000000)',
      '(lldb) final',
      ...full(1, ['ane_check_probe_0'], [['0x1', 3]]),
      ...full(2, ['ane_check_probe_1'], [['0x2', 5]]),
      ...full(3, ['ane_check_probe_2'], [['0x3', 0], ['0x4', 3]]),
    ];
    const result = measured([prediction, gpu, { ...gpu, symbol: 'h' }], lines);
    expect(result?.predictions).toMatchObject({ observed: 3, counted: 2 });
    expect(result?.engines.gpu).toMatchObject({ dispatches: 6, minPerPrediction: 3, maxPerPrediction: 3 });
    expect(result?.probes[1]?.functions).toEqual([{ name: 'fn_0x2(int)', module: 'M', hits: 4, totalHits: 5 }]);
    expect(result?.probes[2]?.functions).toEqual([
      { name: 'fn_0x4(int)', module: 'M', hits: 2, totalHits: 3 },
      { name: 'fn_0x3(int)', module: 'M', hits: 0, totalHits: 0 },
    ]);
  });

  it('counts a tallied breakpoint with several functions that ran as a whole, in every snapshot, and lists them as one', () => {
    const lines = [
      '(lldb)  tally', tally(1, 1), tally(2, 0, 2),
      '(lldb)  tally', tally(1, 2), tally(2, 3, 2),
      '(lldb)  tally', tally(1, 3), tally(2, 6, 2),
      'Process 9 exited with status = 0 (0x00000000)',
      '(lldb) final',
      ...full(1, ['ane_check_probe_0'], [['0x1', 3]]),
      ...full(2, ['ane_check_probe_1'], [['0x2', 5], ['0x3', 3]]),
    ];
    const result = measured([prediction, gpu], lines, { predictions: 3 });
    expect(result?.engines.gpu).toMatchObject({ dispatches: 8, minPerPrediction: 2, maxPerPrediction: 3 });
    expect(result?.probes[1]).toMatchObject({ locations: 2, hits: 8, totalHits: 8, functions: [{ name: 'fn_0x2(int) + fn_0x3(int)', module: 'M', hits: 8, totalHits: 8 }] });
  });

  it('counts a probe\'s own breakpoint not beside the one set in every image, which has its location too, and says where the other image was', () => {
    // ane: pending in its image (2) and set again everywhere (4), where it ran in Moved; later its image loads too.
    const lines = [
      '(lldb)  tally', tally(1, 1), `2: name = 'a', module = AppleNeuralEngine, locations = 0 (pending)`, tally(4, 0, 1),
      '(lldb)  tally', tally(1, 2), tally(2, 1), tally(4, 2, 2),
      'Process 9 exited with status = 0 (0x00000000)',
      '(lldb) final',
      ...full(1, ['ane_check_probe_0'], [['0x1', 2]]),
      ...full(2, ['ane_check_probe_1'], [['0xa', 1, 'AppleNeuralEngine']], "name = 'a', module = AppleNeuralEngine"),
      ...full(4, ['ane_check_probe_1'], [['0xa', 1, 'AppleNeuralEngine'], ['0xb', 3, 'Moved']]),
    ];
    const result = measured([prediction, ane], lines);
    // Breakpoint 4 alone, counted as a whole (two of its functions ran): 2, then 2.
    expect(result?.engines.ane).toMatchObject({ dispatches: 4, minPerPrediction: 2, maxPerPrediction: 2, resolved: true });
    expect(result?.probes[1]).toMatchObject({ locations: 2, hits: 4, totalHits: 4, foundIn: ['Moved'] });
    expect(result?.probes[1]?.functions.map((fn) => [fn.name, fn.module, fn.totalHits])).toEqual([['fn_0xa(int) + fn_0xb(int)', 'AppleNeuralEngine', 4]]);
  });

  it('takes the larger count of a location that two breakpoints of a probe share, and the older of two with the same locations', () => {
    const regex: Probe = { engine: 'cpu', role: 'dispatch', regex: '^k', module: 'Espresso' };
    // Breakpoints 2 and 3 overlap at 0xb (neither has all of the other's); 4 has 2's locations, and comes later.
    const lines = [
      '(lldb)  snap', ...full(2, ['ane_check_probe_1'], [['0xa', 0], ['0xb', 0]]), ...full(3, ['ane_check_probe_1'], [['0xb', 0], ['0xc', 0]]), ...full(4, ['ane_check_probe_1'], [['0xa', 0], ['0xb', 0]]),
      '(lldb)  tally', tally(1, 1),
      'Process 9 exited with status = 0 (0x00000000)',
      '(lldb) final',
      ...full(1, ['ane_check_probe_0'], [['0x1', 1]]),
      ...full(2, ['ane_check_probe_1'], [['0xa', 1], ['0xb', 5]]),
      ...full(3, ['ane_check_probe_1'], [['0xb', 2], ['0xc', 1]]),
      ...full(4, ['ane_check_probe_1'], [['0xa', 9], ['0xb', 9]]),
    ];
    const result = measured([prediction, regex], lines, { predictions: 1 });
    expect(result?.probes[1]?.functions.map((fn) => [fn.name, fn.hits, fn.totalHits])).toEqual([
      ['fn_0xb(int)', 5, 5],
      ['fn_0xa(int)', 1, 1],
      ['fn_0xc(int)', 1, 1],
    ]);
    expect(result?.engines.cpu.dispatches).toBe(7);
  });

  it('counts two breakpoints of a probe that are each counted as a whole apart, and leaves unresolved functions out of one', () => {
    const located = (id: number, locations: [string, number, boolean][]) => [
      `${id}: name = 'g', locations = ${locations.length}, resolved = 1, hit count = ${locations.reduce((sum, [, hits]) => sum + hits, 0)}`,
      '  Names:',
      '    ane_check_probe_1',
      '',
      ...locations.map(([address, hits, resolved], n) => `  ${id}.${n + 1}: where = M\`fn_${address}(int), address = ${address}, ${resolved ? 'resolved' : 'unresolved'}, hit count = ${hits}`),
      '',
    ];
    const lines = [
      '(lldb)  tally', tally(1, 1), tally(2, 0, 2), tally(3, 0, 2),
      '(lldb)  tally', tally(1, 2), tally(2, 2, 2), tally(3, 2, 2),
      'Process 9 exited with status = 0 (0x00000000)',
      '(lldb) final',
      ...full(1, ['ane_check_probe_0'], [['0x1', 2]]),
      ...located(2, [['0xa', 2, true], ['0xb', 2, true]]),
      ...located(3, [['0xc', 2, true], ['0xd', 2, false]]),
    ];
    const result = measured([prediction, gpu], lines);
    expect(result?.engines.gpu).toMatchObject({ dispatches: 8, minPerPrediction: 4, maxPerPrediction: 4 });
    expect(result?.probes[1]?.functions).toEqual([
      { name: 'fn_0xa(int) + fn_0xb(int)', module: 'M', hits: 4, totalHits: 4 },
      { name: 'fn_0xc(int)', module: 'M', hits: 4, totalHits: 4 },
    ]);
    // All of a breakpoint's functions unresolved at the end: none listed, though its hits count.
    const gone = measured([prediction, gpu], [...lines.slice(0, -14), ...located(2, [['0xa', 2, false], ['0xb', 2, false]]), ...located(3, [['0xc', 2, false], ['0xd', 2, false]])]);
    expect(gone?.engines.gpu).toMatchObject({ dispatches: 8, resolved: false });
    expect(gone?.probes[1]).toMatchObject({ locations: 0, functions: [] });
  });

  it('says where a probe was found only for resolved functions outside its own image, in order, and never for a probe that names none', () => {
    const lines = (probeLocations: [string, number, string?][], resolved = true) => [
      '(lldb)  tally', tally(1, 1),
      'Process 9 exited with status = 0 (0x00000000)',
      '(lldb) final',
      ...full(1, ['ane_check_probe_0'], [['0x1', 1]]),
      ...full(2, ['ane_check_probe_1'], probeLocations).map((line) => (resolved ? line : line.replace(', resolved,', ', unresolved,'))),
    ];
    const spread: [string, number, string?][] = [['0xa', 0, 'Zeta'], ['0xb', 0, 'Espresso'], ['0xc', 0, 'Alpha']];
    expect(measured([prediction, gpu], lines(spread))?.probes[1]?.foundIn).toEqual(['Alpha', 'Zeta']);
    expect(measured([prediction, gpu], lines(spread, false))?.probes[1]).not.toHaveProperty('foundIn');
    expect(measured([prediction, { ...gpu, module: undefined }], lines(spread))?.probes[1]).not.toHaveProperty('foundIn');
    // A location LLDB names no image for.
    const noModule = lines([['0xa', 0]]).map((line) => line.replace('where = M`', 'where = '));
    expect(measured([prediction, gpu], noModule)?.probes[1]).not.toHaveProperty('foundIn');
  });

  it('takes the fallback stop\'s listing where it came among the snapshots, after those of its stop', () => {
    // p (0) is where its profile says and was hit at the stop; q (1), the same function, named an image it is not in.
    const q: Probe = { role: 'prediction', symbol: 'p', module: 'Elsewhere' };
    const lines = [
      '(lldb)  tally', tally(1, 1), `2: name = 'p', module = Elsewhere, locations = 0 (pending)`, tally(3, 0),
      '(lldb) listing',
      ...full(1, ['ane_check_probe_0'], [['0x1', 1]]),
      ...full(2, ['ane_check_probe_1'], [], "name = 'p', module = Elsewhere"),
      ...full(3, ['ane_check_probe_2'], [['0x3', 0]]),
      ...full(9, ['ane_check_fallback', 'ane_check_fallback_1'], [['0x1', 1]]),
      '(lldb)  tally', tally(1, 2), `2: name = 'p', module = Elsewhere, locations = 0 (pending)`, tally(3, 1), tally(5, 1),
      'Process 9 exited with status = 0 (0x00000000)',
      '(lldb) final',
      ...full(1, ['ane_check_probe_0'], [['0x1', 2]]),
      ...full(2, ['ane_check_probe_1'], [], "name = 'p', module = Elsewhere"),
      ...full(3, ['ane_check_probe_2'], [['0x3', 2]]),
      ...full(5, ['ane_check_probe_1'], [['0x1', 1]]),
    ];
    const result = measured([{ role: 'prediction', symbol: 'p' }, q, gpu], lines);
    // One prediction opened by both at the stop, and the next one.
    expect(result?.predictions).toMatchObject({ observed: 2, counted: 2 });
    expect(result?.engines.gpu).toMatchObject({ dispatches: 2, minPerPrediction: 1, maxPerPrediction: 1 });
  });

  it('opens the first prediction at the fallback stop\'s listing when the prediction probe was set again there, and not otherwise', () => {
    // p did not resolve in CoreML; the fallback point at p (9) was hit, p was set again (5), and a dispatch ran.
    const stop = (pointHits: number) => [
      '(lldb) listing',
      ...full(1, ['ane_check_probe_0'], [], "name = 'p', module = CoreML"),
      ...full(2, ['ane_check_probe_1'], [['0x2', 0]]),
      ...full(9, ['ane_check_fallback', 'ane_check_fallback_0'], pointHits > 0 ? [['0x9', pointHits]] : []),
    ];
    const after = [
      '(lldb)  tally', `1: name = 'p', module = CoreML, locations = 0 (pending)`, tally(2, 2), tally(5, 1),
      '(lldb)  tally', `1: name = 'p', module = CoreML, locations = 0 (pending)`, tally(2, 4), tally(5, 2),
      'Process 9 exited with status = 0 (0x00000000)',
      '(lldb) final',
      ...full(1, ['ane_check_probe_0'], [], "name = 'p', module = CoreML"),
      ...full(2, ['ane_check_probe_1'], [['0x2', 5]]),
      ...full(5, ['ane_check_probe_0'], [['0x5', 2, 'Moved']]),
    ];
    const entered = measured([prediction, gpu], [...stop(1), ...after], { predictions: 3 });
    expect(entered?.predictions).toMatchObject({ observed: 3, counted: 3 });
    expect(entered?.engines.gpu).toMatchObject({ dispatches: 5, minPerPrediction: 1, maxPerPrediction: 2 });
    expect(entered?.runtimes).toEqual([{ name: 'p', predictions: 3, dispatches: { ane: 0, gpu: 5, cpu: 0 } }]);
    // Stopped in another prediction probe's function: p's count shows its predictions itself.
    const elsewhere = measured([prediction, gpu], [...stop(0), ...after], { predictions: 3 });
    expect(elsewhere?.predictions).toMatchObject({ observed: 2, counted: 2 });
  });
});

describe('measure: what markers and the first prediction count', () => {
  it('counts no marker hit in the predictions, and the first prediction with no warm-up for its runtime', () => {
    const marker: Probe = { engine: 'ane', role: 'marker', symbol: 'm' };
    const result = measureOf([{ role: 'prediction', symbol: 'p' }, { engine: 'ane', role: 'dispatch', symbol: 'a' }, marker], [
      [{ '0x1': 1 }, { '0xa': 0 }, { '0xm': 1 }],
      [{ '0x1': 2 }, { '0xa': 1 }, { '0xm': 2 }],
      [{ '0x1': 2 }, { '0xa': 2 }, { '0xm': 3 }],
    ]);
    expect(result?.probes[2]).toMatchObject({ hits: 0, totalHits: 3 });
    expect(result?.engines.ane.markers).toBe(3);
    expect(result?.runtimes).toEqual([{ name: 'p', predictions: 2, dispatches: { ane: 2, gpu: 0, cpu: 0 } }]);
  });
});
