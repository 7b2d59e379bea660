import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { AnnotationProperties } from '@actions/core';
import { describe, expect, it } from 'vitest';

import { InputError } from '../src/errors.js';
import {
  actionsWorld,
  execStreaming,
  destinationFor,
  displayCommand,
  findBuiltApp,
  parseCompilerDiagnostics,
  runXcodebuild,
  showBuildSettingsArgs,
  xcodebuildBuildArgs,
  XcodebuildError,
  type ExecResult,
  type XcodebuildWorld,
} from '../src/targets/xcodebuild.js';
import { processesGone, uniqueTag } from './support/processes.js';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'xcodebuild');
const recorded = (name: string): string => readFileSync(path.join(folder, name), 'utf8');

/** The checkout of the recordings (test/xcodebuild/README.md). */
const ROOT = '/Users/ci/actions-runner/_work/ModelRunner/ModelRunner';
const PRODUCTS = `${ROOT}/build/Build/Products`;
const UDID = '8E1C3B5A-2F4D-4C6B-9A7E-1D2F3A4B5C6D';
const SIMULATOR = `platform=iOS Simulator,id=${UDID}`;

/** What an InputError threw, for asserting on the input it names and its message together. */
function thrown(run: () => unknown): { input?: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return { input: error.input, message: error.message };
    if (error instanceof Error) return { message: error.message };
  }
  throw new Error('nothing was thrown');
}

describe('destinationFor', () => {
  it('names simulators and devices by UDID, and the Mac by platform and arch', () => {
    expect(destinationFor('simulator', UDID)).toBe('platform=iOS Simulator,id=8E1C3B5A-2F4D-4C6B-9A7E-1D2F3A4B5C6D');
    expect(destinationFor('device', '00008110-001A2C3E0C12801E')).toBe('platform=iOS,id=00008110-001A2C3E0C12801E');
    expect(destinationFor('mac')).toBe('platform=macOS,arch=arm64');
  });

  it('refuses a missing UDID, or a name that would change the specifier', () => {
    expect(thrown(() => destinationFor('simulator'))).toEqual({
      input: 'device',
      message: "device: '' is not a simulator UDID; give the UDID (xcrun simctl list devices available shows them)",
    });
    expect(thrown(() => destinationFor('device', 'iPhone,OS=17'))).toMatchObject({ input: 'device', message: expect.stringContaining('xcrun devicectl list devices') });
  });
});

