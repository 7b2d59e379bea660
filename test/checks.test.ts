import { describe, expect, it } from 'vitest';

import { planChecks } from '../src/inputs/checks.js';

const base = { check: 'auto' as const, models: ['m.mlpackage'], model: '/w/m.mlpackage', command: undefined, target: 'host' as const, app: undefined, project: undefined, workspace: undefined };
const linux = { platform: 'linux' as const, hasXcode: () => Promise.reject(new Error('not asked on Linux')) };
const mac = (xcode: boolean) => ({ platform: 'darwin' as const, hasXcode: async () => xcode });

describe('planChecks', () => {
  it('with auto, makes model alone the model check alone on Linux and on a Mac without Xcode, and both on a Mac with Xcode', async () => {
    expect(await planChecks(base, linux)).toEqual({ model: true, measure: false, note: 'Only the model check ran: measuring needs a Mac with Xcode (this runner is linux).' });
    expect(await planChecks(base, mac(false))).toMatchObject({ model: true, measure: false, note: expect.stringContaining('`xcrun --find swiftc` failed') });
    expect(await planChecks(base, mac(true))).toEqual({ model: true, measure: true });
  });

  it('with auto, measures whenever there is something to run, and checks the models named beside it', async () => {
    expect(await planChecks({ ...base, model: undefined, models: [], command: ['/bin/app'] }, linux)).toEqual({ model: false, measure: true });
    expect(await planChecks({ ...base, target: 'simulator' }, linux)).toEqual({ model: true, measure: true });
    expect(await planChecks({ ...base, model: undefined, models: [], app: 'A.app' }, linux)).toEqual({ model: false, measure: true });
    expect(await planChecks({ ...base, model: undefined, models: [], project: 'A.xcodeproj' }, linux)).toEqual({ model: false, measure: true });
    expect(await planChecks({ ...base, model: undefined, models: [], workspace: 'A.xcworkspace' }, linux)).toEqual({ model: false, measure: true });
  });

  it('with auto and several models, checks them and measures none', async () => {
    expect(await planChecks({ ...base, model: undefined, models: ['Models/*.mlpackage'] }, mac(true))).toEqual({
      model: true,
      measure: false,
      note: 'Only the model check ran: `model` names several models, and the measurement runs one at a time.',
    });
  });

  it('does what static, measure and both say', async () => {
    expect(await planChecks({ ...base, check: 'static' }, mac(true))).toEqual({ model: true, measure: false });
    expect(await planChecks({ ...base, check: 'measure' }, linux)).toEqual({ model: false, measure: true });
    expect(await planChecks({ ...base, check: 'both' }, linux)).toEqual({ model: true, measure: true });
    expect(await planChecks({ ...base, check: 'both', models: [], model: undefined, command: ['/bin/app'] }, linux)).toEqual({ model: false, measure: true });
  });
});
