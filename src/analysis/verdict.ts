import { ENGINES, probePattern, type Engine, type Probe } from '../profiles/profile.js';
import { COMPILE_FAILURE } from '../probe/core-ml-log.js';
import type { CountingMode } from '../probe/lldb-script.js';
import type { Transcript } from '../probe/transcript.js';
import { planUsesAne, type PlanReport } from '../evidence/plan.js';
import { roundPercent } from '../round.js';
import { aneClientSeen, type Witnesses } from '../evidence/witnesses.js';
import type { Measurement } from './measure.js';

export interface Gates {
  threshold: number;
  /** Minimum ANE share of the compute plan's cost, in percent. */
  planThreshold?: number;
  /** Op types allowed off the ANE in the compute plan. */
  allowOffAne?: string[];
}

/** Evidence besides the counts: Core ML's compute plan, the log lines that explain a fallback, the ANE's witnesses. */
export interface SupportingEvidence {
  plan?: PlanReport;
  fallbackReasons: string[];
  witnesses?: Witnesses;
}

/** Whether Core ML's plan and the run agree on the ANE (contract.md, "Evidence lines"). */
export interface Agreement {
  status: 'agrees' | 'disagrees' | 'unknown';
  detail: string;
}

export interface RunFacts {
  spawnError?: string;
  /** A bounded wait of the conversation with LLDB gave up, and what it waited for. */
  gaveUp?: string;
  lldbCommand: string;
  /** Where the model ran: on a device, unresolved probes first suggest unprepared symbols. */
  target: 'host' | 'simulator' | 'device';
  counting: CountingMode;
  timedOut: boolean;
  timeoutSeconds: number;
  idleStopped: boolean;
  leftRunning: number[];
  transcript: Transcript;
  probes: readonly Probe[];
  /**
   * Why this target has no Neural Engine. `certain` (the Simulator): ANE coverage is unknowable. Not
   * certain (a virtual Mac, which may expose a paravirtual ANE): a measured ANE dispatch overrules it.
   */
  noAne?: { reason: string; certain: boolean };
  /** The function at which the probes were to be armed, and whether the app reached it (false: never). */
  armedAt?: { name: string; reached: boolean };
  /** What to do about an LLDB error that the target knows (an LLDB without the `device` command). */
  lldbErrorAdvice?: (message: string) => string | undefined;
}

export interface Verdict {
  status: 'pass' | 'fail' | 'inconclusive' | 'error';
  coverage: number | null;
  reasons: string[];
  notes: string[];
  agreement: Agreement;
}

export const NOT_MEASURED: Agreement = { status: 'unknown', detail: 'The run was not measured.' };


/**
 * Decides the status. The order matters: a broken run is an `error` whatever it counted; a run that
 * cannot see the ANE, or saw no work, or a short window, is `inconclusive` (never a 0%), except that the
 * compute plan's gates decide a run whose ANE probes are blind; only then do the threshold, the plan's
 * gates and the plan/run agreement apply. The baseline is compared afterwards, on the report
 * (report/baseline.ts).
 */
