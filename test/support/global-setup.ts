import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { FIXTURE_BUILD, FIXTURE_DIR, TEST_FOLDER_PREFIX } from './paths.js';

/**
 * Builds the espresso-sim fixture once per test run; missing tools fail the run with the install command.
 * The teardown fails the run when a test, or ane-check under test, left a folder of its own in the
 * temporary directory.
 */
export default function setup(): () => void {
  for (const tool of ['lldb', 'g++']) {
    try {
      execFileSync(tool, ['--version'], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is needed by the tests and is not installed: apt-get install -y lldb g++ (or run .ci/run as root)`);
    }
  }
  execFileSync(path.join(FIXTURE_DIR, 'build.sh'), [FIXTURE_BUILD], { stdio: 'inherit' });
  const before = new Set(ownFolders());
  return () => {
    const left = ownFolders().filter((name) => !before.has(name));
    if (left.length > 0) throw new Error(`The tests left these in ${os.tmpdir()}: ${left.join(', ')}`);
  };
}

function ownFolders(): string[] {
  return readdirSync(os.tmpdir()).filter((name) => name.startsWith(TEST_FOLDER_PREFIX) || name.startsWith('ane-check-'));
}
