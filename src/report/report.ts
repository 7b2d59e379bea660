import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { WindowEnd } from '../analysis/measure.js';
import type { Agreement } from '../analysis/verdict.js';
import { InputError } from '../errors.js';
import type { LatencyReport } from '../evidence/latency.js';
import type { PlanReport } from '../evidence/plan.js';
import type { Witnesses } from '../evidence/witnesses.js';
import type { FailOn } from '../inputs/settings.js';
import type { CountingMode } from '../probe/lldb-script.js';
import type { ModelReport } from '../model/check/model-report.js';
import type { Engine, Role } from '../profiles/profile.js';

/** The JSON report, schema version 1 (docs/report.md). Every renderer reads only this. */
export interface Report {
  schemaVersion: 1;
  name: string;
  /** When the report was assembled (ISO 8601, UTC). Reports of earlier versions lack it. */
  createdAt: string;
  /** The commit measured (a full SHA); null when unknown. Reports of earlier versions lack it. */
  commit: string | null;
  status: Status;
  /** ANE coverage in percent, one decimal; null when it could not be measured. */
  coverage: number | null;
  predictions: { observed: number; warmup: number; counted: number; requested: number };
  engines: Record<Engine, EngineReport>;
  probes: ProbeReport[];
  /** Non-ANE functions hit in the counted predictions, most hits first. */
  fallbackKernels: FallbackKernel[];
  /** The runtimes (built-in profiles of `auto`, or the one profile) that served the counted predictions. */
  runtimes: { name: string; predictions: number; dispatches: Record<Engine, number> }[];
  /** Core ML's log lines that explain why work left the ANE (streamed on a Mac and in the Simulator). */
  fallbackReasons?: string[];
  baseline: BaselineReport | null;
  /**
   * What comparing with a baseline added: the status before the comparison, and its reasons and notes. A later
   * comparison (publishing) starts again from there, so no reason is repeated and a cleared drop leaves none.
   */
  baselineEffects?: { statusBefore: Status; reasons: string[]; notes: string[] };
  /**
   * The gates the status was decided with; null where one is not set. `threshold` and `maxDrop` check the dispatch
   * share (`coverage`), `planThreshold` the plan's cost share, `maxSlowdown` the median latency, `failOn` the model
   * check's findings (absent in older reports and in reports of refused inputs).
   */
  gates: { threshold: number; maxDrop: number | null; planThreshold?: number | null; allowOffAne?: string[] | null; maxSlowdown?: number | null; failOn?: FailOn | null };
  /** Which figure leads the terminal, the summary and the comment (headline.ts). Absent in older reports: renderers choose it as headline.ts does. */
  headline?: Headline;
  /** Core ML's compute plan, as the app printed it (an `ane-check:plan` line); null without one. Absent in older reports. */
  plan?: PlanReport | null;
  /** The app's timed predictions (`ane-check:latency` lines); null without them. */
  latency?: LatencyReport | null;
  /** Whether the plan and the run agree on the ANE. */
  agreement?: Agreement;
  /** The ANE service thread and queues seen at the end of the run (supporting evidence, never a count); null when the target had ended. */
  witnesses?: Witnesses | null;
  /** Why the status is what it is (empty on a plain pass). */
  reasons: string[];
  /** Things worth knowing that did not decide the status. */
  notes: string[];
  run: RunReport;
  environment: EnvironmentReport;
  /** With `discover: true`: the candidate profile written next to the report. */
  discovery?: DiscoveryReport;
  /** Which checks ran: `model` (the model check, `models` below) and `measure` (the measurement). Absent in older reports: the measurement. */
  checks?: Check[];
  /** The model check's models (contract.md, "The model check"): absent when it did not run. */
  models?: ModelReport[];
}

export type Check = 'model' | 'measure';

/**
 * The figure a report leads with (src/report/headline.ts): `plan-cost-share`, the share of the estimated cost
 * that Core ML's compute plan places on the ANE, when the run agrees with the plan (`value`: that share, in
 * percent); `dispatch-share`, ANE dispatches over all dispatches (`coverage`; `value` null when not measured),
 * which counts dispatches, not cost, and leads without a plan or where the run disagrees with it; `model-check`,
 * for a report with only the model check, whose `value` is its count of known blockers (error and warning
 * findings, a grouped finding counted once for each subject it stands for).
 */
export interface Headline {
  figure: 'plan-cost-share' | 'dispatch-share' | 'model-check';
  value: number | null;
}

/** Whether the report holds a measurement (older reports, without `checks`, always do). */
export function measured(report: Pick<Report, 'checks'>): boolean {
  return report.checks === undefined || report.checks.includes('measure');
}

/** The comparison with the baseline (a report of the base branch, or a file); null without one. */
export interface BaselineReport {
  coverage: number | null;
  delta: number | null;
  name?: string;
  /** The baseline's status. */
  status?: Status;
  /** The commit the baseline measured, when its report says. */
  commit?: string | null;
  /** The baseline's dispatches per prediction per engine; null when it counted no prediction. */
  perPrediction?: Record<Engine, number> | null;
  /** Fallback kernels hit now and not in the baseline, and hit in the baseline and not now. */
  newKernels?: { engine: Engine; name: string }[];
  goneKernels?: { engine: Engine; name: string }[];
  /** The baseline's median latency for the same compute units, and the rise against it in percent. */
  medianMs?: number | null;
  slowdown?: number | null;
  /** Op types the plan places off the ANE that the baseline's plan did not (both plans present). */
  newOffAne?: string[];
  /** The base branch's coverage over its last runs, oldest first (baseline: auto). */
  trend?: TrendPoint[];
}

