import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';

import { splitCommand } from './split-command.js';
import { InputError } from '../errors.js';
import type { CountingChoice } from '../probe/lldb-version.js';
import { parseComputeUnits, type ComputeUnits } from '../targets/harness.js';

export const DEFAULT_REPORT = 'ane-report.json';
const COUNTING: readonly CountingChoice[] = ['auto', 'auto-continue', 'driven'];

export type TargetKind = 'host' | 'simulator' | 'device';
const TARGETS: readonly TargetKind[] = ['host', 'simulator', 'device'];

/** Which checks run (`check`): the model check (`static`), the measurement, both, or as the inputs call for (checks.ts). */
export type CheckChoice = 'auto' | 'static' | 'measure' | 'both';
const CHECKS: readonly CheckChoice[] = ['auto', 'static', 'measure', 'both'];

/** Which model-check findings fail the step (`fail-on`). */
export type FailOn = 'new' | 'error' | 'warning' | 'never';
export const FAIL_ON: readonly FailOn[] = ['new', 'error', 'warning', 'never'];

/** Every input of the contract, as given (Action inputs or command-line flags); empty means unset. */
export type RawInputs = Partial<Record<InputName, string>>;

export const INPUT_NAMES = [
  'target',
  'command',
  'model',
  'project',
  'workspace',
  'scheme',
  'configuration',
  'app',
  'bundle-id',
  'device',
  'symbols',
  'warmup',
  'predictions',
  'timeout',
  'threshold',
  'max-drop',
  'baseline',
  'name',
  'report',
  'fail-on-inconclusive',
  'lldb',
  'github-token',
  'comment',
  'publish',
  'baseline-artifact',
  'junit',
  'compute-units',
  'signing-identity',
  'provisioning-profile',
  'discover',
  'counting',
  'plan-threshold',
  'allow-off-ane',
  'max-slowdown',
  'check',
  'base-model',
  'fail-on',
] as const;
export type InputName = (typeof INPUT_NAMES)[number];

export interface Settings {
  target: TargetKind;
  /** `host`: the program and its arguments. */
  command?: string[];
  /** The one model the harness runs (an absolute path); absent when `model` names several, or none. */
  model?: string;
  /** `model` as given: paths or globs, one per line, relative to the working directory (the model check reads them). */
  models: string[];
  check: CheckChoice;
  /** `base-model`: `auto`, `none`, or a model path or report file (as given). */
  baseModel: string;
  failOn: FailOn;
  project?: string;
  workspace?: string;
  scheme?: string;
  configuration?: string;
  app?: string;
  bundleId?: string;
  device?: string;
  symbols: string;
  warmup: number;
  predictions: number;
  timeoutSeconds: number;
  threshold: number;
  maxDrop?: number;
  /** A report file, or `auto`: the report of the same name from the base branch's latest successful run. */
  baseline?: string;
  name: string;
  report: string;
  failOnInconclusive: boolean;
  /** The debugger's command line, e.g. ['xcrun', 'lldb']. */
  lldb: string[];
  githubToken?: string;
  /** `update`: create or update this measurement's pull-request comment; `off`: none. */
  comment: 'update' | 'off';
  /** A glob of report files to publish instead of measuring (matrix merges, fork-safe publishing). */
  publish?: string;
  /** The artifact that holds the base branch's reports, for `baseline: auto`. */
  baselineArtifact: string;
  /** Where to write JUnit XML, when set. */
  junit?: string;
  /** List the engine-like functions of the live process and write a candidate profile next to the report. */
  discover: boolean;
  /** Minimum share of the compute plan's estimated cost on the ANE, in percent; undefined: no plan gate. */
  planThreshold?: number;
  /** Op types allowed off the ANE; when set, any other type the plan places off the ANE fails. */
  allowOffAne?: string[];
  /** Maximum rise of the median latency against the baseline, in percent. */
  maxSlowdown?: number;
  /** How breakpoint hits are counted: a mode, or `auto` (from LLDB's version and the target). */
  counting: CountingChoice;
  /** MLComputeUnits for the bundled harness (`model`). */
  computeUnits: ComputeUnits;
  /** Device builds of the harness: the codesign identity and the development provisioning profile. */
  signingIdentity?: string;
  provisioningProfile?: string;
}

export const DEFAULT_BASELINE_ARTIFACT = 'ane-report';

export interface Environment {
  platform: NodeJS.Platform;
  /** PATH, to find programs named without a folder. */
  path: string;
  cwd: string;
  /** The commit being measured (the report's `commit`); null when unknown. */
  commit: string | null;
}

/** What reading the inputs needs of the environment: where to find programs and files. */
type Lookup = Omit<Environment, 'commit'>;