export function decide(measurement: Measurement | undefined, run: RunFacts, gates: Gates, evidence: SupportingEvidence = { fallbackReasons: [] }): Verdict {
  const notes: string[] = [];
  const error = (reason: string): Verdict => ({ status: 'error', coverage: null, reasons: [reason], notes, agreement: NOT_MEASURED });
  const inconclusive = (reason: string): Verdict => ({ status: 'inconclusive', coverage: null, reasons: [reason], notes, agreement: NOT_MEASURED });

  if (run.leftRunning.length > 0) notes.push(`processes ${run.leftRunning.join(', ')} could not be killed after the run`);
  if (run.spawnError) return error(`LLDB could not be started (${run.lldbCommand}): ${run.spawnError}. Install LLDB or set \`lldb\` to the debugger to run.`);
  if (run.gaveUp) return error(run.gaveUp);
  const refused = lldbRefusal(run);
  if (refused) return error(refused);
  const predictionsSoFar = measurement ? ` after ${measurement.predictions.observed} prediction(s)` : '';
  if (run.timedOut) {
    return error(
      `The run did not finish within the timeout of ${run.timeoutSeconds} s${predictionsSoFar}; LLDB and the target were killed. Raise \`timeout\`, or check that the app runs its predictions.`,
    );
  }
  const end = run.transcript.end;
  if (end.kind === 'crashed') return error(`The target crashed (${end.reason})${predictionsSoFar}. Run it outside ane-check to see why.`);
  if (end.kind === 'killed') {
    const kill = describeKill(end.reason);
    // Once the prediction after the window has begun, every counted one is whole (the last prediction before a
    // kill never counts, measure.ts): the measurement stands, as after ane-check's own ending of the app.
    if (!measurement || measurement.predictions.counted < measurement.predictions.requested) {
      return error(`${kill.what}${predictionsSoFar}, before the counted window was complete${kill.advice}`);
    }
    notes.push(`${kill.what}${predictionsSoFar}, once the counted window was complete: the measurement stands.`);
  }
  if (end.kind === 'exited' && end.status !== 0) {
    return error(`The target exited with status ${end.status}${predictionsSoFar}. A measurement needs a run that succeeds.`);
  }
  if (!measurement) {
    const why = run.transcript.errors[0] ?? 'it printed no final breakpoint list';
    return error(`LLDB ended before the measurement was complete: ${why}. Run again; if it happens again, run the target under the same lldb by hand to see where it stops.`);
  }

  if (run.armedAt && !run.armedAt.reached) {
    return inconclusive(
      `The app never called ${run.armedAt.name}, where the probes start (after the harness's timed predictions): nothing was counted. Check the harness's error output; if it ran, LLDB did not find ${run.armedAt.name} in it.`,
    );
  }
  const { predictions, engines } = measurement;
  notes.push(...countNotes(measurement, run.counting), ...movedNotes(measurement));
  // The CPU and GPU figures are still reported: they show what runs where the ANE cannot.
  if (run.noAne?.certain) return inconclusive(run.noAne.reason);
  if (run.noAne && engines.ane.dispatches > 0) {
    notes.push(`This Mac looks like a virtual machine, which usually has no Neural Engine, but ${engines.ane.dispatches} ANE dispatch(es) were measured: the measurement stands.`);
  } else if (run.noAne) {
    return inconclusive(run.noAne.reason);
  }

  const plan = planGates(evidence.plan, gates);
  if (plan.missing) return inconclusive(plan.missing);

  if (!engines.ane.resolved && plan.set) {
    // The run cannot see the ANE, but the plan's gates can still decide.
    notes.push('No ANE dispatch probe resolved, so the run itself could not be observed: the status comes from the compute plan\'s gates.');
    return { status: plan.reasons.length > 0 ? 'fail' : 'pass', coverage: null, reasons: plan.reasons, notes, agreement: { status: 'unknown', detail: 'The ANE probes did not resolve: what ran on the ANE is unknown.' } };
  }
  if (!engines.ane.resolved && aneClientSeen(evidence.witnesses)) {
    notes.push(`At the end of the run LLDB saw ${describeWitnesses(evidence.witnesses!)}: the app opened an ANE client, but the ANE probes cannot see its work.`);
  }
  if (!engines.ane.resolved && measurement.probes.length > 0 && measurement.probes.every((result) => result.locations === 0)) {
    // Nothing resolved at all: most often a program that never loaded Core ML, not names that changed.
    const device = run.target === 'device' ? ' On a device, LLDB also needs its copy of the device\'s system libraries: connect the device in Xcode once (Window > Devices and Simulators).' : '';
    return inconclusive(
      `None of the profile's ${measurement.probes.length} probes resolved to a function in the target: did this program load Core ML? The probes are functions of Core ML's engines, which a process has only once it loads Core ML and a model (the target's error output, if any, is in the report).${device} If it does load Core ML, the names changed on this OS: find the current ones (\`discover: true\`, docs/profiles.md, "Finding symbols").`,
    );
  }
  if (!engines.ane.resolved) {
    const aneProbes = run.probes.filter((probe) => probe.engine === 'ane' && probe.role === 'dispatch').map(probePattern);
    const seen = `No ANE dispatch probe resolved (${aneProbes.join(', ') || 'the profile has none'}): ANE work cannot be seen with this profile on this OS.`;
    if (run.target === 'device') {
      return inconclusive(
        `${seen} On a device this usually means that LLDB has no copy of the device's system libraries: connect the device in Xcode once (Window > Devices and Simulators) so that it prepares them under ~/Library/Developer/Xcode/iOS DeviceSupport, then run again. If the probes still do not resolve, the names changed: find the current ones (docs/profiles.md, "Finding symbols").`,
      );
    }
    return inconclusive(`${seen} Find the current names (docs/profiles.md, "Finding symbols") and give them in a profile.`);
  }
  if (predictions.observed === 0) {
    const names = run.probes.filter((probe) => probe.role === 'prediction').map(probePattern);
    return inconclusive(`No prediction was observed (prediction probes: ${names.join(', ')}): check that the app runs predictions and that the profile's prediction probe resolves.`);
  }
  if (predictions.counted === 0) {
    return inconclusive(
      `The app ran ${predictions.observed} prediction(s), no more than the warm-up of ${predictions.warmup}, so none was counted. Run more predictions or lower \`warmup\`.`,
    );
  }
  // A short window is not a pass: its figures are reported, but they may not be the model's.
  if (predictions.counted < predictions.requested) {
    return inconclusive(
      `Only ${predictions.counted} of ${predictions.requested} predictions were counted: the app ${describeEnd(measurement.windowEnd)} after ${predictions.observed} prediction(s), and a measurement needs the warm-up (${predictions.warmup}) and ${predictions.requested} counted ones. Make the app run at least ${predictions.warmup + predictions.requested} predictions, or lower \`predictions\` or \`warmup\`.`,
    );
  }
  const total = ENGINES.reduce((sum, engine) => sum + engines[engine].dispatches, 0);
  if (total === 0) {
    return inconclusive(`No dispatch on any engine was observed in the ${predictions.counted} counted prediction(s): the profile's dispatch probes do not see this model's work. Run with \`discover: true\` to list the engine functions the app calls, and give them in a profile (docs/profiles.md, "Finding symbols").`);
  }
  // Work on an engine that cannot be seen would overstate the ANE's share: a false pass. An engine whose
  // dispatch probes are all unresolved is blind; one the profile does not probe at all is the user's choice.
  const probed = (engine: Engine) => run.probes.some((probe) => probe.engine === engine && probe.role === 'dispatch');
  const blind = ENGINES.filter((engine) => engine !== 'ane' && !engines[engine].resolved);
  if (blind.length === 2) {
    return inconclusive('No GPU or CPU dispatch probe resolved: work off the ANE cannot be seen, so the ANE share would be overstated. Add GPU and CPU probes that resolve on this OS (`discover: true` lists candidates).');
  }
  const unresolved = blind.filter(probed);
  if (unresolved.length > 0) {
    const label = unresolved[0]!.toUpperCase();
    const names = run.probes.filter((probe) => probe.engine === unresolved[0] && probe.role === 'dispatch').map(probePattern);
    return inconclusive(
      `No ${label} dispatch probe resolved (${names.join(', ')}): ${label} work cannot be seen on this OS, so the ANE share could be overstated. Find the current names (\`discover: true\` lists candidates) and give them in a profile.`,
    );
  }
  for (const engine of blind) notes.push(`The profile has no ${engine.toUpperCase()} dispatch probe: ${engine.toUpperCase()} work, if any, is not counted.`);

  const coverage = roundPercent((engines.ane.dispatches / total) * 100);
  const reasons: string[] = [];
  if (coverage < gates.threshold) reasons.push(`ANE coverage ${coverage.toFixed(1)}% is below the threshold of ${gates.threshold}%. The fallback kernels show what ran off the ANE; lower \`threshold\` only if that is expected.`);
  reasons.push(...plan.reasons);
  if (engines.ane.dispatches === 0 && aneClientSeen(evidence.witnesses)) {
    notes.push(`At the end of the run LLDB saw ${describeWitnesses(evidence.witnesses!)}: the app opened an ANE client, but the counted predictions dispatched nothing to the ANE.`);
  }
  const agreement = agree(evidence, measurement, coverage);
  if (agreement.status === 'disagrees' && engines.ane.dispatches === 0) reasons.push(agreement.detail);
  else if (agreement.status === 'disagrees') notes.push(agreement.detail);

  return { status: reasons.length > 0 ? 'fail' : 'pass', coverage, reasons, notes, agreement };
}

