// `npm run mutate [group...]`: Stryker over the modules that decide a verdict or what users see, one group of
// modules at a time, each tested by its own unit test files only. A mutant is then run against the few files
// that test its module rather than every file that happens to call into it: on 2 cores this is what brings a
// full run from about 25 minutes to under 15. The groups' JSON reports are merged into
// reports/mutation/mutation.json; each group's HTML report is in reports/mutation/html/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Stryker } from '@stryker-mutator/core';
import { calculateMetrics } from 'mutation-testing-metrics';

/** Each group: the modules it mutates and the test files (under test/, without `.test.ts`) that test them. */
const GROUPS = {
  analysis: { mutate: ['src/analysis/**/*.ts'], tests: ['measure', 'verdict'] },
  probe: { mutate: ['src/probe/transcript.ts', 'src/probe/lldb-script.ts'], tests: ['transcript', 'lldb-script'] },
  profiles: { mutate: ['src/profiles/**/*.ts'], tests: ['profiles', 'by-platform'] },
  baseline: { mutate: ['src/report/baseline.ts', 'src/github/comment.ts'], tests: ['baseline', 'github'] },
  // The headline and the model check's text decide what the summary and the comment say: they go with markdown.ts.
  markdown: { mutate: ['src/report/markdown.ts', 'src/report/headline.ts', 'src/report/model-text.ts'], tests: ['markdown', 'examples', 'headline', 'model-text'] },
  settings: { mutate: ['src/inputs/settings.ts'], tests: ['settings'] },
  'model-diff': { mutate: ['src/model/diff.ts', 'src/model/diff-summary.ts'], tests: ['model/diff', 'model/diff-summary'] },
  // Which checks run, which findings fail the step, what the outputs count, the findings beside the plan.
  'model-check': {
    mutate: ['src/inputs/checks.ts', 'src/model/check/fail-on.ts', 'src/model/check/finding-counts.ts', 'src/model/check/beside-plan.ts'],
    tests: ['checks', 'model/check/fail-on', 'model/check/finding-counts', 'model/check/beside-plan'],
  },
  // The rules' tests read models coremltools builds and ../shared/models: `coremltools` has them built first.
  'model-rules': {
    mutate: ['src/model/rules/**/*.ts'],
    tests: [
      'band-part',
      'broadcastable-nd-layer',
      'channel-broadcast-multiply',
      'compressed-weights',
      'control-flow',
      'custom-layer',
      'dilated-convolution',
      'docs',
      'enumerated-shapes-layer-norm',
      'float32-compute',
      'float32-island',
      'gather-int32-indices',
      'gather-lookup',
      'index',
      'int32-tensor',
      'last-axis-padding',
      'non-constant-shape',
      'non-neural-model',
      'pooling-limits',
      'program',
      'range-shape-input',
      'real-models',
      'rnn',
      'standalone-slice-update',
      'state-width',
      'subjects',
      'tensor-dimension-range',
      'tensor-rank',
      'upsample-factor',
      'weight-size-ios',
      'weight-size-limit',
    ].map((test) => `model/rules/${test}`),
    coremltools: true,
  },
};

/** The score each module must reach: below it, the run fails. */
const GOAL = 90;
const OUT = 'reports/mutation';

const names = process.argv.slice(2);
const unknown = names.filter((name) => !(name in GROUPS));
if (unknown.length > 0) {
  console.error(`mutate: no group named ${unknown.join(', ')}; the groups are ${Object.keys(GROUPS).join(', ')}.`);
  process.exit(1);
}
const chosen = names.length > 0 ? names : Object.keys(GROUPS);
const base = JSON.parse(readFileSync('stryker.config.json', 'utf8'));
delete base.$schema;
// stryker.config.json's `mutate` is what a plain `npx stryker run` covers: the groups must cover the same.
const grouped = Object.values(GROUPS).flatMap((group) => group.mutate);
if (JSON.stringify([...grouped].sort()) !== JSON.stringify([...base.mutate].sort())) {
  console.error(`mutate: the groups mutate ${grouped.join(', ')}, but stryker.config.json lists ${base.mutate.join(', ')}; make them the same.`);
  process.exit(1);
}

// Each run has its own sandbox and parts, named by its process id, so that two runs at once (of other groups)
// leave each other's alone; what an interrupted run left (see below) is removed once its process is gone.
const PARTS = path.join(OUT, `parts-${process.pid}`);
const SANDBOXES = base.tempDirName;
base.tempDirName = path.join(SANDBOXES, String(process.pid));
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};
for (const [dir, prefix] of [
  [SANDBOXES, ''],
  [OUT, 'parts-'],
]) {
  for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length));
    if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}
