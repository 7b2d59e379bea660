import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { InputError } from '../src/errors.js';
import { INPUT_NAMES, parseSettings, type RawInputs } from '../src/inputs/settings.js';
import { tempFolder } from './support/temp.js';

const dir = tempFolder('settings');
const program = path.join(dir, 'runner');
writeFileSync(program, '#!/bin/sh\n');
chmodSync(program, 0o755);
const lldb = path.join(dir, 'lldb');
writeFileSync(lldb, '#!/bin/sh\n');
chmodSync(lldb, 0o755);
writeFileSync(path.join(dir, 'not-executable'), '#!/bin/sh\n');
mkdirSync(path.join(dir, 'a-folder'));
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
    // The model check reports a missing model as that model's error; the measurement alone refuses it.
    expect(parseSettings({ model: 'models/Missing.mlmodel' }, env)).toMatchObject({ models: ['models/Missing.mlmodel'], check: 'auto' });
    expect(() => parseSettings({ model: 'models/Missing.mlmodel', check: 'measure' }, env)).toThrow("model: 'models/Missing.mlmodel' does not exist");
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
    [{ command: './nope' }, 'command', "/nope' does not exist; check the path (a relative one starts from the working directory"],
    [{ command: './not-executable' }, 'command', "/not-executable' is not executable; make it executable (chmod +x"],
    [{ command: './a-folder' }, 'command', "/a-folder' is a folder, not a program"],
    [{ command: '' }, 'command', 'needs the program to run'],
    [{ lldb: 'no-such-lldb' }, 'lldb', 'apt-get install -y lldb'],
    [{ name: 'a\nb' }, 'name', 'one line'],
    [{ comment: 'always' }, 'comment', "'always' is not update or off"],
    [{ counting: 'stepped' }, 'counting', "'stepped' is not auto, auto-continue or driven"],
    [{ 'plan-threshold': '101' }, 'plan-threshold', "'101' is not a percentage from 0 to 100"],
    [{ 'max-slowdown': '-5' }, 'max-slowdown', "'-5' is not a percentage of 0 or more"],
    [{ publish: 'reports/*.json' }, 'publish', 'give it without `command` or `model`'],
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

