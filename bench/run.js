// `npm run bench`: how much the probe costs, on the espresso-sim fixture under the real LLDB.
//  (a) the probe's wall time over a minimal hand-written LLDB script with the same breakpoints on the
//      same workload, alternating in the same run (goal: at most 1.05);
//  (b) a 20000-prediction app over a 40-prediction one with a 10-prediction window (goal: at most 1.3);
//  (c) breakpoint hits per second, counting with auto-continue breakpoints and driven (every stop
//      continued by ane-check), and (d) the driven run's wall time over the auto-continue one's.
// Every probed run lists the counted breakpoints at each prediction (the per-prediction counts): (a)
// includes that cost, since the hand-written script lists them once at the end.
// Each figure is run several rounds, interleaved. The ratios compare the fastest round of each side (the
// least disturbed by the rest of the machine, so the closest to the intrinsic cost), with the ratio of
// medians beside it. Timing goals live here, never in tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { runPipeline } from '../lib/main.js';
import { quoteLldb } from '../lib/probe/lldb-quote.js';
import { BUILT_IN_PROFILES } from '../lib/profiles/built-in.js';
import { parseSettings } from '../lib/inputs/settings.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const build = path.join(root, 'test', 'fixtures', 'espresso-sim', 'build');
execFileSync(path.join(root, 'test', 'fixtures', 'espresso-sim', 'build.sh'), [build], { stdio: 'inherit' });
const fixture = path.join(build, 'espresso-sim');
const work = mkdtempSync(path.join(os.tmpdir(), 'ane-check-bench-'));
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
const env = { platform: process.platform, path: process.env.PATH ?? '', cwd: work };

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fastest = (values) => Math.min(...values);
/** `1.012 (medians 1.034)`, and the fastest rounds' times. */
function ratio(numerator, denominator) {
  return {
    value: fastest(numerator) / fastest(denominator),
    text: `${(fastest(numerator) / fastest(denominator)).toFixed(3)} (medians ${(median(numerator) / median(denominator)).toFixed(3)})`,
    times: `${fastest(numerator).toFixed(0)} ms / ${fastest(denominator).toFixed(0)} ms`,
  };
}

async function probe(fixtureArgs, warmup, predictions, counting = 'auto-continue') {
  const settings = parseSettings(
    { command: `${fixture} ${fixtureArgs}`, symbols: 'espresso', warmup: String(warmup), predictions: String(predictions), report: path.join(work, 'r.json'), counting },
    env,
  );
  const started = performance.now();
  const report = await runPipeline(settings);
  const ms = performance.now() - started;
  if (report.status !== 'pass') throw new Error(`bench run did not pass: ${report.reasons.join(' ')}`);
  return { ms, report };
}

/** The breakpoints a person would set by hand: the same probes, auto-continue, one listing at the end. */
function handWritten(fixtureArgs) {
  const lines = [
    'settings set auto-confirm true',
    `target create ${quoteLldb(fixture)}`,
    `settings set -- target.run-args ${fixtureArgs.split(' ').map(quoteLldb).join(' ')}`,
    ...BUILT_IN_PROFILES.espresso.probes.map((p) => `breakpoint set ${p.symbol ? `-n ${quoteLldb(p.symbol)}` : `-r ${quoteLldb(p.regex)}`} -G true`),
    'process launch -i /dev/null -o /dev/null -e /dev/null',
    'breakpoint list',
  ];
  const script = path.join(work, 'hand.lldb');
  writeFileSync(script, `${lines.join('\n')}\n`);
  const started = performance.now();
  const result = spawnSync('lldb', ['-x', '--batch', '-s', script], { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (!result.stdout.includes('exited with status = 0')) throw new Error('the hand-written script did not run the fixture to its end');
  return ms;
}

// (a) 200 predictions, each 2 ANE + 1 GPU + 3 CPU dispatches; the probe counts 199 after 1 warm-up.
const workload = '--plan ane=2,gpu=1,cpu=3 --predictions 200';
const probeMs = [];
const handMs = [];
let hits = 0;
const sessionMs = [];
for (let round = 0; round < rounds; round++) {
  const { ms, report } = await probe(workload, 1, 199);
  probeMs.push(ms);
  handMs.push(handWritten(workload));
  hits = report.probes.reduce((sum, p) => sum + p.totalHits, 0);
  sessionMs.push(report.run.durationMs);
}
const overhead = ratio(probeMs, handMs);

// (c, d) The same workload, driven: each breakpoint stop is continued by ane-check. Both modes must count alike.
const drivenMs = [];
const drivenSessionMs = [];
const autoMs = [];
for (let round = 0; round < rounds; round++) {
  const driven = await probe(workload, 1, 199, 'driven');
  const auto = await probe(workload, 1, 199, 'auto-continue');
  if (JSON.stringify(driven.report.engines) !== JSON.stringify(auto.report.engines)) throw new Error('driven and auto-continue counting disagree');
  drivenMs.push(driven.ms);
  drivenSessionMs.push(driven.report.run.durationMs);
  autoMs.push(auto.ms);
}
const drivenCost = ratio(drivenMs, autoMs);

// (b) The window ends the run: 20000 predictions cost about what 40 do.
const longMs = [];
const shortMs = [];
for (let round = 0; round < rounds; round++) {
  longMs.push((await probe('--plan ane=2,gpu=1,cpu=3 --predictions 20000', 1, 10)).ms);
  shortMs.push((await probe('--plan ane=2,gpu=1,cpu=3 --predictions 40', 1, 10)).ms);
}
const scaling = ratio(longMs, shortMs);

const figures = [
  ['(a) probe / hand-written LLDB script', overhead.text, '<= 1.05', overhead.times],
  ['(b) 20000 / 40 predictions, window 10', scaling.text, '<= 1.3', scaling.times],
  ['(c) hits per second, auto-continue', `${Math.round(hits / (fastest(sessionMs) / 1000))}`, '', `${hits} hits in ${fastest(sessionMs)} ms (whole LLDB run)`],
  ['(c) hits per second, driven', `${Math.round(hits / (fastest(drivenSessionMs) / 1000))}`, '', `${hits} hits in ${fastest(drivenSessionMs)} ms (whole LLDB run)`],
  ['(d) driven / auto-continue', drivenCost.text, '', drivenCost.times],
];
console.log(`\nane-check bench: ${rounds} rounds, ${os.cpus().length} cores, ${execFileSync('lldb', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0]}\n`);
for (const [what, value, goal, detail] of figures) console.log(`${what.padEnd(40)} ${value.padEnd(24)} ${goal.padEnd(8)} ${detail}`);
const missed = (overhead.value > 1.05 ? 1 : 0) + (scaling.value > 1.3 ? 1 : 0);
if (missed > 0) console.log(`\n${missed} goal(s) missed.`);
