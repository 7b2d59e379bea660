// `npm run bench`, the model check's part: what reading a model file costs.
//  (a) a 1 GB NeuralNetwork .mlmodel (synthesized: three innerProduct layers whose float32 weights fill the
//      file, written sparsely) against the 120-byte identity.mlmodel: the weights are jumped over, so they may
//      cost no more than reading the file once (`cat` to /dev/null, timed in the same run); peak memory at most
//      150 MB above a bare Node process;
//  (b) the DTLN .mlpackage with a sparse 2 GB weight.bin against the same package with its own 2 MB: at most 1.1x;
//  (c) every model in ../shared/models read in one process: under 0.5 s.
// Each read runs in a process of its own (so its peak memory is its own), several rounds, interleaved; ratios
// compare the fastest rounds, with the medians beside them. Timing goals live here, never in tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, cpSync, ftruncateSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import protobuf from 'protobufjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.join(root, '..', 'shared', 'models');
const reader = path.join(root, 'lib', 'model', 'read', 'index.js');

// A child: read the models named on the command line, print the time and the peak memory.
if (process.argv[2] === '--read') {
  const { readModel } = await import(reader);
  // The first pass is the cold one (what a CI run pays); later passes show the steady cost, less noisy.
  const passes = [];
  let read = 0;
  for (let pass = 0; pass < Number(process.env.BENCH_PASSES ?? 1); pass++) {
    const started = performance.now();
    read = 0;
    for (const model of process.argv.slice(3)) {
      await readModel(model).then(
        () => read++,
        (error) => {
          if (error.name !== 'ModelError') throw error;
          read++;
        },
      );
    }
    passes.push(performance.now() - started);
  }
  console.log(JSON.stringify({ ms: passes[0], bestMs: Math.min(...passes), read, maxRssKb: process.resourceUsage().maxRSS }));
  process.exit(0);
}
if (process.argv[2] === '--bare') {
  console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
  process.exit(0);
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const work = mkdtempSync(path.join(os.tmpdir(), 'ane-check-bench-model-'));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fastest = (values) => Math.min(...values);

function child(args, passes = 1) {
  const started = performance.now();
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', env: { ...process.env, BENCH_PASSES: String(passes) } });
  return { wallMs: performance.now() - started, ...JSON.parse(out.trim().split('\n').pop()) };
}

/** Writes a protobuf message whose `{ hole }` values are left as sparse regions (no disk, no memory). */
function writeSparse(file, fields) {
  const contentSize = (value) =>
    typeof value === 'number' ? 0 : typeof value === 'string' ? Buffer.byteLength(value) : Array.isArray(value) ? size(value) : value.hole;
  const header = ({ field, value }) =>
    typeof value === 'number' ? protobuf.Writer.create().uint32(field << 3).int64(value).finish() : protobuf.Writer.create().uint32((field << 3) | 2).uint64(contentSize(value)).finish();
  const size = (list) => list.reduce((sum, entry) => sum + header(entry).length + contentSize(entry.value), 0);
  const fd = openSync(file, 'w');
  let position = 0;
  const emit = (list) => {
    for (const entry of list) {
      const head = header(entry);
      writeSync(fd, head, 0, head.length, position);
      position += head.length;
      if (typeof entry.value === 'string') {
        const bytes = Buffer.from(entry.value);
        writeSync(fd, bytes, 0, bytes.length, position);
        position += bytes.length;
      } else if (Array.isArray(entry.value)) emit(entry.value);
      else if (typeof entry.value === 'object') position += entry.value.hole;
    }
  };
  emit(fields);
  ftruncateSync(fd, position);
  closeSync(fd);
}

const f = (field, value) => ({ field, value });
function hugeNetwork(file) {
  const perLayer = Math.floor((1024 ** 3) / 3 / 4) * 4;
  const layers = [0, 1, 2].map((i) => f(1, [f(1, `fc${i}`), f(2, i === 0 ? 'x' : `h${i}`), f(3, i === 2 ? 'y' : `h${i + 1}`), f(140, [f(1, 16384), f(2, Math.floor(perLayer / 4 / 16384)), f(20, [f(1, { hole: perLayer })])])]));
  const feature = (name) => f(1, [f(1, name), f(3, [f(5, [f(2, 65568)])])]);
  writeSparse(file, [f(1, 4), f(2, [feature('x'), { ...feature('y'), field: 10 }]), f(500, layers)]);
}

function timeCat(file) {
  const started = performance.now();
  const result = spawnSync('sh', ['-c', 'cat "$1" > /dev/null', 'cat', file]);
  if (result.status !== 0) throw new Error(`cat failed: ${result.stderr}`);
  return performance.now() - started;
}

try {
  execFileSync('npx', ['tsc', '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });

  // (a)
  const huge = path.join(work, 'huge.mlmodel');
  hugeNetwork(huge);
  const small = path.join(shared, 'coremlit-identity', 'identity.mlmodel');
  const hugeMs = [];
  const smallMs = [];
  const catMs = [];
  let hugeRss = 0;
  const bareRss = [];
  for (let round = 0; round < rounds; round++) {
    const big = child(['--read', huge]);
    hugeMs.push(big.ms);
    hugeRss = Math.max(hugeRss, big.maxRssKb);
    smallMs.push(child(['--read', small]).ms);
    catMs.push(timeCat(huge));
    bareRss.push(child(['--bare']).maxRssKb);
  }
  const weightCost = fastest(hugeMs) - fastest(smallMs);
  const extraMb = (hugeRss - median(bareRss)) / 1024;

  // (b)
  const own = path.join(work, 'own.mlpackage');
  const sparse = path.join(work, 'sparse.mlpackage');
  const dtln = path.join(shared, 'dtln-aec-128-part1', 'DTLN_AEC_128_Part1.mlpackage');
  cpSync(dtln, own, { recursive: true });
  cpSync(dtln, sparse, { recursive: true });
  const weight = path.join(sparse, 'Data', 'com.apple.CoreML', 'weights', 'weight.bin');
  rmSync(weight);
  const fd = openSync(weight, 'w');
  ftruncateSync(fd, 2 * 1024 ** 3);
  closeSync(fd);
  const sparseMs = [];
  const ownMs = [];
  const sparseCold = [];
  const ownCold = [];
  for (let round = 0; round < rounds; round++) {
    const withSparse = child(['--read', sparse], 20);
    const withOwn = child(['--read', own], 20);
    sparseMs.push(withSparse.bestMs);
    ownMs.push(withOwn.bestMs);
    sparseCold.push(withSparse.ms);
    ownCold.push(withOwn.ms);
  }
  const packageRatio = fastest(sparseMs) / fastest(ownMs);

  // (c)
  const everyModel = readdirSync(shared)
    .filter((folder) => statSync(path.join(shared, folder)).isDirectory())
    .flatMap((folder) => readdirSync(path.join(shared, folder)).filter((name) => /\.(mlmodel|mlpackage|mlmodelc)$/u.test(name)).map((name) => path.join(shared, folder, name)));
  const allMs = [];
  const allWallMs = [];
  for (let round = 0; round < rounds; round++) {
    const run = child(['--read', ...everyModel]);
    if (run.read !== everyModel.length) throw new Error(`read ${run.read} of ${everyModel.length} models`);
    allMs.push(run.ms);
    allWallMs.push(run.wallMs);
  }

  const figures = [
    ['(a) 1 GB model, read', `${fastest(hugeMs).toFixed(1)} ms`, '', `median ${median(hugeMs).toFixed(1)} ms; identity.mlmodel ${fastest(smallMs).toFixed(1)} ms`],
    ['(a) the weights\' cost / cat of the file', `${(weightCost / fastest(catMs)).toFixed(3)}`, '<= 1', `${weightCost.toFixed(1)} ms / ${fastest(catMs).toFixed(0)} ms (cat, ${(statSync(huge).size / 1024 ** 3).toFixed(2)} GB)`],
    ['(a) peak memory above bare Node', `${extraMb.toFixed(1)} MB`, '<= 150', `${(hugeRss / 1024).toFixed(1)} MB / ${(median(bareRss) / 1024).toFixed(1)} MB`],
    ['(b) 2 GB weight.bin / its own 2 MB', `${packageRatio.toFixed(3)} (medians ${(median(sparseMs) / median(ownMs)).toFixed(3)})`, '<= 1.1', `${fastest(sparseMs).toFixed(2)} ms / ${fastest(ownMs).toFixed(2)} ms warm; cold ${fastest(sparseCold).toFixed(1)} ms / ${fastest(ownCold).toFixed(1)} ms`],
    [`(c) all ${everyModel.length} shared models, one process`, `${fastest(allMs).toFixed(1)} ms`, '< 500', `median ${median(allMs).toFixed(1)} ms; with Node's start and the imports ${fastest(allWallMs).toFixed(0)} ms`],
  ];
  console.log(`\nane-check model bench: ${rounds} rounds, ${os.cpus().length} cores, Node ${process.version}\n`);
  for (const [what, value, goal, detail] of figures) console.log(`${what.padEnd(42)} ${value.padEnd(24)} ${goal.padEnd(8)} ${detail}`);
  const missed = (weightCost > fastest(catMs) ? 1 : 0) + (extraMb > 150 ? 1 : 0) + (packageRatio > 1.1 ? 1 : 0) + (fastest(allMs) >= 500 ? 1 : 0);
  if (missed > 0) console.log(`\n${missed} goal(s) missed.`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
