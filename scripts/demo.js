// `npm run demo`: both checks of ane-check on what the project carries, as a user would run them.
// 1. The measured check: the espresso-sim fixture built and measured with the command line under the real LLDB,
//    as an app would be: predictions that run 2 ANE segments, 1 GPU kernel and 3 CPU kernels, with the built-in
//    classic Espresso profile and a 30% threshold.
// 2. The model check: two small ML programs made with coremltools (test/fixtures/demo-models, see
//    test/coremltools/demo_models.py), a base and a head that gained a range-shaped input and a float32 island,
//    read as a pull request's base and head: what changed (`ane-check diff`), and the new blockers, which fail
//    (`ane-check lint --base`). That failure is the demo's point; the demo itself fails only when a check does
//    not give what it should.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli', 'index.js');
const fixtureDir = path.join(root, 'test', 'fixtures', 'espresso-sim');
const build = path.join(fixtureDir, 'build');
execFileSync(path.join(fixtureDir, 'build.sh'), [build], { stdio: 'inherit' });

function run(title, args) {
  console.log(`\n$ ane-check ${args.map((arg) => (/\s/u.test(arg) ? `"${arg}"` : arg)).join(' ')}\n`);
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit', cwd: root });
  return result.status ?? 1;
}

const program = path.join(build, 'espresso-sim');
const measured = run('measured', [
  '--command', `${program} --plan ane=2,gpu=1,cpu=3 --predictions 100`,
  '--symbols', 'espresso',
  '--threshold', '30',
  '--name', 'espresso-sim demo',
  '--report', path.join(root, 'ane-report.json'),
]);

const base = 'test/fixtures/demo-models/base/Classifier.mlpackage';
const head = 'test/fixtures/demo-models/head/Classifier.mlpackage';
const diffed = run('diff', ['diff', base, head, '--report', path.join(root, 'ane-report.diff.json')]);
const linted = run('lint', ['lint', head, '--base', base, '--report', path.join(root, 'ane-report.model.json')]);

const expected = measured === 0 && diffed === 0 && linted === 1;
console.log(
  expected
    ? '\nThe measurement passed; the head model fails the model check on its new blockers, as it should.'
    : `\nUnexpected exit codes: measurement ${measured} (0 expected), diff ${diffed} (0), lint ${linted} (1).`,
);
process.exit(expected ? 0 : 1);