describe('xcodebuild command lines', () => {
  it('builds a project for a simulator in Debug by default', () => {
    expect(xcodebuildBuildArgs({ project: 'ModelRunner.xcodeproj', scheme: 'ModelRunner', destination: SIMULATOR, derivedDataPath: 'build' })).toEqual([
      'xcrun',
      'xcodebuild',
      '-project',
      'ModelRunner.xcodeproj',
      '-scheme',
      'ModelRunner',
      '-configuration',
      'Debug',
      '-destination',
      'platform=iOS Simulator,id=8E1C3B5A-2F4D-4C6B-9A7E-1D2F3A4B5C6D',
      '-derivedDataPath',
      'build',
      '-hideShellScriptEnvironment',
      'build',
    ]);
  });

  it('builds a workspace for a device with the given configuration, and provisioning updates and device registration only when asked', () => {
    const selection = {
      workspace: 'App/My App.xcworkspace',
      scheme: 'Model Runner',
      configuration: 'Profiling',
      destination: destinationFor('device', '00008110-001A2C3E0C12801E'),
      derivedDataPath: '/tmp/ane-check/derived',
    };
    expect(xcodebuildBuildArgs({ ...selection, allowProvisioningUpdates: true })).toEqual([
      'xcrun',
      'xcodebuild',
      '-workspace',
      'App/My App.xcworkspace',
      '-scheme',
      'Model Runner',
      '-configuration',
      'Profiling',
      '-destination',
      'platform=iOS,id=00008110-001A2C3E0C12801E',
      '-derivedDataPath',
      '/tmp/ane-check/derived',
      '-hideShellScriptEnvironment',
      '-allowProvisioningUpdates',
      '-allowProvisioningDeviceRegistration',
      'build',
    ]);
    expect(xcodebuildBuildArgs(selection)).not.toContain('-allowProvisioningUpdates');
    expect(xcodebuildBuildArgs(selection)).not.toContain('-allowProvisioningDeviceRegistration');
  });

  it('asks for the build settings with the same selection', () => {
    expect(showBuildSettingsArgs({ project: 'ModelRunner.xcodeproj', scheme: 'ModelRunner', destination: destinationFor('mac'), derivedDataPath: 'build', allowProvisioningUpdates: true })).toEqual([
      'xcrun',
      'xcodebuild',
      '-project',
      'ModelRunner.xcodeproj',
      '-scheme',
      'ModelRunner',
      '-configuration',
      'Debug',
      '-destination',
      'platform=macOS,arch=arm64',
      '-derivedDataPath',
      'build',
      '-showBuildSettings',
      '-json',
    ]);
  });

  it('needs exactly one of project and workspace, and a scheme', () => {
    const rest = { scheme: 'ModelRunner', destination: SIMULATOR, derivedDataPath: 'build' };
    const both = thrown(() => xcodebuildBuildArgs({ ...rest, project: 'A.xcodeproj', workspace: 'A.xcworkspace' }));
    expect(both.input).toBe('workspace');
    expect(both.message).toBe(
      "workspace: give either project ('A.xcodeproj') or workspace ('A.xcworkspace'), not both: keep workspace when the scheme lives in it (CocoaPods, several projects), otherwise project",
    );
    const neither = thrown(() => showBuildSettingsArgs({ ...rest, project: ' ' }));
    expect(neither).toEqual({ input: 'project', message: 'project: give project (the .xcodeproj) or workspace (the .xcworkspace) that builds the app with the model' });
    expect(thrown(() => xcodebuildBuildArgs({ ...rest, project: 'A.xcodeproj', scheme: '' }))).toMatchObject({ input: 'scheme', message: expect.stringContaining('xcrun xcodebuild -list') });
  });
});

interface Entry {
  action: string;
  buildSettings: Record<string, string>;
  target: string;
}

function simulatorEntries(): Entry[] {
  return JSON.parse(recorded('show-build-settings-simulator.json')) as Entry[];
}

/** A copy of the recorded app target under another name, with other settings. */
function appLike(target: string, settings: Record<string, string> = {}): Entry {
  const app = simulatorEntries().find((entry) => entry.target === 'ModelRunner')!;
  return { ...app, target, buildSettings: { ...app.buildSettings, TARGET_NAME: target, WRAPPER_NAME: `${target}.app`, PRODUCT_BUNDLE_IDENTIFIER: `com.example.${target}`, ...settings } };
}

const json = (entries: Entry[]): string => JSON.stringify(entries, null, 2);

