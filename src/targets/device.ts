import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { InputError } from '../errors.js';
import { quoteLldb } from '../probe/lldb-quote.js';
import type { LaunchedApp, RunTool } from './apple-tools.js';

export interface Device {
  /** CoreDevice's identifier, which devicectl takes. */
  identifier: string;
  udid: string;
  name: string;
  osVersion: string;
  connected: boolean;
}

/** `devicectl list devices --json-output`: { result: { devices: [...] } }. */
export function parseDevices(json: string): Device[] {
  const parsed = JSON.parse(json) as {
    result?: {
      devices?: {
        identifier: string;
        hardwareProperties?: { udid?: string };
        deviceProperties?: { name?: string; osVersionNumber?: string };
        connectionProperties?: { tunnelState?: string; pairingState?: string };
      }[];
    };
  };
  return (parsed.result?.devices ?? []).map((device) => ({
    identifier: device.identifier,
    udid: device.hardwareProperties?.udid ?? device.identifier,
    name: device.deviceProperties?.name ?? device.identifier,
    osVersion: device.deviceProperties?.osVersionNumber ?? 'unknown',
    connected: device.connectionProperties?.tunnelState === 'connected' || device.connectionProperties?.tunnelState === 'available',
  }));
}

/** The device named or identified by `wanted`, or else the first connected one. */
export function chooseDevice(devices: readonly Device[], wanted: string | undefined): Device {
  const found = wanted
    ? devices.find((device) => [device.identifier, device.udid].some((id) => id.toLowerCase() === wanted.toLowerCase()) || device.name === wanted)
    : devices.find((device) => device.connected);
  if (!found) {
    throw new InputError(
      'device',
      wanted ? `no device is named or identified '${wanted}'; see xcrun devicectl list devices` : 'no device is connected; attach and pair an iPhone or iPad, or give device',
    );
  }
  if (!found.connected) throw new InputError('device', `${found.name} is not connected (unlock it, trust this Mac, and check xcrun devicectl list devices)`);
  return found;
}

/** `devicectl device process launch --json-output`: { result: { process: { processIdentifier } } }. */
export function parseLaunchedProcess(json: string): number {
  const pid = (JSON.parse(json) as { result?: { process?: { processIdentifier?: number } } }).result?.process?.processIdentifier;
  if (typeof pid !== 'number') throw new Error('devicectl did not report the launched process id');
  return pid;
}

export const devicectl = {
  list: (jsonOutput: string) => ['xcrun', 'devicectl', 'list', 'devices', '--json-output', jsonOutput],
  install: (device: string, app: string) => ['xcrun', 'devicectl', 'device', 'install', 'app', '--device', device, app],
  /**
   * Starts the app stopped, for LLDB to attach. After `--`, the bundle id and the app's own arguments are
   * not read as devicectl options (the harness takes `--model`).
   */
  launch: (device: string, bundleId: string, args: readonly string[], jsonOutput: string) => [
    'xcrun',
    'devicectl',
    'device',
    'process',
    'launch',
    '--device',
    device,
    '--start-stopped',
    '--terminate-existing',
    '--json-output',
    jsonOutput,
    '--',
    bundleId,
    ...args,
  ],
  signal: (device: string, pid: number, signal: string) => ['xcrun', 'devicectl', 'device', 'process', 'signal', '--device', device, '--pid', String(pid), '--signal', signal],
  terminate: (device: string, pid: number) => ['xcrun', 'devicectl', 'device', 'process', 'terminate', '--device', device, '--pid', String(pid)],
};

/** What an LLDB without the `device` command answers; Xcode 16's LLDB has it. */
export const NO_DEVICE_COMMAND = /'device' is not a valid command/u;

/** Picks the device (`device`, or the first connected one) from devicectl's list. */
export async function pickDevice(run: RunTool, wanted: string | undefined, workDir: string): Promise<Device> {
  const listFile = path.join(workDir, 'devices.json');
  await run(devicectl.list(listFile));
  return chooseDevice(parseDevices(await readFile(listFile, 'utf8')), wanted);
}

/**
 * `target: device` (iOS 17 and later): installs the app with devicectl, launches it stopped, and gives
 * LLDB the commands to attach to it through CoreDevice (`device select`, `device process attach`).
 * The app's process is on the device, so devicectl sends it the stop signal.
 */
export async function launchOnDevice(run: RunTool, app: { path: string; bundleId: string; args: readonly string[] }, device: Device, workDir: string): Promise<LaunchedApp> {
  await run(devicectl.install(device.identifier, app.path), { timeoutMs: 600_000 });
  const launchFile = path.join(workDir, 'launch.json');
  await run(devicectl.launch(device.identifier, app.bundleId, app.args, launchFile));
  const pid = parseLaunchedProcess(await readFile(launchFile, 'utf8'));
  return {
    pid,
    device: `${device.name} (iOS ${device.osVersion}, ${device.udid})`,
    os: `iOS ${device.osVersion}`,
    // `device list` first: LLDB finds devices in the background after it starts, and listing them waits for that.
    commands: { setup: [], start: ['device list', `device select ${quoteLldb(device.udid)}`, `device process attach --pid ${pid}`, 'process continue'] },
    interrupt: async () => {
      await run(devicectl.signal(device.identifier, pid, 'SIGSTOP')).catch(() => undefined);
    },
    terminate: async () => {
      await run(devicectl.terminate(device.identifier, pid)).catch(() => undefined);
    },
  };
}