describe('parseSettings: which values each input accepts', () => {
  it.each([
    ['threshold', '0', 'threshold', 0],
    ['threshold', '100', 'threshold', 100],
    ['max-drop', '0', 'maxDrop', 0],
    ['max-drop', '100', 'maxDrop', 100],
    ['plan-threshold', '0', 'planThreshold', 0],
    ['plan-threshold', '100', 'planThreshold', 100],
    ['max-slowdown', '0', 'maxSlowdown', 0],
    ['max-slowdown', '100000', 'maxSlowdown', 100_000],
    ['timeout', '1', 'timeoutSeconds', 1],
    ['timeout', '86400', 'timeoutSeconds', 86_400],
    ['warmup', '0', 'warmup', 0],
    ['predictions', '1', 'predictions', 1],
    ['predictions', '007', 'predictions', 7],
    ['threshold', '+5', 'threshold', 5],
    ['threshold', '5.', 'threshold', 5],
    ['threshold', '.5', 'threshold', 0.5],
    ['threshold', ' 12.5 ', 'threshold', 12.5],
  ] as const)('takes %s: %j at the edge of its range or in another spelling', (input, text, field, expected) => {
    expect(parse({ [input]: text })[field]).toBe(expected);
  });

  it.each([
    ['threshold', '100.1'],
    ['threshold', '5x'],
    ['threshold', 'x5'],
    ['threshold', '1e1'],
    ['threshold', '0x10'],
    ['threshold', '1..2'],
    ['max-drop', '100.5'],
    ['max-drop', '-0.5'],
    ['max-slowdown', '100001'],
    ['timeout', '86401'],
    ['timeout', '0.5'],
    ['warmup', '1.5'],
    ['warmup', 'x1'],
    ['warmup', '1x'],
    ['predictions', '1e3'],
    ['predictions', '9007199254740993'],
  ] as const)('refuses %s: %j', (input, text) => {
    const error = inputError({ [input]: text });
    expect(error.input).toBe(input);
    expect(error.message).toContain(`'${text}' is not`);
  });

  it('says whether a count may be 0', () => {
    expect(inputError({ warmup: 'x' }).message).toBe("warmup: 'x' is not a whole number (0 or more)");
    expect(inputError({ predictions: '0' }).message).toBe("predictions: '0' is not a whole number of at least 1");
  });

  it('reads a blank input as unset, taking its default', () => {
    expect(parse({ threshold: '  ', warmup: '', name: ' ', comment: '', counting: ' ', symbols: '' })).toMatchObject({ threshold: 0, warmup: 1, name: 'runner', comment: 'update', counting: 'auto', symbols: 'auto' });
  });

  it('takes true and false in any case', () => {
    expect(parse({ 'fail-on-inconclusive': 'FALSE', discover: 'True' })).toMatchObject({ failOnInconclusive: false, discover: true });
    expect(parse({ 'fail-on-inconclusive': 'true', discover: 'false' })).toMatchObject({ failOnInconclusive: true, discover: false });
    expect(parse({})).toMatchObject({ discover: false });
  });

  it('takes both comment values', () => {
    expect(parse({ comment: 'off' }).comment).toBe('off');
    expect(parse({ comment: 'update' }).comment).toBe('update');
    expect(parse({}).comment).toBe('update');
  });

  it('refuses command and model together, and either of them with publish', () => {
    mkdirSync(path.join(dir, 'models', 'Tiny.mlmodel'), { recursive: true });
    const both = inputError({ model: 'models/Tiny.mlmodel' });
    expect(both.input).toBe('command');
    expect(both.message).toContain('not both');
    expect(inputError({ publish: 'r/*.json' }).input).toBe('publish');
    expect(() => parseSettings({ publish: 'r/*.json', model: 'models/Tiny.mlmodel' }, env)).toThrow(/^publish: /u);
  });

  it('runs a command on the host only', () => {
    for (const target of ['simulator', 'device']) {
      const error = inputError({ target });
      expect(error.input).toBe('command');
      expect(error.message).toContain(target);
    }
    expect(parse({ target: 'host' }).target).toBe('host');
  });

  it('needs a program or a model only on the host', () => {
    expect(() => parseSettings({}, env)).toThrow(/^command: /u);
    expect(parseSettings({ target: 'simulator', app: 'Runner.app', 'bundle-id': 'com.example' }, env)).toMatchObject({ target: 'simulator', command: undefined, model: undefined });
  });

  it('knows a model by its extension at the end of the name', () => {
    mkdirSync(path.join(dir, 'models', 'Tiny.mlmodelc'), { recursive: true });
    mkdirSync(path.join(dir, 'models', 'Tiny.mlpackage.zip'), { recursive: true });
    expect(parseSettings({ model: 'models/Tiny.mlmodelc' }, env)).toMatchObject({ name: 'Tiny', model: path.join(dir, 'models', 'Tiny.mlmodelc') });
    expect(parseSettings({ model: 'models/Tiny.mlmodel' }, env).name).toBe('Tiny');
    expect(() => parseSettings({ model: 'models/Tiny.mlpackage.zip' }, env)).toThrow(/^model: 'models\/Tiny\.mlpackage\.zip' is not a \.mlpackage/u);
  });

  it('derives the name from the model first, then the scheme, the app and the program', () => {
    expect(parseSettings({ model: 'models/Tiny.mlmodel', scheme: 'S', app: 'A.app' }, env).name).toBe('Tiny');
    expect(parseSettings({ target: 'simulator', scheme: 'S', app: 'build/A.app' }, env).name).toBe('S');
    expect(parseSettings({ target: 'device', app: 'build/Runner.app' }, env).name).toBe('Runner');
    expect(parse({ command: `${program} --flag` }).name).toBe('runner');
    expect(parseSettings({ target: 'simulator' }, env).name).toBe('ane-check');
    expect(parseSettings({ publish: 'r/*.json', scheme: 'S' }, env).name).toBe('ane-check');
    expect(parse({ name: '  My model  ' }).name).toBe('My model');
  });

  it('refuses a name with any control character', () => {
    for (const name of ['a\tb', 'a\u007fb', 'a\u0000b', 'a\u001fb']) expect(inputError({ name }).input).toBe('name');
    expect(parse({ name: 'a ~ b' }).name).toBe('a ~ b');
  });

  it('reads allow-off-ane as a list, and as unset when it names nothing', () => {
    expect(parse({ 'allow-off-ane': 'ios18.gather' }).allowOffAne).toEqual(['ios18.gather']);
    expect(parse({ 'allow-off-ane': ' , ,' })).not.toHaveProperty('allowOffAne');
  });

  it('keeps the inputs it does not check as given', () => {
    expect(
      parseSettings(
        {
          target: 'simulator',
          project: 'A.xcodeproj',
          workspace: 'A.xcworkspace',
          scheme: 'S',
          configuration: 'Release',
          app: 'A.app',
          'bundle-id': 'com.example.a',
          device: 'iPhone 15',
          symbols: 'e5rt',
          baseline: 'auto',
          report: 'out/r.json',
          'github-token': 'ghs_x',
          'baseline-artifact': 'reports',
          junit: 'out/junit.xml',
          'signing-identity': 'Apple Development',
          'provisioning-profile': 'p.mobileprovision',
          'compute-units': 'cpuAndNeuralEngine',
        },
        env,
      ),
    ).toMatchObject({
      project: 'A.xcodeproj',
      workspace: 'A.xcworkspace',
      scheme: 'S',
      configuration: 'Release',
      app: 'A.app',
      bundleId: 'com.example.a',
      device: 'iPhone 15',
      symbols: 'e5rt',
      baseline: 'auto',
      report: 'out/r.json',
      githubToken: 'ghs_x',
      baselineArtifact: 'reports',
      junit: 'out/junit.xml',
      signingIdentity: 'Apple Development',
      provisioningProfile: 'p.mobileprovision',
      computeUnits: 'cpuAndNeuralEngine',
    });
  });

  it('finds a program in PATH past empty, relative and missing entries, and skips a folder of the same name', () => {
    const bin = path.join(dir, 'bin');
    mkdirSync(path.join(bin, 'tool'), { recursive: true });
    const other = path.join(dir, 'other');
    mkdirSync(other, { recursive: true });
    writeFileSync(path.join(other, 'tool'), '#!/bin/sh\n');
    chmodSync(path.join(other, 'tool'), 0o755);
    const lookup = { ...env, path: ['', path.join(dir, 'missing'), 'bin', 'other'].join(path.delimiter) };
    expect(parseSettings({ command: 'tool a', lldb: lldb }, lookup).command).toEqual([path.join(other, 'tool'), 'a']);
    // A relative path is taken from the working directory, not looked up in PATH.
    expect(parseSettings({ command: './runner', lldb: lldb }, { ...lookup, path: '' }).command).toEqual([program]);
    // And a bare name is looked up in PATH only, as a shell does: one in the working directory is not found.
    expect(() => parseSettings({ command: 'runner', lldb: lldb }, { ...lookup, path: other })).toThrow("command: 'runner' is not found in PATH; give its path (./name for one in the working directory)");
  });

  it('runs the lldb given, with its arguments', () => {
    expect(parse({ lldb: `${lldb} --no-use-colors` }).lldb).toEqual([lldb, '--no-use-colors']);
    expect(parse({ lldb: '  ' }).lldb).toEqual([lldb]);
  });
});

