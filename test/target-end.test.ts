import { describe, expect, it } from 'vitest';

import { parseTranscript, type TargetEnd } from '../src/probe/transcript.js';
import { reportTargetEnd } from '../src/report/target-end.js';
import { REPORT_SCHEMA } from './support/report-schema.js';
import { applePaste, recordedTranscript } from './support/transcripts.js';

describe('reportTargetEnd', () => {
  it.each<[string, TargetEnd, object]>([
    ['exited', { kind: 'exited', status: 3 }, { targetEnd: 'exited', targetEndDetail: 'exited with status 3' }],
    ['exited, in words', { kind: 'exited', status: 9, description: 'killed' }, { targetEnd: 'exited', targetEndDetail: 'exited with status 9 (killed)' }],
    ['was killed', { kind: 'killed', status: 0, reason: 'Terminated due to memory issue' }, { targetEnd: 'killed', targetEndDetail: 'killed: Terminated due to memory issue' }],
    ['crashed', { kind: 'crashed', reason: 'signal SIGSEGV: invalid address (fault address: 0x0)' }, { targetEnd: 'crashed', targetEndDetail: 'crashed: signal SIGSEGV: invalid address (fault address: 0x0)' }],
    ['interrupted', { kind: 'interrupted', reason: 'signal SIGSTOP' }, { targetEnd: 'interrupted', targetEndDetail: 'interrupted: signal SIGSTOP' }],
    ['unknown', { kind: 'unknown' }, { targetEnd: 'unknown', targetEndDetail: null }],
  ])('gives the fixed value and LLDB\'s words for a target that %s', (_, end, expected) => {
    expect(reportTargetEnd({ end, pid: 4242 }, undefined)).toEqual(expected);
  });

  it('says where a breakpoint stop was: the window\'s end, or another of ane-check\'s breakpoints', () => {
    const end: TargetEnd = { kind: 'stopped-at-breakpoint', breakpointIds: [7] };
    expect(reportTargetEnd({ end, pid: 4242 }, 'next-prediction')).toEqual({ targetEnd: 'stopped-by-ane-check', targetEndDetail: 'stopped at the prediction after the counted window' });
    expect(reportTargetEnd({ end, pid: 4242 }, 'timeout')).toEqual({ targetEnd: 'stopped-by-ane-check', targetEndDetail: "stopped at ane-check's breakpoint 7" });
  });

  it('is null when no target process ran', () => {
    expect(reportTargetEnd({ end: { kind: 'unknown' }, pid: undefined }, undefined)).toEqual({ targetEnd: null, targetEndDetail: null });
  });

  it.each([
    ['lldb19-window-complete-driven', 'next-prediction', { targetEnd: 'stopped-by-ane-check', targetEndDetail: 'stopped at the prediction after the counted window' }],
    ['lldb14-crash', 'crash', { targetEnd: 'crashed', targetEndDetail: 'crashed: signal SIGSEGV: invalid address (fault address: 0x0)' }],
    ['xcode-e5rt-crash', 'crash', { targetEnd: 'crashed', targetEndDetail: 'crashed: EXC_BAD_ACCESS (code=1, address=0x0)' }],
    ['lldb19-exit-early', 'exit', { targetEnd: 'exited', targetEndDetail: 'exited with status 0' }],
    // LLDB refused a probe before the launch.
    ['lldb14-refused-regex', undefined, { targetEnd: null, targetEndDetail: null }],
  ] as const)('reads the recorded run %s', (name, windowEnd, expected) => {
    expect(reportTargetEnd(recordedTranscript(name), windowEnd)).toEqual(expected);
  });

  it.each([
    ['13-ios-deploy-thalitest-exit-memory-issue', 'run', 'killed: Terminated due to memory issue'],
    ['12-msmtp-macos-exit-terminated-by-signal13', 'c', 'killed: Terminated due to signal 13'],
  ])("says `killed` in LLDB's words for Apple's LLDB's paste %s", (name, startCommand, detail) => {
    const transcript = parseTranscript(applePaste(name), '', { predictionSnapshot: 'snap', finalSnapshot: 'final', startCommand });
    expect(reportTargetEnd(transcript, 'killed')).toEqual({ targetEnd: 'killed', targetEndDetail: detail });
  });

  it('gives only values that the report schema allows, for every way a target can end', () => {
    const ends: TargetEnd[] = [
      { kind: 'stopped-at-breakpoint', breakpointIds: [1] },
      { kind: 'interrupted', reason: 'signal SIGSTOP' },
      { kind: 'crashed', reason: 'signal SIGSEGV' },
      { kind: 'exited', status: 0 },
      { kind: 'killed', status: 0, reason: 'Terminated due to signal 9' },
      { kind: 'unknown' },
    ];
    const run = (REPORT_SCHEMA as { $defs: { run: { properties: Record<string, { enum: unknown[] }> } } }).$defs.run.properties;
    const given = [...ends.map((end) => reportTargetEnd({ end, pid: 1 }, undefined).targetEnd), reportTargetEnd({ end: { kind: 'unknown' }, pid: undefined }, undefined).targetEnd];
    expect(run.targetEnd!.enum).toEqual(expect.arrayContaining(given));
    expect(new Set(given).size).toBe(run.targetEnd!.enum.length);
    // The window's ends too: killed among them.
    expect(run.windowEnd!.enum).toContain('killed');
  });
});
