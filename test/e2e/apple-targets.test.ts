// The simulator and device flows end to end on Linux: a stand-in xcrun (test/fixtures/xcrun) answers
// simctl and devicectl as the real tools do and starts the fixture held for the debugger; the real LLDB
// attaches to it by pid.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { runFromInputs } from '../../src/main.js';
import type { RawInputs } from '../../src/inputs/settings.js';
import { SIMULATOR_HAS_NO_ANE } from '../../src/targets/ane-presence.js';
import { FIXTURE, ROOT } from '../support/paths.js';
import { processesWith, uniqueTag } from '../support/processes.js';
import { readValidReport } from '../support/report-schema.js';
import { runNode } from '../support/run-action.js';
import { tempFolder } from '../support/temp.js';

const dir = tempFolder('apple');
const standIn = path.join(ROOT, 'test', 'fixtures', 'xcrun');
const app = path.join(dir, 'ModelRunner.app');
const callLog = path.join(dir, 'xcrun-calls.jsonl');
const saved = { ...process.env };

beforeAll(() => {
  mkdirSync(app);
  writeFileSync(path.join(app, 'Info.plist'), '<plist/>');
  process.env.PATH = `${standIn}${path.delimiter}${process.env.PATH}`;
  process.env.ANE_CHECK_FAKE_LOG = callLog;
});
afterAll(() => {
  process.env = saved;
});
beforeEach(() => {
  writeFileSync(callLog, '');
  process.env.ANE_CHECK_FAKE_STATE = path.join(dir, uniqueTag());
});

function calls(): string[][] {
  return readFileSync(callLog, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as string[]);
}

async function measureApp(target: 'simulator' | 'device', appArgs: string[], inputs: RawInputs = {}, fake: Record<string, string> = {}) {
  const tag = uniqueTag();
  process.env.ANE_CHECK_FAKE_APP = JSON.stringify([FIXTURE, ...appArgs, '--tag', tag]);
  Object.assign(process.env, fake);
  const env = { platform: process.platform, path: process.env.PATH ?? '', cwd: dir, commit: null };
  const report = path.join(dir, `${tag}.json`);
  const { reports } = await runFromInputs(
    { target, app, 'bundle-id': 'com.example.ModelRunner', symbols: 'espresso', lldb: 'xcrun lldb', report, ...inputs },
    env,
    { idle: { minimumMs: 3_000, gapFactor: 4, withoutGapMs: 1_000 }, waits: { deviceSelectMs: 5_000, deviceRetryMs: 200, attachMs: 2_000 } },
  ).finally(() => {
    for (const name of Object.keys(fake)) delete process.env[name];
  });
  expect(processesWith(tag)).toEqual([]);
  expect(await readValidReport(inputs.report ?? report)).toEqual(JSON.parse(JSON.stringify(reports[0])));
  return reports[0]!;
}