/** Reads and checks every input once. Throws InputError naming the input and the fix. */
export function parseSettings(raw: RawInputs, env: Lookup): Settings {
  const value = (name: InputName): string | undefined => {
    const text = raw[name]?.trim();
    return text === undefined || text === '' ? undefined : text;
  };

  const target = (value('target') ?? 'host') as TargetKind;
  if (!TARGETS.includes(target)) throw new InputError('target', `'${value('target')}' is not a target; use host, simulator or device`);

  const publish = value('publish');
  const commandText = value('command');
  const check = (value('check') ?? 'auto') as CheckChoice;
  if (!CHECKS.includes(check)) throw new InputError('check', `'${value('check')}' is not auto, static, measure or both`);
  const models = (value('model') ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
  const harnessModel = models.length === 1 && !isGlob(models[0]!) ? models[0] : undefined;
  const model = check === 'static' ? undefined : harnessModel;
  if (publish !== undefined && (commandText !== undefined || models.length > 0)) {
    throw new InputError('publish', 'publishes existing reports instead of measuring: give it without `command` or `model`');
  }
  if (commandText !== undefined && models.length > 0 && check !== 'static') {
    throw new InputError('command', 'give either `command` or `model` to measure, not both (with `check: static`, model names the models to read)');
  }
  for (const given of models) {
    if (!isGlob(given) && !MODEL_EXTENSION.test(given)) throw new InputError('model', `'${given}' is not a .mlpackage, .mlmodel or .mlmodelc`);
  }
  if ((check === 'measure' || check === 'both') && models.length > 0 && harnessModel === undefined) {
    throw new InputError('model', `names several models (${models.join(', ')}); the measurement runs one: give one model, or \`check: static\` to read them all`);
  }
  // The model check reports a missing model as that model's error, beside the others; the measurement alone cannot run.
  if (check === 'measure' && model !== undefined && !existsSync(path.resolve(env.cwd, model))) {
    throw new InputError('model', `'${model}' does not exist; check the path (relative to the working directory)`);
  }
  if (check === 'static' && models.length === 0) throw new InputError('model', '`check: static` reads model files: give model (a path or a glob)');
  const failOn = (value('fail-on') ?? 'new') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new InputError('fail-on', `'${value('fail-on')}' is not new, error, warning or never`);
  let command: string[] | undefined;
  if (commandText !== undefined) {
    if (target !== 'host') throw new InputError('command', `runs a program on this machine (\`target: host\`), not on target ${target}; give \`app\` and \`bundle-id\`, or \`model\``);
    command = splitCommand('command', commandText);
    // A quoted empty word (`''`) is a command whose program is empty.
    if (!command[0]) throw new InputError('command', 'names no program; give the program to run and its arguments');
    command[0] = findProgram('command', command[0]!, env);
  } else if (target === 'host' && models.length === 0 && publish === undefined) {
    throw new InputError('command', '`target: host` needs the program to run (`command`) or a model (`model`)');
  }

  // Publishing reads reports and runs no debugger.
  const lldb = publish === undefined ? findLldb(value('lldb'), env) : [];

  const threshold = parseNumber('threshold', value('threshold') ?? '0', { min: 0, max: 100, what: 'a percentage from 0 to 100' });
  const maxDropText = value('max-drop');
  const maxDrop = maxDropText === undefined ? undefined : parseNumber('max-drop', maxDropText, { min: 0, max: 100, what: 'percentage points from 0 to 100' });

  const name = value('name') ?? (publish !== undefined ? 'ane-check' : deriveName({ command, model: harnessModel, models, scheme: value('scheme'), app: value('app') }));
  const comment = value('comment') ?? 'update';
  if (comment !== 'update' && comment !== 'off') throw new InputError('comment', `'${comment}' is not update or off`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/u.test(name)) throw new InputError('name', 'must be one line of printable text');
  const optionalNumber = (input: InputName, range: { min: number; max: number; what: string }) => {
    const text = value(input);
    return text === undefined ? undefined : parseNumber(input, text, range);
  };
  const allowOffAne = value('allow-off-ane')
    ?.split(',')
    .map((type) => type.trim())
    .filter(Boolean);
  const counting = value('counting') ?? 'auto';
  if (!COUNTING.includes(counting as CountingChoice)) throw new InputError('counting', `'${counting}' is not auto, auto-continue or driven`);

  return {
    target,
    command,
    model: model === undefined ? undefined : path.resolve(env.cwd, model),
    models,
    check,
    baseModel: value('base-model') ?? 'auto',
    failOn,
    project: value('project'),
    workspace: value('workspace'),
    scheme: value('scheme'),
    configuration: value('configuration'),
    app: value('app'),
    bundleId: value('bundle-id'),
    device: value('device'),
    symbols: value('symbols') ?? 'auto',
    warmup: parseCount('warmup', value('warmup') ?? '1', 0),
    predictions: parseCount('predictions', value('predictions') ?? '10', 1),
    timeoutSeconds: parseNumber('timeout', value('timeout') ?? '300', { min: 1, max: 86_400, what: 'a number of seconds from 1 to 86400' }),
    threshold,
    maxDrop,
    baseline: value('baseline'),
    name,
    report: value('report') ?? DEFAULT_REPORT,
    failOnInconclusive: parseBoolean('fail-on-inconclusive', value('fail-on-inconclusive') ?? 'true'),
    lldb,
    githubToken: value('github-token'),
    comment,
    publish,
    baselineArtifact: value('baseline-artifact') ?? DEFAULT_BASELINE_ARTIFACT,
    junit: value('junit'),
    discover: parseBoolean('discover', value('discover') ?? 'false'),
    counting: counting as CountingChoice,
    planThreshold: optionalNumber('plan-threshold', { min: 0, max: 100, what: 'a percentage from 0 to 100' }),
    ...(allowOffAne !== undefined && allowOffAne.length > 0 ? { allowOffAne } : {}),
    maxSlowdown: optionalNumber('max-slowdown', { min: 0, max: 100_000, what: 'a percentage of 0 or more' }),
    computeUnits: parseComputeUnits(value('compute-units') ?? 'all'),
    signingIdentity: value('signing-identity'),
    provisioningProfile: value('provisioning-profile'),
  };
}

function findLldb(given: string | undefined, env: Lookup): string[] {
  const lldb = splitCommand('lldb', given ?? (env.platform === 'darwin' ? 'xcrun lldb' : 'lldb'));
  if (!lldb[0]) throw new InputError('lldb', 'names no program; give the debugger to run, e.g. lldb');
  lldb[0] = findProgram('lldb', lldb[0]!, env, 'install LLDB (Debian/Ubuntu: apt-get install -y lldb; macOS: xcode-select --install) or set `lldb` to its path');
  return lldb;
}

function parseNumber(input: string, text: string, range: { min: number; max: number; what: string }): number {
  const number = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(number) || number < range.min || number > range.max) {
    throw new InputError(input, `'${text}' is not ${range.what}`);
  }
  return number;
}

