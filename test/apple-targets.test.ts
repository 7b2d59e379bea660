import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';


import type { RunTool } from '../src/targets/apple-tools.js';
import { chooseDevice, devicectl, launchOnDevice, parseDevices, parseLaunchedProcess } from '../src/targets/device.js';
import { chooseSimulator, parseLaunchedPid, parseSimulators, simctl } from '../src/targets/simulator.js';

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
    expect(simctl.launch('AAA', 'com.example.app', ['--model', 'm.mlmodelc'])).toEqual([
      'xcrun', 'simctl', 'launch', '--wait-for-debugger', '--terminate-running-process', 'AAA', 'com.example.app', '--model', 'm.mlmodelc',
    ]);
    expect(simctl.bootStatus('AAA')).toEqual(['xcrun', 'simctl', 'bootstatus', 'AAA', '-b']);
  });
});

describe('devices', () => {
  const list = JSON.stringify({
    result: {
      devices: [
        { identifier: 'ID-1', hardwareProperties: { udid: 'U1' }, deviceProperties: { name: 'Old iPad', osVersionNumber: '16.7' }, connectionProperties: { tunnelState: 'disconnected' } },
        { identifier: 'ID-2', hardwareProperties: { udid: 'U2' }, deviceProperties: { name: 'iPhone', osVersionNumber: '18.1' }, connectionProperties: { tunnelState: 'connected' } },
      ],
    },
  });
  const devices = parseDevices(list);

  it('reads devicectl list devices and chooses a connected one', () => {
    expect(devices.map((d) => [d.identifier, d.udid, d.connected])).toEqual([
      ['ID-1', 'U1', false],
      ['ID-2', 'U2', true],
    ]);
    expect(chooseDevice(devices, undefined).identifier).toBe('ID-2');
    expect(chooseDevice(devices, 'u2').identifier).toBe('ID-2');
    expect(() => chooseDevice(devices, 'Old iPad')).toThrow('device: Old iPad is not connected');
    expect(() => chooseDevice(devices, 'nope')).toThrow("device: no device is named or identified 'nope'");
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
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'device-test-'));
    const ran: string[][] = [];
    const run: RunTool = async (argv) => {
      ran.push([...argv]);
      const output = argv[argv.indexOf('--json-output') + 1];
      if (argv.includes('launch') && output) writeFileSync(output, JSON.stringify({ result: { process: { processIdentifier: 812 } } }));
      return { stdout: '', stderr: '' };
    };
    const launched = await launchOnDevice(run, { path: '/apps/Runner.app', bundleId: 'com.example.app', args: ['--model', 'Models/m.mlmodelc'] }, devices[1]!, workDir);
    expect(launched.commands).toEqual({ setup: [], start: ['device list', 'device select "U2"', 'device process attach --pid 812', 'process continue'] });
    expect(launched.os).toBe('iOS 18.1');
    expect(ran[1]!.slice(-4)).toEqual(['--', 'com.example.app', '--model', 'Models/m.mlmodelc']);
    await launched.interrupt();
    await launched.terminate();
    expect(ran.slice(2)).toEqual([devicectl.signal('ID-2', 812, 'SIGSTOP'), devicectl.terminate('ID-2', 812)]);
  });
});
