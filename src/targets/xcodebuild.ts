import { spawn } from 'node:child_process';
import path from 'node:path';

import * as core from '@actions/core';

import { errorMessage, InputError } from '../errors.js';

/**
 * The one owner of xcodebuild's command line: building the app that runs the model, finding what it
 * built, and turning a failed build into annotations.
 *
 * Every command starts with `xcrun xcodebuild`, like `xcrun lldb` and `xcrun simctl` elsewhere: xcrun runs the
 * xcodebuild of the Xcode that `xcode-select` (or `DEVELOPER_DIR`) chose, the same one whose LLDB and simctl
 * ane-check uses, and the end-to-end tests stand in for every Apple tool with a single `xcrun` on PATH.
 */
const XCODEBUILD = ['xcrun', 'xcodebuild'] as const;

/** LLDB needs a debuggable app: Debug builds are unoptimised and carry `get-task-allow` (see xcodebuildBuildArgs). */
export const DEFAULT_CONFIGURATION = 'Debug';

export type DestinationKind = 'simulator' | 'device' | 'mac';

/** What to build and where its products go: the same for the build and for `-showBuildSettings`. */
export interface XcodebuildSelection {
  project?: string;
  workspace?: string;
  scheme: string;
  /** Default `Debug`. */
  configuration?: string;
  /** An xcodebuild destination specifier, see destinationFor. */
  destination: string;
  /** Keeps the products out of ~/Library/Developer/Xcode/DerivedData, at a path we can predict and clean. */
  derivedDataPath: string;
  /**
   * Lets xcodebuild create or download provisioning profiles and register the device with the team
   * (`-allowProvisioningUpdates -allowProvisioningDeviceRegistration`). A device build with automatic signing on a
   * fresh runner stops at "No profiles for ... were found" without them. Public drivers that build for a device
   * pass both: Flutter (flutter_tools/lib/src/ios/mac.dart, with automatic signing) and Expo
   * (@expo/cli, src/run/ios/XcodeBuild.ts, when a development team is set). Set for device destinations
   * (prepare.ts); a simulator build needs no profile.
   */
  allowProvisioningUpdates?: boolean;
}

/**
 * The `-destination` for a target kind. Simulators and devices are named by UDID, never by name: a name can
 * match several simulators (one per runtime), and xcodebuild then picks one, not necessarily the one ane-check
 * booted. The Mac is `arch=arm64`: the ANE is only on Apple Silicon, and without it xcodebuild may also match
 * the Rosetta (x86_64) destination and warn that it used the first of several.
 */
export function destinationFor(kind: DestinationKind, udid?: string): string {
  if (kind === 'mac') return 'platform=macOS,arch=arm64';
  // The specifier is comma-separated key=value pairs: a value with `,` or `=` would change its meaning.
  if (!udid || !/^[0-9A-Fa-f][0-9A-Fa-f-]*$/u.test(udid)) {
    throw new InputError('device', `'${udid ?? ''}' is not a ${kind === 'simulator' ? 'simulator' : 'device'} UDID; give the UDID (xcrun ${kind === 'simulator' ? 'simctl list devices available' : 'devicectl list devices'} shows them)`);
  }
  return `platform=${kind === 'simulator' ? 'iOS Simulator' : 'iOS'},id=${udid}`;
}

/** The flags that pick the project, scheme, configuration, destination and derived data, in xcodebuild's usage order. */
function selectionArgs(selection: XcodebuildSelection): string[] {
  const project = selection.project?.trim() || undefined;
  const workspace = selection.workspace?.trim() || undefined;
  if (project && workspace) {
    throw new InputError('workspace', `give either project ('${project}') or workspace ('${workspace}'), not both: keep workspace when the scheme lives in it (CocoaPods, several projects), otherwise project`);
  }
  if (!project && !workspace) {
    throw new InputError('project', 'give project (the .xcodeproj) or workspace (the .xcworkspace) that builds the app with the model');
  }
  if (!selection.scheme.trim()) {
    throw new InputError('scheme', 'give the scheme that builds the app with the model (xcrun xcodebuild -list shows the schemes; it must be shared to be seen on CI)');
  }
  if (!selection.destination) throw new Error('xcodebuild needs a destination');
  if (!selection.derivedDataPath) throw new Error('xcodebuild needs a derived data path');
  return [
    ...(workspace ? ['-workspace', workspace] : ['-project', project!]),
    '-scheme',
    selection.scheme,
    '-configuration',
    selection.configuration?.trim() || DEFAULT_CONFIGURATION,
    '-destination',
    selection.destination,
    '-derivedDataPath',
    selection.derivedDataPath,
  ];
}

