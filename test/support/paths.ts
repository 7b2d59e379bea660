import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURE_DIR = path.join(ROOT, 'test', 'fixtures', 'espresso-sim');
export const FIXTURE_BUILD = path.join(FIXTURE_DIR, 'build');
/** The espresso-sim program, built by the global setup. */
export const FIXTURE = path.join(FIXTURE_BUILD, 'espresso-sim');
