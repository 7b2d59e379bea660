import { ENGINES, probePattern, type Engine, type Probe } from '../profiles/profile.js';
import type { TargetEnd, Transcript } from '../probe/transcript.js';
import { NO_DEVICE_COMMAND } from '../targets/device.js';
import type { Measurement } from './measure.js';

export interface Gates {
  threshold: number;
}

export interface RunFacts {
  spawnError?: string;
  lldbCommand: string;
  timedOut: boolean;
  timeoutSeconds: number;
  idleStopped: boolean;
  leftRunning: number[];
  transcript: Transcript;
  probes: readonly Probe[];
  /** Why this target has no Neural Engine (the Simulator, a virtual machine): ANE coverage is then unknowable. */
  noAne?: string;
}

export interface Verdict {
  status: 'pass' | 'fail' | 'inconclusive' | 'error';
  coverage: number | null;
  reasons: string[];
  notes: string[];
}

/** Percent with one decimal, the precision reported and gated on. */
export function roundPercent(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Decides the status. The order matters: a broken run is an `error` whatever it counted; a run that
 * cannot see the ANE, or saw no work, is `inconclusive` (never a 0%); only then does the threshold
 * apply. The baseline is compared afterwards, on the report (report/baseline.ts).
 */
export function decide(measurement: Measurement | undefined, run: RunFacts, gates: Gates): Verdict {
  const notes: string[] = [];
  const error = (reason: string): Verdict => ({ status: 'error', coverage: null, reasons: [reason], notes });
  const inconclusive = (reason: string): Verdict => ({ status: 'inconclusive', coverage: null, reasons: [reason], notes });

  if (run.leftRunning.length > 0) notes.push(`processes ${run.leftRunning.join(', ')} could not be killed after the run`);
  if (run.spawnError) return error(`LLDB could not be started (${run.lldbCommand}): ${run.spawnError}. Install LLDB or set the lldb input to the debugger to run.`);
  const refused = lldbRefusal(run);
  if (refused) return error(refused);
  const predictionsSoFar = measurement ? ` after ${measurement.predictions.observed} prediction(s)` : '';
  if (run.timedOut) {
    return error(
      `The run did not finish within the timeout of ${run.timeoutSeconds} s${predictionsSoFar}; LLDB and the target were killed. Raise timeout, or check that the app runs its predictions.`,
    );
  }
  const end = run.transcript.end;
  if (end.kind === 'crashed') return error(`The target crashed (${end.reason})${predictionsSoFar}. Run it outside ane-check to see why.`);
  if (end.kind === 'exited' && end.status !== 0) {
    return error(`The target exited with status ${end.status}${predictionsSoFar}. A measurement needs a run that succeeds.`);
  }
  if (!measurement) {
    const why = run.transcript.errors[0] ?? 'it printed no final breakpoint list';
    return error(`LLDB ended before the measurement was complete: ${why}.`);
  }

  const { predictions, engines } = measurement;
  if (predictions.counted < predictions.requested && predictions.counted > 0) {
    notes.push(`Only ${predictions.counted} of ${predictions.requested} predictions were counted: the app ${describeEnd(measurement.windowEnd)} first.`);
  }
  for (const name of measurement.sharedFunctions) notes.push(`${name} matches more than one dispatch probe; it is counted once.`);
  // The CPU and GPU figures are still reported: they show what runs where the ANE cannot.
  if (run.noAne) return inconclusive(run.noAne);

  if (!engines.ane.resolved) {
    const aneProbes = run.probes.filter((probe) => probe.engine === 'ane' && probe.role === 'dispatch').map(probePattern);
    return inconclusive(
      `No ANE dispatch probe resolved (${aneProbes.join(', ') || 'the profile has none'}): ANE work cannot be seen with this profile on this OS. Find the current names (README: "Finding symbols") and give them in a profile.`,
    );
  }
  if (predictions.observed === 0) {
    const names = run.probes.filter((probe) => probe.role === 'prediction').map(probePattern);
    return inconclusive(`No prediction was observed (prediction probes: ${names.join(', ')}): check that the app runs predictions and that the profile's prediction probe resolves.`);
  }
  if (predictions.counted === 0) {
    return inconclusive(
      `The app ran ${predictions.observed} prediction(s), no more than the warm-up of ${predictions.warmup}, so none was counted. Run more predictions or lower warmup.`,
    );
  }
  const total = ENGINES.reduce((sum, engine) => sum + engines[engine].dispatches, 0);
  if (total === 0) {
    return inconclusive(`No dispatch on any engine was observed in the ${predictions.counted} counted prediction(s): the profile's dispatch probes do not see this model's work.`);
  }
  // Work on an engine that cannot be seen would overstate the ANE's share: a false pass. An engine whose
  // dispatch probes are all unresolved is blind; one the profile does not probe at all is the user's choice.
  const probed = (engine: Engine) => run.probes.some((probe) => probe.engine === engine && probe.role === 'dispatch');
  const blind = ENGINES.filter((engine) => engine !== 'ane' && !engines[engine].resolved);
  if (blind.length === 2) {
    return inconclusive('No GPU or CPU dispatch probe resolved: work off the ANE cannot be seen, so the ANE share would be overstated. Add GPU and CPU probes that resolve on this OS (discover: true lists candidates).');
  }
  const unresolved = blind.filter(probed);
  if (unresolved.length > 0) {
    const label = unresolved[0]!.toUpperCase();
    const names = run.probes.filter((probe) => probe.engine === unresolved[0] && probe.role === 'dispatch').map(probePattern);
    return inconclusive(
      `No ${label} dispatch probe resolved (${names.join(', ')}): ${label} work cannot be seen on this OS, so the ANE share could be overstated. Find the current names (discover: true lists candidates) and give them in a profile.`,
    );
  }
  for (const engine of blind) notes.push(`The profile has no ${engine.toUpperCase()} dispatch probe: ${engine.toUpperCase()} work, if any, is not counted.`);

  const coverage = roundPercent((engines.ane.dispatches / total) * 100);
  const reasons: string[] = [];
  if (coverage < gates.threshold) reasons.push(`ANE coverage ${coverage.toFixed(1)}% is below the threshold of ${gates.threshold}%.`);

  return { status: reasons.length > 0 ? 'fail' : 'pass', coverage, reasons, notes };
}

function describeEnd(end: Measurement['windowEnd']): string {
  switch (end) {
    case 'exit':
      return 'exited';
    case 'idle':
      return 'went idle';
    default:
      return `stopped (${end})`;
  }
}

/** LLDB stops its script at the first command it refuses: name that command, and the probe if it was one. */
function lldbRefusal(run: RunFacts): string | undefined {
  const { transcript } = run;
  if (transcript.final || transcript.errors.length === 0) return undefined;
  const failed = transcript.commands.at(-1) ?? '';
  const message = transcript.errors[0]!;
  const probeIndex = /-N ane_check_probe_(\d+)$/u.exec(failed)?.[1];
  const probe = probeIndex === undefined ? undefined : run.probes[Number(probeIndex)];
  if (NO_DEVICE_COMMAND.test(message)) {
    return 'This LLDB has no `device` command: attaching to an app on an iOS 17 or later device needs the LLDB of Xcode 16 or later. Check `xcrun lldb --version`, and choose Xcode with `xcode-select -s` or DEVELOPER_DIR.';
  }
  if (probe) {
    const kind = probe.symbol !== undefined ? 'symbol' : 'regex';
    return `LLDB refused the probe ${kind} ${JSON.stringify(probePattern(probe))}: ${message}. Fix it in the profile.`;
  }
  if (failed.startsWith('process launch') || failed.startsWith('target create')) return `LLDB could not start the program: ${message}.`;
  return `LLDB refused \`${failed}\`: ${message}.`;
}

export function describeTargetEnd(end: TargetEnd): string | null {
  switch (end.kind) {
    case 'exited':
      return `exited with status ${end.status}`;
    case 'crashed':
      return `crashed: ${end.reason}`;
    case 'interrupted':
      return `stopped by ane-check (${end.reason})`;
    case 'stopped-at-breakpoint':
      return 'stopped at the prediction after the counted window';
    default:
      return null;
  }
}