/**
 * `xcrun xcodebuild … build`, as an argument vector (no shell).
 *
 * Signing is left to the project on purpose. A simulator build is signed ad hoc (`Sign to Run Locally`), with
 * only `get-task-allow` in its signed entitlements and the app's own entitlements in its `__entitlements`
 * section; `CODE_SIGNING_ALLOWED=NO` would drop both, so the app could lose its keychain or app-group access
 * and LLDB its permission to attach. A device build must be signed by the team's development identity, whose
 * profile grants `get-task-allow`; overriding the identity would only break it. A Debug Mac build gets
 * `get-task-allow` injected (CODE_SIGN_INJECT_BASE_ENTITLEMENTS).
 *
 * `-hideShellScriptEnvironment` keeps the job log readable: without it each run-script phase prints hundreds
 * of exported variables. Package-plugin and macro validation are not skipped: xcodebuild calls skipping them a
 * security risk, so a project that needs it must trust them on the runner itself.
 */
export function xcodebuildBuildArgs(selection: XcodebuildSelection): string[] {
  return [
    ...XCODEBUILD,
    ...selectionArgs(selection),
    '-hideShellScriptEnvironment',
    ...(selection.allowProvisioningUpdates ? ['-allowProvisioningUpdates', '-allowProvisioningDeviceRegistration'] : []),
    'build',
  ];
}

/**
 * `xcrun xcodebuild … -showBuildSettings -json`: the same selection, so that TARGET_BUILD_DIR is where the build
 * puts the app (it depends on the configuration, the destination's platform and the derived data path).
 * xcodebuild accepts exactly one `-destination` here.
 */
export function showBuildSettingsArgs(selection: XcodebuildSelection): string[] {
  return [...XCODEBUILD, ...selectionArgs(selection), '-showBuildSettings', '-json'];
}

export type AppPlatform = 'iphonesimulator' | 'iphoneos' | 'macosx';
const APP_PLATFORMS: readonly string[] = ['iphonesimulator', 'iphoneos', 'macosx'];

export interface BuiltApp {
  /** The `.app` bundle: TARGET_BUILD_DIR/WRAPPER_NAME. */
  appPath: string;
  bundleId: string;
  platform: AppPlatform;
  /** The target that builds it. */
  target: string;
}

interface BuildSettingsEntry {
  target: string;
  action?: string;
  buildSettings: Record<string, string>;
}

const APPLICATION = 'com.apple.product-type.application';

/**
 * The app a scheme builds, from `-showBuildSettings -json` (an array of `{ action, buildSettings, target }`, one
 * per target the scheme builds). An application is PRODUCT_TYPE `com.apple.product-type.application`; only
 * when a target has no PRODUCT_TYPE does WRAPPER_EXTENSION `app` decide, because App Clips, watch apps and
 * iMessage apps are `.app` wrappers too and are not what the scheme runs.
 */
