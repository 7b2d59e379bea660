import path from 'node:path';

import { InputError } from '../errors.js';
import { logStreamCommand } from '../probe/core-ml-log.js';
import { sendSignal } from '../probe/process-tree.js';
import type { LaunchedApp, RunTool } from './apple-tools.js';

export interface Simulator {
  udid: string;
  name: string;
  state: string;
  runtime: string;
}

/** `xcrun simctl list devices available -j`: { devices: { <runtime id>: [{ udid, name, state, isAvailable }] } }. */
export function parseSimulators(json: string): Simulator[] {
  const parsed = JSON.parse(json) as { devices?: Record<string, { udid: string; name: string; state: string; isAvailable?: boolean }[]> };
  return Object.entries(parsed.devices ?? {}).flatMap(([runtime, devices]) =>
    devices.filter((device) => device.isAvailable !== false).map((device) => ({ udid: device.udid, name: device.name, state: device.state, runtime: runtimeName(runtime) })),
  );
}

/** `com.apple.CoreSimulator.SimRuntime.iOS-17-5` -> `iOS 17.5`. */
function runtimeName(id: string): string {
  const match = /SimRuntime\.([A-Za-z]+)-(\d+(?:-\d+)*)$/u.exec(id);
  return match ? `${match[1]} ${match[2]!.replaceAll('-', '.')}` : id;
}

/** The simulator named or identified by `wanted`, or else the first booted one. */
export function chooseSimulator(simulators: readonly Simulator[], wanted: string | undefined): Simulator {
  if (wanted) {
    const byId = simulators.find((simulator) => simulator.udid.toLowerCase() === wanted.toLowerCase());
    const byName = simulators.filter((simulator) => simulator.name === wanted);
    const found = byId ?? byName.find((simulator) => simulator.state === 'Booted') ?? byName.at(-1);
    if (found) return found;
    throw new InputError('device', `no available simulator is named or identified '${wanted}'; see xcrun simctl list devices available`);
  }
  const booted = simulators.find((simulator) => simulator.state === 'Booted');
  if (booted) return booted;
  throw new InputError('device', 'no simulator is booted; give device (a simulator name or UDID) and ane-check boots it');
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
 * commands to attach to it by pid. A simulator app is a process of this Mac, so a signal stops it, and
 * its standard output and error go to files in workDir.
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
    terminate: async () => {
      await run(simctl.terminate(simulator.udid, app.bundleId)).catch(() => undefined);
    },
  };
}
