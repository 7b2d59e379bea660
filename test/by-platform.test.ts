import { describe, expect, it } from 'vitest';

import { chooseAutoProfile } from '../src/profiles/by-platform.js';
import { resolveProfile } from '../src/profiles/profile.js';
import { hostWithoutAne, VIRTUAL_MAC_HAS_NO_ANE } from '../src/targets/ane-presence.js';

describe('chooseAutoProfile', () => {
  it.each([
    ['iOS 17.5', 'm.mlpackage', 'e5rt'],
    ['macOS 14.5 (23F79)', '/x/m.mlpackage', 'e5rt'],
    ['iOS 17.5', 'm.mlmodel', 'espresso'],
    ['iOS 16.7', 'm.mlpackage', 'espresso'],
    ['macOS 13.6 (22G120)', 'm.mlpackage', 'espresso'],
    ['iOS 18.1', undefined, 'both'],
    ['iOS 18.1', 'm.mlmodelc', 'both'],
    ['Linux 6.1.0 x64', 'm.mlpackage', 'both'],
    [undefined, undefined, 'both'],
    // The first release of each OS with E5RT, and majors of two digits.
    ['macOS 14.0', 'm.mlpackage', 'e5rt'],
    ['macOS 26.1 (25B78)', 'm.mlpackage', 'e5rt'],
    ['iOS 17.0', 'm.mlpackage', 'e5rt'],
    ['iOS 26.0', 'm.mlpackage', 'e5rt'],
    ['iPadOS 17.0', 'm.mlpackage', 'e5rt'],
    ['iPadOS 16.7', 'm.mlpackage', 'espresso'],
    ['macOS 9.2', 'm.mlpackage', 'espresso'],
    ['macOS 13.6 (22G120)', undefined, 'espresso'],
    ['macOS 13.6 (22G120)', 'm.mlmodelc', 'espresso'],
    ['iOS 18.1', '/models/m.mlmodel', 'espresso'],
    ['iOS 18.1', 'm.mlpackage.zip', 'espresso'],
    ['visionOS 2.0', 'm.mlpackage', 'both'],
    ['MyiOS 18', 'm.mlpackage', 'both'],
    ['iOS', 'm.mlpackage', 'both'],
  ])('on %s with %s: %s', (os, model, choice) => {
    expect(chooseAutoProfile(os, model)).toBe(choice);
  });

  it('gives auto the parts it chose', async () => {
    expect((await resolveProfile('auto', { os: 'iOS 17.5', model: 'm.mlpackage' })).parts).toEqual(['e5rt']);
    expect((await resolveProfile('auto', { os: 'iOS 16.0', model: 'm.mlpackage' })).parts).toEqual(['espresso']);
    expect((await resolveProfile('auto')).parts).toEqual(['espresso', 'e5rt']);
  });
});

describe('hostWithoutAne', () => {
  it('knows a macOS virtual machine by kern.hv_vmm_present', async () => {
    expect(await hostWithoutAne('darwin', async () => '1')).toBe(VIRTUAL_MAC_HAS_NO_ANE);
    expect(await hostWithoutAne('darwin', async () => '0')).toBeUndefined();
    expect(await hostWithoutAne('darwin', async () => undefined)).toBeUndefined();
    expect(await hostWithoutAne('linux', async () => '1')).toBeUndefined();
  });
});