describe('findBuiltApp', () => {
  it('finds the app of a simulator build among the targets the scheme builds', () => {
    expect(findBuiltApp(recorded('show-build-settings-simulator.json'), 'ModelRunner')).toEqual({
      appPath: `${PRODUCTS}/Debug-iphonesimulator/ModelRunner.app`,
      bundleId: 'com.example.ModelRunner',
      platform: 'iphonesimulator',
      target: 'ModelRunner',
    });
  });

  it('finds the app of a device build', () => {
    expect(findBuiltApp(recorded('show-build-settings-device.json'), 'ModelRunner')).toEqual({
      appPath: `${PRODUCTS}/Debug-iphoneos/ModelRunner.app`,
      bundleId: 'com.example.ModelRunner',
      platform: 'iphoneos',
      target: 'ModelRunner',
    });
  });

  it('finds a Mac app, and falls back on FULL_PRODUCT_NAME', () => {
    const mac = appLike('Runner', { PLATFORM_NAME: 'macosx', TARGET_BUILD_DIR: `${PRODUCTS}/Debug`, WRAPPER_NAME: '', FULL_PRODUCT_NAME: 'Runner.app' });
    expect(findBuiltApp(json([mac]), 'Runner')).toEqual({ appPath: `${PRODUCTS}/Debug/Runner.app`, bundleId: 'com.example.Runner', platform: 'macosx', target: 'Runner' });
  });

  it('reads the JSON after lines logged before it', () => {
    const noisy = `2025-01-14 09:12:03.512 xcodebuild[4242:1337] Requested but did not find extension point with identifier Xcode.IDEKit.ExtensionSentinelHostApplications\n${recorded('show-build-settings-simulator.json')}`;
    expect(findBuiltApp(noisy, 'ModelRunner').appPath).toBe(`${PRODUCTS}/Debug-iphonesimulator/ModelRunner.app`);
  });

  it('says what was printed when it is not JSON, and names the scheme and how to check it', () => {
    expect(thrown(() => findBuiltApp('', 'ModelRunner'))).toEqual({
      input: 'scheme',
      message: "scheme: xcodebuild -showBuildSettings -json printed no JSON (it printed: nothing); check that scheme 'ModelRunner' exists and is shared (xcrun xcodebuild -list shows the schemes CI can see)",
    });
    const broken = thrown(() => findBuiltApp('[\n  { "action" : "build", \n', 'ModelRunner'));
    expect(broken.input).toBe('scheme');
    expect(broken.message).toMatch(/^scheme: xcodebuild -showBuildSettings -json printed something that is not JSON \(.+\); check that scheme 'ModelRunner' exists and is shared/u);
  });

  it('names what the scheme builds when no target is an application', () => {
    const noApp = simulatorEntries().filter((entry) => entry.target !== 'ModelRunner');
    expect(thrown(() => findBuiltApp(json(noApp), 'ModelKit'))).toEqual({
      input: 'scheme',
      message: "scheme: scheme 'ModelKit' builds no application (it builds ModelKit (framework), ModelRunnerWidgets (app-extension)); give the scheme that builds the app that runs the model",
    });
  });

  it('does not take an App Clip or a watch app for the app', () => {
    const clip = appLike('ModelClip', { PRODUCT_TYPE: 'com.apple.product-type.application.on-demand-install-capable' });
    const watch = appLike('ModelWatch', { PRODUCT_TYPE: 'com.apple.product-type.application.watchapp2', PLATFORM_NAME: 'watchsimulator' });
    expect(findBuiltApp(json([clip, ...simulatorEntries(), watch]), 'Models').target).toBe('ModelRunner');
  });

  it('prefers the app named like the scheme among several, and otherwise names them all', () => {
    const entries = [appLike('Benchmark'), ...simulatorEntries()];
    expect(findBuiltApp(json(entries), 'ModelRunner').appPath).toBe(`${PRODUCTS}/Debug-iphonesimulator/ModelRunner.app`);
    expect(findBuiltApp(json(entries), 'Benchmark').bundleId).toBe('com.example.Benchmark');
    expect(thrown(() => findBuiltApp(json(entries), 'All'))).toEqual({
      input: 'scheme',
      message:
        "scheme: scheme 'All' builds several applications (Benchmark, ModelRunner) and none of them is named 'All'; give a scheme that builds only the app that runs the model, or the scheme named like its app target",
    });
  });

  it('refuses an app with no bundle identifier, or for another platform', () => {
    expect(thrown(() => findBuiltApp(json([appLike('Runner', { PRODUCT_BUNDLE_IDENTIFIER: '' })]), 'Runner')).message).toBe(
      "scheme: app target 'Runner' (scheme 'Runner') has no PRODUCT_BUNDLE_IDENTIFIER build setting; set its Bundle Identifier in Xcode (target > General > Identity), or give bundle-id",
    );
    expect(thrown(() => findBuiltApp(json([appLike('Runner', { PLATFORM_NAME: 'xrsimulator' })]), 'Runner')).message).toContain("builds for 'xrsimulator'");
  });
});

