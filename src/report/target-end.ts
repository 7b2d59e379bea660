import type { WindowEnd } from '../analysis/measure.js';
import type { Transcript } from '../probe/transcript.js';
import type { RunReport } from './report.js';

/**
 * The report's `run.targetEnd` (a fixed value for machines) and `run.targetEndDetail` (LLDB's words) from
 * what the transcript says. `windowEnd` tells whether a breakpoint stop was the one that closes the window
 * (`next-prediction`) or another of ane-check's breakpoints (a driven run cut short).
 */
export function reportTargetEnd(transcript: Pick<Transcript, 'end' | 'pid'>, windowEnd: WindowEnd | undefined): Pick<RunReport, 'targetEnd' | 'targetEndDetail'> {
  const { end } = transcript;
  switch (end.kind) {
    case 'exited':
      return { targetEnd: 'exited', targetEndDetail: `exited with status ${end.status}${end.description ? ` (${end.description})` : ''}` };
    case 'crashed':
      return { targetEnd: 'crashed', targetEndDetail: `crashed: ${end.reason}` };
    case 'killed':
      return { targetEnd: 'killed', targetEndDetail: `killed: ${end.reason}` };
    case 'interrupted':
      return { targetEnd: 'interrupted', targetEndDetail: `interrupted: ${end.reason}` };
    case 'stopped-at-breakpoint':
      return {
        targetEnd: 'stopped-by-ane-check',
        targetEndDetail:
          windowEnd === 'next-prediction' ? 'stopped at the prediction after the counted window' : `stopped at ane-check's breakpoint ${end.breakpointIds.join(', ')}`,
      };
    default:
      // LLDB prints a pid once it has a process: without one, nothing ran (LLDB failed or refused the script first).
      return { targetEnd: transcript.pid === undefined ? null : 'unknown', targetEndDetail: null };
  }
}