function parseCount(input: string, text: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new InputError(input, `'${text}' is not a whole number${min > 0 ? ` of at least ${min}` : ' (0 or more)'}`);
  }
  return Number(text);
}

function parseBoolean(input: string, text: string): boolean {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new InputError(input, `'${text}' is not true or false`);
}

/**
 * The program as an absolute path, found as a shell would: a name with a slash is a path (from the working
 * directory), a name without one is looked up in PATH only. A program that is missing, a folder, or not
 * executable gets its own message.
 */
function findProgram(input: string, program: string, env: Lookup, notInPath = 'give its path (./name for one in the working directory), or add its folder to PATH'): string {
  if (program.includes('/')) {
    const file = path.resolve(env.cwd, program);
    const problem = whyNotRunnable(file, env.cwd);
    if (problem) throw new InputError(input, `'${file}' ${problem}`);
    return file;
  }
  for (const dir of env.path.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(path.resolve(env.cwd, dir), program);
    if (whyNotRunnable(candidate, env.cwd) === undefined) return candidate;
  }
  throw new InputError(input, `'${program}' is not found in PATH; ${notInPath}`);
}

/** Why a file cannot be run as a program, or undefined when it can. */
function whyNotRunnable(file: string, cwd: string): string | undefined {
  let stats;
  try {
    stats = statSync(file);
  } catch {
    return `does not exist; check the path (a relative one starts from the working directory, ${cwd})`;
  }
  if (stats.isDirectory()) return 'is a folder, not a program; give the program inside it';
  try {
    accessSync(file, constants.X_OK);
  } catch {
    return `is not executable; make it executable (chmod +x '${file}') or run it through its interpreter`;
  }
  return undefined;
}

// Whether a `model` line is a glob (`Models/**/*.mlpackage`) rather than one path: @actions/glob's pattern characters.
export function isGlob(pattern: string): boolean {
  return /[*?[]/u.test(pattern);
}

const MODEL_EXTENSION = /\.(mlpackage|mlmodel|mlmodelc)$/u;

function deriveName(given: { command?: string[]; model?: string; models: string[]; scheme?: string; app?: string }): string {
  if (given.model) return path.basename(given.model).replace(MODEL_EXTENSION, '');
  // Several models, or a glob: the lines as given, which is what the reader of a comment recognises.
  if (given.models.length > 0) return given.models.join(', ');
  if (given.scheme) return given.scheme;
  if (given.app) return path.basename(given.app).replace(/\.app$/u, '');
  if (given.command?.[0]) return path.basename(given.command[0]);
  return 'ane-check';
}
