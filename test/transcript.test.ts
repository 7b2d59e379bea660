import { describe, expect, it } from 'vitest';

import { parseBreakpointList, parseTranscript } from '../src/probe/transcript.js';
import { recordedTranscript } from './support/transcripts.js';

for (const lldb of ['lldb14', 'lldb19']) {
  describe(`parseTranscript on ${lldb} (Linux) recordings`, () => {
    it('reads a snapshot at every prediction-probe hit, and a window closed at the next prediction', () => {
      const transcript = recordedTranscript(`${lldb}-window-complete`);
      // Window end twins are breakpoints 9 and 11; the outer prediction probe (8) and its twin stop first.
      expect(transcript.end).toEqual({ kind: 'stopped-at-breakpoint', breakpointIds: [8, 9] });
      // Two nested prediction probes: a snapshot at each of their hits, 4 predictions and the 5th's entry.
      expect(transcript.snapshots).toHaveLength(9);
      expect(transcript.snapshots.map((snapshot) => snapshot.find((bp) => bp.names.includes('ane_check_probe_7'))?.hitCount)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5]);
      const ane = transcript.final?.find((bp) => bp.names.includes('ane_check_probe_0'));
      expect(ane).toMatchObject({ id: 1, hitCount: 8, pending: false, description: "name = '-[_ANEClient evaluateWithModel:options:request:qos:error:]', module = AppleNeuralEngine" });
      expect(ane?.locations[0]).toMatchObject({
        id: '1.1',
        module: 'AppleNeuralEngine',
        functionName: '-[_ANEClient evaluateWithModel:options:request:qos:error:]',
        resolved: true,
        hitCount: 8,
      });
      expect(transcript.pid).toBeGreaterThan(0);
      expect(transcript.errors).toEqual([]);
    });

    it('reads the last stop of a driven run as its end, not the first', () => {
      const transcript = recordedTranscript(`${lldb}-window-complete-driven`);
      expect(transcript.end).toEqual({ kind: 'stopped-at-breakpoint', breakpointIds: [8, 9] });
      expect(transcript.snapshots).toHaveLength(9);
      expect(transcript.commands.filter((command) => command === 'process continue').length).toBeGreaterThan(30);
      expect(transcript.commands.some((command) => command.startsWith('#'))).toBe(false);
    });

    it('reads every location of a regex breakpoint with its own count', () => {
      const transcript = recordedTranscript(`${lldb}-window-complete`);
      const cpu = transcript.final?.find((bp) => bp.names.includes('ane_check_probe_6'));
      expect(cpu?.description).toBe("regex = '^Espresso::[A-Za-z0-9_]+_kernel_cpu::__launch', module = Espresso");
      expect(cpu?.locations.map((l) => [l.functionName, l.hitCount]).sort()).toEqual([
        ['Espresso::elementwise_kernel_cpu::__launch(int)', 4],
        ['Espresso::pool_kernel_cpu::__launch(int)', 4],
      ]);
    });

    it('reads every location of a regex breakpoint with ten or more, each with its own count, and which are unresolved', () => {
      const transcript = recordedTranscript(`${lldb}-many-locations`);
      const cpu = transcript.final?.find((bp) => bp.names.includes('ane_check_probe_6'));
      expect(cpu).toMatchObject({ id: 7, hitCount: 8, pending: false });
      expect(cpu?.locations.map((location) => location.id)).toEqual(['7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '7.7', '7.8', '7.9', '7.10', '7.11', '7.12']);
      // The kernels that ran are the 10th and 11th locations.
      expect(cpu?.locations.slice(9).map((location) => [location.functionName, location.resolved, location.hitCount])).toEqual([
        ['Espresso::elementwise_kernel_cpu::__launch(int)', true, 4],
        ['Espresso::pool_kernel_cpu::__launch(int)', true, 4],
        ['Espresso::gather_kernel_cpu::__launch(int)', true, 0],
      ]);
      // LLDB could not set two of them.
      expect(cpu?.locations.filter((location) => !location.resolved).map((location) => location.functionName)).toEqual([
        'Espresso::activation_kernel_cpu::__launch(int)',
        'Espresso::upsample_kernel_cpu::__launch(int)',
      ]);
      expect(transcript.snapshots.map((snapshot) => snapshot.find((bp) => bp.id === 7)?.locations[9]?.hitCount)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4]);
    });

    it('reads a crash as the end, not the kill that follows it', () => {
      const transcript = recordedTranscript(`${lldb}-crash`);
      // LLDB 14 and 19 word the same fault differently.
      expect(transcript.end).toMatchObject({ kind: 'crashed', reason: expect.stringMatching(/^signal SIGSEGV: (invalid address|address not mapped to object) \(fault address: 0x0\)$/u) });
      expect(transcript.final).toBeDefined();
    });

    it('reads an exit before the window was full, and a breakpoint that never resolved', () => {
      const transcript = recordedTranscript(`${lldb}-exit-early`);
      expect(transcript.end).toEqual({ kind: 'exited', status: 0 });
      const unresolved = transcript.final?.find((bp) => bp.description.includes('SubmitAsync') && bp.names.some((name) => name.startsWith('ane_check_probe_')));
      expect(unresolved).toMatchObject({ pending: true, locations: [] });
    });

    it('names the error LLDB printed when it refused a command', () => {
      const transcript = recordedTranscript(`${lldb}-refused-regex`);
      expect(transcript.errors).toEqual(['Function name regular expression could not be compiled: parentheses not balanced']);
      expect(transcript.commands.at(-1)).toBe('breakpoint set -r "^Espresso::(elementwise" -G true -N ane_check_probe_1 -N ane_check_counted');
      expect(transcript.final).toBeUndefined();
      expect(transcript.end).toEqual({ kind: 'unknown' });
    });
  });
}