export interface TrendPoint {
  coverage: number | null;
  /** The commit that run measured (short or full SHA), when known. */
  commit: string | null;
  /** When that run was made (ISO 8601), when known. */
  createdAt: string | null;
}

export interface DiscoveryReport {
  /** Where the candidate profile was written. */
  profile: string;
  /** Engine-like functions found in the live process. */
  functions: number;
  /** The candidate probes: what the profile holds. */
  probes: { engine?: Engine; role: Role; symbol: string }[];
}

export type Status = 'pass' | 'fail' | 'inconclusive' | 'error';

const STATUS_ORDER: readonly Status[] = ['pass', 'inconclusive', 'fail', 'error'];

/** The status of several reports together: the worst (error, then fail, then inconclusive, then pass). */
export function combinedStatus(reports: readonly Pick<Report, 'status'>[]): Status {
  return reports.reduce<Status>((worst, report) => (STATUS_ORDER.indexOf(report.status) > STATUS_ORDER.indexOf(worst) ? report.status : worst), 'pass');
}

export interface EngineReport {
  dispatches: number;
  perPrediction: number;
  /** The fewest and the most dispatches in one counted prediction; null when none was counted. */
  minPerPrediction: number | null;
  maxPerPrediction: number | null;
  /** Share of all dispatches, in percent; null when nothing was measured (`coverage` is null): no share for a non-result. */
  share: number | null;
  markers: number;
  /** Whether any dispatch probe of this engine found a location. */
  resolved: boolean;
}

export interface ProbeReport {
  engine?: Engine;
  role: Role;
  symbol?: string;
  regex?: string;
  module?: string;
  /** The images other than `module` where the probe resolved: the fallback stop's search of every image found it there (lldb-script.ts). */
  foundIn?: string[];
  /** With `auto`: the built-in profiles (runtimes) the probe belongs to. */
  runtimes?: string[];
  resolved: boolean;
  locations: number;
  hits: number;
  totalHits: number;
  functions: { name: string; module?: string; hits: number; totalHits: number }[];
}

export interface FallbackKernel {
  engine: Engine;
  name: string;
  hits: number;
}

export interface RunReport {
  /** How the counted window closed: next-prediction, exit, idle, crash, killed, timeout or unknown. */
  windowEnd: WindowEnd | null;
  /** How the target ended (RunTargetEnd below); null when no target process ran. */
  targetEnd: RunTargetEnd | null;
  /** The same in words, as LLDB said it: `exited with status 0`, `crashed: signal SIGSEGV ...`, `killed: Terminated due to memory issue`; null when there is nothing to add. */
  targetEndDetail: string | null;
  pid: number | null;
  durationMs: number;
  /** How breakpoint hits were counted (`auto-continue` or `driven`) and why; null when LLDB never ran. */
  counting: { mode: CountingMode; reason: string; continued: number } | null;
  /** The last lines the target wrote to its standard error (a program on this machine, or a Simulator app); absent when it wrote none. */
  targetErrorOutput?: string[];
}

/**
 * How the target ended. `stopped-by-ane-check`: stopped at ane-check's breakpoint (normally the prediction after
 * the counted window) and then ended by ane-check; `interrupted`: stopped by a signal, as ane-check does to an
 * app that went idle or outlived the timeout; `exited` and `crashed`: by itself; `killed`: ended by the system or
 * a signal, which Apple's LLDB reports as an exit `Terminated due to ...` (an iOS app over its memory limit:
 * `Terminated due to memory issue`); `unknown`: LLDB did not say.
 */
export type RunTargetEnd = 'stopped-by-ane-check' | 'interrupted' | 'exited' | 'crashed' | 'killed' | 'unknown';

export interface EnvironmentReport {
  target: string;
  os: string;
  lldb: string;
  /** The `symbols` input: auto, a built-in name or a path. */
  profile: string;
  /** The profiles in use (auto: every built-in one). */
  profiles: string[];
  device?: string;
}

export async function writeReport(file: string, report: Report): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
}

/** Reads a report written by ane-check, refusing other schema versions. `input` names the input for messages. */
export async function readReport(file: string, input: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(input, `cannot read the report '${file}' (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give the path of an ane-check JSON report`);
  }
  return parseReport(text, `'${file}'`, input);
}

/** Checks the text of a report; `where` names its source for messages. */
export function parseReport(text: string, where: string, input: string): Report {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(input, `${where} is not valid JSON (${(error as Error).message})`);
  }
  const record = parsed as Partial<Report> | null;
  if (typeof record !== 'object' || record === null || !('schemaVersion' in record)) {
    throw new InputError(input, `${where} is not an ane-check report (no schemaVersion)`);
  }
  if (record.schemaVersion !== 1) {
    throw new InputError(input, `${where} has schemaVersion ${JSON.stringify(record.schemaVersion)}; this version of ane-check reads version 1 (update ane-check, or regenerate the report)`);
  }
  if (typeof record.name !== 'string' || typeof record.status !== 'string' || (record.coverage !== null && typeof record.coverage !== 'number')) {
    throw new InputError(input, `${where} is a damaged report (name, status or coverage missing)`);
  }
  return record as Report;
}