/** The plan's gates: the reasons they fail, whether any is set, and why they cannot be judged. */
function planGates(plan: PlanReport | undefined, gates: Gates): { set: boolean; reasons: string[]; missing?: string } {
  const set = gates.planThreshold !== undefined || gates.allowOffAne !== undefined;
  if (!set) return { set, reasons: [] };
  const inputs = [gates.planThreshold !== undefined ? '`plan-threshold`' : '', gates.allowOffAne !== undefined ? '`allow-off-ane`' : ''].filter(Boolean).join(' and ');
  if (!plan) {
    return { set, reasons: [], missing: `${inputs} ${inputs.includes(' and ') ? 'are' : 'is'} set, but the app printed no compute plan (an ane-check:plan line): use the bundled harness (\`model\`), or print the plan from your app (docs/evidence-lines.md).` };
  }
  const reasons: string[] = [];
  if (gates.planThreshold !== undefined) {
    if (plan.aneCostShare === null) return { set, reasons, missing: `\`plan-threshold\` is set, but the compute plan cannot say what runs on the ANE: ${plan.note ?? 'it has no share on the ANE'}` };
    if (plan.aneCostShare < gates.planThreshold) {
      reasons.push(`Core ML's compute plan places ${plan.aneCostShare.toFixed(1)}% of the ${plan.basis === 'cost' ? 'estimated cost' : 'operations'} on the ANE, below \`plan-threshold\` ${gates.planThreshold}%. The op types off the ANE are listed with the plan; lower \`plan-threshold\` only if that is expected.`);
    }
  }
  if (gates.allowOffAne !== undefined) {
    const offending = plan.offAne.filter((group) => !gates.allowOffAne!.includes(group.op));
    if (offending.length > 0) {
      const list = offending.map((group) => `${group.op} (${group.device.toUpperCase()}, ${group.operations} op${group.operations === 1 ? '' : 's'}${group.aneSupported ? ', the ANE supports it' : ''})`);
      reasons.push(`Core ML's compute plan places op types off the ANE that \`allow-off-ane\` does not list: ${list.join(', ')}. Add them to \`allow-off-ane\` if that is expected.`);
    }
  }
  return { set, reasons };
}

