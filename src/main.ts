import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { measure } from './analysis/measure.js';
import { onCancel } from './cancel.js';
import { decide, NOT_MEASURED, type Verdict } from './analysis/verdict.js';
import { describeOs } from './environment.js';
import { errorMessage, InputError, TargetError } from './errors.js';
import { resolveProfile, type ResolvedProfile } from './profiles/profile.js';
import { readEvidence } from './evidence/evidence-lines.js';
import { summarizeLatency } from './evidence/latency.js';
import { summarizePlan } from './evidence/plan.js';
import { findWitnesses } from './evidence/witnesses.js';
import { compileFailures, explainFallbacks, startLogCapture } from './probe/core-ml-log.js';
import { discover, DISCOVERY_COMMAND, parseImageLookup } from './probe/discovery.js';
import type { DriverWaits } from './probe/lldb-driver.js';
import { runLldbSession, type IdlePolicy } from './probe/lldb-session.js';
import { ALIASES, BREAKPOINT_NAMES, buildLldbScript } from './probe/lldb-script.js';
import { chooseCounting, readLldbVersion } from './probe/lldb-version.js';
import { parseTranscript, type Transcript } from './probe/transcript.js';
import { assembleReport } from './report/assemble.js';
import { compareLatency, compareWithBaseline, coverageTrend, type BaselineSource } from './report/baseline.js';
import { readReportFiles } from './report/report-files.js';
import { readReport, writeReport, type DiscoveryReport, type EnvironmentReport, type Report } from './report/report.js';
import { reportTargetEnd } from './report/target-end.js';
import { checkOutputPaths } from './inputs/output-paths.js';
import { DEFAULT_REPORT, parseSettings, type Environment, type InputName, type RawInputs, type Settings } from './inputs/settings.js';
import { planChecks } from './inputs/checks.js';
import { runModelCheck } from './model/check/run-model-check.js';
import { withModelCheck } from './report/with-model-check.js';
import { hasXcode } from './targets/apple-tools.js';
import { prepareTarget, type PreparedTarget } from './targets/prepare.js';
import type { XcodebuildLog } from './targets/xcodebuild.js';

export interface PipelineOptions {
  /** Overrides when an idle app's window is closed (tests use short values). */
  idle?: IdlePolicy;
  /** Overrides how long the conversation with LLDB waits for a device and an attach (tests use short values). */
  waits?: DriverWaits;
  /** Baselines found by the caller (`baseline: auto` in the Action); otherwise `baseline` is read as a file. */
  baselines?: BaselineSource;
  /** Where a build's log goes: the job log's groups and annotations by default, plain text for the command line. */
  buildLog?: XcodebuildLog;
  /** The pull request's base commit (from the event), for the model check's `base-model: auto`. */
  baseCommit?: string;
  /** Whether Xcode is on this Mac (tests give their own answer). */
  hasXcode?: () => Promise<boolean>;
}

/** What every report of a run states besides its measurement: where it ran, and which commit it measured. */
export interface RunContext {
  environment: EnvironmentReport;
  commit: string | null;
}

export interface RunOutcome {
  /** One report when measuring; every published one when publishing. */
  reports: Report[];
  /** Where the measurement's report was written; absent when publishing, or when it could not be written. */
  reportPath?: string;
  /** Why the report could not be written (its path and the system's words); the result is in `reports` still. */
  reportNotWritten?: string;
  /** Absent when the inputs themselves were refused. */
  settings?: Settings;
}

/**
 * From raw inputs (Action inputs or command-line flags) to reports: a measurement, or the published
 * report files. Problems become `error` reports that name the input and the fix.
 */
export async function runFromInputs(raw: RawInputs, env: Environment, options: PipelineOptions = {}): Promise<RunOutcome> {
  let settings: Settings;
  try {
    settings = parseSettings(raw, env);
    await checkOutputPaths(outputsOf(settings), env.cwd);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const environment = await environmentBefore(raw.target?.trim() || 'host', raw.symbols?.trim() || 'auto');
    const report = failedReport(reportFieldsOf(raw), { environment, commit: env.commit }, error.message);
    // A report path that was itself refused is not written to.
    if (error.input === 'report') return { reports: [report], reportNotWritten: `report: ${error.message.replace(/^report: /u, '')}` };
    return { reports: [report], ...(await keep(raw.report?.trim() || DEFAULT_REPORT, report)) };
  }
  if (settings.publish !== undefined) return { reports: await publishedReports(settings, env.commit, options), settings };
  const checks = await planChecks(settings, { platform: process.platform, hasXcode: options.hasXcode ?? hasXcode });
  // The model check first: it takes well under a second, and its findings stand beside the measurement's plan.
  const modelCheck = checks.model ? await runModelCheck(settings, { cwd: env.cwd, baseCommit: options.baseCommit }) : undefined;
  let report = checks.measure ? await runPipeline(settings, env.commit, options) : modelCheckReport(settings, { environment: await environmentBefore(settings.target, settings.symbols), commit: env.commit });
  if (modelCheck) report = withModelCheck(report, modelCheck, { measured: checks.measure, note: checks.note });
  return { reports: [report], ...(await keep(settings.report, report)), settings };
}

