// `npm run bench`: how much the probe costs, on the espresso-sim fixture under the real LLDB (the first `lldb` on
// PATH: `PATH="$(scripts/lldb19.sh):$PATH" npm run bench` for LLDB 19).
//  (a) the probe's wall time over a minimal hand-written LLDB script with the same breakpoints on the
//      same workload, alternating in the same run (goal: at most 1.05);
//  (b) a 20000-prediction app over a 40-prediction one with a 10-prediction window (goal: at most 1.3);
//  (c) breakpoint hits per second, counting with auto-continue breakpoints and driven (every stop
//      continued by ane-check), and (d) the driven run's wall time over the auto-continue one's;
//  (e) the fallback stop (lldb-script.ts): LLDB's run with it over the same run without it, the names where the
//      profile says (its one stop at the first prediction), and the whole probe with the names moved into another
//      image (the fixture's --moved: every probe set again in every image) over the names in place;
//  (f) the per-prediction snapshot: LLDB's run with it (one `breakpoint list` per prediction probe hit) over the
//      same run with none, then with it sent as two commands per hit, a tally then the regex probes in full, over
//      one (a breakpoint command's cost is per hit, not per line), and the lines LLDB printed in each.
// Every probed run lists the counted breakpoints at each prediction (the per-prediction counts): (a)
// includes that cost, since the hand-written script lists them once at the end.
// Each figure is run several rounds, interleaved. The ratios compare the fastest round of each side (the
// least disturbed by the rest of the machine, so the closest to the intrinsic cost), with the ratio of
// medians beside it, and the median of each round's own ratio (its two runs follow each other, so a machine
// whose speed drifts, as a shared virtual machine's does, disturbs it least). Timing goals live here, never in tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { runFromInputs } from '../lib/main.js';
import { quoteLldb } from '../lib/probe/lldb-quote.js';
import { ALIASES, BREAKPOINT_NAMES, buildLldbScript } from '../lib/probe/lldb-script.js';
import { runLldbSession } from '../lib/probe/lldb-session.js';
import { BUILT_IN_PROFILES } from '../lib/profiles/built-in.js';
import { hostCommands } from '../lib/targets/host.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const build = path.join(root, 'test', 'fixtures', 'espresso-sim', 'build');
execFileSync(path.join(root, 'test', 'fixtures', 'espresso-sim', 'build.sh'), [build], { stdio: 'inherit' });
const fixture = path.join(build, 'espresso-sim');
const work = mkdtempSync(path.join(os.tmpdir(), 'ane-check-bench-'));
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
const env = { platform: process.platform, path: process.env.PATH ?? '', cwd: work };

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fastest = (values) => Math.min(...values);
/** `1.012 (medians 1.034, rounds 1.020)`, and the fastest rounds' times. */
function ratio(numerator, denominator) {
  const rounds = median(numerator.map((value, i) => value / denominator[i]));
  return {
    value: fastest(numerator) / fastest(denominator),
    text: `${(fastest(numerator) / fastest(denominator)).toFixed(3)} (medians ${(median(numerator) / median(denominator)).toFixed(3)}, rounds ${rounds.toFixed(3)})`,
    times: `${fastest(numerator).toFixed(0)} ms / ${fastest(denominator).toFixed(0)} ms`,
  };
}