describe('parseSettings: what each refusal names', () => {
  it('names the input whose value it cannot split or read', () => {
    expect(inputError({ command: 'runner "unclosed' }).input).toBe('command');
    expect(inputError({ lldb: 'lldb "unclosed' }).input).toBe('lldb');
    expect(inputError({ discover: 'maybe' }).message).toBe("discover: 'maybe' is not true or false");
    expect(inputError({ target: 'watch' }).message).toBe("target: 'watch' is not a target; use host, simulator or device");
  });

  it('reads an input given as an empty string, as the Action gets every input it was not given, as not given', () => {
    const empty = Object.fromEntries(INPUT_NAMES.filter((name) => name !== 'command').map((name) => [name, ''])) as RawInputs;
    expect(parse(empty)).toEqual(parse({}));
  });

  it('refuses a command or an LLDB whose program is a quoted empty word', () => {
    expect(inputError({ command: "'' --flag" }).message).toBe('command: names no program; give the program to run and its arguments');
    expect(inputError({ command: 'runner', lldb: '""' }).message).toBe('lldb: names no program; give the debugger to run, e.g. lldb');
  });

  it('takes a fraction of several digits', () => {
    expect(parse({ threshold: '.55' }).threshold).toBe(0.55);
    expect(parse({ 'max-drop': '2.25' }).maxDrop).toBe(2.25);
  });

  it('does not take a program in the working directory for one in PATH, even with an empty PATH entry', () => {
    const error = (() => {
      try {
        parseSettings({ command: 'runner' }, { ...env, path: `${path.delimiter}${path.join(dir, 'missing')}` });
      } catch (caught) {
        return caught as InputError;
      }
      throw new Error('accepted');
    })();
    expect(error.message).toMatch(/^command: 'runner' is not found in PATH/u);
  });

  it('drops only the extension at the end of a model or an app name', () => {
    mkdirSync(path.join(dir, 'models', 'resnet.mlmodel-converted.mlpackage'), { recursive: true });
    expect(parseSettings({ model: 'models/resnet.mlmodel-converted.mlpackage' }, env).name).toBe('resnet.mlmodel-converted');
    expect(parseSettings({ target: 'device', app: 'build/Widget.appex.app' }, env).name).toBe('Widget.appex');
  });
});

