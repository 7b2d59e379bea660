import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { measure } from './analysis/measure.js';
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
import { DEFAULT_REPORT, parseSettings, type Environment, type RawInputs, type Settings } from './settings.js';
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
}

/** What every report of a run states besides its measurement: where it ran, and which commit it measured. */
export interface RunContext {
  environment: EnvironmentReport;
  commit: string | null;
}

export interface RunOutcome {
  /** One report when measuring; every published one when publishing. */
  reports: Report[];
  /** Where the measurement's report was written; absent when publishing. */
  reportPath?: string;
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
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const reportPath = raw.report?.trim() || DEFAULT_REPORT;
    const environment = await environmentBefore(raw.target?.trim() || 'host', raw.symbols?.trim() || 'auto');
    const report = failedReport({ name: raw.name?.trim() || 'ane-check', warmup: 0, predictions: 0, threshold: 0 }, { environment, commit: env.commit }, error.message);
    await writeReport(reportPath, report);
    return { reports: [report], reportPath };
  }
  if (settings.publish !== undefined) return { reports: await publishedReports(settings, env.commit, options), settings };
  return { reports: [await runPipeline(settings, env.commit, options)], reportPath: settings.report, settings };
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
 * a report (written to settings.report): a problem becomes an `error` or `inconclusive` with its reason.
 */
export async function runPipeline(settings: Settings, commit: string | null, options: PipelineOptions = {}): Promise<Report> {
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
  await writeReport(settings.report, report);
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
  if (!source) return compareWithBaseline(report, undefined, maxDrop);
  if ('missing' in source) return compareWithBaseline(report, undefined, maxDrop, source.missing);
  const sameName = source.reports.find((candidate) => candidate.name === report.name);
  const baseline = sameName ?? (source.anyName && source.reports.length === 1 ? source.reports[0] : undefined);
  const compared = compareWithBaseline(report, baseline, maxDrop, baseline ? undefined : `The baseline (${source.from}) has no report named ${report.name}: no comparison.`);
  const trend = source.history ? coverageTrend(report.name, source.history) : [];
  if (compared.baseline && trend.length > 1) compared.baseline.trend = trend;
  return compareLatency(compared, baseline, gates.maxSlowdown);
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
  try {
    target = await prepareTarget(settings, workDir, options.buildLog);
    if (target.device) environment.device = target.device;
    if (settings.symbols === 'auto') profile = await resolveProfile('auto', { os: target.os ?? environment.os, model: settings.model });
    environment.profiles = profile.parts;
    return await probe(settings, profile, target, context, workDir, options);
  } finally {
    await target?.finish?.();
    await rm(workDir, { recursive: true, force: true });
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
  const version = await readLldbVersion(settings.lldb);
  environment.lldb = version ?? 'unknown';
  const counting = chooseCounting(settings.counting, version, settings.target === 'device' ? target.os : undefined);
  const window = { warmup: settings.warmup, predictions: settings.predictions };
  const script = buildLldbScript(profile.probes, window, target.commands, counting.mode, { discoveryScript, armAt: target.armAt });
  const log = target.logStream ? startLogCapture(target.logStream) : undefined;
  const session = await runLldbSession({
    lldb: settings.lldb,
    script,
    counting: counting.mode,
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
  if (verdict.status === 'error' && target.stderrPath) {
    const tail = await lastLines(target.stderrPath, 5);
    if (tail) verdict.notes.push(`The target's last error output: ${tail}`);
  }
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
    },
    environment,
  });
}

/** Writes the candidate profile next to the report: `ane-report.json` -> `ane-report.profile-candidates.json`. */
async function writeDiscovery(settings: Settings, output: string | undefined): Promise<DiscoveryReport> {
  const found = discover(parseImageLookup(output ?? ''), `${settings.name} (discovered)`);
  const file = settings.report.replace(/(\.json)?$/u, '.profile-candidates.json');
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, `${JSON.stringify(found.profile, null, 2)}\n`, 'utf8');
  return { profile: file, functions: found.functions.length, probes: found.profile.probes.map((probe) => ({ ...probe, symbol: probe.symbol! })) };
}

/** Whether the breakpoint that arms the probes was hit. */
function armed(transcript: Transcript): boolean {
  return (transcript.final?.find((breakpoint) => breakpoint.names.includes(BREAKPOINT_NAMES.arm))?.hitCount ?? 0) > 0;
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

async function lastLines(file: string, count: number): Promise<string | undefined> {
  try {
    const text = (await readIfThere(file)).trim();
    return text === '' ? undefined : text.split('\n').slice(-count).join(' / ');
  } catch (error) {
    return `(unreadable: ${errorMessage(error)})`;
  }
}