/** The diagnostics of build-failed.log, in the order they are expected. */
const LOOP = `${ROOT}/ModelRunner/PredictionLoop.swift`;
const OBJC = `${ROOT}/ModelRunner/ANEAvailability.m`;
const VIEW = `${ROOT}/ModelRunner/ContentView.swift`;
const FAILED_ERRORS = [
  { file: LOOP, line: 14, column: 24, severity: 'error', message: "cannot find type 'MLModelConfig' in scope" },
  { file: OBJC, line: 27, column: 12, severity: 'error', message: "use of undeclared identifier 'kWarmupPredictions'" },
  { file: VIEW, line: 22, column: 21, severity: 'error', message: "cannot find 'predictionCount' in scope" },
];
const FAILED_WARNINGS = [
  {
    file: `${ROOT}/ModelKit/ModelBenchmark.swift`,
    line: 41,
    column: 13,
    severity: 'warning',
    message: "initialization of immutable value 'started' was never used; consider replacing with assignment to '_' or removing it",
  },
  { file: OBJC, line: 12, column: 9, severity: 'warning', message: "unused variable 'attempts' [-Wunused-variable]" },
  { file: LOOP, line: 31, column: 13, severity: 'warning', message: "variable 'elapsed' was never mutated; consider changing to 'let' constant" },
];

describe('parseCompilerDiagnostics', () => {
  it('reads the Swift and clang errors, then the warnings, of a failed build', () => {
    expect(parseCompilerDiagnostics(recorded('build-failed.log'))).toEqual([...FAILED_ERRORS, ...FAILED_WARNINGS]);
  });

  it('reports once an error Xcode printed twice (emitting the module, then compiling the file)', () => {
    const log = recorded('build-failed.log');
    expect(log.split('\n').filter((line) => line.endsWith("PredictionLoop.swift:14:24: error: cannot find type 'MLModelConfig' in scope"))).toHaveLength(2);
    expect(parseCompilerDiagnostics(log).filter((diagnostic) => diagnostic.message.includes('MLModelConfig'))).toHaveLength(1);
  });

  it('keeps the first `limit` errors and the first `limit` warnings', () => {
    expect(parseCompilerDiagnostics(recorded('build-failed.log'), 1)).toEqual([FAILED_ERRORS[0], FAILED_WARNINGS[0]]);
  });

  it("reads xcodebuild's own error with the specifier that matched nothing", () => {
    expect(parseCompilerDiagnostics(recorded('destination-error.stderr.log'))).toEqual([
      { severity: 'error', message: `Unable to find a destination matching the provided destination specifier: { platform:iOS Simulator, id:${UDID} }` },
    ]);
  });

  it('reads project, tool and bare messages, and skips excerpts, notes and prose', () => {
    const log = [
      '/p/App.xcodeproj: error: Signing for "App" requires a development team. Select a development team in the Signing & Capabilities editor. (in target \'App\' from project \'App\')',
      'clang: error: linker command failed with exit code 1 (use -v to see invocation)',
      'ld: warning: ignoring duplicate libraries: \'-lc++\'',
      "<unknown>:0: error: no such file or directory: '/p/Gone.swift'",
      'error: Multiple commands produce \'/p/build/App.app/Info.plist\'',
      'fatal error: too many errors emitted, stopping now',
      '--- xcodebuild: WARNING: Using the first of multiple matching destinations:',
      '/p/Sources/Main.swift:3:1: error: cannot find \'x\' in scope\r',
      "1 | x = 1",
      "  | `- error: cannot find 'x' in scope",
      '/p/Sources/Main.swift:3:1: note: did you mean \'y\'?',
      '/p/Bridge.h:4: warning: a line without a column',
      '    /usr/bin/clang -c /p/a.m -o /p/a.o: error: not a diagnostic, an indented command',
      'Command SwiftCompile failed with a nonzero exit code',
      'The build failed because of this: error: prose',
      '',
    ].join('\n');
    expect(parseCompilerDiagnostics(log)).toEqual([
      { file: '/p/App.xcodeproj', severity: 'error', message: 'Signing for "App" requires a development team. Select a development team in the Signing & Capabilities editor. (in target \'App\' from project \'App\')' },
      { severity: 'error', message: 'clang: linker command failed with exit code 1 (use -v to see invocation)' },
      { severity: 'error', message: "no such file or directory: '/p/Gone.swift'" },
      { severity: 'error', message: "Multiple commands produce '/p/build/App.app/Info.plist'" },
      { severity: 'error', message: 'too many errors emitted, stopping now' },
      { file: '/p/Sources/Main.swift', line: 3, column: 1, severity: 'error', message: "cannot find 'x' in scope" },
      { severity: 'warning', message: "ld: ignoring duplicate libraries: '-lc++'" },
      { severity: 'warning', message: 'Using the first of multiple matching destinations:' },
      { file: '/p/Bridge.h', line: 4, severity: 'warning', message: 'a line without a column' },
    ]);
  });

  it('finds nothing in a log without diagnostics', () => {
    expect(parseCompilerDiagnostics('** BUILD SUCCEEDED **\n')).toEqual([]);
  });
});