describe('the model check inputs', () => {
  const model = (raw: RawInputs) => parseSettings(raw, env);

  it('reads check, base-model and fail-on with their defaults', () => {
    expect(model({ model: 'a.mlmodel' })).toMatchObject({ check: 'auto', baseModel: 'auto', failOn: 'new', models: ['a.mlmodel'], model: path.join(dir, 'a.mlmodel') });
    expect(model({ model: 'a.mlmodel', check: 'both', 'base-model': 'base/a.mlmodel', 'fail-on': 'warning' })).toMatchObject({ check: 'both', baseModel: 'base/a.mlmodel', failOn: 'warning' });
    for (const failOn of ['new', 'error', 'warning', 'never']) expect(model({ model: 'a.mlmodel', 'fail-on': failOn }).failOn).toBe(failOn);
    expect(() => model({ model: 'a.mlmodel', check: 'lint' })).toThrow("check: 'lint' is not auto, static, measure or both");
    expect(() => model({ model: 'a.mlmodel', 'fail-on': 'errors' })).toThrow("fail-on: 'errors' is not new, error, warning or never");
  });

  it('takes several paths and globs, one per line, for the model check, and names the run after them', () => {
    const settings = model({ model: ' Models/**/*.mlpackage \n\n extra/b.mlmodelc ' });
    expect(settings).toMatchObject({ models: ['Models/**/*.mlpackage', 'extra/b.mlmodelc'], model: undefined, name: 'Models/**/*.mlpackage, extra/b.mlmodelc' });
    // A glob names models by what it matches; a path must name a model.
    expect(() => model({ model: 'Models/**/*.mlpackage\nnotes.txt' })).toThrow("model: 'notes.txt' is not a .mlpackage, .mlmodel or .mlmodelc");
  });

  it('refuses to measure several models at once, or none', () => {
    expect(() => model({ model: 'Models/*.mlmodel', check: 'measure' })).toThrow('model: names several models (Models/*.mlmodel); the measurement runs one');
    expect(() => model({ model: 'a.mlmodel\nb.mlmodel', check: 'both' })).toThrow('model: names several models (a.mlmodel, b.mlmodel)');
    expect(() => parse({ check: 'static' })).toThrow('model: `check: static` reads model files: give model (a path or a glob)');
    // A measurement of a command names no model; both checks of a missing model leave it to the model check to report.
    expect(parse({ check: 'measure' })).toMatchObject({ check: 'measure', models: [] });
    expect(model({ model: 'Missing.mlmodel', check: 'both' })).toMatchObject({ models: ['Missing.mlmodel'], model: path.join(dir, 'Missing.mlmodel') });
  });

  it('lets the model check read a model beside a command that is measured', () => {
    expect(parse({ model: 'a.mlmodel', check: 'static' })).toMatchObject({ command: [program, '--fast'], models: ['a.mlmodel'], model: undefined });
    expect(() => parse({ model: 'a.mlmodel' })).toThrow('command: give either `command` or `model` to measure, not both');
  });
});
