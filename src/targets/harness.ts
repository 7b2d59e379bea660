import path from 'node:path';

import { InputError } from '../errors.js';

/**
 * The bundled model harness (harness/), used when the user gives `model` instead of `command`: the command
 * lines that build it (a macOS command-line tool, or an iOS app for the Simulator or a device) and the
 * arguments that run it. Pure: nothing here runs or reads anything. Every command is an argv array, run
 * without a shell, so no path or name is ever parsed as shell syntax. The commands only run on macOS,
 * whose paths are POSIX: path.posix keeps the output the same on every machine that builds the lists.
 */

/** An argv array: the program, then its arguments. */
export type Argv = string[];

export const COMPUTE_UNITS = ['all', 'cpuAndNeuralEngine', 'cpuAndGPU', 'cpuOnly'] as const;
/** MLComputeUnits, spelled as its Swift cases (the harness's --compute-units takes the same names). */
export type ComputeUnits = (typeof COMPUTE_UNITS)[number];

/** The macOS tool's file name, in outDir. */
export const MAC_HARNESS_NAME = 'ane-check-harness';
/** The iOS app's name: AneCheckHarness.app, whose executable is AneCheckHarness. */
export const IOS_APP_NAME = 'AneCheckHarness';
/** Where the iOS build copies the model, relative to the app bundle (the harness reads relative paths from there). */
export const IOS_MODEL_FOLDER = 'Models';
/** The bundle identifier of the harness app when nothing else is asked for (a Simulator needs no profile for it). */
export const DEFAULT_HARNESS_BUNDLE_ID = 'dev.ane-check.harness';

// macOS 13 / iOS 16 bring MLComputeUnits.cpuAndNeuralEngine; iOS 17 is where devicectl can launch and
// Xcode's LLDB can attach (see domain.md). The Swift sources rely on nothing newer without #available.
export const MAC_MINIMUM_OS = '13.0';
export const IOS_MINIMUM_OS = '17.0';

// The Swift module: the tool's file name has dashes, which are not valid in a module name.
const MODULE_NAME = 'AneCheckHarness';
const MODEL_EXTENSIONS = ['.mlpackage', '.mlmodel', '.mlmodelc'];

export interface MacHarnessBuild {
  /** The harness/ folder of this repository. */
  sourceDir: string;
  /** Where the tool is written (created when missing). */
  outDir: string;
  /** `arm64` (default: the ANE is only on Apple Silicon) or `x86_64`. */
  arch?: string;
}

export interface IosHarnessBuild {
  sourceDir: string;
  outDir: string;
  platform: 'simulator' | 'device';
  /** `arm64` (default), or `x86_64` for a Simulator on an Intel Mac. */
  arch?: string;
  /** The deployment target, default IOS_MINIMUM_OS. */
  minimumOS?: string;
  /** The model the app carries: copied to AneCheckHarness.app/Models/<name> before signing. */
  model: string;
  bundleId: string;
  /** device: the codesign identity (a name such as `Apple Development: ...`, or a SHA-1). */
  signingIdentity?: string;
  /** device: the .mobileprovision file, embedded into the app and the source of its entitlements. */
  provisioningProfile?: string;
  /**
   * device: `TEAMID.bundleId`, from deviceApplicationIdentifier(). A wildcard profile's entitlements say
   * `TEAMID.*`, and the signature must name the app itself.
   */
  applicationIdentifier?: string;
}

export interface HarnessRun {
  /** The model's path: on macOS as given; on iOS iosBundledModelPath(model), inside the app. */
  model: string;
  computeUnits: ComputeUnits;
  /** Predictions before the counted ones (0 or more). */
  warmup: number;
  /** Counted predictions (1 or more). */
  predictions: number;
  /** After the last prediction, keep the process alive until ane-check ends it, as an app would. */
  idle: boolean;
  /** Predictions timed per compute-units setting (the requested one and cpuOnly) before the probes are armed. */
  timed?: number;
}

/**
 * How many predictions the harness times per setting, before ane-check's probes are armed (HARNESS_ARMED):
 * enough for a median and a 90th percentile, few enough to keep the run short (the report says how long).
 */
export const HARNESS_TIMED = 10;

/** The function the harness calls once its timed predictions are done: ane-check enables its probes there. */
export const HARNESS_ARMED = 'ane_check_armed';

/** Checks the `compute-units` input. */
export function parseComputeUnits(text: string): ComputeUnits {
  const found = COMPUTE_UNITS.find((units) => units === text.trim());
  if (found === undefined) {
    throw new InputError('compute-units', `'${text}' is not a compute-units value; use ${COMPUTE_UNITS.join(', ')}`);
  }
  return found;
}

/** The macOS tool that macHarnessBuildCommands writes. */
export function macHarnessPath(outDir: string): string {
  return path.posix.join(outDir, MAC_HARNESS_NAME);
}

/** The iOS app bundle that iosHarnessBuildCommands writes. */
export function iosHarnessAppPath(outDir: string): string {
  return path.posix.join(outDir, `${IOS_APP_NAME}.app`);
}

