import { describe, expect, it } from 'vitest';

import type { Probe } from '../src/profiles/profile.js';
import { quoteLldb } from '../src/probe/lldb-quote.js';
import { buildLldbScript, enteredAtFallback, fallbackCommands, type FallbackPlan } from '../src/probe/lldb-script.js';
import { parseBreakpointList } from '../src/probe/transcript.js';
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
    // A regex dispatch probe may have several functions: every counted probe is listed with its locations.
    expect(setup).toContain('breakpoint set -n "-[_ANEClient evaluateWithModel:options:request:qos:error:]" -s "AppleNeuralEngine" -G true -N ane_check_probe_0 -N ane_check_probe -N ane_check_counted');
    expect(setup).toContain('breakpoint set -r "^Espresso::.*_kernel_cpu::__launch" -G true -N ane_check_probe_1 -N ane_check_probe -N ane_check_counted');
    // A marker's count means nothing per prediction: it is not in the snapshots.
    expect(setup).toContain('breakpoint set -n "-[_ANEModel program]" -G true -N ane_check_probe_2 -N ane_check_probe');
  });

  it('lists the counted breakpoints at every hit of each prediction probe, and stops at the hit after the window', () => {
    const { setup } = script();
    expect(setup).toContain('command alias ane_check_prediction_tally breakpoint list -b ane_check_tallied');
    expect(setup).toContain('command alias ane_check_prediction_snapshot breakpoint list ane_check_counted');
    const at = setup.indexOf('breakpoint set -n "-[MLE5Engine predictionFromFeatures:options:error:]" -s "CoreML" -G true -N ane_check_probe_4 -N ane_check_probe -N ane_check_counted');
    // One command per hit: a breakpoint command costs about the same however much it lists.
    expect(setup.slice(at + 1, at + 3)).toEqual([
      'breakpoint command add -o ane_check_prediction_snapshot',
      'breakpoint set -n "-[MLE5Engine predictionFromFeatures:options:error:]" -s "CoreML" -i 12 -N ane_check_window_end',
    ]);
    expect(setup.filter((line) => line.startsWith('breakpoint command add'))).toEqual(Array(2).fill('breakpoint command add -o ane_check_prediction_snapshot'));
    expect(setup.some((line) => line.includes('-N ane_check_tallied'))).toBe(false);
    expect(setup).toContain('breakpoint set -n "Espresso::net::__forward" -i 12 -N ane_check_window_end');
  });

  it('tallies alone where nothing can be listed in full: no regex dispatch probe, and no probe that names an image', () => {
    const plain: Probe[] = [{ engine: 'ane', role: 'dispatch', symbol: 'a' }, { engine: 'cpu', role: 'dispatch', regex: '^c' }, { role: 'prediction', symbol: 'p' }];
    const [dispatch, , prediction] = plain;
    const tallied = buildLldbScript([dispatch!, prediction!], { warmup: 1, predictions: 1 }, target, 'auto-continue');
    expect(tallied.setup.filter((line) => line.startsWith('breakpoint command add'))).toEqual(['breakpoint command add -o ane_check_prediction_tally']);
    expect(tallied).not.toHaveProperty('fallback');
    expect(tallied.setup.some((line) => line.includes('ane_check_fallback'))).toBe(false);
    // Nothing about a fallback stop, and no line more than the probes need.
    expect(tallied.setup.slice(-6)).toEqual([
      'command alias ane_check_snapshot_final breakpoint list',
      'command alias ane_check_threads thread list',
      'breakpoint set -n "a" -G true -N ane_check_probe_0 -N ane_check_probe -N ane_check_tallied',
      'breakpoint set -n "p" -G true -N ane_check_probe_1 -N ane_check_probe -N ane_check_tallied',
      'breakpoint command add -o ane_check_prediction_tally',
      'breakpoint set -n "p" -i 2 -N ane_check_window_end',
    ]);
    // A prediction probe on a regex is tallied too: its count is all that is needed of it.
    const regexPrediction = buildLldbScript([dispatch!, { role: 'prediction', regex: '^p' }], { warmup: 1, predictions: 1 }, target, 'auto-continue');
    expect(regexPrediction.setup.filter((line) => line.startsWith('breakpoint command add'))).toEqual(['breakpoint command add -o ane_check_prediction_tally']);
    // A module without a prediction probe: no point to stop at, so no fallback.
    expect(buildLldbScript([{ ...dispatch!, module: 'M' }], { warmup: 1, predictions: 1 }, target, 'auto-continue')).not.toHaveProperty('fallback');
    const withRegex = buildLldbScript(plain, { warmup: 1, predictions: 1 }, target, 'auto-continue');
    expect(withRegex.setup.filter((line) => line.startsWith('breakpoint command add'))).toEqual(['breakpoint command add -o ane_check_prediction_snapshot']);
    expect(withRegex.setup.filter((line) => line.includes('-N ane_check_counted'))).toHaveLength(3);
    expect(withRegex).not.toHaveProperty('fallback');
    // A module with a symbol dispatch probe alone: the fallback stop may set it again in every image, where it may
    // find several functions, so it is listed in full.
    const scoped = buildLldbScript([{ ...dispatch!, module: 'M' }, prediction!], { warmup: 1, predictions: 1 }, target, 'auto-continue');
    expect(scoped.setup.filter((line) => line.startsWith('breakpoint command add'))).toEqual(['breakpoint command add -o ane_check_prediction_snapshot']);
    expect(scoped.setup).toContain('breakpoint set -n "a" -s "M" -G true -N ane_check_probe_0 -N ane_check_probe -N ane_check_counted');
  });

  it('stops the first prediction at a fallback point, each prediction probe\'s function in every image, when a probe names its image', () => {
    const { setup, fallback } = script();
    expect(setup).toContain('command alias ane_check_fallback_list breakpoint list ane_check_probe ane_check_fallback');
    expect(setup.filter((line) => line.includes('-N ane_check_fallback '))).toEqual([
      'breakpoint set -n "Espresso::net::__forward" -N ane_check_fallback -N ane_check_fallback_3',
      'breakpoint set -n "-[MLE5Engine predictionFromFeatures:options:error:]" -N ane_check_fallback -N ane_check_fallback_4',
    ]);
    // Each probe that names an image, set again without it: the same names, flags, snapshot and twin.
    expect(fallback).toEqual({
      probes: [
        { index: 0, commands: ['breakpoint set -n "-[_ANEClient evaluateWithModel:options:request:qos:error:]" -G true -N ane_check_probe_0 -N ane_check_probe -N ane_check_counted'] },
        {
          index: 4,
          commands: [
            'breakpoint set -n "-[MLE5Engine predictionFromFeatures:options:error:]" -G true -N ane_check_probe_4 -N ane_check_probe -N ane_check_counted',
            'breakpoint command add -o ane_check_prediction_snapshot',
            'breakpoint set -n "-[MLE5Engine predictionFromFeatures:options:error:]" -i 12 -N ane_check_window_end',
          ],
          // Set where the target stands in it: that hit is not counted, so the twin stops one hit earlier.
          entered: [
            'breakpoint set -n "-[MLE5Engine predictionFromFeatures:options:error:]" -G true -N ane_check_probe_4 -N ane_check_probe -N ane_check_counted -N ane_check_entered',
            'breakpoint command add -o ane_check_prediction_snapshot',
            'breakpoint set -n "-[MLE5Engine predictionFromFeatures:options:error:]" -i 11 -N ane_check_window_end',
          ],
        },
      ],
    });
  });

  it('lets every breakpoint stop when counting is driven', () => {
    const driven = buildLldbScript(probes, { warmup: 2, predictions: 10 }, target, 'driven');
    // 5 probes, 2 twins, 2 fallback points.
    expect(driven.setup.filter((line) => line.startsWith('breakpoint set'))).toHaveLength(9);
    expect(driven.setup.some((line) => line.includes('-G true'))).toBe(false);
    expect(driven.fallback?.probes.flatMap((probe) => [...probe.commands, ...(probe.entered ?? [])]).some((line) => line.includes('-G true'))).toBe(false);
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
    expect(sets).toHaveLength(9);
    expect(sets.every((line) => line.includes(' -d '))).toBe(true);
    // The fallback stop comes after the arming: what it sets is enabled at once.
    expect(armed.fallback?.probes.flatMap((probe) => [...probe.commands, ...(probe.entered ?? [])]).some((line) => line.includes(' -d '))).toBe(false);
    expect(armed.setup.slice(-3)).toEqual([
      'command alias ane_check_arm_probes breakpoint enable ane_check_probe ane_check_window_end ane_check_fallback',
      'breakpoint set -n "ane_check_armed" -G true -N ane_check_arm',
      'breakpoint command add -o ane_check_arm_probes',
    ]);
    expect(script().setup.some((line) => line.includes(' -d '))).toBe(false);
    const plain = buildLldbScript([probes[1]!, probes[3]!], { warmup: 2, predictions: 10 }, target, 'auto-continue', { armAt: 'ane_check_armed' });
    expect(plain.setup).toContain('command alias ane_check_arm_probes breakpoint enable ane_check_probe ane_check_window_end');
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
        'command alias ane_check_prediction_tally breakpoint list -b ane_check_tallied',
        'command alias ane_check_prediction_snapshot breakpoint list ane_check_counted',
        'command alias ane_check_snapshot_final breakpoint list',
        'command alias ane_check_threads thread list',
        'command alias ane_check_fallback_list breakpoint list ane_check_probe ane_check_fallback',
        'breakpoint set -n "gpu_kernel" -G true -N ane_check_probe_0 -N ane_check_probe -N ane_check_counted',
        'breakpoint set -r "^ANE::" -s "Espresso" -G true -N ane_check_probe_1 -N ane_check_probe',
        'breakpoint set -r "^predict" -G true -N ane_check_probe_2 -N ane_check_probe -N ane_check_counted',
        'breakpoint command add -o ane_check_prediction_snapshot',
        'breakpoint set -r "^predict" -i 1 -N ane_check_window_end',
        'breakpoint set -r "^predict" -N ane_check_fallback -N ane_check_fallback_2',
      ],
      start: ['process launch'],
      end: ['ane_check_snapshot_final', 'ane_check_threads', 'process kill'],
      fallback: { probes: [{ index: 1, commands: ['breakpoint set -r "^ANE::" -G true -N ane_check_probe_1 -N ane_check_probe'] }] },
    });
    const driven = buildLldbScript(small, { warmup: 3, predictions: 4 }, own, 'driven', { armAt: 'ready' });
    expect(driven.setup.filter((line) => line.startsWith('breakpoint set'))).toEqual([
      'breakpoint set -n "gpu_kernel" -d -N ane_check_probe_0 -N ane_check_probe -N ane_check_counted',
      'breakpoint set -r "^ANE::" -s "Espresso" -d -N ane_check_probe_1 -N ane_check_probe',
      'breakpoint set -r "^predict" -d -N ane_check_probe_2 -N ane_check_probe -N ane_check_counted',
      'breakpoint set -r "^predict" -i 7 -d -N ane_check_window_end',
      'breakpoint set -r "^predict" -d -N ane_check_fallback -N ane_check_fallback_2',
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
    expect(quoted.fallback?.probes[0]?.commands).toEqual(['breakpoint set -n "x\\" -o true" -G true -N ane_check_probe_0 -N ane_check_probe -N ane_check_counted']);
  });
});

