import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { InputError } from '../src/errors.js';
import { parseSettings, type RawInputs } from '../src/settings.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'settings-test-'));
const program = path.join(dir, 'runner');
writeFileSync(program, '#!/bin/sh\n');
chmodSync(program, 0o755);
const lldb = path.join(dir, 'lldb');
writeFileSync(lldb, '#!/bin/sh\n');
chmodSync(lldb, 0o755);
const env = { platform: 'linux' as const, path: dir, cwd: dir };

function parse(raw: RawInputs) {
  return parseSettings({ command: 'runner --fast', ...raw }, env);
}

function inputError(raw: RawInputs): InputError {
  try {
    parse(raw);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('parseSettings', () => {
  it('applies the contract defaults', () => {
    expect(parse({})).toMatchObject({
      target: 'host',
      command: [program, '--fast'],
      symbols: 'auto',
      warmup: 1,
      predictions: 10,
      timeoutSeconds: 300,
      threshold: 0,
      maxDrop: undefined,
      name: 'runner',
      report: 'ane-report.json',
      failOnInconclusive: true,
      lldb: [lldb],
      counting: 'auto',
    });
  });

  it('reads the plan and latency gates', () => {
    expect(parse({ 'plan-threshold': '60', 'allow-off-ane': ' ios18.gather, ios18.softmax ,', 'max-slowdown': '25' })).toMatchObject({
      planThreshold: 60,
      allowOffAne: ['ios18.gather', 'ios18.softmax'],
      maxSlowdown: 25,
    });
    expect(parse({})).toMatchObject({ planThreshold: undefined, maxSlowdown: undefined });
    expect(parse({}).allowOffAne).toBeUndefined();
  });

  it('takes a counting mode', () => {
    expect(parse({ counting: 'driven' }).counting).toBe('driven');
    expect(parse({ counting: 'auto-continue' }).counting).toBe('auto-continue');
  });

  it('reads every gate and count', () => {
    expect(parse({ threshold: '40.5', 'max-drop': '5', warmup: '0', predictions: '3', timeout: '20', 'fail-on-inconclusive': 'false', name: 'MobileNet' })).toMatchObject({
      threshold: 40.5,
      maxDrop: 5,
      warmup: 0,
      predictions: 3,
      timeoutSeconds: 20,
      failOnInconclusive: false,
      name: 'MobileNet',
    });
  });

  it('derives the name from a model, and checks that the model is there', () => {
    mkdirSync(path.join(dir, 'models', 'MobileNetV2.mlpackage'), { recursive: true });
    expect(parseSettings({ model: 'models/MobileNetV2.mlpackage' }, env)).toMatchObject({ name: 'MobileNetV2', model: path.join(dir, 'models', 'MobileNetV2.mlpackage'), computeUnits: 'all' });
    expect(() => parseSettings({ model: 'models/Missing.mlmodel' }, env)).toThrow("model: 'models/Missing.mlmodel' does not exist");
    expect(() => parseSettings({ model: 'models/notes.txt' }, env)).toThrow('is not a .mlpackage, .mlmodel or .mlmodelc');
    expect(() => parseSettings({ model: 'models/MobileNetV2.mlpackage', 'compute-units': 'npu' }, env)).toThrow('compute-units');
  });

  it.each([
    [{ threshold: 'abc' }, 'threshold', "'abc' is not a percentage from 0 to 100"],
    [{ threshold: '140' }, 'threshold', "'140' is not a percentage"],
    [{ threshold: '-1' }, 'threshold', 'not a percentage'],
    [{ 'max-drop': 'x' }, 'max-drop', 'not percentage points'],
    [{ warmup: '-1' }, 'warmup', "'-1' is not a whole number (0 or more)"],
    [{ predictions: '0' }, 'predictions', 'of at least 1'],
    [{ predictions: '2.5' }, 'predictions', 'not a whole number'],
    [{ timeout: '0' }, 'timeout', 'not a number of seconds'],
    [{ 'fail-on-inconclusive': 'yes' }, 'fail-on-inconclusive', 'not true or false'],
    [{ target: 'watch' }, 'target', 'use host, simulator or device'],
    [{ command: 'missing-program' }, 'command', "'missing-program' is not found in PATH"],
    [{ command: './nope' }, 'command', 'is not an executable file'],
    [{ command: '' }, 'command', 'needs the program to run'],
    [{ lldb: 'no-such-lldb' }, 'lldb', 'apt-get install -y lldb'],
    [{ name: 'a\nb' }, 'name', 'one line'],
    [{ comment: 'always' }, 'comment', "'always' is not update or off"],
    [{ counting: 'stepped' }, 'counting', "'stepped' is not auto, auto-continue or driven"],
    [{ 'plan-threshold': '101' }, 'plan-threshold', "'101' is not a percentage from 0 to 100"],
    [{ 'max-slowdown': '-5' }, 'max-slowdown', "'-5' is not a percentage of 0 or more"],
    [{ publish: 'reports/*.json' }, 'publish', 'give it without command or model'],
  ])('refuses %j, naming %s', (raw, input, message) => {
    const error = inputError(raw as RawInputs);
    expect(error.input).toBe(input);
    expect(error.message).toContain(message);
  });

  it('derives the name from the scheme or the app when there is no model', () => {
    expect(parseSettings({ target: 'simulator', project: 'A.xcodeproj', scheme: 'ModelRunner' }, env).name).toBe('ModelRunner');
    expect(parseSettings({ target: 'device', app: 'build/Runner.app', 'bundle-id': 'com.example.runner' }, env).name).toBe('Runner');
  });

  it('publishes without a program or a debugger, under one name', () => {
    const settings = parseSettings({ publish: 'reports/**/ane-report.json', lldb: 'no-such-lldb' }, env);
    expect(settings).toMatchObject({ publish: 'reports/**/ane-report.json', command: undefined, lldb: [], name: 'ane-check', comment: 'update', baselineArtifact: 'ane-report' });
  });

  it('defaults to xcrun lldb on macOS', () => {
    const xcrun = path.join(dir, 'xcrun');
    writeFileSync(xcrun, '#!/bin/sh\n');
    chmodSync(xcrun, 0o755);
    expect(parseSettings({ command: 'runner' }, { ...env, platform: 'darwin' }).lldb).toEqual([xcrun, 'lldb']);
  });
});