async function probe(fixtureArgs, warmup, predictions, counting = 'auto-continue') {
  const started = performance.now();
  const { reports } = await runFromInputs(
    { command: `${fixture} ${fixtureArgs}`, symbols: 'espresso', warmup: String(warmup), predictions: String(predictions), report: path.join(work, 'r.json'), counting },
    env,
  );
  const ms = performance.now() - started;
  const [report] = reports;
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

/** ane-check's LLDB session alone (no pipeline around it) on `args`, with the script `change` makes of the probe's own. */
async function session(args, window, change = (script) => script) {
  const target = hostCommands({ command: [fixture, ...args.split(' ')], stdoutPath: '/dev/null', stderrPath: '/dev/null' });
  const script = change(buildLldbScript(BUILT_IN_PROFILES.espresso.probes, window, target, 'auto-continue'));
  const workDir = mkdtempSync(path.join(work, 'session-'));
  const started = performance.now();
  const result = await runLldbSession({ lldb: ['lldb'], script, counting: 'auto-continue', window, workDir, timeoutMs: 120_000 });
  const ms = performance.now() - started;
  rmSync(workDir, { recursive: true, force: true });
  if (!/exited with status = 0|stop reason = breakpoint/u.test(result.stdout)) throw new Error('a bench session did not run the fixture');
  return { ms, lines: result.stdout.split('\n').length };
}

/** The same script without its fallback stop: no fallback points, no plan for the driver. */
const withoutFallback = (script) => ({ ...script, setup: script.setup.filter((line) => !line.includes(BREAKPOINT_NAMES.fallback)), fallback: undefined });

const snapshotCommand = `breakpoint command add -o ${ALIASES.predictionSnapshot}`;
/** The same script with no snapshot at all: no per-prediction counts (the measurement fails; LLDB's run is timed). */
const withoutSnapshots = (script) => ({ ...script, setup: script.setup.filter((line) => line !== snapshotCommand) });
/**
 * The same script with each snapshot sent as two commands, lines up to DONE (`-o` takes one): a tally of the symbol
 * probes on one line each, then the regex probes in full.
 */
function twoCommands(script) {
  const regexProbes = new Set(BUILT_IN_PROFILES.espresso.probes.flatMap((probe, index) => (probe.role === 'dispatch' && probe.regex ? [BREAKPOINT_NAMES.probe(index)] : [])));
  const setup = script.setup.flatMap((line) => {
    if (line === snapshotCommand) return ['breakpoint command add', ALIASES.predictionTally, ALIASES.predictionSnapshot, 'DONE'];
    const probe = / -N (ane_check_probe_\d+)/u.exec(line)?.[1];
    return [probe && !regexProbes.has(probe) ? line.replace(`-N ${BREAKPOINT_NAMES.counted}`, `-N ${BREAKPOINT_NAMES.tallied}`) : line];
  });
  return { ...script, setup: [`command alias ${ALIASES.predictionTally} breakpoint list -b ${BREAKPOINT_NAMES.tallied}`, ...setup] };
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

// (e) The fallback stop where nothing moved, and where everything did; both must count alike.
const window = { warmup: 1, predictions: 199 };
const withStopMs = [];
const withoutStopMs = [];
const movedMs = [];
const inPlaceMs = [];
for (let round = 0; round < rounds; round++) {
  withStopMs.push((await session(workload, window)).ms);
  withoutStopMs.push((await session(workload, window, withoutFallback)).ms);
  const moved = await probe(`--moved ${workload}`, 1, 199);
  const inPlace = await probe(workload, 1, 199);
  const dispatches = (report) => JSON.stringify(Object.values(report.engines).map((engine) => [engine.dispatches, engine.minPerPrediction, engine.maxPerPrediction]));
  if (dispatches(moved.report) !== dispatches(inPlace.report)) throw new Error('the names moved and in place count differently');
  movedMs.push(moved.ms);
  inPlaceMs.push(inPlace.ms);
}
const fallbackStop = ratio(withStopMs, withoutStopMs);
const fallbackSearch = ratio(movedMs, inPlaceMs);

// (f) The snapshot per prediction: its cost, and its cost as two commands.
const snapshotMs = [];
const noneMs = [];
const twoMs = [];
const lines = {};
for (let round = 0; round < rounds; round++) {
  const one = await session(workload, window);
  const none = await session(workload, window, withoutSnapshots);
  const two = await session(workload, window, twoCommands);
  snapshotMs.push(one.ms);
  noneMs.push(none.ms);
  twoMs.push(two.ms);
  Object.assign(lines, { one: one.lines, none: none.lines, two: two.lines });
}
const snapshotCost = ratio(snapshotMs, noneMs);
const twoCommandCost = ratio(twoMs, snapshotMs);

const figures = [
  ['(a) probe / hand-written LLDB script', overhead.text, '<= 1.05', overhead.times],
  ['(b) 20000 / 40 predictions, window 10', scaling.text, '<= 1.3', scaling.times],
  ['(c) hits per second, auto-continue', `${Math.round(hits / (fastest(sessionMs) / 1000))}`, '', `${hits} hits in ${fastest(sessionMs)} ms (whole LLDB run)`],
  ['(c) hits per second, driven', `${Math.round(hits / (fastest(drivenSessionMs) / 1000))}`, '', `${hits} hits in ${fastest(drivenSessionMs)} ms (whole LLDB run)`],
  ['(d) driven / auto-continue', drivenCost.text, '', drivenCost.times],
  ['(e) fallback stop / none, names in place', fallbackStop.text, '', `${fallbackStop.times} (LLDB session)`],
  ['(e) names moved / in place', fallbackSearch.text, '', `${fallbackSearch.times} (whole probe)`],
  ['(f) snapshots / none', snapshotCost.text, '', `${snapshotCost.times} (LLDB session); ${lines.one} / ${lines.none} lines`],
  ['(f) two commands per snapshot / one', twoCommandCost.text, '', `${twoCommandCost.times} (LLDB session); ${lines.two} / ${lines.one} lines`],
];
console.log(`\nane-check bench: ${rounds} rounds, ${os.cpus().length} cores, ${execFileSync('lldb', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0]}\n`);
for (const [what, value, goal, detail] of figures) console.log(`${what.padEnd(40)} ${value.padEnd(38)} ${goal.padEnd(8)} ${detail}`);
const missed = (overhead.value > 1.05 ? 1 : 0) + (scaling.value > 1.3 ? 1 : 0);
if (missed > 0) console.log(`\n${missed} goal(s) missed.`);
rmSync(work, { recursive: true, force: true });
