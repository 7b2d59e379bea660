import path from 'node:path';

import { errorMessage, InputError, TargetError } from '../errors.js';
import { logStreamCommand } from '../probe/core-ml-log.js';
import type { TargetCommands } from '../probe/lldb-script.js';
import type { Settings } from '../inputs/settings.js';
import { hostWithoutAne, SIMULATOR_HAS_NO_ANE } from './ane-presence.js';
import { runTool } from './apple-tools.js';
import { launchOnDevice, NO_DEVICE_COMMAND, NO_DEVICE_COMMAND_ADVICE, pickDevice } from './device.js';
import { hostCommands } from './host.js';
import { HARNESS_ARMED } from './harness.js';
import { buildIosHarness, buildMacHarness } from './model-harness.js';
import { launchOnSimulator, pickSimulator } from './simulator.js';
import { actionsWorld, destinationFor, findBuiltApp, runXcodebuild, showBuildSettingsArgs, xcodebuildBuildArgs, type XcodebuildLog } from './xcodebuild.js';

/** A process for LLDB to probe, for every target: how LLDB gets it, and what is known about it beforehand. */
export interface PreparedTarget {
  commands: TargetCommands;
  /** A process of this machine whose pid is known before LLDB starts. */
  targetPid?: number;
  interrupt?: () => Promise<void>;
  finish?: () => Promise<void>;
  device?: string;
  /** The OS the model runs on, when it is not this machine's (`iOS 17.5`). */
  os?: string;
  /** Where the target's own error output goes, to quote when it breaks. */
  stderrPath?: string;
  /** Where the target's own standard output goes. */
  stdoutPath?: string;
  /** Why this target has no ANE, if it has none; `certain` unless a measured ANE dispatch may overrule it. */
  noAne?: { reason: string; certain: boolean };
  /** Brings the app's output to stdoutPath after the run (an app on a device). */
  collectOutput?: () => Promise<void>;
  /** The function at which the app's probes are armed (the bundled harness, after its timed predictions). */
  armAt?: string;
  /** What to do about an LLDB error this target knows. */
  lldbErrorAdvice?: (message: string) => string | undefined;
  /** Streams Core ML's log while the target runs. */
  logStream?: string[];
  /** Things worth knowing about how the target was prepared. */
  notes?: string[];
}

export async function prepareTarget(settings: Settings, workDir: string, buildLog?: XcodebuildLog): Promise<PreparedTarget> {
  // The bundled harness times its predictions first, then calls HARNESS_ARMED: the probes start there.
  const armAt = settings.model !== undefined ? { armAt: HARNESS_ARMED } : {};
  try {
    if (settings.target === 'host') return { ...(await prepareHost(settings, workDir)), ...armAt };
    if (settings.target === 'simulator') {
      const simulator = await pickSimulator(runTool, settings.device);
      const app = await appToLaunch(settings, workDir, destinationFor('simulator', simulator.udid), buildLog);
      const launched = await launchOnSimulator(runTool, app, simulator, workDir);
      // The spread carries the app's stdoutPath and stderrPath (simctl launch --stdout/--stderr).
      return { ...launched, ...armAt, targetPid: launched.pid, finish: launched.terminate, noAne: { reason: SIMULATOR_HAS_NO_ANE, certain: true } };
    }
    const device = await pickDevice(runTool, settings.device, workDir);
    const app = await appToLaunch(settings, workDir, destinationFor('device', device.udid), buildLog);
    const launched = await launchOnDevice(runTool, app, device, workDir);
    return { ...launched, ...armAt, finish: launched.terminate, lldbErrorAdvice: (message) => (NO_DEVICE_COMMAND.test(message) ? NO_DEVICE_COMMAND_ADVICE : undefined) };
  } catch (error) {
    // A failed build or a refusing tool is this run's error, reported with the tool's own words.
    if (error instanceof InputError) throw error;
    throw new TargetError(errorMessage(error));
  }
}

/** A program on this machine: the user's command, or the harness built for the model. */
async function prepareHost(settings: Settings, workDir: string): Promise<PreparedTarget> {
  const noAne = await hostWithoutAne();
  const notes: string[] = [];
  let command = settings.command;
  if (command === undefined) {
    if (process.platform !== 'darwin') throw new InputError('model', 'the bundled harness is built with Xcode, on macOS; on this machine give command');
    // In a virtual machine Core ML can hang trying to compile for an ANE that is not there.
    const computeUnits = noAne && settings.computeUnits === 'all' ? 'cpuAndGPU' : settings.computeUnits;
    if (computeUnits !== settings.computeUnits) notes.push('The harness ran with compute-units cpuAndGPU: with the ANE allowed, Core ML can hang in a virtual machine.');
    command = await buildMacHarness(runTool, settings, computeUnits, workDir);
  }
  const stdoutPath = path.join(workDir, 'target-stdout.txt');
  const stderrPath = path.join(workDir, 'target-stderr.txt');
  return {
    commands: hostCommands({ command, stdoutPath, stderrPath, tmpdir: process.env.TMPDIR }),
    stdoutPath,
    stderrPath,
    ...(noAne ? { noAne: { reason: noAne, certain: false } } : {}),
    notes,
    logStream: logStreamCommand('host', { platform: process.platform }),
  };
}

/** The app for the Simulator or a device: the harness built around the model, the user's project built, or a built app. */
async function appToLaunch(
  settings: Settings,
  workDir: string,
  destination: string,
  buildLog: XcodebuildLog | undefined,
): Promise<{ path: string; bundleId: string; args: string[] }> {
  if (settings.model !== undefined) return buildIosHarness(runTool, settings, settings.target === 'device' ? 'device' : 'simulator', workDir);
  if (settings.scheme !== undefined && (settings.project !== undefined || settings.workspace !== undefined)) {
    const selection = {
      project: settings.project,
      workspace: settings.workspace,
      scheme: settings.scheme,
      configuration: settings.configuration,
      destination,
      derivedDataPath: path.join(workDir, 'DerivedData'),
      // A device build signs with a development profile, which a fresh runner does not have yet.
      allowProvisioningUpdates: settings.target === 'device',
    };
    await runXcodebuild(xcodebuildBuildArgs(selection), {
      scheme: settings.scheme,
      relativeTo: process.cwd(),
      ...(buildLog ? { world: { ...actionsWorld, log: buildLog } } : {}),
    });
    const built = findBuiltApp((await runTool(showBuildSettingsArgs(selection))).stdout, settings.scheme);
    return { path: built.appPath, bundleId: settings.bundleId ?? built.bundleId, args: [] };
  }
  if (settings.app && settings.bundleId) return { path: settings.app, bundleId: settings.bundleId, args: [] };
  throw new InputError('app', `target: ${settings.target} needs model, project or workspace with scheme, or a built app with its bundle id (app and bundle-id)`);
}
