import { describe, expect, it } from 'vitest';

import { measure } from '../src/analysis/measure.js';
import { BUILT_IN_PROFILES } from '../src/profiles/built-in.js';
import { resolveProfile, type Probe } from '../src/profiles/profile.js';
import { parseTranscript } from '../src/probe/transcript.js';
import { recordedTranscript } from './support/transcripts.js';

const flags = { timedOut: false, idleStopped: false };

describe('measure', () => {
  it('counts dispatches between the two snapshots: 3 predictions of ane=2,gpu=1,cpu=3', () => {
    const result = measure({ probes: BUILT_IN_PROFILES.espresso.probes, transcript: recordedTranscript('lldb14-window-complete'), warmup: 1, predictions: 3, ...flags });
    expect(result?.windowEnd).toBe('next-prediction');
    expect(result?.predictions).toEqual({ observed: 5, warmup: 1, counted: 3, requested: 3 });
    expect(result?.engines).toEqual({
      ane: { dispatches: 6, markers: 9, resolved: true }, // -[_ANEModel program] once, ANERuntimeEngine twice in each of 4 predictions
      gpu: { dispatches: 3, markers: 0, resolved: true },
      cpu: { dispatches: 9, markers: 0, resolved: true },
    });
  });

  it('reports each function of a regex probe with its window and total hits', () => {
    const result = measure({ probes: BUILT_IN_PROFILES.espresso.probes, transcript: recordedTranscript('lldb14-window-complete'), warmup: 1, predictions: 3, ...flags });
    const bnns = result?.probes[5];
    expect(bnns?.functions).toEqual([
      { name: 'Espresso::BNNSEngine::convolution_kernel::__launch(int)', module: 'libespresso-sim.so', hits: 3, totalHits: 4 },
      { name: 'Espresso::BNNSEngine::inner_product_kernel::__launch(int)', module: 'libespresso-sim.so', hits: 0, totalHits: 0 },
    ]);
    expect(result?.probes[4]).toMatchObject({ locations: 0, hits: 0 }); // MetalLowmemEngine: not in the fixture
  });

  it('counts what ran before an exit that came before the window was full', async () => {
    const auto = await resolveProfile('auto');
    const result = measure({ probes: auto.probes, transcript: recordedTranscript('lldb14-exit-early'), warmup: 2, predictions: 10, ...flags });
    expect(result?.windowEnd).toBe('exit');
    expect(result?.predictions).toEqual({ observed: 4, warmup: 2, counted: 2, requested: 10 });
    expect(result?.engines.ane.dispatches).toBe(4);
  });

  it('reads the Xcode-style run the same way', async () => {
    const probes: Probe[] = [
      { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]' },
      { engine: 'gpu', role: 'dispatch', symbol: 'E5RT::Ops::MpsGraphInferenceOperation::Impl::ExecuteSync' },
      { engine: 'cpu', role: 'dispatch', regex: '^Espresso::[A-Za-z0-9_]+_kernel_cpu::__launch' },
      { role: 'prediction', symbol: '-[MLE5Engine predictionFromFeatures:options:error:]' },
    ];
    const result = measure({ probes, transcript: recordedTranscript('xcode-e5rt-window-complete'), warmup: 1, predictions: 2, ...flags });
    expect(result?.predictions.counted).toBe(2);
    expect(result?.engines.ane.dispatches).toBe(4);
    expect(result?.engines.gpu).toEqual({ dispatches: 0, markers: 0, resolved: true });
    expect(result?.engines.cpu.dispatches).toBe(4);
  });

  it('counts a function matched by two dispatch probes once', () => {
    const stdout = [
      '(lldb) process launch',
      '(lldb)  ane_check_snapshot_window_start',
      "1: name = 'k', locations = 1, resolved = 1, hit count = 1",
      '  1.1: where = lib`k(), address = 0x10, resolved, hit count = 1',
      "2: regex = '^k', locations = 1, resolved = 1, hit count = 1",
      '  2.1: where = lib`k(), address = 0x10, resolved, hit count = 1',
      "3: name = 'a', locations = 1, resolved = 1, hit count = 0",
      '  3.1: where = lib`a(), address = 0x20, resolved, hit count = 0',
      'Process 9 exited with status = 0 (0x00000000)',
      '(lldb) ane_check_snapshot_final',
      "1: name = 'k', locations = 1, resolved = 1, hit count = 5",
      '  Names:',
      '    ane_check_probe_0',
      '',
      '  1.1: where = lib`k(), address = 0x10, resolved, hit count = 5',
      "2: regex = '^k', locations = 1, resolved = 1, hit count = 5",
      '  Names:',
      '    ane_check_probe_1',
      '',
      '  2.1: where = lib`k(), address = 0x10, resolved, hit count = 5',
      "3: name = 'a', locations = 1, resolved = 1, hit count = 2",
      '  Names:',
      '    ane_check_probe_2',
      '',
      '  3.1: where = lib`a(), address = 0x20, resolved, hit count = 2',
    ].join('\n');
    // The start snapshot above has no names: give it the same ones.
    const transcript = parseTranscript(stdout, '', { predictionSeen: 'x', windowStartSnapshot: 'ane_check_snapshot_window_start', finalSnapshot: 'ane_check_snapshot_final', startCommand: 'process launch' });
    transcript.windowStart?.forEach((breakpoint, index) => breakpoint.names.push(`ane_check_probe_${index}`));
    const probes: Probe[] = [
      { engine: 'cpu', role: 'dispatch', symbol: 'k' },
      { engine: 'cpu', role: 'dispatch', regex: '^k' },
      { engine: 'ane', role: 'dispatch', symbol: 'a' },
    ];
    const result = measure({ probes, transcript, warmup: 0, predictions: 1, ...flags });
    expect(result?.engines.cpu.dispatches).toBe(4);
    expect(result?.engines.ane.dispatches).toBe(2);
    expect(result?.sharedFunctions).toEqual(['k()']);
  });

  it('has nothing to measure without a final snapshot', () => {
    expect(measure({ probes: BUILT_IN_PROFILES.espresso.probes, transcript: recordedTranscript('lldb14-refused-regex'), warmup: 1, predictions: 3, ...flags })).toBeUndefined();
  });
});
