import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { FIXTURE_BUILD, FIXTURE_DIR } from './paths.js';

/** Builds the espresso-sim fixture once per test run; missing tools fail the run with the install command. */
export default function setup(): void {
  for (const tool of ['lldb', 'g++']) {
    try {
      execFileSync(tool, ['--version'], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is needed by the tests and is not installed: apt-get install -y lldb g++ (or run .ci/run as root)`);
    }
  }
  execFileSync(path.join(FIXTURE_DIR, 'build.sh'), [FIXTURE_BUILD], { stdio: 'inherit' });
}
