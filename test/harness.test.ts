import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { InputError } from '../src/errors.js';
import {
  COMPUTE_UNITS,
  deviceApplicationIdentifier,
  HARNESS_ARMED,
  IOS_MINIMUM_OS,
  MAC_MINIMUM_OS,
  harnessRunArguments,
  iosBundledModelPath,
  iosHarnessAppPath,
  iosHarnessBuildCommands,
  macHarnessBuildCommands,
  macHarnessPath,
  parseComputeUnits,
  type IosHarnessBuild,
} from '../src/targets/harness.js';
import { buildLldbScript } from '../src/probe/lldb-script.js';
import { ROOT } from './support/paths.js';
import { checkAvailability, type ApiAvailability } from './support/swift-availability.js';

const src = '/repo/harness';
const out = '/tmp/ane build';
const app = '/tmp/ane build/AneCheckHarness.app';
const entitlements = '/repo/harness/entitlements/get-task-allow.plist';

function thrown(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('parseComputeUnits', () => {
  it.each(COMPUTE_UNITS)('accepts %s', (units) => {
    expect(parseComputeUnits(units)).toBe(units);
  });

  it('trims the value', () => {
    expect(parseComputeUnits(' cpuOnly ')).toBe('cpuOnly');
  });

  it.each(['', 'ane', 'ALL', 'cpuandneuralengine', 'cpu-only'])('refuses %j, naming the input and the values', (text) => {
    const error = thrown(() => parseComputeUnits(text));
    expect(error.input).toBe('compute-units');
    expect(error.message).toBe(
      `compute-units: '${text}' is not a compute-units value; use all, cpuAndNeuralEngine, cpuAndGPU, cpuOnly`,
    );
  });
});

describe('macHarnessBuildCommands', () => {
  it('compiles for Apple Silicon and signs ad hoc with get-task-allow', () => {
    expect(macHarnessBuildCommands({ sourceDir: src, outDir: out })).toEqual([
      ['mkdir', '-p', '/tmp/ane build'],
      [
        'xcrun', '--sdk', 'macosx', 'swiftc', '-O', '-swift-version', '5', '-module-name', 'AneCheckHarness',
        '-target', 'arm64-apple-macos13.0', '-o', '/tmp/ane build/ane-check-harness',
        '/repo/harness/Sources/Harness.swift', '/repo/harness/macOS/main.swift',
      ],
      ['codesign', '--force', '--sign', '-', '--entitlements', entitlements, '/tmp/ane build/ane-check-harness'],
    ]);
    expect(macHarnessPath(out)).toBe('/tmp/ane build/ane-check-harness');
  });

  it('takes an Intel architecture', () => {
    expect(macHarnessBuildCommands({ sourceDir: src, outDir: 'out', arch: 'x86_64' })[1]).toEqual([
      'xcrun', '--sdk', 'macosx', 'swiftc', '-O', '-swift-version', '5', '-module-name', 'AneCheckHarness',
      '-target', 'x86_64-apple-macos13.0', '-o', 'out/ane-check-harness',
      '/repo/harness/Sources/Harness.swift', '/repo/harness/macOS/main.swift',
    ]);
  });

  it('refuses an unknown architecture', () => {
    expect(() => macHarnessBuildCommands({ sourceDir: src, outDir: out, arch: 'armv7' })).toThrow(
      "harness: architecture 'armv7' is not one of arm64, x86_64",
    );
  });
});

describe('iosHarnessBuildCommands', () => {
  const simulator: IosHarnessBuild = {
    sourceDir: src,
    outDir: out,
    platform: 'simulator',
    model: '/work/Models/MobileNetV2.mlpackage',
    bundleId: 'dev.ane-check.harness',
  };

  it('builds, fills Info.plist, bundles the model and signs ad hoc for the Simulator', () => {
    expect(iosHarnessBuildCommands(simulator)).toEqual([
      ['rm', '-rf', app],
      ['mkdir', '-p', app],
      [
        'xcrun', '--sdk', 'iphonesimulator', 'swiftc', '-O', '-swift-version', '5', '-module-name', 'AneCheckHarness',
        '-target', 'arm64-apple-ios17.0-simulator', '-o', `${app}/AneCheckHarness`, '-parse-as-library',
        '/repo/harness/Sources/Harness.swift', '/repo/harness/iOS/App.swift',
      ],
      ['cp', '/repo/harness/iOS/Info.plist', `${app}/Info.plist`],
      ['plutil', '-replace', 'CFBundleIdentifier', '-string', 'dev.ane-check.harness', `${app}/Info.plist`],
      ['plutil', '-replace', 'MinimumOSVersion', '-string', '17.0', `${app}/Info.plist`],
      ['plutil', '-replace', 'CFBundleSupportedPlatforms', '-json', '["iPhoneSimulator"]', `${app}/Info.plist`],
      ['ditto', '/work/Models/MobileNetV2.mlpackage', `${app}/Models/MobileNetV2.mlpackage`],
      ['codesign', '--force', '--sign', '-', '--entitlements', entitlements, app],
      ['codesign', '--verify', '--strict', app],
    ]);
    expect(iosHarnessAppPath(out)).toBe(app);
  });

  it('takes an architecture and a deployment target for the Simulator', () => {
    const commands = iosHarnessBuildCommands({ ...simulator, arch: 'x86_64', minimumOS: '18.2' });
    expect(commands[2]).toEqual([
      'xcrun', '--sdk', 'iphonesimulator', 'swiftc', '-O', '-swift-version', '5', '-module-name', 'AneCheckHarness',
      '-target', 'x86_64-apple-ios18.2-simulator', '-o', `${app}/AneCheckHarness`, '-parse-as-library',
      '/repo/harness/Sources/Harness.swift', '/repo/harness/iOS/App.swift',
    ]);
    expect(commands[5]).toEqual(['plutil', '-replace', 'MinimumOSVersion', '-string', '18.2', `${app}/Info.plist`]);
  });

  const device: IosHarnessBuild = {
    sourceDir: src,
    outDir: out,
    platform: 'device',
    model: 'models/Classifier.mlmodel',
    bundleId: 'com.example.ane',
    signingIdentity: 'Apple Development: Jane Doe (ABCDE12345)',
    provisioningProfile: '/secrets/dev.mobileprovision',
    applicationIdentifier: 'TEAM123456.com.example.ane',
  };

  it('builds for a device and signs with the identity, the profile and its entitlements plus get-task-allow', () => {
    expect(iosHarnessBuildCommands(device)).toEqual([
      ['rm', '-rf', app],
      ['mkdir', '-p', app],
      [
        'xcrun', '--sdk', 'iphoneos', 'swiftc', '-O', '-swift-version', '5', '-module-name', 'AneCheckHarness',
        '-target', 'arm64-apple-ios17.0', '-o', `${app}/AneCheckHarness`, '-parse-as-library',
        '/repo/harness/Sources/Harness.swift', '/repo/harness/iOS/App.swift',
      ],
      ['cp', '/repo/harness/iOS/Info.plist', `${app}/Info.plist`],
      ['plutil', '-replace', 'CFBundleIdentifier', '-string', 'com.example.ane', `${app}/Info.plist`],
      ['plutil', '-replace', 'MinimumOSVersion', '-string', '17.0', `${app}/Info.plist`],
      ['plutil', '-replace', 'CFBundleSupportedPlatforms', '-json', '["iPhoneOS"]', `${app}/Info.plist`],
      ['ditto', 'models/Classifier.mlmodel', `${app}/Models/Classifier.mlmodel`],
      ['security', 'cms', '-D', '-i', '/secrets/dev.mobileprovision', '-o', '/tmp/ane build/provisioning-profile.plist'],
      [
        'plutil', '-extract', 'Entitlements', 'xml1', '-o', '/tmp/ane build/entitlements.plist',
        '/tmp/ane build/provisioning-profile.plist',
      ],
      [
        'plutil', '-replace', 'application-identifier', '-string', 'TEAM123456.com.example.ane',
        '/tmp/ane build/entitlements.plist',
      ],
      ['plutil', '-replace', 'get-task-allow', '-bool', 'YES', '/tmp/ane build/entitlements.plist'],
      ['cp', '/secrets/dev.mobileprovision', `${app}/embedded.mobileprovision`],
      [
        'codesign', '--force', '--sign', 'Apple Development: Jane Doe (ABCDE12345)',
        '--entitlements', '/tmp/ane build/entitlements.plist', '--timestamp=none', app,
      ],
      ['codesign', '--verify', '--strict', app],
    ]);
  });

  it.each([
    [{ signingIdentity: undefined }, 'signing-identity'],
    [{ signingIdentity: '  ' }, 'signing-identity'],
    [{ provisioningProfile: undefined }, 'provisioning-profile'],
    [{ provisioningProfile: '' }, 'provisioning-profile'],
    [{ applicationIdentifier: undefined }, 'provisioning-profile'],
  ])('refuses a device build without signing material (%j), naming %s', (missing, input) => {
    const error = thrown(() => iosHarnessBuildCommands({ ...device, ...missing }));
    expect(error.input).toBe(input);
  });

  it('says what to give for a device build without an identity or a profile', () => {
    expect(() => iosHarnessBuildCommands({ ...device, signingIdentity: undefined })).toThrow(
      'signing-identity: a device build must be signed: give the codesign identity of your development certificate',
    );
    expect(() => iosHarnessBuildCommands({ ...device, provisioningProfile: undefined })).toThrow(
      'provisioning-profile: a device build needs an iOS App Development provisioning profile (.mobileprovision)',
    );
  });

  it('needs no signing material for the Simulator', () => {
    expect(() => iosHarnessBuildCommands({ ...simulator, signingIdentity: undefined })).not.toThrow();
  });

  it('refuses an Intel device build, a bad deployment target, a bad bundle identifier and a file that is not a model', () => {
    expect(() => iosHarnessBuildCommands({ ...device, arch: 'x86_64' })).toThrow(
      "harness: architecture 'x86_64' is not one of arm64",
    );
    expect(() => iosHarnessBuildCommands({ ...simulator, minimumOS: '17; rm' })).toThrow(
      "harness: '17; rm' is not an OS version such as 17.0",
    );
    expect(thrown(() => iosHarnessBuildCommands({ ...simulator, bundleId: 'my app' })).input).toBe('bundle-id');
    expect(thrown(() => iosHarnessBuildCommands({ ...simulator, model: '/work/model.onnx' })).message).toBe(
      "model: '/work/model.onnx' is not a Core ML model; give a .mlpackage, .mlmodel or .mlmodelc",
    );
  });
});

describe('iosBundledModelPath', () => {
  it.each([
    ['/work/Models/MobileNetV2.mlpackage', 'Models/MobileNetV2.mlpackage'],
    ['/work/Models/MobileNetV2.mlpackage/', 'Models/MobileNetV2.mlpackage'],
    ['Classifier.mlmodel', 'Models/Classifier.mlmodel'],
    ['build/Detector.mlmodelc', 'Models/Detector.mlmodelc'],
  ])('puts %s at %s in the app', (model, inApp) => {
    expect(iosBundledModelPath(model)).toBe(inApp);
  });
});

describe('harnessRunArguments', () => {
  it('passes every option', () => {
    expect(
      harnessRunArguments({ model: '/work/My Model.mlpackage', computeUnits: 'cpuAndNeuralEngine', warmup: 2, predictions: 20, idle: false }),
    ).toEqual(['--model', '/work/My Model.mlpackage', '--compute-units', 'cpuAndNeuralEngine', '--warmup', '2', '--predictions', '20']);
  });

  it('asks for timed predictions before the counted ones', () => {
    expect(harnessRunArguments({ model: '/m.mlmodelc', computeUnits: 'all', warmup: 1, predictions: 11, idle: false, timed: 10 })).toEqual([
      '--model', '/m.mlmodelc', '--compute-units', 'all', '--warmup', '1', '--predictions', '11', '--timed', '10',
    ]);
  });

  it('adds --idle, and takes a model inside the app', () => {
    expect(
      harnessRunArguments({ model: iosBundledModelPath('/m/Net.mlmodelc'), computeUnits: 'all', warmup: 0, predictions: 1, idle: true }),
    ).toEqual(['--model', 'Models/Net.mlmodelc', '--compute-units', 'all', '--warmup', '0', '--predictions', '1', '--idle']);
  });

  it.each([
    [{ warmup: -1 }, "warmup: '-1' is not a whole number of 0 or more"],
    [{ warmup: 1.5 }, "warmup: '1.5' is not a whole number of 0 or more"],
    [{ predictions: 0 }, "predictions: '0' is not a whole number of 1 or more"],
    [{ predictions: Number.NaN }, "predictions: 'NaN' is not a whole number of 1 or more"],
    [{ model: 'weights.bin' }, "model: 'weights.bin' is not a Core ML model; give a .mlpackage, .mlmodel or .mlmodelc"],
    [{ model: '.mlpackage' }, "model: '.mlpackage' is not a Core ML model; give a .mlpackage, .mlmodel or .mlmodelc"],
  ])('refuses %j', (bad, message) => {
    const run = { model: 'a.mlpackage', computeUnits: 'all' as const, warmup: 1, predictions: 10, idle: false, ...bad };
    expect(() => harnessRunArguments(run)).toThrow(message);
  });
});

describe('deviceApplicationIdentifier', () => {
  // What `security cms -D` prints, surrounded by the CMS envelope's bytes as a latin1 read leaves them.
  function profile(appId: string, getTaskAllow = '<true/>'): string {
    return `0\x82\x1f\xa3\x06\t*\x86H\x86\xf7<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
  <key>AppIDName</key><string>ane</string>
  <key>Entitlements</key>
  <dict>
    <key>application-identifier</key>
    <string>${appId}</string>
    <key>keychain-access-groups</key><array><string>TEAM123456.*</string></array>
    <key>get-task-allow</key>
    ${getTaskAllow}
    <key>com.apple.developer.team-identifier</key><string>TEAM123456</string>
  </dict>
  <key>TeamIdentifier</key><array><string>TEAM123456</string></array>
</dict></plist>\xa0\x82\r`;
  }

  it.each([
    ['TEAM123456.com.example.ane', 'com.example.ane'],
    ['TEAM123456.*', 'dev.ane-check.harness'],
    ['TEAM123456.com.example.*', 'com.example.ane'],
  ])('names the app for the profile app ID %s and bundle %s', (appId, bundleId) => {
    expect(deviceApplicationIdentifier(profile(appId), bundleId)).toBe(`TEAM123456.${bundleId}`);
  });

  it('refuses a profile for another app', () => {
    expect(() => deviceApplicationIdentifier(profile('TEAM123456.com.example.other'), 'com.example.ane')).toThrow(
      'provisioning-profile: is for the app ID TEAM123456.com.example.other, which does not cover the bundle identifier com.example.ane',
    );
    expect(() => deviceApplicationIdentifier(profile('TEAM123456.org.other.*'), 'com.example.ane')).toThrow(
      'does not cover the bundle identifier com.example.ane',
    );
  });

  it('refuses a distribution profile, which does not allow debugging', () => {
    expect(() => deviceApplicationIdentifier(profile('TEAM123456.*', '<false/>'), 'com.example.ane')).toThrow(
      'provisioning-profile: does not allow debugging (get-task-allow is not true)',
    );
  });

  it('refuses a file that is not a provisioning profile', () => {
    const error = thrown(() => deviceApplicationIdentifier('not a profile', 'com.example.ane'));
    expect(error.input).toBe('provisioning-profile');
    expect(error.message).toContain('has no application-identifier entitlement');
  });
});

describe('the Swift sources (not compiled here: read as text)', () => {
  const harness = readFileSync(path.join(ROOT, 'harness', 'Sources', 'Harness.swift'), 'utf8');

  it('compiles a model with the async MLModel.compileModel(at:), never the deprecated synchronous one', () => {
    const calls = (harness.match(/[^\n]*MLModel\.compileModel\(at:[^\n]*/gu) ?? []).filter((line) => !line.trim().startsWith('//'));
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call).toMatch(/try await MLModel\.compileModel\(at: /u);
    expect(harness).toContain('https://developer.apple.com/documentation/coreml/mlmodel/compilemodel(at:)-45ao6');
  });

  it('prints the evidence lines and times its predictions before it arms the probes', () => {
    const measure = harness.slice(harness.indexOf('static func measure('), harness.indexOf('/// A relative path starts from baseDirectory'));
    const order = ['Evidence.printComputeDevices()', 'Evidence.printPlan(', 'Evidence.printLatency(options.computeUnitsName', 'Evidence.printLatency("cpuOnly"', 'aneCheckArmed()', 'for number in 1...total'];
    const positions = order.map((text) => measure.indexOf(text));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(harness).toContain('try await MLComputePlan.load(contentsOf: compiled, configuration: configuration)');
    expect(harness).toMatch(/emit\("latency", \["computeUnits": unitsName, "ms": ms\]\)/u);
  });

  it('gives the arming function itself the symbol that the LLDB script breaks on, and keeps it under -O', () => {
    // The function that measure() calls between the timed and the counted predictions.
    const measure = harness.slice(harness.indexOf('static func measure('), harness.indexOf('/// A relative path starts from baseDirectory'));
    const called = /^\s*(\w+)\(\)\s*$/mu.exec(measure.slice(measure.indexOf('Evidence.printLatency("cpuOnly"'), measure.indexOf('for number in 1...total')))?.[1];
    expect(called).toBe('aneCheckArmed');
    const declaration = new RegExp(`((?:^@[^\\n]*\\n)+)public func ${called}\\(\\) \\{\\n([^}]*)\\}`, 'mu').exec(harness);
    expect(declaration).not.toBeNull();
    const attributes = declaration![1]!.trim().split('\n');
    // @_silgen_name names the Swift function's own symbol; @_cdecl would only add a C thunk that Swift's call passes by.
    expect(attributes).toEqual([`@_silgen_name("${HARNESS_ARMED}")`, '@_optimize(none)', '@inline(never)']);
    // A body with a side effect, which the optimizer cannot remove with the call.
    expect(declaration![2]!.trim()).toMatch(/^Harness\.writeErr\(/u);
    const script = buildLldbScript([{ role: 'prediction', symbol: 'p' }], { warmup: 1, predictions: 1 }, { setup: [], start: ['process launch'] }, 'auto-continue', { armAt: HARNESS_ARMED });
    expect(script.setup).toContain(`breakpoint set -n "${HARNESS_ARMED}" -G true -N ane_check_arm`);
  });

  // When each Core ML API the harness uses appeared, from Apple's documentation, and the SDK that declares it.
  const coreMl: ApiAvailability[] = [
    { name: 'MLComputeDevice', since: { macOS: '14.0', iOS: '17.0' }, source: 'https://developer.apple.com/documentation/coreml/mlcomputedevice' },
    { name: 'availableComputeDevices', since: { macOS: '14.0', iOS: '17.0' }, source: 'https://developer.apple.com/documentation/coreml/mlmodel/availablecomputedevices' },
    { name: 'MLComputePlan', since: { macOS: '14.4', iOS: '17.4' }, sdkCompiler: '5.10', source: 'https://developer.apple.com/documentation/coreml/mlcomputeplan' },
    { name: 'MLModelStructure', since: { macOS: '14.4', iOS: '17.4' }, sdkCompiler: '5.10', source: 'https://developer.apple.com/documentation/coreml/mlmodelstructure' },
    { name: 'makeState', since: { macOS: '15.0', iOS: '18.0' }, sdkCompiler: '6.0', source: 'https://developer.apple.com/documentation/coreml/mlmodel/makestate()' },
    { name: 'stateDescriptionsByName', since: { macOS: '15.0', iOS: '18.0' }, sdkCompiler: '6.0', source: 'https://developer.apple.com/documentation/coreml/mlmodeldescription/statedescriptionsbyname' },
    { name: 'compileModel', since: { macOS: '13.0', iOS: '16.0' }, source: 'https://developer.apple.com/documentation/coreml/mlmodel/compilemodel(at:)-45ao6' },
    { name: 'cpuAndNeuralEngine', since: { macOS: '13.0', iOS: '16.0' }, source: 'https://developer.apple.com/documentation/coreml/mlcomputeunits/cpuandneuralengine' },
  ];
  const read = (...parts: string[]) => readFileSync(path.join(ROOT, 'harness', ...parts), 'utf8');

  it('uses no Core ML API newer than its deployment target outside an availability context, nor one of a newer SDK outside #if compiler', () => {
    for (const api of ['MLComputeDevice', 'MLComputePlan', 'MLModelStructure', 'makeState', 'availableComputeDevices']) expect(harness).toContain(api);
    expect(checkAvailability(harness + read('macOS', 'main.swift'), coreMl, { macOS: MAC_MINIMUM_OS })).toEqual([]);
    expect(checkAvailability(harness + read('iOS', 'App.swift'), coreMl, { iOS: IOS_MINIMUM_OS })).toEqual([]);
  });
});