describe('target: simulator', () => {
  it('attaches to the app launched waiting for the debugger, counts CPU and GPU, and is inconclusive for the ANE', async () => {
    const report = await measureApp('simulator', ['--plan', 'ane=1,gpu=1,cpu=2', '--predictions', '40', '--then', 'idle']);
    expect(report.status).toBe('inconclusive');
    expect(report.coverage).toBeNull();
    expect(report.reasons).toEqual([SIMULATOR_HAS_NO_ANE]);
    expect(report.predictions).toEqual({ observed: 12, warmup: 1, counted: 10, requested: 10 });
    expect(report.engines.gpu).toMatchObject({ dispatches: 10, perPrediction: 1 });
    expect(report.engines.cpu).toMatchObject({ dispatches: 20, perPrediction: 2 });
    expect(report.environment.device).toBe('iPhone 15 (iOS 17.5, simulator A1B2C3D4-0000-4000-8000-000000000015)');
    expect(report.fallbackReasons).toEqual([
      '[com.apple.espresso:default] Unsupported op 27 (type: gather_nd) for ANE; layer will run on the CPU',
      '[com.apple.espresso:default] kernel size > 13 is not supported in ANE (pool_3)',
      '[com.apple.espresso:default] ANECCompile() FAILED: 3',
    ]);
    const udid = 'A1B2C3D4-0000-4000-8000-000000000015';
    // (`xcrun lldb` is the real LLDB, run by the stand-in's shell part: it is not in the call log.)
    expect(calls()).toEqual([
      ['simctl', 'list', 'devices', 'available', '-j'],
      ['simctl', 'install', udid, app],
      ['simctl', 'launch', '--wait-for-debugger', '--terminate-running-process', expect.stringMatching(/^--stdout=\/.*\/target-stdout\.txt$/u), expect.stringMatching(/^--stderr=\/.*\/target-stderr\.txt$/u), udid, 'com.example.ModelRunner'],
      ['simctl', 'spawn', udid, 'log', 'stream', '--style', 'compact', '--level', 'debug', '--predicate', 'subsystem IN {"com.apple.espresso","com.apple.coreml"}'],
      // --stdout= caught nothing (the stand-in behaves as public drivers found simctl to): the app's files come from its container.
      ['simctl', 'get_app_container', udid, 'com.example.ModelRunner', 'data'],
      ['simctl', 'terminate', udid, 'com.example.ModelRunner'],
    ]);
    expect(processesWith('simctl spawn')).toEqual([]);
  });

  it('boots the simulator it is given by name, and ends an idle app', async () => {
    const report = await measureApp('simulator', ['--predictions', '6', '--then', 'idle'], { device: 'iPhone 16 Pro', predictions: '5' });
    // The Simulator has no ANE: a complete window, and still inconclusive.
    expect(report).toMatchObject({ status: 'inconclusive', coverage: null });
    expect(report.run.windowEnd).toBe('idle');
    expect(report.predictions.counted).toBe(5);
    const udid = 'A1B2C3D4-0000-4000-8000-000000000016';
    expect(calls().slice(0, 4)).toEqual([
      ['simctl', 'list', 'devices', 'available', '-j'],
      ['simctl', 'boot', udid],
      ['simctl', 'bootstatus', udid, '-b'],
      ['simctl', 'install', udid, app],
    ]);
  });

  it('drives the stops after attaching by pid, without taking the attach stop for the end, and reads the app\'s evidence lines', async () => {
    const report = await measureApp('simulator', ['--plan', 'ane=1,gpu=1,cpu=2', '--predictions', '40', '--then', 'idle', '--evidence', 'no-ane'], { counting: 'driven' });
    // The app's standard output, kept by simctl launch --stdout, carries its compute plan and timings.
    expect(report.plan).toMatchObject({ aneCostShare: null, offAne: expect.arrayContaining([expect.objectContaining({ op: 'ios18.conv', device: 'gpu' })]) });
    expect(report.latency?.runs.map((run) => run.computeUnits)).toEqual(['all', 'cpuOnly']);
    expect(report.reasons).toEqual([SIMULATOR_HAS_NO_ANE]);
    expect(report.predictions).toEqual({ observed: 12, warmup: 1, counted: 10, requested: 10 });
    expect(report.engines.cpu).toMatchObject({ dispatches: 20, minPerPrediction: 2, maxPerPrediction: 2 });
    expect(report.run.counting).toMatchObject({ mode: 'driven' });
  });

  it('names the device input when no simulator matches', async () => {
    const report = await measureApp('simulator', [], { device: 'iPhone 3G' });
    expect(report.status).toBe('error');
    expect(report.reasons).toEqual(["device: no available simulator is named or identified 'iPhone 3G'; see xcrun simctl list devices available"]);
  });
});

