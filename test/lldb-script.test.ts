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
  { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient evaluateWithModel:options:request:qos:error:]' },
  { engine: 'cpu', role: 'dispatch', regex: '^Espresso::.*_kernel_cpu::__launch' },
  { role: 'prediction', symbol: 'Espresso::net::__forward' },
  { role: 'prediction', symbol: '-[MLE5Engine predictionFromFeatures:options:error:]' },
];

describe('buildLldbScript', () => {
  const target = hostCommands({ command: ['/bin/app', 'a b', '`id`'], stdoutPath: '/tmp/o', stderrPath: '/tmp/e' });
  const lines = buildLldbScript(probes, { warmup: 2, predictions: 10 }, target).trimEnd().split('\n');

  it('sets one auto-continue breakpoint per probe, named after its index', () => {
    expect(lines).toContain('breakpoint set -n "-[_ANEClient evaluateWithModel:options:request:qos:error:]" -G true -N ane_check_probe_0');
    expect(lines).toContain('breakpoint set -r "^Espresso::.*_kernel_cpu::__launch" -G true -N ane_check_probe_1');
  });

  it('places the window on every prediction symbol at once', () => {
    const where = '-n "Espresso::net::__forward" -n "-[MLE5Engine predictionFromFeatures:options:error:]"';
    expect(lines).toContain(`breakpoint set ${where} -G true -N ane_check_progress`);
    expect(lines).toContain(`breakpoint set ${where} -i 2 -o true -G true -N ane_check_window_start`);
    expect(lines).toContain(`breakpoint set ${where} -i 12 -N ane_check_window_end`);
  });

  it('creates the target and its arguments with its own quoting, then launches with output kept out of the transcript', () => {
    expect(lines).toContain('target create "/bin/app"');
    expect(lines).toContain('settings set -- target.run-args "a b" "\\`id\\`"');
    expect(lines).toContain('process launch -i /dev/null -o "/tmp/o" -e "/tmp/e"');
  });

  it('ends with the final snapshot and the kill, after the start', () => {
    expect(lines.slice(-3)).toEqual(['process launch -i /dev/null -o "/tmp/o" -e "/tmp/e"', 'ane_check_snapshot_final', 'process kill']);
  });

  it('has no line that a profile name could have split', () => {
    const hostile: Probe[] = [{ engine: 'ane', role: 'dispatch', symbol: 'x" -G false\nprocess kill' }, probes[2]!];
    expect(() => buildLldbScript(hostile, { warmup: 1, predictions: 1 }, target)).toThrow('control character');
    const quoted = buildLldbScript([{ engine: 'ane', role: 'dispatch', symbol: 'x" -o true' }, probes[2]!], { warmup: 1, predictions: 1 }, target);
    expect(quoted).toContain('breakpoint set -n "x\\" -o true" -G true -N ane_check_probe_0');
  });
});
