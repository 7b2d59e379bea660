import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { BUILT_IN_PROFILES } from '../src/profiles/built-in.js';
import { describeJsonError, mergeProfiles, probePattern, resolveProfile, validateProfile } from '../src/profiles/profile.js';
import { tempFolder } from './support/temp.js';

const dir = tempFolder('profiles');
function profileFile(content: string): string {
  const file = path.join(dir, `p${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, content);
  return file;
}

const valid = {
  name: 'mine',
  probes: [
    { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]' },
    { engine: 'cpu', role: 'dispatch', regex: '^Espresso::.*_kernel_cpu::__launch' },
    { role: 'prediction', symbol: 'Espresso::net::__forward' },
  ],
};

describe('resolveProfile', () => {
  it('merges every built-in profile for auto, without repeating a probe', async () => {
    const auto = await resolveProfile('auto');
    expect(auto.parts).toEqual(['espresso', 'e5rt']);
    const all = BUILT_IN_PROFILES.espresso.probes.length + BUILT_IN_PROFILES.e5rt.probes.length;
    expect(auto.probes.length).toBe(all - 2); // -[_ANEModel program] and the *_kernel_cpu regex are in both
    expect(auto.probes.filter((probe) => probe.role === 'prediction').map((probe) => [probe.symbol, probe.runtimes])).toEqual([
      ['-[MLNeuralNetworkEngine predictionFromFeatures:options:error:]', ['espresso']],
      ['Espresso::net::__forward', ['espresso']],
      ['-[MLE5Engine predictionFromFeatures:options:error:]', ['e5rt']],
      ['-[MLE5Engine predictionFromFeatures:usingState:options:error:]', ['e5rt']],
      ['-[MLE5Engine predictionsFromBatch:options:error:]', ['e5rt']],
      ['-[MLE5Engine submitPredictionRequest:completionHandler:]', ['e5rt']],
      ['-[MLE5Engine _predictionFromFeatures:options:completionHandler:]', ['e5rt']],
    ]);
    // A probe in both profiles belongs to both runtimes, and is set once.
    expect(auto.probes.filter((probe) => probe.symbol === '-[_ANEModel program]')).toEqual([
      { engine: 'ane', role: 'marker', symbol: '-[_ANEModel program]', module: 'AppleNeuralEngine', runtimes: ['espresso', 'e5rt'] },
    ]);
  });

  it('names the image of every built-in probe, so that LLDB searches one image', () => {
    for (const profile of Object.values(BUILT_IN_PROFILES)) {
      for (const probe of profile.probes) expect(['Espresso', 'AppleNeuralEngine', 'CoreML']).toContain(probe.module);
    }
  });

  it('has one ANE dispatch probe per built-in profile: two on one call path would count an ANE dispatch twice', () => {
    for (const profile of Object.values(BUILT_IN_PROFILES)) {
      expect(profile.probes.filter((probe) => probe.engine === 'ane' && probe.role === 'dispatch')).toHaveLength(1);
    }
  });

  it('gives a built-in profile by name', async () => {
    expect((await resolveProfile('e5rt')).probes).toEqual(BUILT_IN_PROFILES.e5rt.probes);
  });

  it('reads and validates a JSON profile, with an optional module per probe', async () => {
    const withModule = { ...valid, probes: [...valid.probes, { engine: 'ane', role: 'marker', symbol: '-[_ANEModel program]', module: 'AppleNeuralEngine' }] };
    const profile = await resolveProfile(profileFile(JSON.stringify(withModule)));
    expect(profile).toMatchObject({ name: 'mine', parts: ['mine'] });
    expect(profile.probes[1]).toEqual({ engine: 'cpu', role: 'dispatch', regex: '^Espresso::.*_kernel_cpu::__launch' });
    expect(profile.probes[3]).toEqual({ engine: 'ane', role: 'marker', symbol: '-[_ANEModel program]', module: 'AppleNeuralEngine' });
  });

  it('refuses a missing file and invalid JSON, naming the file', async () => {
    await expect(resolveProfile(path.join(dir, 'none.json'))).rejects.toThrow(/symbols: cannot read the profile '.*none\.json' \(no such file\)/u);
    const broken = profileFile('{"name": ');
    await expect(resolveProfile(broken)).rejects.toThrow(`symbols: ${broken}: not valid JSON`);
  });

  it('says where in the file the JSON breaks: line, column and the line itself', async () => {
    const trailingComma = profileFile('{\n  "name": "mine",\n  "probes": [\n    { "role": "prediction", "symbol": "f", }\n  ]\n}\n');
    await expect(resolveProfile(trailingComma)).rejects.toThrow(
      `symbols: ${trailingComma}: not valid JSON: Expected double-quoted property name at line 4, column 44 ("    { \\"role\\": \\"prediction\\", \\"symbol\\": \\"f\\", }"); fix the file there`,
    );
  });
});

describe('validateProfile', () => {
  const probe = (extra: object) => ({ ...valid, probes: [...valid.probes, extra] });
  it.each([
    [probe({ engine: 'npu', role: 'dispatch', symbol: 'x' }), 'probe 4 ("x") has engine "npu"; use ane, gpu or cpu'],
    [probe({ engine: 'ane', role: 'count', symbol: 'x' }), 'has role "count"'],
    [probe({ role: 'marker', symbol: 'x' }), 'needs an "engine"'],
    [probe({ engine: 'ane', role: 'marker', symbol: 'x', regex: 'y' }), 'exactly one of "symbol" and "regex"'],
    [probe({ engine: 'ane', role: 'marker' }), 'exactly one of "symbol" and "regex"'],
    [probe({ engine: 'ane', role: 'marker', symbol: 'x', weight: 2 }), 'unknown field "weight"'],
    [probe({ engine: 'ane', role: 'marker', symbol: 'x\nprocess kill' }), 'contains the control character U+000A'],
    [probe({ engine: 'ane', role: 'marker', regex: 'x\rplatform shell' }), 'U+000D'],
    [{ ...valid, name: 'bad\u001bname' }, '"name" contains the control character U+001B'],
    [{ name: 'p', probes: [] }, '"probes" must be a non-empty array'],
    [{ name: 'p', probes: [valid.probes[2]] }, 'no probe has role "dispatch"'],
    [{ name: 'p', probes: [valid.probes[0]] }, 'no probe has role "prediction"'],
    [probe({ role: 'prediction', regex: '^foo' }), 'either one prediction "regex"'],
    [probe({ engine: 'ane', role: 'marker', symbol: 'x', module: '/System/Library/Espresso' }), 'has module "/System/Library/Espresso"; give the image\'s file name without a folder'],
    [probe({ engine: 'ane', role: 'marker', symbol: 'x', module: '' }), 'has module ""'],
    [probe({ engine: 'ane', role: 'marker', symbol: 'x', runtimes: ['e5rt'] }), 'unknown field "runtimes"'],
  ])('refuses %#', (profile, message) => {
    expect(() => validateProfile(profile, 'my.json')).toThrow('symbols: my.json: ');
    expect(() => validateProfile(profile, 'my.json')).toThrow(message);
  });
});

describe('validateProfile: what a probe may be', () => {
  const probe = (extra: unknown) => ({ ...valid, probes: [...valid.probes, extra] });
  const refusal = (profile: unknown): string => {
    try {
      validateProfile(profile, 'my.json');
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it.each([
    [null, 'a profile is a JSON object with "name" and "probes"'],
    [[valid], 'a profile is a JSON object with "name" and "probes"'],
    ['mine', 'a profile is a JSON object with "name" and "probes"'],
    [{ ...valid, name: 7 }, '"name" must be a non-empty string'],
    [{ ...valid, name: '  ' }, '"name" must be a non-empty string'],
    [{ name: 'p', probes: {} }, '"probes" must be a non-empty array'],
    [probe(null), 'probe 4 must be an object'],
    [probe(['x']), 'probe 4 must be an object'],
    [probe('x'), 'probe 4 must be an object'],
    [probe({ engine: 'ane', role: 3, symbol: 'x' }), 'probe 4 ("x") has role 3; use dispatch, marker or prediction'],
    [probe({ engine: 1, role: 'dispatch', symbol: 'x' }), 'probe 4 ("x") has engine 1; use ane, gpu or cpu'],
    [probe({ role: 'dispatch', regex: 'x' }), 'probe 4 ("x") needs an "engine" (ane, gpu or cpu) for role "dispatch"'],
    [probe({ engine: 'ane', role: 'marker', symbol: '' }), 'probe 4 ("") has an empty symbol'],
    [probe({ engine: 'ane', role: 'marker', symbol: '   ' }), 'probe 4 ("   ") has an empty symbol'],
    [probe({ engine: 'cpu', role: 'dispatch', regex: ' ' }), 'probe 4 (" ") has an empty regex'],
    [probe({ engine: 'ane', role: 'marker', symbol: 5 }), 'probe 4 (5) has an empty symbol'],
    [probe({ engine: 'ane', role: 'marker', symbol: 'x', module: 5 }), 'probe 4 ("x") has module 5'],
    [probe({ engine: 'ane', role: 'marker', symbol: 'x', module: '  ' }), 'probe 4 ("x") has module "  "'],
    [probe({ engine: 'ane', role: 'marker', symbol: 'x', module: 'a\u0085b' }), 'probe 4 ("x")\'s module contains the control character U+0085'],
    [probe({ engine: 'ane', role: 'marker', symbol: 'x\u2028y' }), 'probe 4 ("x\u2028y") contains the control character U+2028; names must be printable text on one line'],
    [probe({ engine: 'ane', role: 'marker', symbol: 'x\u2029y' }), 'probe 4 ("x\u2029y") contains the control character U+2029'],
    [probe({ engine: 'ane', role: 'marker', symbol: 'x\u007fy' }), 'probe 4 ("x\u007fy") contains the control character U+007F'],
    [probe({ engine: 'ane', role: 'marker', symbol: 'x\u009fy' }), 'probe 4 ("x\u009fy") contains the control character U+009F'],
    [{ ...valid, name: 'a\u0000b' }, '"name" contains the control character U+0000'],
    [
      { name: 'p', probes: [valid.probes[0], { role: 'prediction', regex: '^a' }, { role: 'prediction', symbol: 'b' }] },
      'a profile has either one prediction "regex" or any number of prediction "symbol"s, not both',
    ],
  ])('refuses %#, saying why', (profile, message) => {
    expect(refusal(profile).startsWith(`symbols: my.json: ${message}`)).toBe(true);
  });

  it('says how to give a module', () => {
    expect(refusal(probe({ engine: 'ane', role: 'marker', symbol: 'x', module: 'a/b' }))).toBe(
      'symbols: my.json: probe 4 ("x") has module "a/b"; give the image\'s file name without a folder (Espresso, AppleNeuralEngine, CoreML)',
    );
  });

  it('keeps what each probe says, and nothing else', () => {
    const profile = validateProfile(
      {
        name: 'mine',
        probes: [
          { engine: 'ane', role: 'dispatch', symbol: 'a', module: 'AppleNeuralEngine' },
          { engine: 'cpu', role: 'dispatch', regex: '^b' },
          { engine: 'gpu', role: 'prediction', symbol: 'c' },
          { role: 'prediction', symbol: 'd', module: 'CoreML' },
        ],
      },
      'my.json',
    );
    expect(profile).toEqual({
      name: 'mine',
      probes: [
        { engine: 'ane', role: 'dispatch', symbol: 'a', module: 'AppleNeuralEngine' },
        { engine: 'cpu', role: 'dispatch', regex: '^b' },
        { engine: 'gpu', role: 'prediction', symbol: 'c' },
        { role: 'prediction', symbol: 'd', module: 'CoreML' },
      ],
    });
    expect(profile.probes[1]).not.toHaveProperty('symbol');
    expect(profile.probes[3]).not.toHaveProperty('engine');
  });

  it('takes one prediction regex, or several prediction symbols', () => {
    expect(validateProfile({ name: 'p', probes: [valid.probes[0], { role: 'prediction', regex: '^predict' }] }, 'my.json').probes[1]).toEqual({ role: 'prediction', regex: '^predict' });
    expect(validateProfile({ name: 'p', probes: [valid.probes[0], { role: 'prediction', symbol: 'a' }, { role: 'prediction', symbol: 'b' }] }, 'my.json').probes).toHaveLength(3);
  });

  it('takes printable names of any script', () => {
    expect(validateProfile({ name: 'profil été ✓', probes: [{ engine: 'cpu', role: 'dispatch', symbol: 'operator()(int) const' }, { role: 'prediction', symbol: 'ƒ' }] }, 'my.json').name).toBe('profil été ✓');
  });
});

describe('mergeProfiles', () => {
  it('keeps probes apart that differ in engine, role, symbol, regex or module, and merges only identical ones', () => {
    const a = { name: 'a', probes: [{ engine: 'cpu' as const, role: 'dispatch' as const, symbol: 'f' }] };
    const b = {
      name: 'b',
      probes: [
        { engine: 'cpu' as const, role: 'dispatch' as const, symbol: 'f' },
        { engine: 'gpu' as const, role: 'dispatch' as const, symbol: 'f' },
        { engine: 'cpu' as const, role: 'marker' as const, symbol: 'f' },
        { engine: 'cpu' as const, role: 'dispatch' as const, regex: 'f' },
        { engine: 'cpu' as const, role: 'dispatch' as const, symbol: 'f', module: 'Espresso' },
        { role: 'prediction' as const, symbol: 'f' },
      ],
    };
    const merged = mergeProfiles('auto', [a, b]);
    expect(merged.name).toBe('auto');
    expect(merged.probes).toEqual([
      { engine: 'cpu', role: 'dispatch', symbol: 'f', runtimes: ['a', 'b'] },
      { engine: 'gpu', role: 'dispatch', symbol: 'f', runtimes: ['b'] },
      { engine: 'cpu', role: 'marker', symbol: 'f', runtimes: ['b'] },
      { engine: 'cpu', role: 'dispatch', regex: 'f', runtimes: ['b'] },
      { engine: 'cpu', role: 'dispatch', symbol: 'f', module: 'Espresso', runtimes: ['b'] },
      { role: 'prediction', symbol: 'f', runtimes: ['b'] },
    ]);
  });
});

describe('probePattern', () => {
  it('is the symbol, or the regex', () => {
    expect(probePattern({ role: 'prediction', symbol: 's' })).toBe('s');
    expect(probePattern({ role: 'prediction', regex: '^r' })).toBe('^r');
  });
});

describe('resolveProfile: files', () => {
  it('says what is wrong with a path that is not a readable file, and never takes it for a built-in name', async () => {
    await expect(resolveProfile(dir)).rejects.toThrow(`symbols: cannot read the profile '${dir}' (it is a folder); give auto, espresso, e5rt or the path of a JSON profile`);
    const file = profileFile('{}');
    await expect(resolveProfile(path.join(file, 'inside.json'))).rejects.toThrow(/\(ENOTDIR: not a directory, open '.*inside\.json'\)/u);
    await expect(resolveProfile('toString')).rejects.toThrow("symbols: cannot read the profile 'toString' (no such file)");
  });

  it('names the file of a profile it refuses', async () => {
    const file = profileFile(JSON.stringify({ name: 'x', probes: [{ role: 'prediction', symbol: 'p' }] }));
    await expect(resolveProfile(file)).rejects.toThrow(`symbols: ${file}: no probe has role "dispatch"`);
  });

  it('gives the file\'s profile with its own name as the only part', async () => {
    const file = profileFile(JSON.stringify(valid));
    expect(await resolveProfile(file)).toEqual({ ...valid, source: file, parts: ['mine'] });
    expect(await resolveProfile('espresso')).toEqual({ ...BUILT_IN_PROFILES.espresso, source: 'espresso', parts: ['espresso'] });
  });

  it('says where JSON that ends too early breaks, and shortens a long line', async () => {
    const truncated = profileFile('{"name": ');
    await expect(resolveProfile(truncated)).rejects.toThrow(/not valid JSON: (Unexpected end of JSON input|.* at line 1, column 10 \("\{\\"name\\": "\)); fix the file there$/u);
    const long = `"name": "${'x'.repeat(100)}" "probes": []}`;
    const file = profileFile(`{\n${long}\n`);
    await expect(resolveProfile(file)).rejects.toThrow(`at line 2, column ${long.indexOf('"probes"') + 1} (${JSON.stringify(`${long.slice(0, 80)}…`)}); fix the file there`);
  });
});

describe('built-in profiles', () => {
  it('pass the checks that a profile file must pass, keeping every probe as written', () => {
    for (const [name, profile] of Object.entries(BUILT_IN_PROFILES)) {
      expect(validateProfile(JSON.parse(JSON.stringify(profile)), name)).toEqual({ ...profile, name });
    }
  });

  it('probe the ANE, the GPU and the CPU, and the predictions of their runtime', () => {
    for (const profile of Object.values(BUILT_IN_PROFILES)) {
      const dispatched = new Set(profile.probes.filter((probe) => probe.role === 'dispatch').map((probe) => probe.engine));
      expect([...dispatched].sort()).toEqual(['ane', 'cpu', 'gpu']);
      expect(profile.probes.filter((probe) => probe.role === 'prediction').length).toBeGreaterThan(0);
    }
    expect(BUILT_IN_PROFILES.espresso.probes.filter((probe) => probe.role === 'prediction').map((probe) => probe.symbol)).toContain('Espresso::net::__forward');
    expect(BUILT_IN_PROFILES.e5rt.probes.filter((probe) => probe.role === 'prediction').every((probe) => probe.symbol?.startsWith('-[MLE5Engine '))).toBe(true);
  });
});

describe('describeJsonError', () => {
  const describeOf = (text: string) => {
    try {
      JSON.parse(text);
    } catch (error) {
      return describeJsonError(text, error as Error);
    }
    throw new Error('valid JSON');
  };

  it('takes the position Node names, without the words around it', () => {
    expect(describeOf('{"a" 1}')).toBe('Expected \':\' after property name at line 1, column 6 ("{\\"a\\" 1}")');
    expect(describeOf('{\n  "a": 1,\n  "b": 2,,\n}')).toBe('Expected double-quoted property name at line 3, column 10 ("  \\"b\\": 2,,")');
  });

  it('finds the place of an unexpected token that Node only quotes', () => {
    expect(describeOf('{"a": tru}')).toBe('Unexpected token \'}\' at line 1, column 10 ("{\\"a\\": tru}")');
    expect(describeOf('x')).toBe('Unexpected token \'x\' at line 1, column 1 ("x")');
    expect(describeOf('{"a": 1, "b": tru}')).toBe('Unexpected token \'}\' at line 1, column 18 ("{\\"a\\": 1, \\"b\\": tru}")');
    const long = '{"a": 1, "b": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, x]}';
    expect(describeOf(long)).toBe(`Unexpected token 'x' at line 1, column ${long.indexOf('x') + 1} (${JSON.stringify(long)})`);
    expect(describeOf('{\n  "list": [1, 2, 3],\n  "name": nul,\n  "more": 1\n}')).toBe('Unexpected token \',\' at line 3, column 14 ("  \\"name\\": nul,")');
  });

  it('points past the end of a text that ends too early', () => {
    expect(describeOf('{"name": ')).toBe('Unexpected end of JSON input at line 1, column 10 ("{\\"name\\": ")');
    expect(describeOf('')).toBe('Unexpected end of JSON input at line 1, column 1 ("")');
    expect(describeOf('{\n  "a": [1,\n')).toBe('Unexpected end of JSON input at line 3, column 1 ("")');
  });

  it('shows a line of up to 80 characters whole, and shortens a longer one', () => {
    const line = (length: number) => `{"a": "${'x'.repeat(length - 11)}" x}`;
    expect(line(80)).toHaveLength(80);
    expect(describeOf(line(80)).endsWith(`at line 1, column 79 (${JSON.stringify(line(80))})`)).toBe(true);
    expect(describeOf(line(81))).toContain(`(${JSON.stringify(`${line(81).slice(0, 80)}…`)})`);
  });
});

describe('validateProfile: what it keeps', () => {
  it('adds no module or engine a probe does not give', () => {
    const profile = validateProfile({ name: 'p', probes: [{ engine: 'cpu', role: 'dispatch', symbol: 'k' }, { role: 'prediction', symbol: 'p' }] }, 'my.json');
    expect(profile.probes[0]).not.toHaveProperty('module');
    expect(profile.probes[1]).not.toHaveProperty('module');
    expect(profile.probes[1]).not.toHaveProperty('engine');
    expect(profile.probes[0]).not.toHaveProperty('regex');
  });

  it('says that a probe with neither symbol nor regex needs one', () => {
    expect(() => validateProfile({ name: 'p', probes: [...valid.probes, { engine: 'ane', role: 'marker' }] }, 'my.json')).toThrow('symbols: my.json: probe 4 ("") needs exactly one of "symbol" and "regex"');
  });

  it('names auto as auto, from auto', async () => {
    expect(await resolveProfile('auto')).toMatchObject({ name: 'auto', source: 'auto', parts: ['espresso', 'e5rt'] });
    expect(await resolveProfile('auto', { os: 'macOS 14.5', model: 'm.mlpackage' })).toMatchObject({ name: 'auto', source: 'auto', parts: ['e5rt'] });
  });
});
