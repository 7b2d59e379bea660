import { describe, expect, it } from 'vitest';

import { measure, type MeasureInput } from '../src/analysis/measure.js';
import { BUILT_IN_PROFILES } from '../src/profiles/built-in.js';
import { mergeProfiles, type Probe } from '../src/profiles/profile.js';
import { parseTranscript } from '../src/probe/transcript.js';
import { recordedTranscript } from './support/transcripts.js';

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
      ...Object.entries(perLocation).map(([address, hits], n) => `  ${index + 1}.${n + 1}: where = lib\`fn_${address}(), address = ${address}, resolved, hit count = ${hits}`),
    ]);
  const snapshots = moments.slice(0, -1).flatMap((counts) => ['(lldb)  snap', ...list(counts)]);
  const stdout = ['(lldb) process launch', ...snapshots, end, '(lldb) final', ...list(moments.at(-1)!)].join('\n');
  return parseTranscript(stdout, '', { predictionSnapshot: 'snap', finalSnapshot: 'final', startCommand: 'process launch' });
}

function measureOf(probes: Probe[], moments: Record<string, number>[][], window: Partial<MeasureInput> = {}) {
  return measure({ probes, transcript: transcriptOf(moments), warmup: 0, predictions: 2, timedOut: false, idleStopped: false, profileName: 'p', ...window });
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
    const crashed = measure({
      probes,
      transcript: transcriptOf(moments, "* thread #1, stop reason = signal SIGSEGV: invalid address (fault address: 0x0)"),
      warmup: 0,
      predictions: 2,
      timedOut: false,
      idleStopped: false,
      profileName: 'p',
    });
    expect(crashed?.predictions).toMatchObject({ observed: 2, counted: 1 });
    expect(crashed?.engines.ane.dispatches).toBe(2);
  });
});