/** The model's path inside the app, to pass as --model (the harness resolves it against the app bundle). */
export function iosBundledModelPath(model: string): string {
  return path.posix.join(IOS_MODEL_FOLDER, modelFileName(model));
}

/**
 * Compiles the command-line tool and signs it ad hoc with get-task-allow, so that LLDB can attach without
 * a GUI session to approve it.
 */
export function macHarnessBuildCommands(build: MacHarnessBuild): Argv[] {
  const arch = checkArch(build.arch ?? 'arm64', ['arm64', 'x86_64']);
  const tool = macHarnessPath(build.outDir);
  return [
    ['mkdir', '-p', build.outDir],
    [
      ...swiftc('macosx', `${arch}-apple-macos${MAC_MINIMUM_OS}`, tool),
      sourcePath(build.sourceDir, 'Sources/Harness.swift'),
      sourcePath(build.sourceDir, 'macOS/main.swift'),
    ],
    adHocSign(build.sourceDir, tool),
  ];
}

/**
 * Builds AneCheckHarness.app for the Simulator or a device: compile, Info.plist, the model, signature.
 * The bundle is rebuilt from nothing each time, so no model or signature of an earlier build is left in it.
 */
export function iosHarnessBuildCommands(build: IosHarnessBuild): Argv[] {
  const device = build.platform === 'device';
  const arch = checkArch(build.arch ?? 'arm64', device ? ['arm64'] : ['arm64', 'x86_64']);
  const minimumOS = checkVersion(build.minimumOS ?? IOS_MINIMUM_OS);
  const bundleId = checkBundleId(build.bundleId);
  // Refused before anything is built: a device build without signing material could only fail at the end.
  const signing = device ? checkDeviceSigning(build) : undefined;
  const app = iosHarnessAppPath(build.outDir);
  const infoPlist = path.posix.join(app, 'Info.plist');
  const target = `${arch}-apple-ios${minimumOS}${device ? '' : '-simulator'}`;
  return [
    ['rm', '-rf', app],
    ['mkdir', '-p', app],
    [
      ...swiftc(device ? 'iphoneos' : 'iphonesimulator', target, path.posix.join(app, IOS_APP_NAME)),
      // @main in App.swift: no file is main.swift, so the sources are parsed as a library.
      '-parse-as-library',
      sourcePath(build.sourceDir, 'Sources/Harness.swift'),
      sourcePath(build.sourceDir, 'iOS/App.swift'),
    ],
    ['cp', sourcePath(build.sourceDir, 'iOS/Info.plist'), infoPlist],
    plutilReplace('CFBundleIdentifier', '-string', bundleId, infoPlist),
    plutilReplace('MinimumOSVersion', '-string', minimumOS, infoPlist),
    plutilReplace('CFBundleSupportedPlatforms', '-json', JSON.stringify([device ? 'iPhoneOS' : 'iPhoneSimulator']), infoPlist),
    // ditto creates Models/ and copies a package (a folder) or a single file alike.
    ['ditto', build.model, path.posix.join(app, iosBundledModelPath(build.model))],
    ...(signing === undefined
      ? [adHocSign(build.sourceDir, app)]
      : deviceSign(build.outDir, app, signing)),
    // A broken seal found here is clearer than an install that fails on the device.
    ['codesign', '--verify', '--strict', app],
  ];
}

/** The harness's arguments (the program is macHarnessPath(), or the app's bundle identifier on iOS). */
export function harnessRunArguments(run: HarnessRun): Argv {
  modelFileName(run.model);
  checkCount('warmup', run.warmup, 0);
  checkCount('predictions', run.predictions, 1);
  return [
    '--model',
    run.model,
    '--compute-units',
    run.computeUnits,
    '--warmup',
    String(run.warmup),
    '--predictions',
    String(run.predictions),
    ...(run.timed ? ['--timed', String(run.timed)] : []),
    ...(run.idle ? ['--idle'] : []),
  ];
}

/**
 * The application identifier to sign a device build with, read from the provisioning profile's text
 * (the file is CMS-signed, but its property list is stored as plain XML inside: read it as latin1).
 * Refuses a profile that does not cover bundleId, and one that does not allow debugging (a distribution
 * profile says get-task-allow false, and LLDB could not attach).
 */
export function deviceApplicationIdentifier(profileText: string, bundleId: string): string {
  const entitlement = /<key>application-identifier<\/key>\s*<string>([^<]+)<\/string>/.exec(profileText)?.[1]?.trim();
  const dot = entitlement?.indexOf('.') ?? -1;
  if (entitlement === undefined || dot <= 0) {
    throw new InputError('provisioning-profile', 'has no application-identifier entitlement: give an iOS App Development provisioning profile (.mobileprovision)');
  }
  if (!/<key>get-task-allow<\/key>\s*<true\s*\/>/.test(profileText)) {
    throw new InputError('provisioning-profile', 'does not allow debugging (get-task-allow is not true), so LLDB could not attach: give an iOS App Development profile, not a distribution one');
  }
  const prefix = entitlement.slice(0, dot);
  const appId = entitlement.slice(dot + 1);
  const covers = appId === bundleId || appId === '*' || (appId.endsWith('.*') && bundleId.startsWith(appId.slice(0, -1)));
  if (!covers) {
    throw new InputError('provisioning-profile', `is for the app ID ${entitlement}, which does not cover the bundle identifier ${bundleId}: give a profile for ${bundleId}, or a wildcard one`);
  }
  return `${prefix}.${bundleId}`;
}

