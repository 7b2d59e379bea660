import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';


import type { RunTool } from '../src/targets/apple-tools.js';
import { chooseDevice, devicectl, isUsable, launchOnDevice, NO_DEVICE_COMMAND, NO_DEVICE_COMMAND_ADVICE, parseDevices, parseLaunchedProcess, whyUnusable } from '../src/targets/device.js';
import { chooseSimulator, launchOnSimulator, parseLaunchedPid, parseSimulators, simctl } from '../src/targets/simulator.js';
import { tempFolder } from './support/temp.js';

const simctlList = JSON.stringify({
  devices: {
    'com.apple.CoreSimulator.SimRuntime.watchOS-10-5': [{ udid: 'WWW', name: 'Apple Watch Series 9 (45mm)', state: 'Booted', isAvailable: true }],
    'com.apple.CoreSimulator.SimRuntime.xrOS-1-2': [{ udid: 'VVV', name: 'Apple Vision Pro', state: 'Booted', isAvailable: true }],
    'com.apple.CoreSimulator.SimRuntime.iOS-17-5': [
      { udid: 'AAA', name: 'iPhone 15', state: 'Shutdown', isAvailable: true },
      { udid: 'BBB', name: 'iPad Air', state: 'Booted', isAvailable: true },
    ],
    'com.apple.CoreSimulator.SimRuntime.iOS-18-1': [
      { udid: 'CCC', name: 'iPhone 15', state: 'Booted', isAvailable: true },
      { udid: 'DDD', name: 'Gone', state: 'Shutdown', isAvailable: false },
    ],
  },
});

