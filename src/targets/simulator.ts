import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { InputError } from '../errors.js';
import { logStreamCommand } from '../probe/core-ml-log.js';
import { sendSignal } from '../probe/process-tree.js';
import type { LaunchedApp, RunTool } from './apple-tools.js';
import { APP_ERROR_FILE, APP_EVIDENCE_FILE } from './app-files.js';

export interface Simulator {
  udid: string;
  name: string;
  state: string;
  runtime: string;
  /** The runtime's platform: `iOS`, `watchOS`, `tvOS`, `xrOS` (visionOS). */
  platform: string;
}

/** `xcrun simctl list devices available -j`: { devices: { <runtime id>: [{ udid, name, state, isAvailable }] } }. */
export function parseSimulators(json: string): Simulator[] {
  const parsed = JSON.parse(json) as { devices?: Record<string, { udid: string; name: string; state: string; isAvailable?: boolean }[]> };
  return Object.entries(parsed.devices ?? {}).flatMap(([runtime, devices]) =>
    devices
      .filter((device) => device.isAvailable !== false)
      .map((device) => ({ udid: device.udid, name: device.name, state: device.state, runtime: runtimeName(runtime), platform: runtimePlatform(runtime) })),
  );
}

const RUNTIME = /SimRuntime\.([A-Za-z]+)-(\d+(?:-\d+)*)$/u;

/** `com.apple.CoreSimulator.SimRuntime.iOS-17-5` -> `iOS 17.5`. */
function runtimeName(id: string): string {
  const match = RUNTIME.exec(id);
  return match ? `${match[1]} ${match[2]!.replaceAll('-', '.')}` : id;
}

/** `com.apple.CoreSimulator.SimRuntime.watchOS-10-5` -> `watchOS`; an identifier of another form has no known platform. */
function runtimePlatform(id: string): string {
  return RUNTIME.exec(id)?.[1] ?? 'unknown';
}

/**
 * The simulator named or identified by `wanted`, or else the first booted one. Only iOS simulators (iPhone, iPad)
 * run the app: a booted watch, TV or Vision Pro simulator is passed over, and one named in `device` is refused.
 */
export function chooseSimulator(all: readonly Simulator[], wanted: string | undefined): Simulator {
  const simulators = all.filter((simulator) => simulator.platform === 'iOS');
  if (wanted) {
    const matches = (simulator: Simulator) => simulator.udid.toLowerCase() === wanted.toLowerCase() || simulator.name === wanted;
    const byId = simulators.find((simulator) => simulator.udid.toLowerCase() === wanted.toLowerCase());
    const byName = simulators.filter((simulator) => simulator.name === wanted);
    const found = byId ?? byName.find((simulator) => simulator.state === 'Booted') ?? byName.at(-1);
    if (found) return found;
    const other = all.find(matches);
    if (other) {
      throw new InputError('device', `'${wanted}' is a ${other.runtime} simulator; ane-check runs an iOS app: give an iPhone or iPad simulator (xcrun simctl list devices available)`);
    }
    throw new InputError('device', `no available simulator is named or identified '${wanted}'; see xcrun simctl list devices available`);
  }
  const booted = simulators.find((simulator) => simulator.state === 'Booted');
  if (booted) return booted;
  throw new InputError('device', 'no iOS simulator is booted; give device (an iPhone or iPad simulator\'s name or UDID) and ane-check boots it');
}

