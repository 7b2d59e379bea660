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

  it('takes no process event from a program path or a thread name that looks like one', () => {
    const stdout = [
      '(lldb) target create "/tmp/Process 3 launched/app"',
      "Current executable set to '/tmp/Process 3 launched/app' (x86_64).",
      '(lldb) process launch',
      "Process 7 launched: '/tmp/Process 3 launched/app' (x86_64)",
      'Process 7 stopped',
      "* thread #1, name = 'Process 7 exited with status = 5', stop reason = signal SIGSTOP",
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

  it('reads a breakpoint whose locations are all unresolved, which LLDB lists without a hit count', () => {
    const [breakpoint] = parseBreakpointList(["1: regex = '^k', locations = 2 Options: enabled auto-continue ", '  1.1: where = lib`k1, address = lib[0x10], unresolved, hit count = 3 '], 0);
    expect(breakpoint).toMatchObject({ pending: false, hitCount: 0, locations: [{ resolved: false, hitCount: 3 }] });
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
