import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { appleLldbBuild } from '../src/probe/lldb-version.js';
import { eventAfterPrompt, parseBreakpointList, parseTranscript, type TranscriptMarkers } from '../src/probe/transcript.js';
import { applePaste, applePasteNames, APPLE_PASTES, recordedTranscript } from './support/transcripts.js';

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
      expect(transcript.commands.at(-1)).toBe('breakpoint set -r "^Espresso::(elementwise" -G true -N ane_check_probe_1 -N ane_check_probe -N ane_check_counted');
      expect(transcript.final).toBeUndefined();
      expect(transcript.end).toEqual({ kind: 'unknown' });
    });

    it('reads each snapshot as one full listing: every counted breakpoint with its locations, and no marker', () => {
      const transcript = recordedTranscript(`${lldb}-window-complete`);
      const first = transcript.snapshots[0]!;
      // The prediction probes (8, 10) and the dispatch probes: ANE and GPU on a symbol, the two CPU regex probes.
      expect(first.map((bp) => bp.id)).toEqual([1, 4, 6, 7, 8, 10]);
      expect(first.some((bp) => bp.brief)).toBe(false);
      expect(first.find((bp) => bp.id === 8)).toMatchObject({ names: transcript.final!.find((bp) => bp.id === 8)!.names, pending: false, hitCount: 1 });
      expect(first.find((bp) => bp.id === 8)?.locations.map((location) => [location.module, location.hitCount])).toEqual([['CoreML', 1]]);
      expect(first.find((bp) => bp.id === 7)?.locations.map((location) => location.functionName)).toEqual([
        'Espresso::elementwise_kernel_cpu::__launch(int)',
        'Espresso::pool_kernel_cpu::__launch(int)',
      ]);
      expect(transcript.snapshots.map((snapshot) => snapshot.find((bp) => bp.names.includes('ane_check_probe_7'))?.hitCount)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5]);
      expect(transcript.commands.filter((command) => command === 'ane_check_prediction_snapshot')).toHaveLength(9);
      expect(transcript.commands).not.toContain('ane_check_prediction_tally');
    });

    it('reads the fallback stop\'s listing, where it came among the snapshots, and no snapshot of it', () => {
      const transcript = recordedTranscript(`${lldb}-window-complete`);
      // The first prediction's snapshot was taken at that stop, before the listing.
      expect(transcript.fallback?.after).toBe(1);
      expect(transcript.fallback?.listing.find((bp) => bp.names.includes('ane_check_fallback_7'))).toMatchObject({ hitCount: 1, pending: false });
      expect(transcript.fallback?.listing.find((bp) => bp.names.includes('ane_check_probe_7'))?.locations[0]).toMatchObject({ module: 'CoreML', resolved: true, hitCount: 1 });
      expect(transcript.snapshots).toHaveLength(9);
    });

    it('reads a run whose names moved: the probes pending in their image, set again and resolved elsewhere', () => {
      const transcript = recordedTranscript(`${lldb}-moved`);
      // Nothing resolved in the image the profile names, so the first prediction had no snapshot before the stop.
      expect(transcript.fallback?.after).toBe(0);
      expect(transcript.fallback?.listing.filter((bp) => bp.names.some((name) => name.startsWith('ane_check_probe_'))).every((bp) => bp.pending)).toBe(true);
      const ane = transcript.final?.filter((bp) => bp.names.includes('ane_check_probe_0'));
      expect(ane?.map((bp) => [bp.pending, bp.locations.map((location) => location.module)])).toEqual([
        [true, []],
        [false, ['CoreMLMoved']],
      ]);
      expect(transcript.commands).toContain('breakpoint delete ane_check_fallback');
      expect(transcript.end).toEqual({ kind: 'stopped-at-breakpoint', breakpointIds: expect.any(Array) });
    });

  });
}

