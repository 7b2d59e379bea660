import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { measure } from './analysis/measure.js';
import { decide, describeTargetEnd, type BaselineFacts, type Verdict } from './analysis/verdict.js';
import { describeOs } from './environment.js';
import { errorMessage, InputError } from './errors.js';
import { resolveProfile, type ResolvedProfile } from './profiles/profile.js';
import { runLldbSession, type IdlePolicy } from './probe/lldb-session.js';
import { ALIASES, buildLldbScript } from './probe/lldb-script.js';
import { parseTranscript } from './probe/transcript.js';
import { assembleReport } from './report/assemble.js';
import { readReport, writeReport, type EnvironmentReport, type Report } from './report/report.js';
import { DEFAULT_REPORT, parseSettings, type Environment, type RawInputs, type Settings } from './settings.js';
import { hostCommands } from './targets/host.js';

export interface RunOutcome {
  report: Report;
  reportPath: string;
  /** Absent when the inputs themselves were refused. */
  settings?: Settings;
}

/**
 * From raw inputs (Action inputs or command-line flags) to a written report. Refused inputs give an
 * `error` report that names the input, written where `report` says (or the default).
 */
export async function runFromInputs(raw: RawInputs, env: Environment, options: PipelineOptions = {}): Promise<RunOutcome> {
  let settings: Settings;
  try {
    settings = parseSettings(raw, env);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const reportPath = raw.report?.trim() || DEFAULT_REPORT;
    const environment = { target: raw.target?.trim() || 'host', os: await describeOs(), lldb: 'not started', profile: raw.symbols?.trim() || 'auto', profiles: [] };
    const report = failedReport({ name: raw.name?.trim() || 'ane-check', warmup: 0, predictions: 0, threshold: 0 }, environment, error.message);
    await writeReport(reportPath, report);
    return { report, reportPath };
  }
  return { report: await runPipeline(settings, options), reportPath: settings.report, settings };
}

export interface PipelineOptions {
  /** Overrides when an idle app's window is closed (tests use short values). */
  idle?: IdlePolicy;
}

/**
 * The whole measurement: profile, target, probe, measurement, verdict, report. Always returns a report
 * (written to settings.report): a problem becomes an `error` or `inconclusive` with its reason.
 */
export async function runPipeline(settings: Settings, options: PipelineOptions = {}): Promise<Report> {
  const environment: EnvironmentReport = {
    target: settings.target,
    os: await describeOs(),
    lldb: 'not started',
    profile: settings.symbols,
    profiles: [],
    ...(settings.device ? { device: settings.device } : {}),
  };
  let report: Report;
  try {
    report = await measureSettings(settings, environment, options);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    report = failedReport(settings, environment, error.message);
  }
  await writeReport(settings.report, report);
  return report;
}

/** A report for a run that never measured: bad input, or an unsupported target. */
export function failedReport(
  settings: Pick<Settings, 'name' | 'warmup' | 'predictions' | 'threshold' | 'maxDrop'>,
  environment: EnvironmentReport,
  reason: string,
): Report {
  const verdict: Verdict = { status: 'error', coverage: null, delta: null, reasons: [reason], notes: [] };
  return assembleReport({
    name: settings.name,
    verdict,
    warmup: settings.warmup,
    predictions: settings.predictions,
    gates: { threshold: settings.threshold, maxDrop: settings.maxDrop },
    run: { windowEnd: null, targetEnd: null, pid: null, durationMs: 0 },
    environment,
  });
}

async function measureSettings(settings: Settings, environment: EnvironmentReport, options: PipelineOptions): Promise<Report> {
  const profile = await resolveProfile(settings.symbols);
  environment.profiles = profile.parts;
  const baseline = settings.baseline ? await loadBaseline(settings.baseline) : undefined;
  if (settings.target !== 'host' || settings.command === undefined) {
    throw new InputError(
      settings.target !== 'host' ? 'target' : 'model',
      `${settings.target !== 'host' ? `target: ${settings.target}` : 'model'} is not available in this version of ane-check; use target: host with command`,
    );
  }

  const workDir = await mkdtemp(path.join(os.tmpdir(), 'ane-check-'));
  try {
    return await probeHost(settings, settings.command, profile, baseline, environment, workDir, options);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function probeHost(
  settings: Settings,
  command: string[],
  profile: ResolvedProfile,
  baseline: BaselineFacts | undefined,
  environment: EnvironmentReport,
  workDir: string,
  options: PipelineOptions,
): Promise<Report> {
  const stdoutPath = path.join(workDir, 'target-stdout.txt');
  const stderrPath = path.join(workDir, 'target-stderr.txt');
  const target = hostCommands({ command, stdoutPath, stderrPath });
  const script = buildLldbScript(profile.probes, { warmup: settings.warmup, predictions: settings.predictions }, target);
  const session = await runLldbSession({
    lldb: settings.lldb,
    script,
    workDir,
    timeoutMs: settings.timeoutSeconds * 1000,
    idle: options.idle,
    progressCommand: ALIASES.predictionSeen,
    finalCommand: ALIASES.finalSnapshot,
  });
  const transcript = parseTranscript(session.stdout, session.stderr, {
    predictionSeen: ALIASES.predictionSeen,
    windowStartSnapshot: ALIASES.windowStartSnapshot,
    finalSnapshot: ALIASES.finalSnapshot,
    startCommand: target.start.at(-1)!,
  });
  environment.lldb = transcript.lldbVersion ?? 'unknown';
  const measurement = measure({
    probes: profile.probes,
    transcript,
    warmup: settings.warmup,
    predictions: settings.predictions,
    timedOut: session.timedOut,
    idleStopped: session.idleStopped,
  });
  const verdict = decide(
    measurement,
    {
      spawnError: session.spawnError,
      lldbCommand: settings.lldb.join(' '),
      timedOut: session.timedOut,
      timeoutSeconds: settings.timeoutSeconds,
      idleStopped: session.idleStopped,
      leftRunning: session.leftRunning,
      transcript,
      probes: profile.probes,
    },
    { threshold: settings.threshold, maxDrop: settings.maxDrop },
    baseline,
  );
  if (verdict.status === 'error') {
    const tail = await lastLines(stderrPath, 5);
    if (tail) verdict.notes.push(`The target's last error output: ${tail}`);
  }
  return assembleReport({
    name: settings.name,
    verdict,
    measurement,
    warmup: settings.warmup,
    predictions: settings.predictions,
    gates: { threshold: settings.threshold, maxDrop: settings.maxDrop },
    ...(baseline ? { baseline: { name: baseline.name, coverage: baseline.coverage } } : {}),
    run: {
      windowEnd: measurement?.windowEnd ?? null,
      targetEnd: describeTargetEnd(transcript.end),
      pid: transcript.pid ?? null,
      durationMs: session.durationMs,
    },
    environment,
  });
}

async function loadBaseline(file: string): Promise<BaselineFacts> {
  const report = await readReport(file, 'baseline');
  return { name: report.name, status: report.status, coverage: report.coverage };
}

async function lastLines(file: string, count: number): Promise<string | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return text === '' ? undefined : text.split('\n').slice(-count).join(' / ');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return `(unreadable: ${errorMessage(error)})`;
  }
}