export function findBuiltApp(showBuildSettingsJson: string, scheme: string): BuiltApp {
  const entries = parseBuildSettings(showBuildSettingsJson, scheme);
  const apps = uniqueByTarget(entries.filter((entry) => isApplication(entry.buildSettings)));
  if (apps.length === 0) {
    const built = entries.map((entry) => `${entry.target} (${productKind(entry.buildSettings)})`).join(', ') || 'no target';
    throw new InputError('scheme', `scheme '${scheme}' builds no application (it builds ${built}); give the scheme that builds the app that runs the model`);
  }
  const chosen = apps.length === 1 ? apps[0]! : apps.find((entry) => entry.target === scheme);
  if (!chosen) {
    throw new InputError(
      'scheme',
      `scheme '${scheme}' builds several applications (${apps.map((entry) => entry.target).join(', ')}) and none of them is named '${scheme}'; give a scheme that builds only the app that runs the model, or the scheme named like its app target`,
    );
  }
  return describeApp(chosen, scheme);
}

/**
 * xcodebuild prints only JSON with `-json`, but tools it loads can log a line or two before it on the same
 * stream; the JSON is read from the first line that opens an array or object to the last closing bracket.
 */
function parseBuildSettings(text: string, scheme: string): BuildSettingsEntry[] {
  const start = text.search(/^[[{]/mu);
  const fix = `check that scheme '${scheme}' exists and is shared (xcrun xcodebuild -list shows the schemes CI can see)`;
  if (start < 0) {
    throw new InputError('scheme', `xcodebuild -showBuildSettings -json printed no JSON (it printed: ${excerpt(text)}); ${fix}`);
  }
  // Without a closing bracket the output was cut short: JSON.parse then says where.
  const end = Math.max(text.lastIndexOf(']'), text.lastIndexOf('}'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(end > start ? text.slice(start, end + 1) : text.slice(start));
  } catch (error) {
    throw new InputError('scheme', `xcodebuild -showBuildSettings -json printed something that is not JSON (${errorMessage(error)}); ${fix}`);
  }
  if (!Array.isArray(parsed)) {
    throw new InputError('scheme', `xcodebuild -showBuildSettings -json printed ${typeof parsed === 'object' && parsed !== null ? 'an object' : typeof parsed}, not the list of targets; ${fix}`);
  }
  return parsed.filter(isEntry);
}

function isEntry(value: unknown): value is BuildSettingsEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.target === 'string' && typeof entry.buildSettings === 'object' && entry.buildSettings !== null;
}

function isApplication(settings: Record<string, string>): boolean {
  const type = settings.PRODUCT_TYPE;
  return type ? type === APPLICATION : settings.WRAPPER_EXTENSION === 'app';
}

/** The same target can be listed more than once (one entry per action); it is one app. */
function uniqueByTarget(entries: BuildSettingsEntry[]): BuildSettingsEntry[] {
  return entries.filter((entry, index) => entries.findIndex((other) => other.target === entry.target) === index);
}

/** `com.apple.product-type.framework` -> `framework`, for naming what a scheme builds instead of an app. */
function productKind(settings: Record<string, string>): string {
  return settings.PRODUCT_TYPE?.replace(/^com\.apple\.product-type\./u, '') || settings.WRAPPER_EXTENSION || 'unknown product';
}

function describeApp(entry: BuildSettingsEntry, scheme: string): BuiltApp {
  const settings = entry.buildSettings;
  const dir = settings.TARGET_BUILD_DIR;
  const wrapper = settings.WRAPPER_NAME || settings.FULL_PRODUCT_NAME;
  if (!dir || !wrapper) {
    throw new InputError('scheme', `the build settings of app target '${entry.target}' (scheme '${scheme}') have no ${dir ? 'WRAPPER_NAME or FULL_PRODUCT_NAME' : 'TARGET_BUILD_DIR'}, so where it is built is unknown; build it yourself and give app and bundle-id`);
  }
  const bundleId = settings.PRODUCT_BUNDLE_IDENTIFIER;
  if (!bundleId) {
    throw new InputError('scheme', `app target '${entry.target}' (scheme '${scheme}') has no PRODUCT_BUNDLE_IDENTIFIER build setting; set its Bundle Identifier in Xcode (target > General > Identity), or give bundle-id`);
  }
  const platform = settings.PLATFORM_NAME ?? '';
  if (!APP_PLATFORMS.includes(platform)) {
    throw new InputError('scheme', `app target '${entry.target}' (scheme '${scheme}') builds for '${platform || 'no platform'}'; ane-check runs apps for iOS simulators (iphonesimulator), iOS devices (iphoneos) and macOS (macosx)`);
  }
  return { appPath: path.posix.join(dir, wrapper), bundleId, platform: platform as AppPlatform, target: entry.target };
}

function excerpt(text: string): string {
  const trimmed = text.trim().replace(/\s+/gu, ' ');
  if (!trimmed) return 'nothing';
  return trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed;
}

export interface CompilerDiagnostic {
  /** As printed: an absolute path in Xcode's logs. Absent for xcodebuild's and tools' own messages. */
  file?: string;
  line?: number;
  column?: number;
  severity: 'error' | 'warning';
  message: string;
}

/**
 * `path:line:column: error: message` (clang and swiftc), `path: error: message` (the build system about a
 * project, e.g. signing), `tool: error: message` (`xcodebuild: error:`, `clang: error:` from the linker driver).
 * A diagnostic line never starts with white space: indented lines are commands and source excerpts, which is
 * also how the Swift 6 excerpt lines (`  |  `- error: …`) that repeat a message are skipped.
 */
const DIAGNOSTIC = /^(?<where>[^\s:][^:]*?)(?::(?<line>\d+))?(?::(?<column>\d+))?: (?<severity>fatal error|error|warning): (?<message>.*\S)\s*$/u;
/** `error: message`, from the build system or a script phase. */
const BARE = /^(?<severity>fatal error|error|warning): (?<message>.*\S)\s*$/u;
/** xcodebuild's own warnings, e.g. `--- xcodebuild: WARNING: Using the first of multiple matching destinations:`. */
const XCODEBUILD_WARNING = /^--- xcodebuild: WARNING: (?<message>.*\S)\s*$/u;

/**
 * The first compiler errors and, separately, the first warnings of an xcodebuild log: at most `limit` of each,
 * errors first, each once. Xcode prints the same diagnostic more than once (the module-emitting job and the
 * compile job of a Swift file both report an error in a declaration; every architecture reports it again), so
 * diagnostics are de-duplicated on file, line, column, severity and message.
 */
export function parseCompilerDiagnostics(log: string, limit = 10): CompilerDiagnostic[] {
  const lines = log.split(/\r?\n/u);
  const seen = new Set<string>();
  const errors: CompilerDiagnostic[] = [];
  const warnings: CompilerDiagnostic[] = [];
  lines.forEach((text, index) => {
    const diagnostic = parseLine(text);
    if (!diagnostic) return;
    // A message of xcodebuild's that ends with `:` goes on in the indented lines below it (the destination
    // specifier that matched nothing); compiler messages are followed by source excerpts instead.
    if (diagnostic.file === undefined && diagnostic.message.endsWith(':')) {
      diagnostic.message = [diagnostic.message, ...continuation(lines, index + 1)].join(' ');
    }
    const key = JSON.stringify([diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.severity, diagnostic.message]);
    if (seen.has(key)) return;
    seen.add(key);
    (diagnostic.severity === 'error' ? errors : warnings).push(diagnostic);
  });
  return [...errors.slice(0, limit), ...warnings.slice(0, limit)];
}

function parseLine(text: string): CompilerDiagnostic | undefined {
  const xcodebuildWarning = XCODEBUILD_WARNING.exec(text);
  if (xcodebuildWarning) return { severity: 'warning', message: xcodebuildWarning.groups!.message! };
  const bare = BARE.exec(text);
  if (bare) return { severity: severityOf(bare.groups!.severity!), message: bare.groups!.message! };
  const match = DIAGNOSTIC.exec(text);
  if (!match) return undefined;
  const { where, line, column, severity, message } = match.groups as Record<string, string | undefined>;
  const diagnostic: CompilerDiagnostic = { severity: severityOf(severity!), message: message! };
  const isPath = where!.includes('/');
  if (line !== undefined) {
    // clang's and swiftc's `<unknown>:0:` has no place to point at.
    if (where === '<unknown>' || Number(line) === 0) return diagnostic;
    diagnostic.file = where;
    diagnostic.line = Number(line);
    if (column !== undefined) diagnostic.column = Number(column);
    return diagnostic;
  }
  if (isPath) return { ...diagnostic, file: where };
  // A tool's name has no space; anything else before `: error:` is prose that merely contains the words.
  if (/\s/u.test(where!)) return undefined;
  return where === 'xcodebuild' ? diagnostic : { ...diagnostic, message: `${where}: ${message}` };
}

function severityOf(text: string): 'error' | 'warning' {
  return text === 'warning' ? 'warning' : 'error';
}

/** The indented lines right below a message, up to a blank or unindented line (at most three). */
function continuation(lines: readonly string[], from: number): string[] {
  const more: string[] = [];
  for (let index = from; index < lines.length && more.length < 3; index++) {
    const text = lines[index]!;
    if (!/^\s+\S/u.test(text)) break;
    more.push(text.trim());
  }
  return more;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The parts of @actions/core used here, so that a test (or the command line) can pass its own. */
export interface XcodebuildLog {
  startGroup(name: string): void;
  endGroup(): void;
  error(message: string, properties?: core.AnnotationProperties): void;
  warning(message: string, properties?: core.AnnotationProperties): void;
  info(message: string): void;
}

/** Everything runXcodebuild does to the world: run a command, and write to the job log. */
export interface XcodebuildWorld {
  exec(argv: readonly string[]): Promise<ExecResult>;
  log: XcodebuildLog;
}

/** A build that has not finished after this long is stuck (a keychain prompt, a hung simulator): it is ended. */
export const BUILD_TIME_LIMIT_MS = 45 * 60 * 1000;

/**
 * The real world: xcodebuild's output streams into the log as it comes (a build can take minutes) and is
 * handed back whole; a failing status is returned, not thrown, so that its errors can be read. A build past
 * BUILD_TIME_LIMIT_MS is killed and fails. `NSUnbufferedIO=YES` makes xcodebuild, writing to a pipe, flush
 * line by line instead of in blocks.
 */
export const actionsWorld: XcodebuildWorld = {
  exec: (argv) => execStreaming(argv, BUILD_TIME_LIMIT_MS),
  log: {
    startGroup: (name) => core.startGroup(name),
    endGroup: () => core.endGroup(),
    error: (message, properties) => core.error(message, properties),
    warning: (message, properties) => core.warning(message, properties),
    info: (message) => core.info(message),
  },
};

/** The command line's log: the same output, without the runner's workflow commands (`::group::`, `::error::`). */
export const terminalLog: XcodebuildLog = {
  startGroup: (name) => process.stdout.write(`$ ${name}\n`),
  endGroup: () => undefined,
  error: (message, properties) => process.stderr.write(`error: ${properties?.file ? `${properties.file}:${properties.startLine ?? ''}: ` : ''}${message}\n`),
  warning: (message) => process.stderr.write(`warning: ${message}\n`),
  info: (message) => process.stdout.write(`${message}\n`),
};

/** Runs argv (no shell), echoing its output as it comes, and ends it (its whole process group) after `limitMs`. */
export function execStreaming(argv: readonly string[], limitMs: number): Promise<ExecResult> {
  const [program, ...args] = argv;
  if (!program) return Promise.reject(new Error('no command to run'));
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env: { ...process.env, NSUnbufferedIO: 'YES' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const stdout: string[] = [];
    const stderr: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout.push(chunk);
      process.stdout.write(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr.push(chunk);
      process.stderr.write(chunk);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, limitMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const note = timedOut ? `\nerror: ended after ${Math.round(limitMs / 60_000)} minutes without finishing\n` : '';
      resolve({ code: timedOut ? 124 : (code ?? 1), stdout: stdout.join(''), stderr: stderr.join('') + note });
    });
  });
}

export interface RunXcodebuildOptions {
  /** Named in the error when the build fails. */
  scheme: string;
  /** Default: the real one (actionsWorld). */
  world?: XcodebuildWorld;
  /**
   * The checkout's root: annotation paths under it are made relative to it, the form GitHub places on a
   * pull request's diff. Paths elsewhere (DerivedData, SDKs) stay absolute.
   */
  relativeTo?: string;
  /** How many compiler errors become annotations (default 10); the rest stay in the log. */
  annotations?: number;
}

export interface XcodebuildRun extends ExecResult {
  /** The first errors and warnings of the output (see parseCompilerDiagnostics). */
  diagnostics: CompilerDiagnostic[];
}

/** A build that did not succeed; its message names the scheme and the first error. */
export class XcodebuildError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly diagnostics: CompilerDiagnostic[],
  ) {
    super(message);
    this.name = 'XcodebuildError';
  }
}