/** Writes the report; a failure to write (after the checks, a full disk, say) is returned, not thrown, so the result is still shown. */
async function keep(file: string, report: Report): Promise<Pick<RunOutcome, 'reportPath' | 'reportNotWritten'>> {
  try {
    await writeReport(file, report);
    return { reportPath: file };
  } catch (error) {
    return { reportNotWritten: `The report could not be written to '${file}' (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}).` };
  }
}

/** The files a run writes, checked before it starts. */
function outputsOf(settings: Settings): { input: InputName; file: string }[] {
  if (settings.publish !== undefined) return settings.junit ? [{ input: 'junit', file: settings.junit }] : [];
  return [
    { input: 'report', file: settings.report },
    ...(settings.junit ? [{ input: 'junit' as const, file: settings.junit }] : []),
    ...(settings.discover ? [{ input: 'discover' as const, file: discoveryFile(settings.report) }] : []),
  ];
}

/**
 * What the report of refused inputs says of the run: each field as given when it reads, else its default,
 * so that a typo in one input does not show the others as 0 or the name as ane-check.
 */
function reportFieldsOf(raw: RawInputs): Pick<Settings, 'name' | 'warmup' | 'predictions' | 'threshold'> & { maxDrop?: number } {
  const number = (input: InputName, fallback: number, max = Number.MAX_SAFE_INTEGER) => {
    const text = raw[input]?.trim() ?? '';
    return /^\d+(\.\d+)?$/u.test(text) && Number(text) <= max ? Number(text) : fallback;
  };
  const named = raw.name?.trim() || [raw.model, raw.scheme, raw.app, raw.command?.trim().split(/\s+/u)[0]].map((given) => given?.trim()).find(Boolean);
  return {
    name: named ? path.basename(named).replace(/\.(mlpackage|mlmodelc|mlmodel|app)$/u, '') : 'ane-check',
    warmup: Math.floor(number('warmup', 1)),
    predictions: Math.max(1, Math.floor(number('predictions', 10))),
    threshold: number('threshold', 0, 100),
    ...(raw['max-drop']?.trim() ? { maxDrop: number('max-drop', 0, 100) } : {}),
  };
}

/** Publishing: the report files the glob matches, each compared with its baseline. Each keeps its own commit; `commit` is for a failure. */
async function publishedReports(settings: Settings, commit: string | null, options: PipelineOptions): Promise<Report[]> {
  try {
    const reports = await readReportFiles(settings.publish!);
    const baselines = await baselinesFor(settings, options);
    return reports.map((report) => withBaseline(report, baselines, settings));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return [failedReport(settings, { environment: await environmentBefore('publish', settings.symbols), commit }, error.message)];
  }
}

/**
 * The whole measurement: profile, target, probe, measurement, verdict, baseline, report. Always returns
 * a report (the caller writes it): a problem becomes an `error` or `inconclusive` with its reason.
 */
async function runPipeline(settings: Settings, commit: string | null, options: PipelineOptions = {}): Promise<Report> {
  const context: RunContext = { environment: await environmentBefore(settings.target, settings.symbols), commit };
  if (settings.device) context.environment.device = settings.device;
  let report: Report;
  try {
    const baselines = await baselinesFor(settings, options);
    report = withBaseline(await measureSettings(settings, context, options), baselines, settings);
  } catch (error) {
    if (!(error instanceof InputError || error instanceof TargetError)) throw error;
    report = failedReport(settings, context, error.message);
  }
  return report;
}

/** Where a run happens, as known before LLDB starts (which fills in its version). */
async function environmentBefore(target: string, profile: string): Promise<EnvironmentReport> {
  return { target, os: await describeOs(), lldb: 'not started', profile, profiles: [] };
}

async function baselinesFor(settings: Settings, options: PipelineOptions): Promise<BaselineSource | undefined> {
  if (options.baselines) return options.baselines;
  if (settings.baseline === undefined) return undefined;
  if (settings.baseline === 'auto') {
    throw new InputError('baseline', 'auto finds the base branch\'s report through the GitHub API, in the Action; here, give the path of a report file');
  }
  return { reports: [await readReport(settings.baseline, 'baseline')], from: settings.baseline, anyName: true };
}

