import { describe, expect, it } from 'vitest';

import { appleLldbBuild, chooseCounting, readLldbVersion } from '../src/probe/lldb-version.js';

describe('appleLldbBuild', () => {
  it("reads Apple's build number, and nothing from an upstream version", () => {
    expect(appleLldbBuild('lldb-1704.0.20.4')).toBe(1704);
    expect(appleLldbBuild('lldb-2100.0.17.203')).toBe(2100);
    expect(appleLldbBuild('lldb version 19.1.7')).toBeUndefined();
    expect(appleLldbBuild(undefined)).toBeUndefined();
  });
});

describe('chooseCounting', () => {
  it('drives the stops with lldb-1704 (Xcode 26.4) and later, which are reported to lose auto-continue hits', () => {
    expect(chooseCounting('auto', 'lldb-1704.0.20.4', undefined)).toMatchObject({ mode: 'driven', reason: expect.stringContaining('lldb-1704') });
    expect(chooseCounting('auto', 'lldb-2100.0.17.203', undefined).mode).toBe('driven');
    expect(chooseCounting('auto', 'lldb-1703.0.233.3', undefined).mode).toBe('auto-continue');
    expect(chooseCounting('auto', 'lldb-1600.0.39.3', 'iOS 18.1').mode).toBe('auto-continue');
  });

  it('drives the stops on an iOS 27 device with any LLDB', () => {
    expect(chooseCounting('auto', 'lldb-1600.0.39.3', 'iOS 27.0')).toMatchObject({ mode: 'driven', reason: expect.stringContaining('iOS 27') });
    expect(chooseCounting('auto', 'lldb version 19.1.7', 'iPadOS 28.1').mode).toBe('driven');
  });

  it('uses the mode asked for, whatever the version', () => {
    expect(chooseCounting('auto-continue', 'lldb-1704.0.20.4', 'iOS 27.0')).toEqual({ mode: 'auto-continue', reason: 'counting: auto-continue was asked for' });
    expect(chooseCounting('driven', 'lldb version 14.0.6', undefined).mode).toBe('driven');
  });
});

describe('readLldbVersion', () => {
  it("reads the first line of the real LLDB's --version", async () => {
    expect(await readLldbVersion(['lldb'])).toMatch(/^lldb version \d+\.\d+/u);
  });

  it('is undefined for a debugger that cannot run', async () => {
    expect(await readLldbVersion(['/nonexistent/lldb'])).toBeUndefined();
  });
});