mkdirSync(PARTS, { recursive: true });
// Stryker stops a mutant's tests at the first failure, and kills them at a timeout, before the test files'
// afterAll hooks remove their temporary folders: the runs get a temporary directory of their own, removed after.
const temporary = mkdtempSync(path.join(os.tmpdir(), 'stryker-tmp-'));
const removeTemporary = () => rmSync(temporary, { recursive: true, force: true });
process.env.TMPDIR = temporary;
// Interrupted, Stryker leaves its sandbox too; a test worker that is ending may still write its cache there, which
// the next run removes.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    removeTemporary();
    rmSync(base.tempDirName, { recursive: true, force: true });
    process.kill(process.pid, signal);
  });
}
/**
 * Stryker's sandbox has neither coremltools (stryker.config.json leaves its environment out) nor ../shared beside
 * it: every case of test/coremltools/build_models.py is built once, here, and the tests are told where the models
 * are (test/support/coremltools.ts, shared-models.ts).
 */
function prepareModels() {
  const python = path.join('.venv-coremltools', 'bin', 'python');
  if (!existsSync(python)) {
    console.error('mutate: the model rules\' tests need coremltools: make its environment with `python3 -m venv .venv-coremltools && .venv-coremltools/bin/pip install -r test/coremltools/requirements.txt` (or run npm test once).');
    process.exit(1);
  }
  const models = path.join(temporary, 'coremltools-models');
  mkdirSync(models, { recursive: true });
  const build = "import sys; sys.path.insert(0, 'test/coremltools'); import build_models; sys.argv = ['build_models.py', sys.argv[1], *build_models.CASES]; build_models.main()";
  console.log(`Building the coremltools models into ${models}`);
  try {
    execFileSync(python, ['-c', build, models], { stdio: 'pipe', maxBuffer: 64 * 1024 * 1024, timeout: 900_000 });
  } catch (error) {
    console.error(`mutate: coremltools could not build the models: ${String(error.stderr ?? error).trim().split('\n').slice(-5).join('\n')}`);
    process.exit(1);
  }
  process.env.ANE_CHECK_COREMLTOOLS_MODELS = models;
  process.env.ANE_CHECK_SHARED_MODELS = path.resolve('..', 'shared', 'models');
}

const started = Date.now();
const parts = [];
if (chosen.some((name) => GROUPS[name].coremltools)) prepareModels();
try {
  for (const name of chosen) {
    const group = GROUPS[name];
    console.log(`\n== ${name}: ${group.mutate.join(', ')}, tested by ${group.tests.map((test) => `test/${test}.test.ts`).join(', ')}`);
    // vitest.mutation.config.ts reads the test files from here, in Stryker's worker processes too.
    process.env.ANE_CHECK_MUTATION_TESTS = group.tests.join(',');
    const json = path.join(PARTS, `${name}.json`);
    const stryker = new Stryker({
      ...base,
      mutate: group.mutate,
      reporters: ['progress', 'json', 'html'],
      jsonReporter: { fileName: json },
      htmlReporter: { fileName: path.join(OUT, 'html', `${name}.html`) },
    });
    await stryker.runMutationTest();
    parts.push(JSON.parse(readFileSync(json, 'utf8')));
  }
} finally {
  removeTemporary();
}

const merged = { ...parts[0], files: {}, testFiles: {} };
for (const part of parts) {
  Object.assign(merged.files, part.files);
  Object.assign(merged.testFiles, part.testFiles ?? {});
}
writeFileSync(path.join(OUT, 'mutation.json'), JSON.stringify(merged));
rmSync(PARTS, { recursive: true, force: true });

const minutes = ((Date.now() - started) / 60_000).toFixed(1);
const rows = [];
const below = [];
for (const [file, result] of Object.entries(merged.files).sort(([a], [b]) => a.localeCompare(b))) {
  const { killed, timeout, survived, noCoverage, mutationScore } = calculateMetrics({ [file]: result }).metrics;
  rows.push(`${mutationScore.toFixed(2).padStart(7)}%  killed ${killed}, timed out ${timeout}, survived ${survived}, not covered ${noCoverage}  ${file}`);
  if (!(mutationScore >= GOAL)) below.push(file);
}
console.log(`\nMutation score per module (${minutes} minutes; ${path.join(OUT, 'mutation.json')}):\n${rows.join('\n')}`);
if (below.length > 0) {
  console.error(`\nBelow ${GOAL}%: ${below.join(', ')}. Kill the survivors with tests, or list them in README ("Mutation testing") when they are equivalent.`);
  process.exit(1);
}