/**
 * The plan against the run. Planned on the ANE but nothing dispatched there (with ANE probes resolved) is
 * the silent ANE fallback: a failed ANE compilation sends the work elsewhere. ANE dispatches with a plan
 * that places nothing there disagree too, less gravely.
 */
function agree(evidence: SupportingEvidence, measurement: Measurement, coverage: number): Agreement {
  const { plan } = evidence;
  if (!plan) return { status: 'unknown', detail: 'The app printed no compute plan.' };
  if (plan.aneCostShare === null) return { status: 'unknown', detail: plan.note ?? 'The compute plan cannot say what runs on the ANE.' };
  const planned = `Core ML's compute plan places ${plan.aneCostShare.toFixed(1)}% of the ${plan.basis === 'cost' ? 'estimated cost' : 'operations'} on the ANE`;
  const dispatched = measurement.engines.ane.dispatches;
  if (planUsesAne(plan) && dispatched === 0) {
    const markers = evidence.fallbackReasons.filter((line) => COMPILE_FAILURE.test(line));
    const why = markers.length > 0 ? ` The app's output and Core ML's log say: ${markers.slice(0, 3).join(' / ')}.` : ' See fallbackReasons and Core ML\'s log for an ANE compilation that failed.';
    return { status: 'disagrees', detail: `${planned}, but the counted predictions dispatched nothing there: the work fell back off the ANE, as it does when the ANE compilation fails.${why}` };
  }
  if (!planUsesAne(plan) && dispatched > 0) {
    return { status: 'disagrees', detail: `${planned}, but the run dispatched ${dispatched} time(s) to the ANE (${coverage.toFixed(1)}% of dispatches): the plan and the run differ.` };
  }
  return { status: 'agrees', detail: `${planned}, and the run's ANE coverage is ${coverage.toFixed(1)}%.` };
}


/**
 * What the counts say about themselves: an engine whose dispatches differ between predictions (a dynamic
 * model, or hits that LLDB lost), dispatch probes of a runtime that served none of the predictions they
 * were hit in (one unit of work would otherwise count twice), functions two probes match.
 */
function countNotes(measurement: Measurement, counting: CountingMode): string[] {
  const notes: string[] = [];
  for (const engine of ENGINES) {
    const { minPerPrediction: min, maxPerPrediction: max } = measurement.engines[engine];
    if (min === null || max === null || min === max) continue;
    const lost = counting === 'auto-continue' ? ' (try `counting: driven`)' : '';
    notes.push(
      `${engine.toUpperCase()} dispatches per prediction ranged from ${min} to ${max} over the ${measurement.predictions.counted} counted predictions: the model may take different paths from one prediction to the next (dynamic control flow), or LLDB lost breakpoint hits${lost}.`,
    );
  }
  for (const { probe, hits, servedBy } of measurement.uncounted) {
    notes.push(
      `${probePattern(probe)} (${probe.runtimes?.join(', ')}) was hit ${hits} time(s) in counted predictions served by ${servedBy.join(', ')}: not counted, since it would count one ${probe.engine!.toUpperCase()} dispatch twice.`,
    );
  }
  if (measurement.runtimes.length > 1) {
    notes.push(`Several runtimes served the counted predictions (${measurement.runtimes.map((runtime) => `${runtime.name}: ${runtime.predictions}`).join(', ')}): each prediction is counted with its own runtime's probes.`);
  }
  for (const name of measurement.sharedFunctions) notes.push(`${name} matches more than one dispatch probe; it is counted once.`);
  for (const [first, second] of measurement.aneTwins) {
    notes.push(
      `The ANE dispatch probes ${probePattern(first)} and ${probePattern(second)} fired equally often in every counted prediction: if one calls the other, each ANE dispatch is counted twice and ANE coverage is overstated. Keep one of them as the ANE dispatch probe and make the other a marker.`,
    );
  }
  return notes;
}

