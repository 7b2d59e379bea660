import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { InputError } from '../errors.js';
import type { LaunchedApp, RunTool } from './apple-tools.js';
import { APP_ERROR_FILE, APP_EVIDENCE_FILE } from './app-files.js';

export interface Device {
  /** CoreDevice's identifier, which devicectl takes. */
  identifier: string;
  udid: string;
  name: string;
  osVersion: string;
  /** `hardwareProperties.platform`: `iOS` for an iPhone or iPad, `watchOS`, `tvOS`, `xrOS`, `macOS`; `none` when absent. */
  platform: string;
  /** `connectionProperties.pairingState`: `paired` when this Mac is trusted; `none` when devicectl says nothing. */
  pairingState: string;
  /** `connectionProperties.tunnelState`: `connected`, `disconnected` (idle) or `unavailable`; `none` when absent. */
  tunnelState: string;
  /** Paired, and reachable: devicectl can open a tunnel to it when a command needs one. */
  usable: boolean;
}

/**
 * Whether devicectl can work with a device: it is paired and its tunnel is not `unavailable`. A paired, cabled,
 * unlocked device whose tunnel is idle reports `disconnected` (devicectl opens the tunnel when a command needs it),
 * and the table of `devicectl list devices` shows it as `available (paired)`; `unavailable` means CoreDevice cannot
 * reach it. Public drivers test the same two fields: Expo Orbit (expo/orbit,
 * packages/eas-shared/src/run/ios/appleDevice/AppleDevice.ts: `pairingState === 'paired' && tunnelState !=
 * 'unavailable'`) and Shorebird (shorebirdtech/shorebird, packages/shorebird_cli/lib/src/executables/devicectl/
 * apple_device.dart: `isAvailable` is `tunnelState != 'unavailable'`, and it notes `disconnected` for a device on USB
 * or Wi-Fi). See domain.md, "Where it runs".
 */
export function isUsable(connection: { pairingState?: string; tunnelState?: string } | undefined): boolean {
  return connection?.pairingState === 'paired' && connection.tunnelState !== 'unavailable';
}

/** `devicectl list devices --json-output`: { result: { devices: [...] } }. */
export function parseDevices(json: string): Device[] {
  const parsed = JSON.parse(json) as {
    result?: {
      devices?: {
        identifier: string;
        hardwareProperties?: { udid?: string; platform?: string };
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
    platform: device.hardwareProperties?.platform ?? 'none',
    pairingState: device.connectionProperties?.pairingState ?? 'none',
    tunnelState: device.connectionProperties?.tunnelState ?? 'none',
    usable: isUsable(device.connectionProperties),
  }));
}

/** What keeps devicectl from using a device, and what to do about it; undefined for a usable device. */
export function whyUnusable(device: Device): string | undefined {
  if (device.usable) return undefined;
  if (device.pairingState !== 'paired') {
    return (
      `${device.name} is not paired with this Mac (devicectl reports pairingState '${device.pairingState}'): connect it by ` +
      'cable, unlock it and tap Trust on it (or pair it in Xcode, Window > Devices and Simulators), then check xcrun devicectl list devices'
    );
  }
  return (
    `${device.name} is paired but unreachable (devicectl reports tunnelState '${device.tunnelState}'): connect it by cable or to ` +
    'the same network as this Mac, unlock it, and check xcrun devicectl list devices'
  );
}

/**
 * Whether the device runs iOS apps: `hardwareProperties.platform` is `iOS` for iPhones and iPads. devicectl also
 * lists a paired Apple Watch (`watchOS`), Apple TV (`tvOS`) or Vision Pro (`xrOS`), which the harness and an iPhone
 * app cannot run on. A list without the field (an older devicectl) is taken as iOS.
 */
function runsIosApps(device: Device): boolean {
  return device.platform === 'iOS' || device.platform === 'none';
}

