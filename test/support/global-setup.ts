import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { FIXTURE_BUILD, FIXTURE_DIR } from './paths.js';

/**
 * Builds the espresso-sim fixture once per test run; missing tools fail the run with the install command.
 * The run gets a temporary directory of its own (TMPDIR, which the test workers, ane-check and LLDB inherit),
 * and the teardown fails the run when anything at all was left in it: a folder of a test's, of ane-check's, of
 * LLDB's (`lldb/<pid>/`), or any other file. Then it removes it.
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
  const tmpdir = mkdtempSync(path.join(os.tmpdir(), 'ane-check-test-run-'));
  process.env.TMPDIR = tmpdir;
  return () => {
    const left = readdirSync(tmpdir);
    rmSync(tmpdir, { recursive: true, force: true });
    if (left.length > 0) throw new Error(`The tests left these in their temporary directory ${tmpdir}: ${left.join(', ')}`);
  };
}
