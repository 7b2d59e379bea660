import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, expect, onTestFinished } from 'vitest';

import { TEST_FOLDER_PREFIX } from './paths.js';

/**
 * A new folder in the temporary directory, removed when the test that made it finishes, or, made while
 * a test file or a describe block is collected, after it. `name` says whose it is in a listing.
 */
export function tempFolder(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${TEST_FOLDER_PREFIX}${name}-`));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  if (expect.getState().currentTestName === undefined) afterAll(remove);
  else onTestFinished(remove);
  return dir;
}
