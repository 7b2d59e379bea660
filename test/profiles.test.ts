import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { BUILT_IN_PROFILES } from '../src/profiles/built-in.js';
import { resolveProfile, validateProfile } from '../src/profiles/profile.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'profiles-test-'));
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
      `symbols: ${trailingComma}: not valid JSON: Expected double-quoted property name at line 4, column 44 ("{ \\"role\\": \\"prediction\\", \\"symbol\\": \\"f\\", }"); fix the file there`,
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