describe('target: simulator with the project built by xcodebuild', () => {
  it('builds the scheme for the chosen simulator, finds the app in the build settings, and measures it', async () => {
    const report = await measureApp('simulator', ['--predictions', '40', '--then', 'idle'], { project: 'App/ModelRunner.xcodeproj', scheme: 'ModelRunner', app: '', 'bundle-id': '' });
    expect(report.status).toBe('inconclusive');
    expect(report.engines.cpu.dispatches).toBeGreaterThan(0);
    const made = calls();
    const udid = 'A1B2C3D4-0000-4000-8000-000000000015';
    const build = made.find((call) => call[0] === 'xcodebuild' && call.at(-1) === 'build')!;
    expect(build).toEqual(expect.arrayContaining(['-project', 'App/ModelRunner.xcodeproj', '-scheme', 'ModelRunner', '-destination', `platform=iOS Simulator,id=${udid}`]));
    const install = made.find((call) => call[1] === 'install')!;
    expect(install[3]).toMatch(/DerivedData\/Build\/Products\/Debug-iphonesimulator\/ModelRunner\.app$/u);
    expect(made.find((call) => call[1] === 'launch')).toContain('com.example.ModelRunner');
  });

  it('reports a failed build with its first compiler error', async () => {
    process.env.ANE_CHECK_FAKE_BUILD = 'fail';
    try {
      const report = await measureApp('simulator', [], { project: 'App/ModelRunner.xcodeproj', scheme: 'ModelRunner', app: '', 'bundle-id': '' });
      expect(report.status).toBe('error');
      expect(report.reasons[0]).toContain("xcodebuild could not build scheme 'ModelRunner' (exit status 65): /Users/ci/work/App/ModelRunner/Runner.swift:42:17: cannot find 'MobileNetV3' in scope");
      expect(calls().some((call) => call[1] === 'launch')).toBe(false);
    } finally {
      delete process.env.ANE_CHECK_FAKE_BUILD;
    }
  });
});

describe('the command line with an Xcode project', () => {
  it('prints the build as plain text, without the runner\'s workflow commands', async () => {
    const tag = uniqueTag();
    const env = { ...process.env, ANE_CHECK_FAKE_APP: JSON.stringify([FIXTURE, '--predictions', '40', '--then', 'idle', '--tag', tag]) };
    const result = await runNode(path.join(ROOT, 'dist', 'cli', 'index.js'), ['--target', 'simulator', '--project', 'App/ModelRunner.xcodeproj', '--scheme', 'ModelRunner', '--lldb', 'xcrun lldb', '--symbols', 'espresso', '--report', path.join(dir, `${tag}.json`)], env);
    expect(result.stdout).toContain('$ xcrun xcodebuild -project App/ModelRunner.xcodeproj -scheme ModelRunner');
    expect(result.stdout).not.toContain('::group::');
    expect(result.stdout).toContain('ane-check: ModelRunner: inconclusive');
    expect(result.code).toBe(2);
    expect(processesWith(tag)).toEqual([]);
  });
});