describe('the fallback stop', () => {
  // What `ane_check_fallback_list` printed: a probe that resolved, one that did not (its image moved), a symbol
  // dispatch probe with two functions, a prediction probe that did not resolve, and the fallback point hit there.
  const listing = (pointHits: number, predictionResolved = false) =>
    parseBreakpointList(
      [
        "1: name = 'a', module = AppleNeuralEngine, locations = 1, resolved = 1, hit count = 0",
        '  Names:',
        '    ane_check_probe_0',
        '',
        '  1.1: where = AppleNeuralEngine`a, address = 0x10, resolved, hit count = 0',
        '',
        "2: name = 'b', module = Espresso, locations = 0 (pending)",
        '  Names:',
        '    ane_check_probe_1',
        '',
        "3: name = 'g', module = Espresso, locations = 2, resolved = 2, hit count = 0",
        '  Names:',
        '    ane_check_probe_2',
        '',
        '  3.1: where = Espresso`g(int), address = 0x20, resolved, hit count = 0',
        '  3.2: where = Espresso`g(float), address = 0x30, resolved, hit count = 0',
        '',
        predictionResolved ? "4: name = 'p', module = CoreML, locations = 1, resolved = 1, hit count = 1" : "4: name = 'p', module = CoreML, locations = 0 (pending)",
        '  Names:',
        '    ane_check_probe_3',
        '',
        ...(predictionResolved ? ['  4.1: where = CoreML`p, address = 0x40, resolved, hit count = 1', ''] : []),
        `9: name = 'p', locations = 1, resolved = 1, hit count = ${pointHits}`,
        '  Names:',
        '    ane_check_fallback',
        '    ane_check_fallback_3',
        '',
        `  9.1: where = CoreMLMoved\`p, address = 0x50, resolved, hit count = ${pointHits}`,
      ],
      0,
    );
  const plan: FallbackPlan = {
    probes: [
      { index: 0, commands: ['set a'] },
      { index: 1, commands: ['set b'] },
      { index: 3, commands: ['set p', 'twin 12'], entered: ['set p', 'twin 11'] },
    ],
  };

  it('removes the fallback points and sets again the probes that did not resolve in their image', () => {
    expect(fallbackCommands(plan, listing(1))).toEqual([
      'breakpoint delete ane_check_fallback',
      'set b',
      // The target stands in p: its new twin stops one hit earlier.
      'set p',
      'twin 11',
    ]);
  });

  it('sets a prediction probe that did not resolve as it is, where the target stopped in another one', () => {
    expect(fallbackCommands(plan, listing(0))).toEqual([
      'breakpoint delete ane_check_fallback',
      'set b',
      'set p',
      'twin 12',
    ]);
  });

  it('sets again a probe that the listing lacks', () => {
    expect(fallbackCommands({ probes: [{ index: 5, commands: ['set q'] }] }, listing(1))).toEqual(['breakpoint delete ane_check_fallback', 'set q']);
  });

  it('only removes the fallback points when every probe resolved', () => {
    const resolvedPlan: FallbackPlan = { probes: [plan.probes[0]!, plan.probes[2]!] };
    expect(fallbackCommands(resolvedPlan, listing(1, true))).toEqual(['breakpoint delete ane_check_fallback']);
  });

  it('finds the prediction probes entered at the fallback stop: their point was hit, and they had not resolved', () => {
    expect(enteredAtFallback(listing(1), [3])).toEqual([3]);
    expect(enteredAtFallback(listing(0), [3])).toEqual([]);
    expect(enteredAtFallback(listing(1, true), [3])).toEqual([]);
    expect(enteredAtFallback(listing(1), [1])).toEqual([]);
    // A probe the listing lacks did not resolve either.
    expect(enteredAtFallback(listing(1).filter((bp) => !bp.names.includes('ane_check_probe_3')), [3])).toEqual([3]);
  });
});