describe('simulators', () => {
  const simulators = parseSimulators(simctlList);

  it('reads simctl list with the runtime and platform of each device, leaving out unavailable ones', () => {
    expect(simulators.map((s) => [s.udid, s.runtime, s.platform])).toEqual([
      ['WWW', 'watchOS 10.5', 'watchOS'],
      ['VVV', 'xrOS 1.2', 'xrOS'],
      ['AAA', 'iOS 17.5', 'iOS'],
      ['BBB', 'iOS 17.5', 'iOS'],
      ['CCC', 'iOS 18.1', 'iOS'],
    ]);
    expect(parseSimulators(JSON.stringify({ devices: { 'some.other.runtime': [{ udid: 'X', name: 'X', state: 'Booted' }] } }))[0]).toMatchObject({ runtime: 'some.other.runtime', platform: 'unknown' });
  });

  it('chooses by UDID, by name (a booted one first), or the first booted', () => {
    expect(chooseSimulator(simulators, 'aaa').udid).toBe('AAA');
    expect(chooseSimulator(simulators, 'iPhone 15').udid).toBe('CCC');
    expect(chooseSimulator(simulators, undefined).udid).toBe('BBB');
    expect(() => chooseSimulator(simulators.filter((s) => s.state !== 'Booted' || s.platform !== 'iOS'), undefined)).toThrow(
      "device: no iOS simulator is booted; give device (an iPhone or iPad simulator's name or UDID) and ane-check boots it",
    );
  });

  it('passes over booted watch and Vision Pro simulators, and refuses one given by name or UDID', () => {
    // The watch and the Vision Pro are booted and listed first; the first booted iOS simulator is chosen.
    expect(chooseSimulator(simulators, undefined).platform).toBe('iOS');
    expect(() => chooseSimulator(simulators, 'Apple Watch Series 9 (45mm)')).toThrow(
      "device: 'Apple Watch Series 9 (45mm)' is a watchOS 10.5 simulator; ane-check runs an iOS app: give an iPhone or iPad simulator (xcrun simctl list devices available)",
    );
    expect(() => chooseSimulator(simulators, 'vvv')).toThrow("device: 'vvv' is a xrOS 1.2 simulator");
  });

  it('reads the pid that simctl launch prints', () => {
    expect(parseLaunchedPid('com.example.app: 4242\n', 'com.example.app')).toBe(4242);
    expect(() => parseLaunchedPid('An error was encountered', 'com.example.app')).toThrow("simctl launch did not print the app's process id");
  });

  it('builds the simctl command lines', () => {
    expect(simctl.launch('AAA', 'com.example.app', ['--model', 'm.mlmodelc'], '/work/out.txt', '/work/my err.txt')).toEqual([
      'xcrun', 'simctl', 'launch', '--wait-for-debugger', '--terminate-running-process', '--stdout=/work/out.txt', '--stderr=/work/my err.txt',
      'AAA', 'com.example.app', '--model', 'm.mlmodelc',
    ]);
    expect(simctl.bootStatus('AAA')).toEqual(['xcrun', 'simctl', 'bootstatus', 'AAA', '-b']);
  });

  it('launches the app with its standard output and error in files of the work folder, and reports them', async () => {
    const ran: string[][] = [];
    const run: RunTool = async (argv) => {
      ran.push([...argv]);
      return { stdout: argv.includes('launch') ? 'com.example.app: 4242\n' : '', stderr: '' };
    };
    const bbb = simulators.find((s) => s.udid === 'BBB')!;
    const launched = await launchOnSimulator(run, { path: '/apps/Runner.app', bundleId: 'com.example.app', args: ['--idle'] }, bbb, '/tmp/ane-work');
    expect(ran[1]).toEqual(simctl.launch('BBB', 'com.example.app', ['--idle'], '/tmp/ane-work/target-stdout.txt', '/tmp/ane-work/target-stderr.txt'));
    expect(launched).toMatchObject({ pid: 4242, stdoutPath: '/tmp/ane-work/target-stdout.txt', stderrPath: '/tmp/ane-work/target-stderr.txt', os: 'iOS 17.5' });
    expect(launched.commands.start).toEqual(['process attach --pid 4242', 'process continue']);
  });

  it('takes the app\'s output from its data container where the app wrote it there, and keeps --stdout= and --stderr= otherwise', async () => {
    const workDir = tempFolder('simulator-output');
    const container = path.join(workDir, 'container');
    mkdirSync(path.join(container, 'Documents'), { recursive: true });
    const ran: string[][] = [];
    const run: RunTool = async (argv) => {
      ran.push([...argv]);
      if (argv.includes('get_app_container')) return { stdout: `${container}\n`, stderr: '' };
      return { stdout: argv.includes('launch') ? 'com.example.app: 4242\n' : '', stderr: '' };
    };
    const bbb = simulators.find((s) => s.udid === 'BBB')!;
    const launched = await launchOnSimulator(run, { path: '/apps/Runner.app', bundleId: 'com.example.app', args: [] }, bbb, workDir);
    // simctl caught nothing of the standard output, and some of the error output; the app wrote its evidence file only.
    writeFileSync(launched.stdoutPath!, '');
    writeFileSync(launched.stderrPath!, 'from --stderr\n');
    writeFileSync(path.join(container, 'Documents', 'ane-check-evidence.txt'), 'ane-check:compute-devices {"devices":["cpu"]}\n');
    writeFileSync(path.join(container, 'Documents', 'ane-check-stderr.txt'), '  \n');
    await launched.collectOutput!();
    expect(ran.at(-1)).toEqual(['xcrun', 'simctl', 'get_app_container', 'BBB', 'com.example.app', 'data']);
    expect(readFileSync(launched.stdoutPath!, 'utf8')).toBe('ane-check:compute-devices {"devices":["cpu"]}\n');
    expect(readFileSync(launched.stderrPath!, 'utf8')).toBe('from --stderr\n');
    // The app's error file, once it has something in it, is the one quoted.
    writeFileSync(path.join(container, 'Documents', 'ane-check-stderr.txt'), 'ane-check-harness: error: no model\n');
    await launched.collectOutput!();
    expect(readFileSync(launched.stderrPath!, 'utf8')).toBe('ane-check-harness: error: no model\n');
  });

  it('keeps what --stdout= caught when simctl finds no data container', async () => {
    const workDir = tempFolder('simulator-no-container');
    const run: RunTool = async (argv) => {
      if (argv.includes('get_app_container')) throw new Error('xcrun simctl get_app_container failed: No such file or directory');
      return { stdout: argv.includes('launch') ? 'com.example.app: 4242\n' : '', stderr: '' };
    };
    const launched = await launchOnSimulator(run, { path: '/apps/Runner.app', bundleId: 'com.example.app', args: [] }, simulators.find((s) => s.udid === 'BBB')!, workDir);
    writeFileSync(launched.stdoutPath!, 'ane-check:compute-devices {"devices":["cpu"]}\n');
    await launched.collectOutput!();
    expect(readFileSync(launched.stdoutPath!, 'utf8')).toBe('ane-check:compute-devices {"devices":["cpu"]}\n');
  });
});