describe('target: device', () => {
  const id = '5F1C7E8A-3B2D-4C6E-9A1F-2D3E4F5A6B7C';

  it('measures the app on a quiet device (tunnel idle) that LLDB finds only on the second device select', async () => {
    const report = await measureApp('device', ['--predictions', '40', '--then', 'idle', '--evidence', 'agree'], {}, { ANE_CHECK_FAKE_TUNNEL: 'disconnected', ANE_CHECK_FAKE_DISCOVERY: 'late' });
    expect(report).toMatchObject({ status: 'pass', coverage: 40 });
    // The evidence lines come back from the app's container.
    expect(report).toMatchObject({ plan: { aneCostShare: 70 }, agreement: { status: 'agrees' }, latency: { aneSpeedup: 4 } });
    expect(report.predictions).toMatchObject({ warmup: 1, counted: 10, requested: 10 });
    expect(report.engines.ane).toMatchObject({ dispatches: 20, minPerPrediction: 2, maxPerPrediction: 2 });
    expect(report.environment.device).toBe("CI's iPhone (iOS 17.5.1, 00008120-001A2B3C4D5E6F70)");
    expect(report.run.counting).toMatchObject({ mode: 'auto-continue' });
    const made = calls();
    expect(made[0]!.slice(0, 4)).toEqual(['devicectl', 'list', 'devices', '--json-output']);
    expect(made[1]).toEqual(['devicectl', 'device', 'install', 'app', '--device', id, app]);
    expect(made[2]!.slice(0, 9)).toEqual(['devicectl', 'device', 'process', 'launch', '--device', id, '--start-stopped', '--terminate-existing', '--json-output']);
    // The stand-in LLDB's device command: refused once, listed, then selected.
    expect(made.filter((call) => call[0] === 'lldb-device').map((call) => call.slice(1, 2))).toEqual([['select'], ['list'], ['select']]);
    expect(made).toContainEqual(['devicectl', 'device', 'copy', 'from', '--device', id, '--domain-type', 'appDataContainer', '--domain-identifier', 'com.example.ModelRunner', '--source', 'Documents/ane-check-evidence.txt', '--destination', expect.stringMatching(/device-evidence\.txt$/u)]);
    expect(made.at(-1)!.slice(0, 6)).toEqual(['devicectl', 'device', 'process', 'terminate', '--device', id]);
  });

  it('builds the scheme for the device, letting xcodebuild provision it, and measures the app', async () => {
    const report = await measureApp('device', ['--predictions', '40', '--then', 'idle'], { project: 'App/ModelRunner.xcodeproj', scheme: 'ModelRunner', app: '', 'bundle-id': '' });
    expect(report).toMatchObject({ status: 'pass', coverage: 40 });
    const build = calls().find((call) => call[0] === 'xcodebuild' && call.at(-1) === 'build')!;
    expect(build).toEqual(expect.arrayContaining(['-destination', 'platform=iOS,id=00008120-001A2B3C4D5E6F70', '-allowProvisioningUpdates', '-allowProvisioningDeviceRegistration']));
    expect(calls()).toContainEqual(['devicectl', 'device', 'install', 'app', '--device', id, expect.stringMatching(/\/Debug-iphoneos\/ModelRunner\.app$/u)]);
  });

  it('quotes the end of the app\'s error output, copied from its container, when it fails', async () => {
    const report = await measureApp('device', ['--no-such-flag']);
    expect(report.status).toBe('error');
    expect(report.reasons[0]).toMatch(/^The target exited with status 64/u);
    expect(report.run.targetErrorOutput).toEqual(['espresso-sim: unknown flag --no-such-flag']);
  });

  it('counts by driving every breakpoint stop with an LLDB reported to lose auto-continue hits, with the same figures', async () => {
    const report = await measureApp('device', ['--predictions', '40', '--then', 'idle'], {}, { ANE_CHECK_FAKE_LLDB_VERSION: 'lldb-1704.0.20.4' });
    expect(report).toMatchObject({ status: 'pass', coverage: 40 });
    expect(report.engines.ane).toMatchObject({ dispatches: 20, minPerPrediction: 2, maxPerPrediction: 2 });
    expect(report.run.counting).toMatchObject({ mode: 'driven', reason: expect.stringContaining('lldb-1704') });
    expect(report.run.counting!.continued).toBeGreaterThan(10 * 5);
    expect(report.environment.lldb).toBe('lldb-1704.0.20.4');
  });

  it('reads a stop that LLDB prints after its prompt as the stop, attaching and driving the stops as usual', async () => {
    const report = await measureApp('device', ['--predictions', '40', '--then', 'idle'], { counting: 'driven' }, { ANE_CHECK_FAKE_PROMPTED_EVENTS: '1' });
    expect(report).toMatchObject({ status: 'pass', coverage: 40 });
    expect(report.engines.ane).toMatchObject({ dispatches: 20, minPerPrediction: 2, maxPerPrediction: 2 });
    expect(report.run.counting!.continued).toBeGreaterThan(10 * 5);
  });

  it('gives up on an attach that never completes, saying what it waited for, and leaves nothing running', async () => {
    const report = await measureApp('device', ['--predictions', '40', '--then', 'idle'], {}, { ANE_CHECK_FAKE_ATTACH: 'stall' });
    expect(report.status).toBe('error');
    expect(report.reasons[0]).toMatch(/^LLDB did not finish attaching to process \d+ on the device within 2 s \(waited for "Process \d+ stopped"\)/u);
  });

  it('refuses a device whose tunnel is unavailable, saying what to do', async () => {
    const report = await measureApp('device', [], {}, { ANE_CHECK_FAKE_TUNNEL: 'unavailable' });
    expect(report.status).toBe('error');
    expect(report.reasons[0]).toMatch(/^device: /u);
    expect(calls().some((call) => call[1] === 'device' && call[2] === 'install')).toBe(false);
  });

  it('explains an LLDB without the device command', async () => {
    const report = await measureApp('device', ['--predictions', '40', '--then', 'idle'], {}, { ANE_CHECK_FAKE_DEVICE_COMMAND: 'absent' });
    expect(report.status).toBe('error');
    expect(report.reasons[0]).toContain('This LLDB has no `device` command: attaching to an app on an iOS 17 or later device needs the LLDB of Xcode 26 or later.');
    expect(calls().at(-1)!.slice(0, 6)).toEqual(['devicectl', 'device', 'process', 'terminate', '--device', id]);
  });
});