describe('parseTranscript on Xcode LLDB output', () => {
  it('reads an arm64 run with offsets in locations and a stop on two breakpoints', () => {
    const transcript = recordedTranscript('xcode-e5rt-window-complete');
    expect(transcript.end.kind).toBe('stopped-at-breakpoint');
    expect(transcript.pid).toBeGreaterThan(0);
    const gpu = transcript.final?.find((bp) => bp.names.includes('ane_check_probe_3'));
    expect(gpu?.locations[0]).toMatchObject({ module: 'Espresso', functionName: 'E5RT::Ops::MpsGraphInferenceOperation::Impl::ExecuteSync(int)', hitCount: 3 });
    expect(gpu?.locations[0]?.address).toMatch(/^0x00000001/u);
  });

  it('reads EXC_BAD_ACCESS as a crash', () => {
    const transcript = recordedTranscript('xcode-e5rt-crash');
    expect(transcript.end).toEqual({ kind: 'crashed', reason: 'EXC_BAD_ACCESS (code=1, address=0x0)' });
    expect(transcript.snapshots).toHaveLength(3);
  });
});

describe('parseTranscript against what the target could forge', () => {
  it('takes the stop reason from the end of the line, after any thread name', () => {
    const stdout = [
      '(lldb) process launch',
      'Process 7 stopped',
      "* thread #1, name = 'x, stop reason = breakpoint 9.1', stop reason = signal SIGSEGV: invalid address (fault address: 0x0)",
    ].join('\n');
    const transcript = parseTranscript(stdout, '', { predictionSnapshot: 'p', finalSnapshot: 'f', startCommand: 'process launch' });
    expect(transcript.end).toEqual({ kind: 'crashed', reason: 'signal SIGSEGV: invalid address (fault address: 0x0)' });
  });

  it('ignores process events before the target was started (an attach stop) and after the final snapshot (our kill)', () => {
    const stdout = [
      '(lldb) process attach --pid 42',
      'Process 42 stopped',
      "* thread #1, stop reason = signal SIGSTOP",
      '(lldb) process continue',
      'Process 42 resuming',
      'Process 42 exited with status = 3 (0x00000003)',
      '(lldb) f',
      'Current breakpoints:',
      '(lldb) process kill',
      'Process 42 exited with status = 9 (0x00000009)',
    ].join('\n');
    const transcript = parseTranscript(stdout, '', { predictionSnapshot: 'p', finalSnapshot: 'f', startCommand: 'process continue' });
    expect(transcript.end).toEqual({ kind: 'exited', status: 3 });
    expect(transcript.pid).toBe(42);
  });
});

describe('parseBreakpointList', () => {
  it('keeps a quoted name that contains the header separators whole', () => {
    const lines = [
      "1: name = 'odd, locations = 9', locations = 1, resolved = 1, hit count = 5 Options: enabled auto-continue ",
      '  1.1: where = lib`odd, locations = 9 + 4, address = 0x10, resolved, hit count = 5 ',
    ];
    const [breakpoint] = parseBreakpointList(lines, 0);
    expect(breakpoint).toMatchObject({ id: 1, hitCount: 5, description: "name = 'odd, locations = 9'" });
    expect(breakpoint?.locations[0]).toMatchObject({ functionName: 'odd, locations = 9', hitCount: 5 });
  });

  it('strips the source position that debug information adds', () => {
    const lines = ['1: name = \'f\', locations = 1, resolved = 1, hit count = 1', '  1.1: where = a.out`f(int) + 4 at f.cpp:10:5, address = 0x0000000000401136, resolved, hit count = 1'];
    expect(parseBreakpointList(lines, 0)[0]?.locations[0]?.functionName).toBe('f(int)');
  });
});