describe('parseTranscript: tallies', () => {
  const markers: TranscriptMarkers = { predictionSnapshot: 'snap', predictionTally: 'tally', fallbackList: 'listing', finalSnapshot: 'final', startCommand: 'process launch' };
  const full = (id: number, hits: number) => [`${id}: regex = 'k', locations = 1, resolved = 1, hit count = ${hits}`, '  Names:', `    ane_check_probe_${id}`, '', `  ${id}.1: where = E\`k(int), address = 0x${id}, resolved, hit count = ${hits}`, ''];
  const tally = (id: number, hits: number) => `${id}: name = 'p${id}', locations = 1, resolved = 1, hit count = ${hits}`;

  it('takes each listing, tallied or full, for a snapshot of its own: tallies named as in the final listing, full ones as they printed', () => {
    const stdout = ['(lldb) process launch', '(lldb)  tally', tally(1, 1), '(lldb)  tally', tally(1, 2), '(lldb)  snap', ...full(5, 0), '(lldb) final', ...full(1, 2)].join('\n');
    const transcript = parseTranscript(stdout, '', markers);
    expect(transcript.snapshots.map((snapshot) => snapshot.map((bp) => [bp.id, bp.hitCount, bp.brief ?? false]))).toEqual([[[1, 1, true]], [[1, 2, true]], [[5, 0, false]]]);
    expect(transcript.snapshots[0]![0]!.names).toEqual(['ane_check_probe_1']);
    // Breakpoint 5 is not in the final listing: its own listing named it.
    expect(transcript.snapshots[2]![0]!.names).toEqual(['ane_check_probe_5']);
  });

  it('takes no tally or fallback listing after the final snapshot, and names nothing without a final listing', () => {
    const after = parseTranscript(['(lldb) process launch', '(lldb) final', ...full(1, 2), '(lldb)  tally', tally(1, 3), '(lldb) listing', tally(1, 3)].join('\n'), '', markers);
    expect(after.snapshots).toEqual([]);
    expect(after).not.toHaveProperty('fallback');
    const unnamed = parseTranscript(['(lldb) process launch', '(lldb)  tally', tally(1, 1)].join('\n'), '', markers);
    expect(unnamed.snapshots[0]![0]).toMatchObject({ id: 1, names: [], brief: true });
  });

  it('reads the fallback listing in full, with how many snapshots came before it', () => {
    const transcript = parseTranscript(['(lldb) process launch', '(lldb)  tally', tally(1, 1), '(lldb) listing', ...full(3, 1), '(lldb) final', ...full(3, 1)].join('\n'), '', markers);
    expect(transcript.fallback).toEqual({ listing: [expect.objectContaining({ id: 3, names: ['ane_check_probe_3'], hitCount: 1, locations: [expect.objectContaining({ address: '0x3' })] })], after: 1 });
    expect(transcript.fallback?.listing[0]).not.toHaveProperty('brief');
    expect(transcript.snapshots).toHaveLength(1);
  });
});

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

  it('takes no process event from a program path or a thread name that looks like one', () => {
    const stdout = [
      '(lldb) target create "/tmp/Process 3 launched/app"',
      "Current executable set to '/tmp/Process 3 launched/app' (x86_64).",
      '(lldb) process launch',
      "Process 7 launched: '/tmp/Process 3 launched/app' (x86_64)",
      'Process 7 stopped',
      "* thread #1, name = 'Process 7 exited with status = 5 (0x00000005) Terminated due to signal 9', stop reason = signal SIGSTOP",
    ].join('\n');
    const transcript = parseTranscript(stdout, '', { predictionSnapshot: 'p', finalSnapshot: 'f', startCommand: 'process launch' });
    expect(transcript.pid).toBe(7);
    expect(transcript.end).toEqual({ kind: 'interrupted', reason: 'signal SIGSTOP' });
  });

  it('keeps a crash when another thread\'s line names a resume or a stop reason of its own', () => {
    const stdout = [
      '(lldb) process launch',
      'Process 7 stopped',
      "  thread #1, name = '* thread #1, stop reason = signal SIGSEGV', stop reason = signal SIGSTOP",
      '* thread #3, stop reason = signal SIGABRT',
      "  thread #4, name = 'Process 7 resuming', stop reason = signal SIGSTOP",
    ].join('\n');
    expect(parseTranscript(stdout, '', { predictionSnapshot: 'p', finalSnapshot: 'f', startCommand: 'process launch' }).end).toEqual({ kind: 'crashed', reason: 'signal SIGABRT' });
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

describe('parseTranscript: how the run ended', () => {
  const markers = { predictionSnapshot: 'snap', finalSnapshot: 'final', threads: 'threads', startCommand: 'process continue' };
  const parse = (lines: string[], stderr = '') => parseTranscript(lines.join('\n'), stderr, markers);

  it('does not take the stop of an attach for the end of a run that ended with no event of its own', () => {
    const transcript = parse(['(lldb) process attach --pid 42', 'Process 42 stopped', '* thread #1, stop reason = signal SIGSTOP', '(lldb) process continue', '(lldb) final']);
    expect(transcript.end).toEqual({ kind: 'unknown' });
    expect(transcript.pid).toBe(42);
  });

  it('reads every breakpoint of the stop, numbered 10 and up, once each', () => {
    expect(parse(['(lldb) process continue', 'Process 9 stopped', '* thread #1, stop reason = breakpoint 12.1 13.1 12.2']).end).toEqual({ kind: 'stopped-at-breakpoint', breakpointIds: [12, 13] });
  });

  it.each([
    ['signal SIGINT', { kind: 'interrupted', reason: 'signal SIGINT' }],
    ['signal SIGSTOP', { kind: 'interrupted', reason: 'signal SIGSTOP' }],
    ['signal SIGSTOPPED', { kind: 'crashed', reason: 'signal SIGSTOPPED' }],
    ['EXC_BAD_ACCESS then signal SIGSTOP', { kind: 'crashed', reason: 'EXC_BAD_ACCESS then signal SIGSTOP' }],
    ['signal SIGABRT', { kind: 'crashed', reason: 'signal SIGABRT' }],
    ['breakpoint', { kind: 'crashed', reason: 'breakpoint' }],
    ['EXC_BAD_ACCESS near breakpoint 3.1', { kind: 'crashed', reason: 'EXC_BAD_ACCESS near breakpoint 3.1' }],
    ['breakpoint 8.12 9.1', { kind: 'stopped-at-breakpoint', breakpointIds: [8, 9] }],
  ])('reads the stop reason %j', (reason, end) => {
    expect(parse(['(lldb) process continue', 'Process 9 stopped', `* thread #1, stop reason = ${reason}  `]).end).toEqual(end);
  });

  it('reads the stop of the selected thread only, and a later stop over an earlier one', () => {
    const lines = [
      '(lldb) process continue',
      'Process 9 stopped',
      '* thread #3, name = \'worker\', stop reason = breakpoint 5.1',
      '  thread #4, name = \'other\', stop reason = signal SIGSEGV',
    ];
    expect(parse(lines).end).toEqual({ kind: 'stopped-at-breakpoint', breakpointIds: [5] });
    expect(parse([...lines, 'Process 9 resuming']).end).toEqual({ kind: 'unknown' });
    expect(parse([...lines, 'Process 9 resuming', 'Process 9 stopped', '* thread #1, stop reason = signal SIGSEGV: invalid address']).end).toEqual({ kind: 'crashed', reason: 'signal SIGSEGV: invalid address' });
    expect(parse([...lines, 'Process 9 exited with status = -1 (0xffffffff)']).end).toEqual({ kind: 'exited', status: -1 });
  });

  it('takes the stop reason from a thread whose name looks like an echoed command', () => {
    const transcript = parse(['(lldb) process continue', 'Process 9 stopped', "* thread #1, name = '(lldb) final', stop reason = signal SIGSEGV"]);
    expect(transcript.end).toEqual({ kind: 'crashed', reason: 'signal SIGSEGV' });
    expect(transcript.final).toBeUndefined();
    expect(transcript.commands).toEqual(['process continue']);
  });

  it('keeps the stop it read when a later listing shows another thread selected with a reason of its own', () => {
    const lines = ['(lldb) process continue', 'Process 9 stopped', '* thread #1, stop reason = signal SIGSEGV', '(lldb) thread select 2', '* thread #2, stop reason = signal SIGSTOP'];
    expect(parse(lines).end).toEqual({ kind: 'crashed', reason: 'signal SIGSEGV' });
  });

  it('reads an exit status of two digits', () => {
    expect(parse(['(lldb) process continue', 'Process 9 exited with status = 42 (0x0000002a)']).end).toEqual({ kind: 'exited', status: 42 });
  });

  it('recognizes a command echoed with trailing spaces', () => {
    const transcript = parse(['(lldb) process continue  ', 'Process 9 exited with status = 0 (0x00000000)', '(lldb) final ']);
    expect(transcript.end).toEqual({ kind: 'exited', status: 0 });
    expect(transcript.final).toEqual([]);
  });

  it('keeps the first process id it saw', () => {
    expect(parse(['(lldb) process continue', 'Process 7 launched: \'/bin/app\' (x86_64)', 'Process 8 exited with status = 0 (0x00000000)']).pid).toBe(7);
    expect(parse(['(lldb) process continue', 'Process 7 resuming']).pid).toBe(7);
    expect(parse(['(lldb) process continue', 'Process 7 exited with status = 0 (0x00000000)']).pid).toBe(7);
    expect(parse(['(lldb) process continue', 'Processes 7 launched']).pid).toBeUndefined();
  });

  it('takes no snapshot after the final one (a breakpoint command that fired during the kill)', () => {
    const list = ["1: name = 'p', locations = 1, resolved = 1, hit count = 1", '  Names:', '    ane_check_probe_0', '', '  1.1: where = lib`p(), address = 0x1, resolved, hit count = 1'];
    const transcript = parse(['(lldb) process continue', '(lldb)  snap', ...list, '(lldb) final', ...list, '(lldb)  snap', ...list]);
    expect(transcript.snapshots).toHaveLength(1);
    expect(transcript.final).toHaveLength(1);
  });

  it('reads lines that end in CRLF', () => {
    const transcript = parseTranscript(['(lldb) process continue', 'Process 9 exited with status = 2 (0x00000002)', '(lldb) final', ''].join('\r\n'), 'error: one\r\nerror: two\r\n', markers);
    expect(transcript.end).toEqual({ kind: 'exited', status: 2 });
    expect(transcript.commands).toEqual(['process continue', 'final']);
    expect(transcript.errors).toEqual(['one', 'two']);
  });

  it('keeps LLDB\'s error lines only, without the prefix', () => {
    expect(parse(['(lldb) x'], 'warning: w\n  error: indented\nerror: plain\nnot an error: x\n').errors).toEqual(['indented', 'plain']);
  });
});

describe('parseTranscript: what the end commands printed', () => {
  it('reads the thread and queue names of the live target, each once', () => {
    const stdout = [
      '(lldb) threads',
      "Process 9 stopped",
      "* thread #1: tid = 9, 0x0000000100001000 app`main, queue = 'com.apple.main-thread', stop reason = signal SIGSTOP",
      "  thread #2: tid = 10, 0x0000000100002000 libsystem_kernel.dylib`mach_msg2_trap + 8, name = 'H11ANEServicesThread', queue = 'com.apple.anef.p0'",
      "  thread #3: tid = 11, 0x0000000100002000 libsystem_kernel.dylib`mach_msg2_trap + 8, name = 'H11ANEServicesThread'",
      "  thread #4: tid = 12, 0x0000000100002000 libsystem_kernel.dylib`__workq_kernreturn + 8",
      '(lldb) process kill',
    ].join('\n');
    const transcript = parseTranscript(stdout, '', { predictionSnapshot: 'snap', finalSnapshot: 'final', threads: 'threads', startCommand: 'process launch' });
    expect(transcript.threads).toEqual({ names: ['H11ANEServicesThread'], queues: ['com.apple.main-thread', 'com.apple.anef.p0'] });
  });

  it('takes no thread from a line the target printed into the listing', () => {
    const stdout = [
      '(lldb) threads',
      "* thread #1: tid = 9, 0x0000000100001000 app`main, queue = 'com.apple.main-thread', stop reason = signal SIGSTOP",
      // What LLDB prints for a thread, printed by the target after a prefix of its own.
      "app:   thread #2: tid = 10, name = 'H11ANEServicesThread', queue = 'com.apple.anef.p0'",
      '(lldb) process kill',
    ].join('\n');
    const transcript = parseTranscript(stdout, '', { predictionSnapshot: 'snap', finalSnapshot: 'final', threads: 'threads', startCommand: 'process launch' });
    expect(transcript.threads).toEqual({ names: [], queues: ['com.apple.main-thread'] });
  });

  it('has no threads when the target had ended, and none when the command did not run', () => {
    const markers = { predictionSnapshot: 'snap', finalSnapshot: 'final', threads: 'threads', startCommand: 'process launch' };
    expect(parseTranscript('(lldb) threads\nerror: Process must be launched.\n(lldb) process kill', '', markers)).not.toHaveProperty('threads');
    expect(parseTranscript('(lldb) process kill', '', markers)).not.toHaveProperty('threads');
    // Without a threads command, a command of that name is just a command.
    expect(parseTranscript("(lldb) threads\n* thread #1: tid = 9, name = 'x'", '', { ...markers, threads: undefined })).not.toHaveProperty('threads');
  });

  it('keeps what discovery printed, up to the next command', () => {
    const stdout = ['(lldb) discover', 'line one', '', 'line three', '(lldb) threads', 'after'].join('\n');
    const markers = { predictionSnapshot: 'snap', finalSnapshot: 'final', startCommand: 'process launch', discoveryCommand: 'discover' };
    expect(parseTranscript(stdout, '', markers).discoveryOutput).toBe('line one\n\nline three');
    expect(parseTranscript('(lldb) discover\nlast', '', markers).discoveryOutput).toBe('last');
    expect(parseTranscript('(lldb) discover\n(lldb) threads\nafter', '', markers).discoveryOutput).toBe('');
    expect(parseTranscript(stdout, '', { ...markers, discoveryCommand: undefined }).discoveryOutput).toBeUndefined();
  });

  it('reads the events after the last start command only, and leaves comment lines out of the commands', () => {
    const stdout = ['(lldb) # ane-check: sync 1', 'Process 5 exited with status = 4 (0x00000004)', '(lldb) process launch -i /dev/null', 'Process 6 exited with status = 0 (0x00000000)'].join('\n');
    const transcript = parseTranscript(stdout, '', { predictionSnapshot: 'snap', finalSnapshot: 'final', startCommand: 'process launch' });
    expect(transcript.commands).toEqual(['process launch -i /dev/null']);
    expect(transcript.end).toEqual({ kind: 'exited', status: 0 });
    expect(transcript.pid).toBe(5);
  });
});

describe('parseBreakpointList: each part of a breakpoint', () => {
  it('reads a pending breakpoint, names and commands apart, and stops at the next command', () => {
    const lines = [
      'Current breakpoints:',
      "12: name = 'E5RT::Ops::MpsGraphInferenceOperation::Impl::SubmitAsync', module = Espresso, locations = 0 (pending) Options: enabled auto-continue ",
      '    Breakpoint commands:',
      '      ane_check_prediction_snapshot',
      '',
      '  Names:',
      '    ane_check_counted',
      '    ane_check_probe_11',
      '',
      "13: regex = '^k', locations = 12, resolved = 10, hit count = 15 Options: enabled auto-continue ",
      '  13.11: where = Espresso`k11(int) + 4 at k.cpp:10, address = 0x00007ffff7eaf2b0, resolved, hit count = 15 ',
      '  13.12: where = k12, address = Espresso[0x00000000000012c0], unresolved, hit count = 0 ',
      '(lldb) next',
      "14: name = 'after', locations = 1, resolved = 1, hit count = 0",
    ];
    const [pending, regex, ...rest] = parseBreakpointList(lines, 0);
    expect(rest).toEqual([]);
    expect(pending).toEqual({
      id: 12,
      description: "name = 'E5RT::Ops::MpsGraphInferenceOperation::Impl::SubmitAsync', module = Espresso",
      names: ['ane_check_counted', 'ane_check_probe_11'],
      pending: true,
      hitCount: 0,
      locations: [],
    });
    expect(regex).toEqual({
      id: 13,
      description: "regex = '^k'",
      names: [],
      pending: false,
      hitCount: 15,
      locations: [
        { id: '13.11', module: 'Espresso', functionName: 'k11(int)', address: '0x00007ffff7eaf2b0', resolved: true, hitCount: 15 },
        { id: '13.12', module: undefined, functionName: 'k12', address: 'Espresso[0x00000000000012c0]', resolved: false, hitCount: 0 },
      ],
    });
  });

  it('counts a breakpoint whose locations are all unresolved, which LLDB lists without a hit count, by its locations', () => {
    const lines = [
      "1: regex = '^k', locations = 2 Options: enabled auto-continue ",
      '  1.1: where = lib`k1, address = lib[0x10], unresolved, hit count = 3 ',
      '  1.2: where = lib`k2, address = lib[0x20], unresolved, hit count = 4 ',
      "2: name = 'g', locations = 0 (pending)",
    ];
    const [unresolved, pending] = parseBreakpointList(lines, 0);
    expect(unresolved).toMatchObject({ pending: false, hitCount: 7, locations: [{ resolved: false, hitCount: 3 }, { resolved: false, hitCount: 4 }] });
    expect(pending).toMatchObject({ pending: true, hitCount: 0, locations: [] });
  });

  it("takes the header's hit count when it has one, though the locations listed sum to another", () => {
    // LLDB counts every hit of the breakpoint; a location can be gone (its library unloaded) with its hits.
    const lines = ["1: name = 'f', locations = 2, resolved = 2, hit count = 9", '  1.1: where = lib`f, address = 0x1, resolved, hit count = 2', '  1.2: where = lib`f, address = 0x2, resolved, hit count = 3'];
    expect(parseBreakpointList(lines, 0)[0]?.hitCount).toBe(9);
  });

  it('names the inlined function of a location in a function inlined into another, without offsets', () => {
    const lines = ["1: name = 'callee', locations = 1, resolved = 1, hit count = 0", '  1.1: where = lib`caller(int) + 40 [inlined] callee(int) + 8 at c.cpp:12:3, address = 0x10, resolved, hit count = 0'];
    expect(parseBreakpointList(lines, 0)[0]?.locations[0]).toMatchObject({ module: 'lib', functionName: 'callee(int)' });
  });

  it('ends the names at the first blank line, and reads a location after them', () => {
    const lines = ["1: name = 'f', locations = 1, resolved = 1, hit count = 2", '  Names:', '    first', '', '  1.1: where = lib`f, address = 0x1, resolved, hit count = 2', '    not a name'];
    expect(parseBreakpointList(lines, 0)[0]).toMatchObject({ names: ['first'], locations: [{ id: '1.1', hitCount: 2 }] });
  });

  it('takes no line after the blank that ends the names for a name', () => {
    const lines = ["1: name = 'f', locations = 1, resolved = 1, hit count = 2", '  Names:', '    first', '', '    Condition: (x == 1)'];
    expect(parseBreakpointList(lines, 0)[0]?.names).toEqual(['first']);
  });

  it('ends the names at `Breakpoint commands:` when no blank line comes first', () => {
    const lines = ["1: name = 'f', locations = 1, resolved = 1, hit count = 2", '  Names:', '    first', '    Breakpoint commands:', '      ane_check_prediction_snapshot'];
    expect(parseBreakpointList(lines, 0)[0]?.names).toEqual(['first']);
  });

  it('ends the names of a breakpoint at the next breakpoint, even without a blank line', () => {
    const lines = ["1: name = 'f', locations = 0 (pending)", '  Names:', '    first', "2: name = 'g', locations = 1, resolved = 1, hit count = 0", '    Condition: (x == 1)'];
    expect(parseBreakpointList(lines, 0).map((breakpoint) => breakpoint.names)).toEqual([['first'], []]);
  });

  it('passes over a location line that comes before any breakpoint', () => {
    const lines = ['Current breakpoints:', '  1.1: where = lib`f, address = 0x1, resolved, hit count = 2', '  Names:', '    stray', "2: name = 'g', locations = 1, resolved = 1, hit count = 0"];
    expect(parseBreakpointList(lines, 0)).toEqual([{ id: 2, description: "name = 'g'", names: [], pending: false, hitCount: 0, locations: [] }]);
  });

  it('strips a source position with a column of two digits', () => {
    const lines = ["1: name = 'f', locations = 1, resolved = 1, hit count = 1", '  1.1: where = a.out`f(int) + 12 at f.cpp:120:15, address = 0x0000000000401136, resolved, hit count = 1'];
    expect(parseBreakpointList(lines, 0)[0]?.locations[0]?.functionName).toBe('f(int)');
  });

  it('starts reading where it is told', () => {
    const lines = ["1: name = 'skipped', locations = 1, resolved = 1, hit count = 0", "2: name = 'read', locations = 1, resolved = 1, hit count = 0"];
    expect(parseBreakpointList(lines, 1).map((breakpoint) => breakpoint.id)).toEqual([2]);
  });
});

describe('parseTranscript: an exit that Apple\'s LLDB describes', () => {
  const markers = { predictionSnapshot: 'snap', finalSnapshot: 'final', startCommand: 'process continue' };
  const endOf = (...lines: string[]) => parseTranscript(['(lldb) process continue', ...lines].join('\n'), '', markers).end;

  it.each([
    ['Process 611 exited with status = 0 (0x00000000) Terminated due to memory issue', { kind: 'killed', status: 0, reason: 'Terminated due to memory issue' }],
    ['Process 70391 exited with status = 0 (0x00000000) Terminated due to signal 13', { kind: 'killed', status: 0, reason: 'Terminated due to signal 13' }],
    ['Process 9 exited with status = 0 (0x00000000) Terminated due to code signing error  ', { kind: 'killed', status: 0, reason: 'Terminated due to code signing error' }],
    ['Process 9 exited with status = -1 (0xffffffff)   Terminated due to signal 9', { kind: 'killed', status: -1, reason: 'Terminated due to signal 9' }],
  ])('reads %j as a kill, never a clean exit', (line, end) => {
    expect(endOf(line)).toStrictEqual(end);
  });

  it('keeps what LLDB printed after the status of an exit, and nothing when it printed nothing', () => {
    expect(endOf('Process 9 exited with status = 9 (0x00000009) killed ')).toStrictEqual({ kind: 'exited', status: 9, description: 'killed' });
    expect(endOf('Process 9 exited with status = 0 (0x00000000) Terminated due to')).toStrictEqual({ kind: 'exited', status: 0, description: 'Terminated due to' });
    // LLDB 14 ends the line with the space before an empty description.
    expect(endOf('Process 9 exited with status = 0 (0x00000000) ')).toStrictEqual({ kind: 'exited', status: 0 });
    expect(endOf('Process 9 exited with status = 3 (0x00000003)')).toStrictEqual({ kind: 'exited', status: 3 });
  });

  it('takes a kill over the breakpoint stop before it, and ignores the kill that follows the final snapshot', () => {
    const stop = ['Process 9 stopped', '* thread #1, stop reason = breakpoint 2.1'];
    expect(endOf(...stop, 'Process 9 exited with status = 0 (0x00000000) Terminated due to memory issue')).toEqual({ kind: 'killed', status: 0, reason: 'Terminated due to memory issue' });
    expect(endOf(...stop, '(lldb) final', '(lldb) process kill', 'Process 9 exited with status = 0 (0x00000000) Terminated due to signal 9')).toEqual({ kind: 'stopped-at-breakpoint', breakpointIds: [2] });
  });
});

describe('eventAfterPrompt', () => {
  it.each([
    "Process 7 launched: '/bin/app' (arm64)",
    'Process 7 resuming',
    'Process 752 stopped',
    'Process 7 stopped and restarted: thread 1 received signal: SIGCHLD',
    'Process 7 crashed',
    'Process 7 suspended',
    'Process 611 exited with status = 0 (0x00000000) Terminated due to memory issue',
    'Process 7 detached',
    'Process 7 attaching',
    'Process 7 launching',
    'Process 7 stepping',
    'Process 7 running',
  ])('gives the event %j that LLDB printed after its prompt', (event) => {
    expect(eventAfterPrompt(`(lldb) ${event}`)).toBe(event);
  });

  it('takes the event without the spaces around it', () => {
    expect(eventAfterPrompt('(lldb)   Process 752 stopped  ')).toBe('Process 752 stopped');
  });

  it.each([
    ['an echoed command', '(lldb) process continue'],
    ['a command that names a process', '(lldb) target create "Process 3 launched"'],
    ['an event without a prompt (not after one)', 'Process 752 stopped'],
    ['a prompt run into the event', '(lldb)Process 752 stopped'],
    ['a prompt after other text', 'app: (lldb) Process 752 stopped'],
    ['a state word that only begins the word', '(lldb) Process 752 stoppedness'],
    ['another word', '(lldb) Process 752 paused'],
    ['no process id', '(lldb) Process x stopped'],
    ['the plural', '(lldb) Processes 7 launched'],
  ])('gives nothing for %s', (_, line) => {
    expect(eventAfterPrompt(line)).toBeUndefined();
  });

  it('lets parseTranscript read such a line as the event, not as a command', () => {
    const stdout = ['(lldb) process continue', '(lldb) Process 9 exited with status = 3 (0x00000003)', '(lldb) final'].join('\n');
    const transcript = parseTranscript(stdout, '', { predictionSnapshot: 'snap', finalSnapshot: 'final', startCommand: 'process continue' });
    expect(transcript.commands).toEqual(['process continue', 'final']);
    expect(transcript.end).toEqual({ kind: 'exited', status: 3 });
    expect(transcript.pid).toBe(9);
    expect(transcript.final).toEqual([]);
  });
});

/**
 * The pastes of Apple's LLDB output (APPLE_PASTES, SOURCES.md there names each one's public source), each read for
 * what it shows. Most are cut from the middle of a session: `afterStart` puts the session's start command before
 * them, as ane-check's script has it, since the parser reads the target's events only after that command.
 */
describe("parseTranscript on Apple's LLDB as pasted", () => {
  const markers: TranscriptMarkers = { predictionSnapshot: 'ane_check_prediction_snapshot', finalSnapshot: 'ane_check_snapshot_final', threads: 'thread list', startCommand: 'process continue' };
  const lines = (name: string) => applePaste(name).split(/\r?\n/u);
  const afterStart = (name: string, stderr = '') => parseTranscript(`(lldb) process continue\n${applePaste(name)}`, stderr, markers);
  /** The breakpoint list printed after the `nth` echo of `command`. */
  const listAfter = (name: string, command: string, nth = 0) => {
    const all = lines(name);
    const at = all.flatMap((line, index) => (line === `(lldb) ${command}` ? [index] : []))[nth];
    if (at === undefined) throw new Error(`${name} has no echo of ${command} number ${nth + 1}`);
    return parseBreakpointList(all, at + 1);
  };
  /** What LLDB's `version` command printed (the line after its echo). */
  const versionIn = (name: string) => lines(name)[lines(name).indexOf('(lldb) version') + 1];

  const TESTED = [
    '01-ghidra-stm32-lldb1600',
    '02-ghidra-mgba-lldb1600',
    '03-objcio-breakpoint-list-disabled',
    '04-apple-lldb-guide-breakpoints',
    '05-codelldb97-macos-inlined-locations',
    '06-chisel230-location-options-disabled',
    '07-plus-plugins2203-xcode15-exc-bad-access',
    '08-flutter190307-ios27-dartworker-breakpoint',
    '09-tooot644-ios-thread-list',
    '10-intune331-sigstop-backtrace-all',
    '11-urbanairship387-exc-bad-access',
    '12-msmtp-macos-exit-terminated-by-signal13',
    '13-ios-deploy-thalitest-exit-memory-issue',
  ];

  it(`has a test for every paste in ${APPLE_PASTES}`, () => {
    expect(applePasteNames()).toEqual(TESTED);
  });

  it('fails, naming the folder, when the pastes are not there', () => {
    const missing = path.join(APPLE_PASTES, 'not-here');
    expect(() => applePasteNames(missing)).toThrow(`The pastes of Apple's LLDB output are missing: ${missing} does not exist.`);
  });

  it('01 (lldb-1600.0.39.109, Ghidra\'s notes): the commands, the SIGINT stop of a gdb-remote target, the build number', () => {
    const transcript = parseTranscript(applePaste(TESTED[0]!), '', { ...markers, startCommand: 'gdb-remote' });
    // The bare `(lldb)` that ends the paste (its trailing space lost in the paste) is a prompt, not a command.
    expect(transcript.commands).toEqual([
      'version',
      'script import ghidralldb',
      'gdb-remote localhost:3333',
      'ghidra trace connect "127.0.0.1:59267"',
      'ghidra trace start',
      'ghidra trace sync-enable',
      'ghidra trace sync-synth-stopped',
    ]);
    expect(transcript.pid).toBe(1);
    expect(transcript.end).toEqual({ kind: 'interrupted', reason: 'signal SIGINT' });
    // The disassembly under the stop and Ghidra's own lines are neither snapshots nor errors.
    expect(transcript).toMatchObject({ snapshots: [], final: undefined, errors: [] });
    expect(appleLldbBuild(versionIn(TESTED[0]!))).toBe(1600);
  });

  it('02 (lldb-1600.0.36.3, Ghidra\'s notes): the stop that comes before the next command, and the error line', () => {
    // The paste shows the terminal, both of LLDB's streams in one: its `error:` line is standard error.
    const [stdout, stderr] = [false, true].map((errorLines) => lines(TESTED[1]!).filter((line) => line.startsWith('error: ') === errorLines).join('\n'));
    const transcript = parseTranscript(stdout!, stderr!, { ...markers, startCommand: 'gdb-remote' });
    expect(transcript.commands).toEqual([
      'version',
      'script import ghidralldb',
      'gdb-remote localhost:2345',
      'ghidra trace connect "127.0.0.1:57689"',
      'ghidra trace start',
      'ghidra trace sync-enable',
      'ghidra trace sync-synth-stopped',
    ]);
    expect(transcript.pid).toBe(1);
    // `target 0: (No executable module.) stopped.` (lower case here, upper case in 01) says nothing the stop did not.
    expect(transcript.end).toEqual({ kind: 'interrupted', reason: 'signal SIGINT' });
    expect(transcript.errors).toEqual(['Assertion failed:....']);
    expect(appleLldbBuild(versionIn(TESTED[1]!))).toBe(1600);
  });

  it('03 (Xcode 6, objc.io): a disabled breakpoint\'s header without a hit count, an empty list, commands and a condition', () => {
    const name = TESTED[2]!;
    const description = "file = '/Users/arig/Desktop/DebuggerDance/DebuggerDance/main.m', line = 16";
    const location = { id: '1.1', module: 'DebuggerDance', functionName: 'main', address: '0x000000010a3f6cab', hitCount: 1 };
    expect(listAfter(name, 'br li', 0)).toEqual([{ id: 1, description, names: [], pending: false, hitCount: 1, locations: [{ ...location, resolved: true }] }]);
    // Disabled, the breakpoint has no resolved location and its header no hit count: its location still has its hit.
    expect(listAfter(name, 'br li', 1)).toEqual([{ id: 1, description, names: [], pending: false, hitCount: 1, locations: [{ ...location, resolved: false }] }]);
    expect(listAfter(name, 'br li', 2)).toEqual([]);
    // Its commands (`p i`) and its `Condition:` are not names, and do not hide the location after them.
    expect(listAfter(name, 'br li 1')).toEqual([
      {
        id: 1,
        description: "name = 'isEven'",
        names: [],
        pending: false,
        hitCount: 0,
        locations: [{ id: '1.1', module: 'DebuggerDance', functionName: 'isEven', address: '0x00000001083b5d00', resolved: true, hitCount: 0 }],
      },
    ]);
    const transcript = parseTranscript(applePaste(name), '', { ...markers, predictionSnapshot: 'br li', finalSnapshot: 'br li 1' });
    expect(transcript.snapshots.map((snapshot) => snapshot.map((breakpoint) => breakpoint.hitCount))).toEqual([[1], [1], []]);
    expect(transcript.final?.map((breakpoint) => breakpoint.description)).toEqual(["name = 'isEven'"]);
    // What `breakpoint command add` reads (`> p i`, `> DONE`) is no command of the script.
    expect(transcript.commands).toEqual([
      'br li',
      'br dis 1',
      'br li',
      'br del 1',
      'br li',
      'breakpoint set -F "-[NSArray objectAtIndex:]"',
      'breakpoint set -F "+[NSSet setWithObject:]"',
      'breakpoint set -F isEven',
      "breakpoint modify -c 'i == 99' 1",
      'breakpoint command add 1',
      'br li 1',
    ]);
    expect(transcript.end).toEqual({ kind: 'unknown' });
  });

  it('04 (Apple\'s LLDB guide): headers without a hit count, unresolved file addresses, Swift names with spaces', () => {
    expect(listAfter(TESTED[3]!, 'breakpoint list')).toEqual([
      {
        id: 1,
        description: "name = 'sayHello'",
        names: [],
        pending: false,
        hitCount: 0,
        locations: [{ id: '1.1', module: 'main', functionName: 'main.sayHello () -> ()', address: 'main[0x00000001000011cf]', resolved: false, hitCount: 0 }],
      },
      {
        id: 2,
        description: "file = 'main.swift', line = 4, exact_match = 0",
        names: [],
        pending: false,
        hitCount: 0,
        locations: [{ id: '2.1', module: 'main', functionName: 'main', address: 'main[0x00000001000011a6]', resolved: false, hitCount: 0 }],
      },
    ]);
    // `breakpoint set` answers with `Breakpoint 1: where = ...`, which is no listing.
    expect(listAfter(TESTED[3]!, 'breakpoint set -n sayHello')).toEqual([]);
  });

  it('05 (macOS, codelldb#97): inlined locations named by the inlined function, and the locations the paste lists', () => {
    const [breakpoint, ...rest] = parseBreakpointList(lines(TESTED[4]!), 0);
    expect(rest).toEqual([]);
    expect(breakpoint).toMatchObject({ id: 1, description: "file = 'lib.rs', line = 827, exact_match = 0", pending: false, hitCount: 1 });
    // The header says 60 locations; the paste kept 6, and the parser reads the ones listed, not the header's number.
    expect(breakpoint?.locations.map((location) => [location.id, location.module, location.functionName, location.address, location.resolved, location.hitCount])).toEqual([
      ['1.1', 'XUL', 'decoder_decode_to_utf16', '0x000000011ffd6958', true, 1],
      ['1.2', 'XUL', 'prefs_parser::Parser::get_string_token::h22928982ae607a5b', '0x000000011ffdcefa', true, 0],
      // A Rust name as LLDB printed it, still mangled: kept as it is.
      ['1.3', 'XUL', '_$LT$mp4parse_capi..SampleToChunkIterator$LT$$u27$a$GT$$u20$as$u20$core..iter..iterator..Iterator$GT$::next::h279cca80b9765c6f', '0x00000001200561af', true, 0],
      // Two locations in one function, told apart by their addresses.
      ['1.4', 'XUL', 'mp4parse::read_trak::he8430fffe4dde42b', '0x00000001200475cc', true, 0],
      ['1.5', 'XUL', 'mp4parse::read_trak::he8430fffe4dde42b', '0x0000000120047ed7', true, 0],
      ['1.6', 'XUL', '_$LT$servo_arc..RawOffsetArc$LT$T$GT$$GT$::with_arc::h4f4d97c205b63f58', '0x00000001201d42f2', true, 0],
    ]);
  });

  it('06 (Xcode 9, chisel#230): a location with options after its hit count, and one quoted outside any listing', () => {
    const [pasted] = lines(TESTED[5]!);
    // The issue quotes the location alone, after a label of its own: without its breakpoint's header, nothing is read.
    expect(pasted).toMatch(/^location\t2\.1: where = /u);
    expect(parseBreakpointList([pasted!], 0)).toEqual([]);
    // Under a header, indented as LLDB lists it (the header is this test's), the location reads with its options.
    const [breakpoint] = parseBreakpointList(["2: name = 'block', locations = 1", pasted!.replace(/^location\t/u, '  ')], 0);
    expect(breakpoint).toEqual({
      id: 2,
      description: "name = 'block'",
      names: [],
      pending: false,
      hitCount: 0,
      locations: [{ id: '2.1', module: 'SunLigth', functionName: '__66+[SUNNetService httpAsyncPostWithDictionary:completionBlock:]_block_invoke', address: '0x0000000104514dfc', resolved: false, hitCount: 0 }],
    });
  });

  it('07 (Xcode 15, iOS device, plus_plugins#2203): the stop printed after the prompt, and the crash', () => {
    const [first] = lines(TESTED[6]!);
    expect(eventAfterPrompt(first!)).toBe('Process 752 stopped');
    const transcript = afterStart(TESTED[6]!);
    // `thread backtrace all` and `process detach` are the driver's log of what it sent, not LLDB's echoes.
    expect(transcript.commands).toEqual(['process continue']);
    expect(transcript.pid).toBe(752);
    expect(transcript.end).toEqual({ kind: 'crashed', reason: 'EXC_BAD_ACCESS (code=1, address=0x0)' });
    // The selected frame (`  * frame #0`) of the backtrace is no thread's stop.
    expect(transcript).toMatchObject({ snapshots: [], final: undefined, errors: [] });
  });

  it('08 (iOS 27 device, flutter#190307): a breakpoint stop on a named thread, with a source listing', () => {
    const transcript = afterStart(TESTED[7]!);
    expect(transcript.end).toEqual({ kind: 'stopped-at-breakpoint', breakpointIds: [1] });
    // The paste has no `Process N` line: no pid. The listing's `-> 210` marker is no command.
    expect(transcript.pid).toBeUndefined();
    expect(transcript.commands).toEqual(['process continue']);
  });

  it('09 (iOS device, tooot#644): the names and queue of a thread list, with its stop line', () => {
    const transcript = parseTranscript(applePaste(TESTED[8]!), '', markers);
    expect(transcript.commands).toEqual(['thread list']);
    expect(transcript.pid).toBe(14922);
    // Each name once (`hades` names two threads), a name with spaces whole.
    expect(transcript.threads).toEqual({
      names: ['com.apple.uikit.eventfetch-thread', 'com.facebook.react.JavaScript', 'hades', 'AVAudioSession Notify Thread', 'hermes-chrome-inspector-conn', 'hermes-inspector'],
      queues: ['com.apple.main-thread'],
    });
    // Listed before any start command: no end.
    expect(transcript.end).toEqual({ kind: 'unknown' });
  });

  it('10 (Xcode, iOS arm64, intune-app-sdk#331): a SIGSTOP in `thread backtrace all`, whose thread line is no listing', () => {
    const transcript = afterStart(TESTED[9]!);
    expect(transcript.commands).toEqual(['process continue', 'thread backtrace all']);
    expect(transcript.end).toEqual({ kind: 'interrupted', reason: 'signal SIGSTOP' });
    // The witnesses come from `thread list` only.
    expect(transcript).not.toHaveProperty('threads');
  });

  it('11 (Xcode 15 Simulator, urbanairship#387): EXC_BAD_ACCESS with a selected frame below the first', () => {
    const transcript = afterStart(TESTED[10]!);
    expect(transcript.end).toEqual({ kind: 'crashed', reason: 'EXC_BAD_ACCESS (code=1, address=0x0)' });
    expect(transcript.commands).toEqual(['process continue']);
  });

  it('12 (macOS 10.12, msmtp): a SIGPIPE stop, then the program killed by the signal, reported as status 0', () => {
    const transcript = afterStart(TESTED[11]!);
    expect(transcript.commands).toEqual(['process continue', 'bt', 'c']);
    expect(transcript.pid).toBe(70391);
    expect(transcript.end).toStrictEqual({ kind: 'killed', status: 0, reason: 'Terminated due to signal 13' });
    // Before `c`: the stop. The first thread line, cut with `[...]` in the paste, has no `, stop reason`; the
    // thread line that `bt` prints (Xcode 8's `thread #1: tid = ...` form) gives it.
    const beforeContinue = lines(TESTED[11]!).slice(0, lines(TESTED[11]!).indexOf('(lldb) c'));
    expect(parseTranscript(['(lldb) process continue', ...beforeContinue].join('\n'), '', markers).end).toEqual({ kind: 'crashed', reason: 'signal SIGPIPE' });
  });

  it('13 (Xcode 7, iOS 9.1 device, ios-deploy): sourced commands with their indent, and an app killed for its memory', () => {
    const transcript = parseTranscript(applePaste(TESTED[12]!), '', { ...markers, startCommand: 'run' });
    const prefix = 'fruitstrap_2a65f58f9902a701b5c9a55b2befb18672927474';
    expect(transcript.commands).toEqual([
      "command source -s 0 '/tmp/1E8A5836-82BD-4521-8D6E-D623AA903938/fruitstrap-lldb-prep-cmds-2a65f58f9902a701b5c9a55b2befb18672927474'",
      "platform select remote-ios --sysroot '/Users/thali/Library/Developer/Xcode/iOS DeviceSupport/9.1 (13B143)/Symbols'",
      'target create "/Users/thali/Github/CI/builder/builds/61432979f791f6f/build_ios/ThaliTest.app"',
      'script fruitstrap_device_app="/private/var/mobile/Containers/Bundle/Application/89D0E688-8C6E-43B5-A70F-503065C0A10D/ThaliTest.app"',
      'script fruitstrap_connect_url="connect://127.0.0.1:49504"',
      `command script import "/tmp/1E8A5836-82BD-4521-8D6E-D623AA903938/${prefix}.py"`,
      `command script add -f ${prefix}.connect_command connect`,
      `command script add -s asynchronous -f ${prefix}.run_command run`,
      `command script add -s asynchronous -f ${prefix}.autoexit_command autoexit`,
      `command script add -s asynchronous -f ${prefix}.safequit_command safequit`,
      'connect',
      'run',
      'autoexit',
    ]);
    expect(transcript.pid).toBe(611);
    expect(transcript.end).toStrictEqual({ kind: 'killed', status: 0, reason: 'Terminated due to memory issue' });
  });
});