/** `simctl launch` prints `<bundle-id>: <pid>`. */
export function parseLaunchedPid(stdout: string, bundleId: string): number {
  const match = new RegExp(`^${escapeRegex(bundleId)}: (\\d+)\\s*$`, 'mu').exec(stdout);
  if (!match) throw new Error(`simctl launch did not print the app's process id (it printed: ${stdout.trim() || 'nothing'})`);
  return Number(match[1]);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

export const simctl = {
  list: () => ['xcrun', 'simctl', 'list', 'devices', 'available', '-j'],
  boot: (udid: string) => ['xcrun', 'simctl', 'boot', udid],
  /** Waits until the simulator has finished booting. */
  bootStatus: (udid: string) => ['xcrun', 'simctl', 'bootstatus', udid, '-b'],
  install: (udid: string, app: string) => ['xcrun', 'simctl', 'install', udid, app],
  /**
   * Starts the app suspended until a debugger attaches; arguments after the bundle id reach the app. The app's
   * standard output and error go to files (they hold its load errors): `xcrun simctl help launch` lists
   * `--stdout=<path>` and `--stderr=<path>`, "Redirect the application's standard output to a file" (and error).
   */
  launch: (udid: string, bundleId: string, args: readonly string[], stdoutPath: string, stderrPath: string) => [
    'xcrun',
    'simctl',
    'launch',
    '--wait-for-debugger',
    '--terminate-running-process',
    `--stdout=${stdoutPath}`,
    `--stderr=${stderrPath}`,
    udid,
    bundleId,
    ...args,
  ],
  terminate: (udid: string, bundleId: string) => ['xcrun', 'simctl', 'terminate', udid, bundleId],
  /**
   * Prints the path of the app's data container on this Mac (`xcrun simctl help get_app_container`:
   * `get_app_container <device> <app bundle identifier> [<container>]`, container `app`, `data` or `groups`).
   */
  dataContainer: (udid: string, bundleId: string) => ['xcrun', 'simctl', 'get_app_container', udid, bundleId, 'data'],
};

/** Picks the simulator (`device`, or the first booted one) and boots it if it is not running. */
export async function pickSimulator(run: RunTool, wanted: string | undefined): Promise<Simulator> {
  const simulator = chooseSimulator(parseSimulators((await run(simctl.list())).stdout), wanted);
  if (simulator.state !== 'Booted') {
    await run(simctl.boot(simulator.udid));
    await run(simctl.bootStatus(simulator.udid), { timeoutMs: 300_000 });
  }
  return simulator;
}

/**
 * `target: simulator`: installs the app, launches it waiting for the debugger, and gives LLDB the
 * commands to attach to it by pid. A simulator app is a process of this Mac, so a signal stops it.
 *
 * The app's output: `simctl launch --stdout= --stderr=` sends it to files of workDir, but public drivers found
 * those files empty or absent with a debugger attached, or the path taken relative to the simulator's data folder
 * (facebook/idb rewrites the path; vscode-ios-debug issues #3 and #4 moved to `--console-pty`). They stay a best
 * effort: after the run, the files that the app writes in its own data container (app-files.ts), found with
 * `simctl get_app_container`, take their place where they exist, as on a device.
 */
export async function launchOnSimulator(
  run: RunTool,
  app: { path: string; bundleId: string; args: readonly string[] },
  simulator: Simulator,
  workDir: string,
): Promise<LaunchedApp> {
  await run(simctl.install(simulator.udid, app.path), { timeoutMs: 300_000 });
  // Absolute, so that they do not depend on the working directory of simctl or of the app.
  const stdoutPath = path.resolve(workDir, 'target-stdout.txt');
  const stderrPath = path.resolve(workDir, 'target-stderr.txt');
  const pid = parseLaunchedPid((await run(simctl.launch(simulator.udid, app.bundleId, app.args, stdoutPath, stderrPath))).stdout, app.bundleId);
  return {
    pid,
    stdoutPath,
    stderrPath,
    device: `${simulator.name} (${simulator.runtime}, simulator ${simulator.udid})`,
    os: simulator.runtime,
    commands: { setup: [], start: [`process attach --pid ${pid}`, 'process continue'] },
    logStream: logStreamCommand('simulator', { platform: process.platform, udid: simulator.udid }),
    interrupt: async () => void sendSignal(pid, 'SIGSTOP'),
    collectOutput: async () => {
      const container = (await run(simctl.dataContainer(simulator.udid, app.bundleId)).catch(() => undefined))?.stdout.trim();
      if (!container) return;
      await preferContainerFile(path.join(container, APP_EVIDENCE_FILE), stdoutPath);
      await preferContainerFile(path.join(container, APP_ERROR_FILE), stderrPath);
    },
    terminate: async () => {
      await run(simctl.terminate(simulator.udid, app.bundleId)).catch(() => undefined);
    },
  };
}

/** The app's own file, where it wrote one, replaces what `--stdout=`/`--stderr=` caught (perhaps nothing). */
async function preferContainerFile(containerFile: string, hostFile: string): Promise<void> {
  const written = await readFile(containerFile, 'utf8').catch(() => '');
  if (written.trim() !== '') await writeFile(hostFile, written, 'utf8');
}
