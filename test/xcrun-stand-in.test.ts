// The stand-in xcrun (test/fixtures/xcrun/xcrun.mjs) that the end-to-end tests run: its devicectl device list
// and its simctl launch, checked without LLDB.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { parseDevices } from '../src/targets/device.js';
import { ROOT } from './support/paths.js';
import { tempFolder } from './support/temp.js';

const STAND_IN = path.join(ROOT, 'test', 'fixtures', 'xcrun', 'xcrun.mjs');

function xcrun(args: string[], env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, [STAND_IN, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the stand-in xcrun', () => {
  const dir = tempFolder('xcrun-stand-in');
  const state = { ANE_CHECK_FAKE_STATE: path.join(dir, 'state') };

  it.each([
    [undefined, 'connected', true],
    ['connected', 'connected', true],
    ['disconnected', 'disconnected', true],
    ['unavailable', 'unavailable', false],
  ])('lists its iPhone with the tunnel ANE_CHECK_FAKE_TUNNEL=%s says', (tunnel, tunnelState, usable) => {
    const output = path.join(dir, `devices-${tunnel ?? 'default'}.json`);
    const stdout = xcrun(['devicectl', 'list', 'devices', '--json-output', output], { ...state, ...(tunnel ? { ANE_CHECK_FAKE_TUNNEL: tunnel } : {}) });
    const [watch, device] = parseDevices(readFileSync(output, 'utf8'));
    expect(watch).toMatchObject({ name: "CI's Apple Watch", platform: 'watchOS', usable: true });
    expect(device).toMatchObject({ name: "CI's iPhone", platform: 'iOS', pairingState: 'paired', tunnelState, usable });
    expect(stdout).toContain(usable ? 'available (paired)' : 'unavailable');
  });

  it('refuses a tunnel state devicectl does not report', () => {
    expect(() => xcrun(['devicectl', 'list', 'devices', '--json-output', path.join(dir, 'x.json')], { ...state, ANE_CHECK_FAKE_TUNNEL: 'up' })).toThrow();
  });

  function appScript(): string {
    const app = path.join(dir, 'app.sh');
    writeFileSync(app, '#!/bin/sh\necho "out $*"\necho "err $*" >&2\n');
    chmodSync(app, 0o755);
    return app;
  }
  const launch = (stdoutPath: string, stderrPath: string, env: Record<string, string>) =>
    xcrun(['simctl', 'launch', '--wait-for-debugger', '--terminate-running-process', `--stdout=${stdoutPath}`, `--stderr=${stderrPath}`, 'A1B2C3D4-0000-4000-8000-000000000015', 'com.example.app', '--idle'], {
      ...state,
      ANE_CHECK_FAKE_APP: JSON.stringify([appScript()]),
      ...env,
    });

  it('leaves the files of simctl launch --stdout= and --stderr= empty, and keeps the output in the app\'s data container', async () => {
    const stdoutPath = path.join(dir, 'app out.txt');
    const stderrPath = path.join(dir, 'app err.txt');
    expect(() => xcrun(['simctl', 'get_app_container', 'A1B2C3D4-0000-4000-8000-000000000015', 'com.example.app', 'data'], state)).toThrow();
    expect(launch(stdoutPath, stderrPath, {})).toMatch(/^com\.example\.app: \d+\n$/u);
    const container = xcrun(['simctl', 'get_app_container', 'A1B2C3D4-0000-4000-8000-000000000015', 'com.example.app', 'data'], state).trim();
    const errors = path.join(container, 'Documents', 'ane-check-stderr.txt');
    await until(() => existsSync(errors) && readFileSync(errors, 'utf8').includes('\n'));
    expect(readFileSync(path.join(container, 'Documents', 'ane-check-evidence.txt'), 'utf8')).toBe('out --wait-for-debugger --idle\n');
    expect(readFileSync(errors, 'utf8')).toBe('err --wait-for-debugger --idle\n');
    expect(readFileSync(stdoutPath, 'utf8')).toBe('');
    expect(readFileSync(stderrPath, 'utf8')).toBe('');
  });

  it('gives the launched app the files of simctl launch --stdout= and --stderr= with ANE_CHECK_FAKE_SIM_STDOUT=file', async () => {
    const stdoutPath = path.join(dir, 'app out 2.txt');
    const stderrPath = path.join(dir, 'app err 2.txt');
    launch(stdoutPath, stderrPath, { ANE_CHECK_FAKE_SIM_STDOUT: 'file' });
    await until(() => existsSync(stderrPath) && readFileSync(stderrPath, 'utf8').includes('\n'));
    expect(readFileSync(stdoutPath, 'utf8')).toBe('out --wait-for-debugger --idle\n');
    expect(readFileSync(stderrPath, 'utf8')).toBe('err --wait-for-debugger --idle\n');
  });

  it('fails a device build without the provisioning flags, as a fresh runner with automatic signing does', () => {
    const build = (flags: string[]) =>
      xcrun(['xcodebuild', '-project', 'A.xcodeproj', '-scheme', 'A', '-destination', 'platform=iOS,id=00008120-001A2B3C4D5E6F70', '-derivedDataPath', path.join(dir, 'dd'), ...flags, 'build'], state);
    // xcodebuild prints its errors on standard output, and exits 65.
    const failure = (flags: string[]) => {
      try {
        build(flags);
      } catch (error) {
        return { status: (error as { status: number }).status, stdout: String((error as { stdout: string }).stdout) };
      }
      throw new Error('the build succeeded');
    };
    expect(failure([])).toEqual({ status: 65, stdout: expect.stringContaining("error: No profiles for 'com.example.A' were found") });
    expect(failure(['-allowProvisioningUpdates'])).toEqual({ status: 65, stdout: expect.stringContaining('error: Your team has no devices') });
    expect(build(['-allowProvisioningUpdates', '-allowProvisioningDeviceRegistration'])).toContain('** BUILD SUCCEEDED **');
    expect(existsSync(path.join(dir, 'dd', 'Build', 'Products', 'Debug-iphoneos', 'A.app', 'Info.plist'))).toBe(true);
  });
});
