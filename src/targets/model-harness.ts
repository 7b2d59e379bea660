import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { InputError } from '../errors.js';
import type { Settings } from '../inputs/settings.js';
import type { RunTool } from './apple-tools.js';
import {
  DEFAULT_HARNESS_BUNDLE_ID,
  deviceApplicationIdentifier,
  harnessRunArguments,
  HARNESS_TIMED,
  iosBundledModelPath,
  iosHarnessAppPath,
  iosHarnessBuildCommands,
  macHarnessBuildCommands,
  macHarnessPath,
  type ComputeUnits,
} from './harness.js';

/** The harness/ sources shipped with ane-check: found upwards from this file (dist/ in the Action, lib/ in tests). */
export function harnessSourceDir(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'harness', 'Sources', 'Harness.swift'))) return path.join(dir, 'harness');
    if (path.dirname(dir) === dir) throw new Error('the harness sources (harness/Sources/Harness.swift) are missing from this copy of ane-check');
  }
}

/**
 * Predictions the harness runs: the warm-up, the counted ones, and one more, at whose entry the window
 * closes (an app that stopped exactly at the last counted one would be ended by idleness instead).
 */
function harnessPlan(settings: Settings, model: string, computeUnits: ComputeUnits, idle: boolean) {
  return harnessRunArguments({ model, computeUnits, warmup: settings.warmup, predictions: settings.predictions + 1, idle, timed: HARNESS_TIMED });
}

async function runAll(run: RunTool, commands: string[][]): Promise<void> {
  for (const command of commands) await run(command, { timeoutMs: 600_000 });
}

/** `model` on a Mac: builds the command-line harness (ad-hoc signed, debuggable) and returns the command to probe. */
export async function buildMacHarness(run: RunTool, settings: Settings, computeUnits: ComputeUnits, workDir: string): Promise<string[]> {
  const outDir = path.join(workDir, 'harness');
  await runAll(run, macHarnessBuildCommands({ sourceDir: harnessSourceDir(), outDir }));
  return [macHarnessPath(outDir), ...harnessPlan(settings, path.resolve(settings.model!), computeUnits, false)];
}

/** `model` on the Simulator or a device: builds the harness app with the model inside it. */
export async function buildIosHarness(
  run: RunTool,
  settings: Settings,
  platform: 'simulator' | 'device',
  workDir: string,
): Promise<{ path: string; bundleId: string; args: string[] }> {
  const outDir = path.join(workDir, 'harness');
  const bundleId = settings.bundleId ?? DEFAULT_HARNESS_BUNDLE_ID;
  const applicationIdentifier =
    platform === 'device' && settings.provisioningProfile ? deviceApplicationIdentifier(readProfile(settings.provisioningProfile), bundleId) : undefined;
  await runAll(
    run,
    iosHarnessBuildCommands({
      sourceDir: harnessSourceDir(),
      outDir,
      platform,
      model: path.resolve(settings.model!),
      bundleId,
      signingIdentity: settings.signingIdentity,
      provisioningProfile: settings.provisioningProfile,
      applicationIdentifier,
    }),
  );
  return { path: iosHarnessAppPath(outDir), bundleId, args: harnessPlan(settings, iosBundledModelPath(settings.model!), settings.computeUnits, true) };
}

function readProfile(file: string): string {
  try {
    // A .mobileprovision is CMS-signed; its property list is plain XML inside.
    return readFileSync(file, 'latin1');
  } catch (error) {
    throw new InputError('provisioning-profile', `cannot read '${file}' (${(error as NodeJS.ErrnoException).code}); give the path of the .mobileprovision file`);
  }
}
