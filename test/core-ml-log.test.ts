import { describe, expect, it } from 'vitest';

import { explainFallbacks, logStreamCommand } from '../src/probe/core-ml-log.js';

const log = [
  'Timestamp               Ty Process[PID:TID]',
  '2026-11-20 09:13:02.118 Df Runner[1:2] [com.apple.coreml:MLModel] Loading model',
  '2026-11-20 09:13:02.301 E  Runner[1:2] [com.apple.espresso:default] Unsupported op 27 (type: gather_nd) for ANE',
  '2026-11-20 09:13:02.410 E  Runner[1:3] [com.apple.espresso:default] ANECCompile() FAILED: 3',
  '2026-11-20 09:13:02.411 E  Runner[1:3] [com.apple.espresso:default] ANECCompile() FAILED: 3',
  '2026-11-20 09:13:02.500 E  Runner[1:3] [com.apple.espresso:default] MILCompilerForANE error: unsupported dtype int32',
  '2026-11-20 09:13:02.600 Df Runner[1:2] [com.apple.coreml:MLModel] Falling back to CPU for segment 2',
].join('\n');

describe('explainFallbacks', () => {
  it('keeps the lines that explain a fallback, once each, without timestamps', () => {
    expect(explainFallbacks(log)).toEqual([
      '[com.apple.espresso:default] Unsupported op 27 (type: gather_nd) for ANE',
      '[com.apple.espresso:default] ANECCompile() FAILED: 3',
      '[com.apple.espresso:default] MILCompilerForANE error: unsupported dtype int32',
      '[com.apple.coreml:MLModel] Falling back to CPU for segment 2',
    ]);
    expect(explainFallbacks(log, 2)).toHaveLength(2);
  });
});

describe('logStreamCommand', () => {
  it('streams the Mac log on a Mac, the simulator log through simctl, and nothing elsewhere', () => {
    expect(logStreamCommand('host', { platform: 'darwin' })).toEqual(['log', 'stream', '--style', 'compact', '--level', 'debug', '--predicate', 'subsystem IN {"com.apple.espresso","com.apple.coreml"}']);
    expect(logStreamCommand('simulator', { platform: 'darwin', udid: 'U' })?.slice(0, 5)).toEqual(['xcrun', 'simctl', 'spawn', 'U', 'log']);
    expect(logStreamCommand('host', { platform: 'linux' })).toBeUndefined();
    expect(logStreamCommand('device', { platform: 'darwin' })).toBeUndefined();
  });
});
