import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';


import type { RunTool } from '../src/targets/apple-tools.js';
import { chooseDevice, devicectl, isUsable, launchOnDevice, NO_DEVICE_COMMAND, NO_DEVICE_COMMAND_ADVICE, parseDevices, parseLaunchedProcess, whyUnusable } from '../src/targets/device.js';
import { chooseSimulator, launchOnSimulator, parseLaunchedPid, parseSimulators, simctl } from '../src/targets/simulator.js';
import { tempFolder } from './support/temp.js';

const simctlList = JSON.stringify({
  devices: {
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

  it('reads simctl list with the runtime of each device, leaving out unavailable ones', () => {
    expect(simulators.map((s) => [s.udid, s.runtime])).toEqual([
      ['AAA', 'iOS 17.5'],
      ['BBB', 'iOS 17.5'],
      ['CCC', 'iOS 18.1'],
    ]);
  });

  it('chooses by UDID, by name (a booted one first), or the first booted', () => {
    expect(chooseSimulator(simulators, 'aaa').udid).toBe('AAA');
    expect(chooseSimulator(simulators, 'iPhone 15').udid).toBe('CCC');
    expect(chooseSimulator(simulators, undefined).udid).toBe('BBB');
    expect(() => chooseSimulator(simulators.filter((s) => s.state !== 'Booted'), undefined)).toThrow('device: no simulator is booted');
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
    const launched = await launchOnSimulator(run, { path: '/apps/Runner.app', bundleId: 'com.example.app', args: ['--idle'] }, simulators[1]!, '/tmp/ane-work');
    expect(ran[1]).toEqual(simctl.launch('BBB', 'com.example.app', ['--idle'], '/tmp/ane-work/target-stdout.txt', '/tmp/ane-work/target-stderr.txt'));
    expect(launched).toMatchObject({ pid: 4242, stdoutPath: '/tmp/ane-work/target-stdout.txt', stderrPath: '/tmp/ane-work/target-stderr.txt', os: 'iOS 17.5' });
    expect(launched.commands.start).toEqual(['process attach --pid 4242', 'process continue']);
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
        { identifier: 'ID-0', hardwareProperties: { udid: 'U0' }, deviceProperties: { name: 'Away iPad', osVersionNumber: '17.4' }, connectionProperties: connection('paired', 'unavailable') },
        { identifier: 'ID-1', hardwareProperties: { udid: 'U1' }, deviceProperties: { name: 'Old iPad', osVersionNumber: '16.7' }, connectionProperties: connection('unpaired', 'disconnected') },
        { identifier: 'ID-2', hardwareProperties: { udid: 'U2' }, deviceProperties: { name: 'iPhone', osVersionNumber: '18.1' }, connectionProperties: connection('paired', 'disconnected') },
        { identifier: 'ID-3', hardwareProperties: { udid: 'U3' }, deviceProperties: { name: 'Busy iPhone', osVersionNumber: '18.2' }, connectionProperties: connection('paired', 'connected') },
      ],
    },
  });
  const devices = parseDevices(list);

  it('reads devicectl list devices: usable = paired, with a tunnel that is not unavailable', () => {
    expect(devices.map((d) => [d.identifier, d.udid, d.pairingState, d.tunnelState, d.usable])).toEqual([
      ['ID-0', 'U0', 'paired', 'unavailable', false],
      ['ID-1', 'U1', 'unpaired', 'disconnected', false],
      ['ID-2', 'U2', 'paired', 'disconnected', true],
      ['ID-3', 'U3', 'paired', 'connected', true],
    ]);
    expect(isUsable(connection('paired', undefined))).toBe(true);
    expect(isUsable(connection(undefined, 'connected'))).toBe(false);
    expect(isUsable(undefined)).toBe(false);
  });

  it('chooses the first usable device: a quiet one (tunnel disconnected) is usable', () => {
    expect(chooseDevice(devices, undefined).identifier).toBe('ID-2');
    expect(chooseDevice(devices, 'u2').identifier).toBe('ID-2');
    expect(chooseDevice(devices, 'Busy iPhone').identifier).toBe('ID-3');
    expect(chooseDevice(devices, 'id-3').identifier).toBe('ID-3');
  });

  it('says what is wrong with a device it cannot use, and what to do', () => {
    expect(whyUnusable(devices[2]!)).toBeUndefined();
    expect(() => chooseDevice(devices, 'Old iPad')).toThrow(
      "device: Old iPad is not paired with this Mac (devicectl reports pairingState 'unpaired'): connect it by cable, unlock it and tap Trust on it",
    );
    expect(() => chooseDevice(devices, 'U0')).toThrow(
      "device: Away iPad is paired but unreachable (devicectl reports tunnelState 'unavailable'): connect it by cable or to the same network as this Mac, unlock it, and check xcrun devicectl list devices",
    );
    expect(() => chooseDevice(devices, 'nope')).toThrow("device: no device is named or identified 'nope'");
    expect(() => chooseDevice(devices.slice(0, 2), undefined)).toThrow(/^device: no device is usable: Away iPad is paired but unreachable .*; Old iPad is not paired/u);
    expect(() => chooseDevice([], undefined)).toThrow('device: devicectl lists no device; connect an iPhone or iPad (iOS 17 or later) by cable');
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
    const launched = await launchOnDevice(run, { path: '/apps/Runner.app', bundleId: 'com.example.app', args: ['--model', 'Models/m.mlmodelc'] }, devices[2]!, workDir);
    // The session selects the device and attaches (lldb-driver.ts), then sends `process continue`.
    expect(launched.commands).toEqual({ setup: [], deviceAttach: { device: 'U2', pid: 812 }, start: ['process continue'] });
    expect(launched.os).toBe('iOS 18.1');
    expect(ran[1]!.slice(-4)).toEqual(['--', 'com.example.app', '--model', 'Models/m.mlmodelc']);
    await launched.interrupt();
    await launched.terminate();
    expect(ran.slice(2)).toEqual([devicectl.signal('ID-2', 812, 'SIGSTOP'), devicectl.terminate('ID-2', 812)]);
  });
});