/** A world that replays a recorded run and writes down, in order, everything done to it. */
function fakeWorld(result: ExecResult | Error): { world: XcodebuildWorld; events: string[]; annotations: { message: string; properties?: AnnotationProperties }[] } {
  const events: string[] = [];
  const annotations: { message: string; properties?: AnnotationProperties }[] = [];
  const world: XcodebuildWorld = {
    exec: async (argv) => {
      events.push(`exec ${argv.join(' ')}`);
      if (result instanceof Error) throw result;
      return result;
    },
    log: {
      startGroup: (name) => events.push(`startGroup ${name}`),
      endGroup: () => events.push('endGroup'),
      error: (message, properties) => {
        events.push('error');
        annotations.push({ message, ...(properties ? { properties } : {}) });
      },
      warning: (message) => events.push(`warning ${message}`),
      info: (message) => events.push(`info ${message}`),
    },
  };
  return { world, events, annotations };
}

const BUILD = xcodebuildBuildArgs({ project: 'ModelRunner.xcodeproj', scheme: 'ModelRunner', destination: SIMULATOR, derivedDataPath: 'build' });
const TITLE = `xcrun xcodebuild -project ModelRunner.xcodeproj -scheme ModelRunner -configuration Debug -destination 'platform=iOS Simulator,id=${UDID}' -derivedDataPath build -hideShellScriptEnvironment build`;

