import { describe, expect, it } from 'vitest';

import type { Probe } from '../src/profiles/profile.js';
import { quoteLldb } from '../src/probe/lldb-quote.js';
import { buildLldbScript } from '../src/probe/lldb-script.js';
import { hostCommands } from '../src/targets/host.js';

describe('quoteLldb', () => {
  it('escapes backslashes, double quotes and backticks (which LLDB would evaluate)', () => {
    expect(quoteLldb('a"b\\c`expr`')).toBe('"a\\"b\\\\c\\`expr\\`"');
    expect(quoteLldb('-[_ANEModel program]')).toBe('"-[_ANEModel program]"');
  });

  it('refuses line breaks, which would start another command', () => {
    expect(() => quoteLldb('x\nprocess kill')).toThrow('control character');
  });
});

const probes: Probe[] = [
  { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient evaluateWithModel:options:request:qos:error:]', module: 'AppleNeuralEngine' },
  { engine: 'cpu', role: 'dispatch', regex: '^Espresso::.*_kernel_cpu::__launch' },
  { engine: 'ane', role: 'marker', symbol: '-[_ANEModel program]' },
  { role: 'prediction', symbol: 'Espresso::net::__forward' },
  { role: 'prediction', symbol: '-[MLE5Engine predictionFromFeatures:options:error:]', module: 'CoreML' },
];