/**
 * Probes found outside the image their profile names (the fallback stop's search of every image, lldb-script.ts):
 * which, and where, so that a profile can follow an OS release that moved them.
 */
function movedNotes(measurement: Measurement): string[] {
  const moved = measurement.probes.filter((result) => result.foundIn !== undefined);
  if (moved.length === 0) return [];
  const where = moved.map((result) => `${probePattern(result.probe)} in ${result.foundIn!.join(', ')}, not ${result.probe.module}`);
  const [it, itIs] = moved.length === 1 ? ['it', 'it is'] : ['them', 'they are'];
  return [
    `Found outside the image the profile names (by a search of every image at the first prediction) and counted there: ${where.join('; ')}. This OS may have moved ${it}: a profile whose \`module\` names where ${itIs} finds ${it} without that search.`,
  ];
}

function describeWitnesses(witnesses: Witnesses): string {
  const seen = [witnesses.aneServiceThread ? `the ANE service thread (${witnesses.aneServiceThread})` : '', witnesses.aneQueues.length > 0 ? `the ANE queues (${witnesses.aneQueues.join(', ')})` : ''];
  return seen.filter(Boolean).join(' and ');
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

/**
 * What ended a killed target, from LLDB's `Terminated due to ...` (transcript.ts): `what` opens the sentence,
 * `advice` (from its punctuation on) ends it with what to do.
 */
function describeKill(reason: string): { what: string; advice: string } {
  const words = `"${reason}"`;
  if (reason === 'Terminated due to memory issue') {
    // iOS ends an app that uses more memory than the device allows it (jetsam); loading a Core ML model is a
    // likely moment for that.
    return {
      what: `The system ended the app for its memory use (${words})`,
      advice: ': the model needs more memory than that device gives the app. Try a smaller model (fewer or quantized weights), other compute units or a smaller batch, or a device with more memory.',
    };
  }
  const signal = /Terminated due to signal (\d+)/u.exec(reason)?.[1];
  if (signal !== undefined) return { what: `The target was killed by signal ${signal} (${words})`, advice: `. ${SIGNAL_ADVICE[signal] ?? 'Run it outside ane-check to see what sends that signal.'}` };
  return { what: `The system ended the target (${words})`, advice: ". Run it outside ane-check, and read the device's crash reports, to see why." };
}

/** What the signals that end programs unasked (Darwin's numbers) tell a user. */
const SIGNAL_ADVICE: Record<string, string> = {
  '9': "Signal 9 (SIGKILL) comes from the system or another program; the system sends it to an app that uses too much memory or stops responding: the device's crash reports say which.",
  '13': 'Signal 13 (SIGPIPE) ends a program that writes to a pipe or socket that nobody reads any more: check where the app writes, outside ane-check.',
};

/** LLDB stops its script at the first command it refuses: name that command, and the probe if it was one. */
function lldbRefusal(run: RunFacts): string | undefined {
  const { transcript } = run;
  if (transcript.final || transcript.errors.length === 0) return undefined;
  const failed = transcript.commands.at(-1) ?? '';
  const message = transcript.errors[0]!;
  const probeIndex = /-N ane_check_probe_(\d+)(?: |$)/u.exec(failed)?.[1];
  const probe = probeIndex === undefined ? undefined : run.probes[Number(probeIndex)];
  const advice = run.lldbErrorAdvice?.(message);
  if (advice) return advice;
  if (probe) {
    const kind = probe.symbol !== undefined ? 'symbol' : 'regex';
    return `LLDB refused the probe ${kind} ${JSON.stringify(probePattern(probe))}: ${message}. Fix it in the profile.`;
  }
  if (failed.startsWith('process launch') || failed.startsWith('target create')) return `LLDB could not start the program: ${message}. Check that the command's program exists and runs on this machine.`;
  return `LLDB refused \`${failed}\`: ${message}. Check \`lldb\`: ane-check needs LLDB 14 or later (Xcode's, on a Mac).`;
}