/**
 * Runs an xcodebuild command line inside a collapsed log group (a build log is thousands of lines), and on
 * failure annotates its first compiler errors and throws an XcodebuildError. Warnings are not annotated: they
 * are the project's business, and a passing build leaves no annotation.
 */
export async function runXcodebuild(argv: readonly string[], options: RunXcodebuildOptions): Promise<XcodebuildRun> {
  const world = options.world ?? actionsWorld;
  const limit = options.annotations ?? 10;
  const title = displayCommand(argv);
  world.log.startGroup(title);
  let result: ExecResult;
  try {
    result = await world.exec(argv);
  } catch (error) {
    throw new Error(`${title} could not start: ${errorMessage(error)}; building needs macOS with Xcode (xcode-select -p shows which one)`);
  } finally {
    world.log.endGroup();
  }
  // Every diagnostic is read, so that the error can say how many there were; `limit` of each are kept.
  const all = parseCompilerDiagnostics(`${result.stdout}\n${result.stderr}`, Number.POSITIVE_INFINITY);
  const errors = all.filter((diagnostic) => diagnostic.severity === 'error');
  const warnings = all.filter((diagnostic) => diagnostic.severity === 'warning');
  const diagnostics = [...errors.slice(0, limit), ...warnings.slice(0, limit)];
  if (result.code === 0) return { ...result, diagnostics };

  const annotated = errors.slice(0, limit);
  for (const diagnostic of annotated) {
    world.log.error(diagnostic.message, annotationOf(diagnostic, options.relativeTo));
  }
  const first = annotated[0];
  const cause = first ? `: ${first.file ? `${locationOf(first, options.relativeTo)}: ` : ''}${first.message}` : '';
  const count = errors.length > 1 ? ` (${errors.length} errors in all, the first ${annotated.length} annotated)` : '';
  throw new XcodebuildError(
    `xcodebuild could not build scheme '${options.scheme}' (exit status ${result.code})${cause}${count}; the whole output is in the log group '${title}'`,
    result.code,
    diagnostics,
  );
}

function annotationOf(diagnostic: CompilerDiagnostic, root: string | undefined): core.AnnotationProperties {
  return {
    title: 'xcodebuild',
    ...(diagnostic.file !== undefined ? { file: relative(diagnostic.file, root) } : {}),
    ...(diagnostic.line !== undefined ? { startLine: diagnostic.line } : {}),
    ...(diagnostic.column !== undefined ? { startColumn: diagnostic.column } : {}),
  };
}

function locationOf(diagnostic: CompilerDiagnostic, root: string | undefined): string {
  return [relative(diagnostic.file!, root), diagnostic.line, diagnostic.column].filter((part) => part !== undefined).join(':');
}

function relative(file: string, root: string | undefined): string {
  if (!root || !path.isAbsolute(file)) return file;
  const inside = path.relative(root, file);
  return inside && !inside.startsWith('..') && !path.isAbsolute(inside) ? inside : file;
}

/** The command as one would type it, for the group's title: arguments with spaces or shell characters quoted. */
export function displayCommand(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w./:=,@%+-]+$/u.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`)).join(' ');
}