describe('buildLldbScript', () => {
  const target = hostCommands({ command: ['/bin/app', 'a b', '`id`'], stdoutPath: '/tmp/o', stderrPath: '/tmp/e' });
  const script = () => buildLldbScript(probes, { warmup: 2, predictions: 10 }, target, 'auto-continue');

  it('sets one auto-continue breakpoint per probe, named after its index, in its module when the profile names one', () => {
    const { setup } = script();
    expect(setup).toContain('breakpoint set -n "-[_ANEClient evaluateWithModel:options:request:qos:error:]" -s "AppleNeuralEngine" -G true -N ane_check_probe_0 -N ane_check_probe -N ane_check_counted');
    expect(setup).toContain('breakpoint set -r "^Espresso::.*_kernel_cpu::__launch" -G true -N ane_check_probe_1 -N ane_check_probe -N ane_check_counted');
    // A marker's count means nothing per prediction: it is not in the snapshots.
    expect(setup).toContain('breakpoint set -n "-[_ANEModel program]" -G true -N ane_check_probe_2 -N ane_check_probe');
  });

  it('lists the counted breakpoints at every hit of each prediction probe, and stops at the hit after the window', () => {
    const { setup } = script();
    expect(setup).toContain('command alias ane_check_prediction_snapshot breakpoint list ane_check_counted');
    const at = setup.indexOf('breakpoint set -n "-[MLE5Engine predictionFromFeatures:options:error:]" -s "CoreML" -G true -N ane_check_probe_4 -N ane_check_probe -N ane_check_counted');
    expect(setup.slice(at + 1, at + 3)).toEqual([
      'breakpoint command add -o ane_check_prediction_snapshot',
      'breakpoint set -n "-[MLE5Engine predictionFromFeatures:options:error:]" -s "CoreML" -i 12 -N ane_check_window_end',
    ]);
    expect(setup).toContain('breakpoint set -n "Espresso::net::__forward" -i 12 -N ane_check_window_end');
  });

  it('lets every breakpoint stop when counting is driven', () => {
    const driven = buildLldbScript(probes, { warmup: 2, predictions: 10 }, target, 'driven');
    expect(driven.setup.filter((line) => line.startsWith('breakpoint set'))).toHaveLength(7);
    expect(driven.setup.some((line) => line.includes('-G true'))).toBe(false);
  });

  it('keeps stops short: no source or disassembly', () => {
    expect(script().setup.slice(0, 4)).toEqual([
      'settings set auto-confirm true',
      'settings set stop-disassembly-display never',
      'settings set stop-line-count-before 0',
      'settings set stop-line-count-after 0',
    ]);
  });

  it('creates the target and its arguments with its own quoting, then launches with output kept out of the transcript', () => {
    const { setup, start } = script();
    expect(setup).toContain('target create "/bin/app"');
    expect(setup).toContain('settings set -- target.run-args "a b" "\\`id\\`"');
    expect(start).toEqual(['process launch -i /dev/null -o "/tmp/o" -e "/tmp/e"']);
  });

  it('ends with the final snapshot, the discovery when asked, and the kill', () => {
    expect(script().end).toEqual(['ane_check_snapshot_final', 'ane_check_threads', 'process kill']);
    const discovering = buildLldbScript(probes, { warmup: 2, predictions: 10 }, target, 'auto-continue', { discoveryScript: '/tmp/d.lldb' });
    expect(discovering.end).toEqual(['ane_check_snapshot_final', 'command source -e false "/tmp/d.lldb"', 'ane_check_threads', 'process kill']);
  });

  it('sets every probe disabled and enables them all where the app says it is ready, when asked to arm later', () => {
    const armed = buildLldbScript(probes, { warmup: 2, predictions: 10 }, target, 'auto-continue', { armAt: 'ane_check_armed' });
    const sets = armed.setup.filter((line) => line.startsWith('breakpoint set') && !line.includes('ane_check_armed'));
    expect(sets).toHaveLength(7);
    expect(sets.every((line) => line.includes(' -d '))).toBe(true);
    expect(armed.setup.slice(-3)).toEqual([
      'command alias ane_check_arm_probes breakpoint enable ane_check_probe ane_check_window_end',
      'breakpoint set -n "ane_check_armed" -G true -N ane_check_arm',
      'breakpoint command add -o ane_check_arm_probes',
    ]);
    expect(script().setup.some((line) => line.includes(' -d '))).toBe(false);
  });

  it('writes the whole script of a small profile in the order LLDB needs it', () => {
    const small: Probe[] = [
      { engine: 'gpu', role: 'dispatch', symbol: 'gpu_kernel' },
      { engine: 'ane', role: 'marker', regex: '^ANE::', module: 'Espresso' },
      { role: 'prediction', regex: '^predict' },
    ];
    const own = { setup: ['target create "/bin/app"'], start: ['process launch'] };
    expect(buildLldbScript(small, { warmup: 0, predictions: 1 }, own, 'auto-continue')).toEqual({
      setup: [
        'settings set auto-confirm true',
        'settings set stop-disassembly-display never',
        'settings set stop-line-count-before 0',
        'settings set stop-line-count-after 0',
        'target create "/bin/app"',
        'command alias ane_check_prediction_snapshot breakpoint list ane_check_counted',
        'command alias ane_check_snapshot_final breakpoint list',
        'command alias ane_check_threads thread list',
        'breakpoint set -n "gpu_kernel" -G true -N ane_check_probe_0 -N ane_check_probe -N ane_check_counted',
        'breakpoint set -r "^ANE::" -s "Espresso" -G true -N ane_check_probe_1 -N ane_check_probe',
        'breakpoint set -r "^predict" -G true -N ane_check_probe_2 -N ane_check_probe -N ane_check_counted',
        'breakpoint command add -o ane_check_prediction_snapshot',
        'breakpoint set -r "^predict" -i 1 -N ane_check_window_end',
      ],
      start: ['process launch'],
      end: ['ane_check_snapshot_final', 'ane_check_threads', 'process kill'],
    });
    const driven = buildLldbScript(small, { warmup: 3, predictions: 4 }, own, 'driven', { armAt: 'ready' });
    expect(driven.setup.filter((line) => line.startsWith('breakpoint set'))).toEqual([
      'breakpoint set -n "gpu_kernel" -d -N ane_check_probe_0 -N ane_check_probe -N ane_check_counted',
      'breakpoint set -r "^ANE::" -s "Espresso" -d -N ane_check_probe_1 -N ane_check_probe',
      'breakpoint set -r "^predict" -d -N ane_check_probe_2 -N ane_check_probe -N ane_check_counted',
      'breakpoint set -r "^predict" -i 7 -d -N ane_check_window_end',
      'breakpoint set -n "ready" -G true -N ane_check_arm',
    ]);
    expect(driven).not.toHaveProperty('deviceAttach');
  });

  it('passes the device attach on to the session', () => {
    const device = buildLldbScript(probes, { warmup: 1, predictions: 1 }, { setup: [], deviceAttach: { device: 'U', pid: 7 }, start: ['process continue'] }, 'driven');
    expect(device).toMatchObject({ deviceAttach: { device: 'U', pid: 7 }, start: ['process continue'] });
  });

  it('has no line that a profile name could have split', () => {
    const hostile: Probe[] = [{ engine: 'ane', role: 'dispatch', symbol: 'x" -G false\nprocess kill' }, probes[3]!];
    expect(() => buildLldbScript(hostile, { warmup: 1, predictions: 1 }, target, 'auto-continue')).toThrow('control character');
    const quoted = buildLldbScript([{ engine: 'ane', role: 'dispatch', symbol: 'x" -o true', module: 'M" -G false' }, probes[3]!], { warmup: 1, predictions: 1 }, target, 'auto-continue');
    expect(quoted.setup).toContain('breakpoint set -n "x\\" -o true" -s "M\\" -G false" -G true -N ane_check_probe_0 -N ane_check_probe -N ane_check_counted');
  });
});