/** The device named or identified by `wanted`, or else the first usable iPhone or iPad (paired, tunnel not `unavailable`). */
export function chooseDevice(all: readonly Device[], wanted: string | undefined): Device {
  const devices = all.filter(runsIosApps);
  if (!wanted) {
    const usable = devices.find((device) => device.usable);
    if (usable) return usable;
    throw new InputError(
      'device',
      devices.length === 0
        ? 'devicectl lists no iPhone or iPad; connect one (iOS 17 or later) by cable, unlock it and trust this Mac, or give device'
        : `no device is usable: ${devices.map((device) => whyUnusable(device)).join('; ')}`,
    );
  }
  const matches = (device: Device) => [device.identifier, device.udid].some((id) => id.toLowerCase() === wanted.toLowerCase()) || device.name === wanted;
  const found = all.find(matches);
  if (!found) throw new InputError('device', `no device is named or identified '${wanted}'; see xcrun devicectl list devices`);
  if (!runsIosApps(found)) {
    throw new InputError('device', `${found.name} is a ${found.platform} device; ane-check runs an iOS app: give an iPhone or iPad (xcrun devicectl list devices)`);
  }
  const problem = whyUnusable(found);
  if (problem) throw new InputError('device', problem);
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
  /** Copies a file out of the app's data container (`xcrun devicectl device copy from --help`: --domain-type appDataContainer, --domain-identifier <bundle id>). */
  copyFrom: (device: string, bundleId: string, source: string, destination: string) => [
    'xcrun',
    'devicectl',
    'device',
    'copy',
    'from',
    '--device',
    device,
    '--domain-type',
    'appDataContainer',
    '--domain-identifier',
    bundleId,
    '--source',
    source,
    '--destination',
    destination,
  ],
};

/**
 * What an LLDB without the `device` command answers. Xcode 16's LLDB added the command, but public drivers only
 * trust it from Xcode 26: Flutter's flutter_tools (packages/flutter_tools/lib/src/ios/devices.dart) attaches
 * with it from Xcode 26 on, as "it doesn't work reliably until Xcode 26" (domain.md, "Where it runs").
 */
export const NO_DEVICE_COMMAND = /'device' is not a valid command/u;

/** What to tell the user when LLDB answers NO_DEVICE_COMMAND. */
export const NO_DEVICE_COMMAND_ADVICE =
  'This LLDB has no `device` command: attaching to an app on an iOS 17 or later device needs the LLDB of Xcode 26 or later. ' +
  'Check `xcrun lldb --version`, and choose Xcode with `xcode-select -s` or DEVELOPER_DIR.';

/** Picks the device (`device`, or the first usable one) from devicectl's list. */
export async function pickDevice(run: RunTool, wanted: string | undefined, workDir: string): Promise<Device> {
  const listFile = path.join(workDir, 'devices.json');
  await run(devicectl.list(listFile));
  return chooseDevice(parseDevices(await readFile(listFile, 'utf8')), wanted);
}

/**
 * `target: device` (iOS 17 and later): installs the app with devicectl, launches it stopped, and gives
 * LLDB the commands to attach to it through CoreDevice (`device select`, `device process attach`: the LLDB of
 * Xcode 26 or later, see NO_DEVICE_COMMAND).
 * The app's process is on the device, so devicectl sends it the stop signal.
 */
export async function launchOnDevice(run: RunTool, app: { path: string; bundleId: string; args: readonly string[] }, device: Device, workDir: string): Promise<LaunchedApp> {
  await run(devicectl.install(device.identifier, app.path), { timeoutMs: 600_000 });
  const launchFile = path.join(workDir, 'launch.json');
  await run(devicectl.launch(device.identifier, app.bundleId, app.args, launchFile));
  const pid = parseLaunchedProcess(await readFile(launchFile, 'utf8'));
  const evidencePath = path.join(workDir, 'device-evidence.txt');
  const errorPath = path.join(workDir, 'device-stderr.txt');
  return {
    pid,
    device: `${device.name} (iOS ${device.osVersion}, ${device.udid})`,
    os: `iOS ${device.osVersion}`,
    // The session selects the device (retrying while LLDB discovers it) and attaches, then continues.
    commands: { setup: [], deviceAttach: { device: device.udid, pid }, start: ['process continue'] },
    interrupt: async () => {
      await run(devicectl.signal(device.identifier, pid, 'SIGSTOP')).catch(() => undefined);
    },
    stdoutPath: evidencePath,
    stderrPath: errorPath,
    // An app that wrote no such file leaves nothing to copy: no evidence, not an error.
    collectOutput: async () => {
      await run(devicectl.copyFrom(device.identifier, app.bundleId, APP_EVIDENCE_FILE, evidencePath)).catch(() => undefined);
      await run(devicectl.copyFrom(device.identifier, app.bundleId, APP_ERROR_FILE, errorPath)).catch(() => undefined);
    },
    terminate: async () => {
      await run(devicectl.terminate(device.identifier, pid)).catch(() => undefined);
    },
  };
}