// --- building blocks

/** `xcrun --sdk <sdk> swiftc`: xcrun sets SDKROOT, so swiftc needs no -sdk. Swift 5 mode: the sources predate strict concurrency. */
function swiftc(sdk: string, target: string, output: string): Argv {
  return ['xcrun', '--sdk', sdk, 'swiftc', '-O', '-swift-version', '5', '-module-name', MODULE_NAME, '-target', target, '-o', output];
}

function adHocSign(sourceDir: string, file: string): Argv {
  return ['codesign', '--force', '--sign', '-', '--entitlements', sourcePath(sourceDir, 'entitlements/get-task-allow.plist'), file];
}

interface DeviceSigning {
  identity: string;
  profile: string;
  applicationIdentifier: string;
}

/**
 * A device signature: the profile embedded, and entitlements taken from the profile (so they are a subset
 * of what it grants), naming this app and allowing the debugger. The decoded profile and the entitlements
 * stay in outDir, outside the bundle, so they are not sealed into it. No timestamp: a development signature
 * needs none, and it would need the network.
 */
function deviceSign(outDir: string, app: string, signing: DeviceSigning): Argv[] {
  const profilePlist = path.posix.join(outDir, 'provisioning-profile.plist');
  const entitlements = path.posix.join(outDir, 'entitlements.plist');
  return [
    ['security', 'cms', '-D', '-i', signing.profile, '-o', profilePlist],
    ['plutil', '-extract', 'Entitlements', 'xml1', '-o', entitlements, profilePlist],
    plutilReplace('application-identifier', '-string', signing.applicationIdentifier, entitlements),
    plutilReplace('get-task-allow', '-bool', 'YES', entitlements),
    ['cp', signing.profile, path.posix.join(app, 'embedded.mobileprovision')],
    ['codesign', '--force', '--sign', signing.identity, '--entitlements', entitlements, '--timestamp=none', app],
  ];
}

function plutilReplace(key: string, type: '-string' | '-bool' | '-json', value: string, file: string): Argv {
  return ['plutil', '-replace', key, type, value, file];
}

function sourcePath(sourceDir: string, file: string): string {
  return path.posix.join(sourceDir, file);
}

// --- checks (the inputs were checked by settings; these keep a wrong call from building something odd)

function checkDeviceSigning(build: IosHarnessBuild): DeviceSigning {
  const identity = build.signingIdentity?.trim() ?? '';
  const profile = build.provisioningProfile?.trim() ?? '';
  if (identity === '') {
    throw new InputError('signing-identity', 'a device build must be signed: give the codesign identity of your development certificate (see `security find-identity -v -p codesigning`)');
  }
  if (profile === '') {
    throw new InputError('provisioning-profile', 'a device build needs an iOS App Development provisioning profile (.mobileprovision) that includes the device and covers the bundle identifier');
  }
  const applicationIdentifier = build.applicationIdentifier?.trim() ?? '';
  if (applicationIdentifier === '') {
    throw new InputError('provisioning-profile', 'its application identifier was not read: read the profile with deviceApplicationIdentifier() before building');
  }
  return { identity, profile, applicationIdentifier };
}

/** The model's file name, checked to be one the harness can load. */
function modelFileName(model: string): string {
  const name = path.posix.basename(model);
  if (!MODEL_EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension) && name.length > extension.length)) {
    throw new InputError('model', `'${model}' is not a Core ML model; give a .mlpackage, .mlmodel or .mlmodelc`);
  }
  return name;
}

function checkArch(arch: string, allowed: readonly string[]): string {
  if (!allowed.includes(arch)) throw new Error(`harness: architecture '${arch}' is not one of ${allowed.join(', ')}`);
  return arch;
}

function checkVersion(version: string): string {
  if (!/^\d+(\.\d+){0,2}$/.test(version)) throw new Error(`harness: '${version}' is not an OS version such as ${IOS_MINIMUM_OS}`);
  return version;
}

function checkBundleId(bundleId: string): string {
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(bundleId)) {
    throw new InputError('bundle-id', `'${bundleId}' is not a bundle identifier; use reverse-DNS letters, digits, dots and dashes, such as ${DEFAULT_HARNESS_BUNDLE_ID}`);
  }
  return bundleId;
}

function checkCount(input: 'warmup' | 'predictions', value: number, minimum: number): void {
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new InputError(input, `'${value}' is not a whole number of ${minimum} or more`);
  }
}
