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
    expect(auto.probes.filter((probe) => probe.role === 'prediction').map((probe) => probe.symbol)).toEqual([
      'Espresso::net::__forward',
      '-[MLE5Engine predictionFromFeatures:options:error:]',
    ]);
  });

  it('gives a built-in profile by name', async () => {
    expect((await resolveProfile('e5rt')).probes).toEqual(BUILT_IN_PROFILES.e5rt.probes);
  });

  it('reads and validates a JSON profile', async () => {
    const profile = await resolveProfile(profileFile(JSON.stringify(valid)));
    expect(profile).toMatchObject({ name: 'mine', parts: ['mine'] });
    expect(profile.probes[1]).toEqual({ engine: 'cpu', role: 'dispatch', regex: '^Espresso::.*_kernel_cpu::__launch' });
  });

  it('refuses a missing file and invalid JSON, naming the file', async () => {
    await expect(resolveProfile(path.join(dir, 'none.json'))).rejects.toThrow(/symbols: cannot read the profile '.*none\.json' \(no such file\)/u);
    const broken = profileFile('{"name": ');
    await expect(resolveProfile(broken)).rejects.toThrow(`symbols: ${broken}: not valid JSON`);
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
  ])('refuses %#', (profile, message) => {
    expect(() => validateProfile(profile, 'my.json')).toThrow('symbols: my.json: ');
    expect(() => validateProfile(profile, 'my.json')).toThrow(message);
  });
});