/** Compares with the baseline of the same name; a baseline file of one report is that report whatever its name. */
function withBaseline(report: Report, source: BaselineSource | undefined, gates: Pick<Settings, 'maxDrop' | 'maxSlowdown'>): Report {
  const { maxDrop } = gates;
  if (!source) {
    const compared = compareWithBaseline(report, undefined, maxDrop);
    const idle = (['max-drop', 'max-slowdown'] as const).filter((input) => (input === 'max-drop' ? maxDrop : gates.maxSlowdown) !== undefined);
    if (idle.length === 0) return compared;
    return { ...compared, notes: [...compared.notes, `${idle.map((input) => `\`${input}\``).join(' and ')} ${idle.length > 1 ? 'are' : 'is'} set, but there is no \`baseline\`: no comparison, so no regression gate.`] };
  }
  if ('missing' in source) return compareWithBaseline(report, undefined, maxDrop, source.missing);
  const sameName = source.reports.find((candidate) => candidate.name === report.name);
  const baseline = sameName ?? (source.anyName && source.reports.length === 1 ? source.reports[0] : undefined);
  const compared = compareWithBaseline(report, baseline, maxDrop, baseline ? undefined : `The baseline (${source.from}) has no report named ${report.name}: no comparison.`);
  const trend = source.history ? coverageTrend(report.name, source.history) : [];
  if (compared.baseline && trend.length > 1) compared.baseline.trend = trend;
  return compareLatency(compared, baseline, gates.maxSlowdown);
}

/** The report of a run that only checks models: no measurement, so no coverage; its status is the model check's. */
function modelCheckReport(settings: Settings, context: RunContext): Report {
  const report = failedReport(settings, context, '');
  context.environment.lldb = 'not run';
  return { ...report, status: 'pass', reasons: [], agreement: { status: 'unknown', detail: 'Only the model check ran: nothing was measured.' } };
}

/** A report for a run that never measured: bad input, or an unsupported target. */
export function failedReport(
  settings: Pick<Settings, 'name' | 'warmup' | 'predictions' | 'threshold' | 'maxDrop' | 'planThreshold' | 'allowOffAne' | 'maxSlowdown'>,
  context: RunContext,
  reason: string,
): Report {
  const verdict: Verdict = { status: 'error', coverage: null, reasons: [reason], notes: [], agreement: NOT_MEASURED };
  return assembleReport({
    name: settings.name,
    commit: context.commit,
    verdict,
    warmup: settings.warmup,
    predictions: settings.predictions,
    gates: settings,
    run: { windowEnd: null, targetEnd: null, targetEndDetail: null, pid: null, durationMs: 0, counting: null },
    environment: context.environment,
  });
}

async function measureSettings(settings: Settings, context: RunContext, options: PipelineOptions): Promise<Report> {
  const { environment } = context;
  // A profile file is checked before anything is built or launched; `auto` is settled once the OS is known.
  let profile = await resolveProfile(settings.symbols);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'ane-check-'));
  let target: PreparedTarget | undefined;
  const cleanUp = async () => {
    await target?.finish?.();
    await rm(workDir, { recursive: true, force: true });
  };
  // Cancelled (Ctrl-C, a cancelled job), the run still ends its target and removes its folder.
  const cancelled = onCancel(cleanUp);
  try {
    target = await prepareTarget(settings, workDir, options.buildLog);
    if (target.device) environment.device = target.device;
    if (settings.symbols === 'auto') profile = await resolveProfile('auto', { os: target.os ?? environment.os, model: settings.model });
    environment.profiles = profile.parts;
    return await probe(settings, profile, target, context, workDir, options);
  } finally {
    cancelled();
    await cleanUp();
  }
}

