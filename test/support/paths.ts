import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURE_DIR = path.join(ROOT, 'test', 'fixtures', 'espresso-sim');
export const FIXTURE_BUILD = path.join(FIXTURE_DIR, 'build');
/** The espresso-sim program, built by the global setup. */
export const FIXTURE = path.join(FIXTURE_BUILD, 'espresso-sim');

/** The folders the tests make in the temporary directory start with this (support/temp.ts); ane-check's own with `ane-check-`. */
export const TEST_FOLDER_PREFIX = 'test-';