describe('runXcodebuild', () => {
  it('folds a failing build into a group, annotates its first errors and throws naming the scheme', async () => {
    const { world, events, annotations } = fakeWorld({ code: 65, stdout: recorded('build-failed.log'), stderr: '' });
    const failure = await runXcodebuild(BUILD, { scheme: 'ModelRunner', world, relativeTo: ROOT }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(XcodebuildError);
    expect((failure as XcodebuildError).message).toBe(
      `xcodebuild could not build scheme 'ModelRunner' (exit status 65): ModelRunner/PredictionLoop.swift:14:24: cannot find type 'MLModelConfig' in scope (3 errors in all, the first 3 annotated); the whole output is in the log group '${TITLE}'`,
    );
    expect((failure as XcodebuildError).code).toBe(65);
    expect((failure as XcodebuildError).diagnostics).toEqual([...FAILED_ERRORS, ...FAILED_WARNINGS]);
    // The group is closed before the annotations, so that they are not folded away with the log.
    expect(events).toEqual([`startGroup ${TITLE}`, `exec ${BUILD.join(' ')}`, 'endGroup', 'error', 'error', 'error']);
    expect(annotations).toEqual([
      { message: "cannot find type 'MLModelConfig' in scope", properties: { title: 'xcodebuild', file: 'ModelRunner/PredictionLoop.swift', startLine: 14, startColumn: 24 } },
      { message: "use of undeclared identifier 'kWarmupPredictions'", properties: { title: 'xcodebuild', file: 'ModelRunner/ANEAvailability.m', startLine: 27, startColumn: 12 } },
      { message: "cannot find 'predictionCount' in scope", properties: { title: 'xcodebuild', file: 'ModelRunner/ContentView.swift', startLine: 22, startColumn: 21 } },
    ]);
  });

  it('annotates no more errors than asked, and says how many there were', async () => {
    const { world, annotations } = fakeWorld({ code: 65, stdout: recorded('build-failed.log'), stderr: '' });
    await expect(runXcodebuild(BUILD, { scheme: 'ModelRunner', world, annotations: 1 })).rejects.toThrow(
      `exit status 65): ${LOOP}:14:24: cannot find type 'MLModelConfig' in scope (3 errors in all, the first 1 annotated)`,
    );
    expect(annotations.map((annotation) => annotation.properties?.file)).toEqual([LOOP]);
  });

  it("annotates xcodebuild's own error, which has no file", async () => {
    const { world, annotations } = fakeWorld({ code: 70, stdout: '', stderr: recorded('destination-error.stderr.log') });
    await expect(runXcodebuild(BUILD, { scheme: 'ModelRunner', world, relativeTo: ROOT })).rejects.toThrow(
      `xcodebuild could not build scheme 'ModelRunner' (exit status 70): Unable to find a destination matching the provided destination specifier: { platform:iOS Simulator, id:${UDID} }; the whole`,
    );
    expect(annotations).toEqual([
      { message: `Unable to find a destination matching the provided destination specifier: { platform:iOS Simulator, id:${UDID} }`, properties: { title: 'xcodebuild' } },
    ]);
  });

  it('says so when the build failed without a diagnostic it could read', async () => {
    const { world, annotations } = fakeWorld({ code: 65, stdout: '** BUILD FAILED **\n', stderr: '' });
    await expect(runXcodebuild(BUILD, { scheme: 'ModelRunner', world })).rejects.toThrow(`xcodebuild could not build scheme 'ModelRunner' (exit status 65); the whole output is in the log group '${TITLE}'`);
    expect(annotations).toEqual([]);
  });

  it('returns a passing build with its warnings, and annotates nothing', async () => {
    const stdout = recorded('build-succeeded.log');
    const { world, events, annotations } = fakeWorld({ code: 0, stdout, stderr: '' });
    const run = await runXcodebuild(BUILD, { scheme: 'ModelRunner', world, relativeTo: ROOT });
    expect(run).toEqual({ code: 0, stdout, stderr: '', diagnostics: [FAILED_WARNINGS[0]] });
    expect(events).toEqual([`startGroup ${TITLE}`, `exec ${BUILD.join(' ')}`, 'endGroup']);
    expect(annotations).toEqual([]);
  });

  it('closes the group and says what is missing when xcodebuild cannot start', async () => {
    const { world, events } = fakeWorld(new Error('Unable to locate executable file: xcrun.'));
    await expect(runXcodebuild(BUILD, { scheme: 'ModelRunner', world })).rejects.toThrow(
      `${TITLE} could not start: Unable to locate executable file: xcrun.; building needs macOS with Xcode (xcode-select -p shows which one)`,
    );
    expect(events.at(-1)).toBe('endGroup');
  });

  it('ends a build that runs past its time limit, with the processes it started', async () => {
    const child = `stuck-child-${uniqueTag()}`;
    const script = `require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '${child}'], { stdio: 'ignore' }); setInterval(() => {}, 1000)`;
    const result = await execStreaming([process.execPath, '-e', script], 500);
    expect(result.code).toBe(124);
    expect(result.stderr).toContain('error: ended after 0 minutes without finishing');
    expect(await processesGone(child)).toEqual([]);
  });

  it('runs a real process, with its status, output and unbuffered I/O', async () => {
    const script = "process.stdout.write('out:' + process.env.NSUnbufferedIO); process.stderr.write('err'); process.exit(3)";
    await expect(actionsWorld.exec([process.execPath, '-e', script])).resolves.toEqual({ code: 3, stdout: 'out:YES', stderr: 'err' });
  });
});

describe('displayCommand', () => {
  it('quotes what a shell would split or expand', () => {
    expect(displayCommand(['xcrun', 'xcodebuild', '-scheme', "Bob's App", '-destination', 'platform=iOS,id=1', '$HOME'])).toBe(
      "xcrun xcodebuild -scheme 'Bob'\\''s App' -destination platform=iOS,id=1 '$HOME'",
    );
  });
});