describe('devices', () => {
  const connection = (pairingState: string | undefined, tunnelState: string | undefined) => ({
    ...(pairingState ? { pairingState } : {}),
    ...(tunnelState ? { tunnelState } : {}),
  });
  const list = JSON.stringify({
    result: {
      devices: [
        { identifier: 'ID-W', hardwareProperties: { udid: 'UW', platform: 'watchOS' }, deviceProperties: { name: 'Watch', osVersionNumber: '10.5' }, connectionProperties: connection('paired', 'connected') },
        { identifier: 'ID-T', hardwareProperties: { udid: 'UT', platform: 'tvOS' }, deviceProperties: { name: 'Apple TV', osVersionNumber: '18.0' }, connectionProperties: connection('paired', 'connected') },
        { identifier: 'ID-0', hardwareProperties: { udid: 'U0', platform: 'iOS' }, deviceProperties: { name: 'Away iPad', osVersionNumber: '17.4' }, connectionProperties: connection('paired', 'unavailable') },
        { identifier: 'ID-1', hardwareProperties: { udid: 'U1' }, deviceProperties: { name: 'Old iPad', osVersionNumber: '16.7' }, connectionProperties: connection('unpaired', 'disconnected') },
        { identifier: 'ID-2', hardwareProperties: { udid: 'U2' }, deviceProperties: { name: 'iPhone', osVersionNumber: '18.1' }, connectionProperties: connection('paired', 'disconnected') },
        { identifier: 'ID-3', hardwareProperties: { udid: 'U3' }, deviceProperties: { name: 'Busy iPhone', osVersionNumber: '18.2' }, connectionProperties: connection('paired', 'connected') },
      ],
    },
  });
  const devices = parseDevices(list);

  it('reads devicectl list devices: usable = paired, with a tunnel that is not unavailable', () => {
    expect(devices.map((d) => [d.identifier, d.udid, d.platform, d.pairingState, d.tunnelState, d.usable])).toEqual([
      ['ID-W', 'UW', 'watchOS', 'paired', 'connected', true],
      ['ID-T', 'UT', 'tvOS', 'paired', 'connected', true],
      ['ID-0', 'U0', 'iOS', 'paired', 'unavailable', false],
      ['ID-1', 'U1', 'none', 'unpaired', 'disconnected', false],
      ['ID-2', 'U2', 'none', 'paired', 'disconnected', true],
      ['ID-3', 'U3', 'none', 'paired', 'connected', true],
    ]);
    expect(isUsable(connection('paired', undefined))).toBe(true);
    expect(isUsable(connection(undefined, 'connected'))).toBe(false);
    expect(isUsable(undefined)).toBe(false);
  });

  it('chooses the first usable iPhone or iPad: a quiet one (tunnel disconnected) is usable, a watch or TV is not one', () => {
    expect(chooseDevice(devices, undefined).identifier).toBe('ID-2');
    expect(() => chooseDevice(devices, 'Watch')).toThrow('device: Watch is a watchOS device; ane-check runs an iOS app: give an iPhone or iPad (xcrun devicectl list devices)');
    expect(() => chooseDevice(devices, 'ut')).toThrow('device: Apple TV is a tvOS device');
    expect(chooseDevice(devices, 'u2').identifier).toBe('ID-2');
    expect(chooseDevice(devices, 'Busy iPhone').identifier).toBe('ID-3');
    expect(chooseDevice(devices, 'id-3').identifier).toBe('ID-3');
  });

  it('says what is wrong with a device it cannot use, and what to do', () => {
    expect(whyUnusable(devices[4]!)).toBeUndefined();
    expect(() => chooseDevice(devices, 'Old iPad')).toThrow(
      "device: Old iPad is not paired with this Mac (devicectl reports pairingState 'unpaired'): connect it by cable, unlock it and tap Trust on it",
    );
    expect(() => chooseDevice(devices, 'U0')).toThrow(
      "device: Away iPad is paired but unreachable (devicectl reports tunnelState 'unavailable'): connect it by cable or to the same network as this Mac, unlock it, and check xcrun devicectl list devices",
    );
    expect(() => chooseDevice(devices, 'nope')).toThrow("device: no device is named or identified 'nope'");
    expect(() => chooseDevice(devices.slice(0, 4), undefined)).toThrow(/^device: no device is usable: Away iPad is paired but unreachable .*; Old iPad is not paired/u);
    expect(() => chooseDevice(devices.slice(0, 2), undefined)).toThrow('device: devicectl lists no iPhone or iPad; connect one (iOS 17 or later) by cable');
    expect(() => chooseDevice([], undefined)).toThrow('device: devicectl lists no iPhone or iPad; connect one (iOS 17 or later) by cable');
  });

  it('tells an LLDB without the device command to use Xcode 26', () => {
    expect(NO_DEVICE_COMMAND.test("error: 'device' is not a valid command.")).toBe(true);
    expect(NO_DEVICE_COMMAND_ADVICE).toContain('needs the LLDB of Xcode 26 or later');
    expect(NO_DEVICE_COMMAND_ADVICE).not.toContain('Xcode 16');
  });

  it('reads the launched process id and builds the devicectl command lines', () => {
    expect(parseLaunchedProcess(JSON.stringify({ result: { process: { processIdentifier: 812 } } }))).toBe(812);
    expect(() => parseLaunchedProcess('{}')).toThrow('devicectl did not report the launched process id');
    expect(devicectl.launch('ID-2', 'com.example.app', [], '/tmp/l.json')).toEqual([
      'xcrun', 'devicectl', 'device', 'process', 'launch', '--device', 'ID-2', '--start-stopped', '--terminate-existing', '--json-output', '/tmp/l.json', '--', 'com.example.app',
    ]);
    expect(devicectl.signal('ID-2', 812, 'SIGSTOP')).toEqual(['xcrun', 'devicectl', 'device', 'process', 'signal', '--device', 'ID-2', '--pid', '812', '--signal', 'SIGSTOP']);
  });

  it('gives LLDB the CoreDevice attach commands, with the device selected by its UDID', async () => {
    const workDir = tempFolder('device');
    const ran: string[][] = [];
    const run: RunTool = async (argv) => {
      ran.push([...argv]);
      const output = argv[argv.indexOf('--json-output') + 1];
      if (argv.includes('launch') && output) writeFileSync(output, JSON.stringify({ result: { process: { processIdentifier: 812 } } }));
      return { stdout: '', stderr: '' };
    };
    const launched = await launchOnDevice(run, { path: '/apps/Runner.app', bundleId: 'com.example.app', args: ['--model', 'Models/m.mlmodelc'] }, devices[4]!, workDir);
    // The session selects the device and attaches (lldb-driver.ts), then sends `process continue`.
    expect(launched.commands).toEqual({ setup: [], deviceAttach: { device: 'U2', pid: 812 }, start: ['process continue'] });
    expect(launched.os).toBe('iOS 18.1');
    expect(ran[1]!.slice(-4)).toEqual(['--', 'com.example.app', '--model', 'Models/m.mlmodelc']);
    await launched.interrupt();
    await launched.collectOutput!();
    await launched.terminate();
    // The evidence lines and the error output come back from the app's data container.
    expect(launched).toMatchObject({ stdoutPath: path.join(workDir, 'device-evidence.txt'), stderrPath: path.join(workDir, 'device-stderr.txt') });
    expect(ran.slice(2)).toEqual([
      devicectl.signal('ID-2', 812, 'SIGSTOP'),
      devicectl.copyFrom('ID-2', 'com.example.app', 'Documents/ane-check-evidence.txt', path.join(workDir, 'device-evidence.txt')),
      devicectl.copyFrom('ID-2', 'com.example.app', 'Documents/ane-check-stderr.txt', path.join(workDir, 'device-stderr.txt')),
      devicectl.terminate('ID-2', 812),
    ]);
  });
});
