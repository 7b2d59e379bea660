// Rebuilds dist/ and fails when it differs from what is committed: the Action runs dist/, not src/.
import { execFileSync } from 'node:child_process';

execFileSync('npm', ['run', 'package'], { stdio: 'inherit' });
const changed = execFileSync('git', ['status', '--porcelain', '--', 'dist'], { encoding: 'utf8' }).trim();
if (changed) {
  console.error(`dist/ is out of date with src/:\n${changed}\nRun \`npm run package\` and commit dist/.`);
  process.exit(1);
}
console.log('dist/ is up to date.');
