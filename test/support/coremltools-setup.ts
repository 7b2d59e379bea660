import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { TestProject } from 'vitest/node';

import { ensureVenv } from './coremltools.js';
import { TEST_FOLDER_PREFIX } from './paths.js';

/**
 * The model check's tools, once per test run: coremltools in its virtual environment (made when missing, see
 * coremltools.ts), protoc for the files coremltools cannot load, and a folder for the models the tests build,
 * removed at the end (before the other global teardown checks that nothing was left behind).
 */
export default function setup(project: TestProject): () => void {
  try {
    execFileSync('protoc', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('protoc is needed by the model check\'s tests and is not installed: apt-get install -y protobuf-compiler (or run .ci/run as root)');
  }
  ensureVenv();
  const models = mkdtempSync(path.join(os.tmpdir(), `${TEST_FOLDER_PREFIX}coremltools-models-`));
  project.provide('coremltoolsModels', models);
  return () => rmSync(models, { recursive: true, force: true });
}