async function probe(
  settings: Settings,
  profile: ResolvedProfile,
  target: PreparedTarget,
  context: RunContext,
  workDir: string,
  options: PipelineOptions,
): Promise<Report> {
  const { environment } = context;
  const discoveryScript = settings.discover ? path.join(workDir, 'discovery.lldb') : undefined;
  if (discoveryScript) await writeFile(discoveryScript, `${DISCOVERY_COMMAND}\n`, 'utf8');
  const window = { warmup: settings.warmup, predictions: settings.predictions };
  // The counting mode depends on LLDB's version: read while the session's LLDB starts (lldb-driver.ts), which
  // waits for it only to send the script. These stand where LLDB never starts.
  const deviceOs = settings.target === 'device' ? target.os : undefined;
  const scriptFor = (version: string | undefined) => {
    const counting = chooseCounting(settings.counting, version, deviceOs);
    return { counting, script: buildLldbScript(profile.probes, window, target.commands, counting.mode, { discoveryScript, armAt: target.armAt }) };
  };
  let { counting, script } = scriptFor(undefined);
  environment.lldb = 'unknown';
  const log = target.logStream ? startLogCapture(target.logStream) : undefined;
  const session = await runLldbSession({
    lldb: settings.lldb,
    version: readLldbVersion(settings.lldb),
    script: (version) => {
      environment.lldb = version ?? 'unknown';
      ({ counting, script } = scriptFor(version));
      return { script, counting: counting.mode };
    },
    window,
    workDir,
    timeoutMs: settings.timeoutSeconds * 1000,
    idle: options.idle,
    waits: options.waits,
    targetPid: target.targetPid,
    interruptTarget: target.interrupt,
  });
  await target.collectOutput?.();
  const appOutput = target.stdoutPath ? await readIfThere(target.stdoutPath) : '';
  const errorOutput = lastLines(target.stderrPath ? await readIfThere(target.stderrPath) : '');
  const evidence = readEvidence(appOutput);
  const fallbackReasons = [...new Set([...(log ? explainFallbacks(await log.stop()) : []), ...compileFailures(appOutput)])];
  const plan = evidence.plan ? summarizePlan(evidence.plan, evidence.computeDevices) : undefined;
  const latency = summarizeLatency(evidence.latencies, plan?.computeUnits ?? (settings.model !== undefined ? settings.computeUnits : undefined));
  const transcript = parseTranscript(session.stdout, session.stderr, {
    ...ALIASES,
    startCommand: script.start.at(-1)!,
    discoveryCommand: DISCOVERY_COMMAND,
  });
  const witnesses = findWitnesses(transcript.threads);
  const measurement = measure({
    probes: profile.probes,
    transcript,
    warmup: settings.warmup,
    predictions: settings.predictions,
    timedOut: session.timedOut,
    idleStopped: session.idleStopped,
    profileName: profile.name,
  });
  const verdict = decide(
    measurement,
    {
      spawnError: session.spawnError,
      gaveUp: session.gaveUp,
      lldbCommand: settings.lldb.join(' '),
      target: settings.target,
      counting: counting.mode,
      timedOut: session.timedOut,
      timeoutSeconds: settings.timeoutSeconds,
      idleStopped: session.idleStopped,
      leftRunning: session.leftRunning,
      transcript,
      probes: profile.probes,
      noAne: target.noAne,
      lldbErrorAdvice: target.lldbErrorAdvice,
      ...(target.armAt ? { armedAt: { name: target.armAt, reached: armed(transcript) } } : {}),
    },
    settings,
    { plan, fallbackReasons, witnesses },
  );
  verdict.notes.push(...evidence.problems.map((problem) => `An evidence line of the app could not be read (${problem}).`));
  if (plan?.note) verdict.notes.push(plan.note);
  if (settings.model !== undefined && !plan) {
    verdict.notes.push("The bundled harness printed no compute plan: MLComputePlan needs macOS 14.4 / iOS 17.4 (the harness's error output says why).");
  }
  verdict.notes.push(...(target.notes ?? []));
  const discovery = settings.discover ? await writeDiscovery(settings, transcript.discoveryOutput) : undefined;
  return assembleReport({
    name: settings.name,
    commit: context.commit,
    verdict,
    measurement,
    discovery,
    fallbackReasons,
    warmup: settings.warmup,
    predictions: settings.predictions,
    gates: settings,
    plan,
    latency,
    witnesses,
    run: {
      windowEnd: measurement?.windowEnd ?? null,
      ...reportTargetEnd(transcript, measurement?.windowEnd),
      pid: transcript.pid ?? null,
      durationMs: session.durationMs,
      counting: { mode: counting.mode, reason: counting.reason, continued: session.continued },
      ...(errorOutput.length > 0 ? { targetErrorOutput: errorOutput } : {}),
    },
    environment,
  });
}

/** Writes the candidate profile next to the report: `ane-report.json` -> `ane-report.profile-candidates.json`. */
async function writeDiscovery(settings: Settings, output: string | undefined): Promise<DiscoveryReport> {
  const found = discover(parseImageLookup(output ?? ''), `${settings.name} (discovered)`);
  const file = discoveryFile(settings.report);
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, `${JSON.stringify(found.profile, null, 2)}\n`, 'utf8');
  return { profile: file, functions: found.functions.length, probes: found.profile.probes.map((probe) => ({ ...probe, symbol: probe.symbol! })) };
}

function discoveryFile(report: string): string {
  return report.replace(/(\.json)?$/u, '.profile-candidates.json');
}

/** Whether the breakpoint that arms the probes was hit. */
function armed(transcript: Transcript): boolean {
  return (transcript.final?.find((breakpoint) => breakpoint.names.includes(BREAKPOINT_NAMES.arm))?.hitCount ?? 0) > 0;
}

/** The last lines of a program's output (at most 20, each cut at 300 characters), for the report. */
function lastLines(text: string): string[] {
  const lines = text.split(/\r?\n/u).filter((line) => line.trim() !== '');
  return lines.slice(-20).map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line));
}

/** The app's output, or nothing when it wrote none. */
async function readIfThere(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
