// `npm run demo`: builds the espresso-sim fixture and measures it with the command line, under the real
// LLDB, as a user would measure an app: a model whose predictions run 2 ANE segments, 1 GPU kernel and
// 3 CPU kernels, with the built-in classic Espresso profile and a 30% threshold.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtureDir = path.join(root, 'test', 'fixtures', 'espresso-sim');
const build = path.join(fixtureDir, 'build');
execFileSync(path.join(fixtureDir, 'build.sh'), [build], { stdio: 'inherit' });

const program = path.join(build, 'espresso-sim');
const args = [
  path.join(root, 'dist', 'cli', 'index.js'),
  '--command', `${program} --plan ane=2,gpu=1,cpu=3 --predictions 100`,
  '--symbols', 'espresso',
  '--threshold', '30',
  '--name', 'espresso-sim demo',
  '--report', path.join(root, 'ane-report.json'),
];
console.log(`$ ane-check --command "${program} --plan ane=2,gpu=1,cpu=3 --predictions 100" --symbols espresso --threshold 30\n`);
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
