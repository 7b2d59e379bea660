import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { inject } from 'vitest';

import { ROOT } from './paths.js';

/**
 * Apple's coremltools, in a virtual environment of the project's own (gitignored), for the model check's tests:
 * test/coremltools/build_models.py builds the models they read, load_spec.py says what coremltools sees in a
 * model. The global setup (coremltools-setup.ts) makes the environment once and keeps it while the pins in
 * test/coremltools/requirements.txt stay the same.
 */
export const COREMLTOOLS_DIR = path.join(ROOT, 'test', 'coremltools');
export const REQUIREMENTS = path.join(COREMLTOOLS_DIR, 'requirements.txt');
export const VENV = path.join(ROOT, '.venv-coremltools');
export const PYTHON = path.join(VENV, 'bin', 'python');
/** The copy of the requirements the environment was made from. */
const STAMP = path.join(VENV, 'requirements.txt');

export const SETUP_COMMAND = 'python3 -m venv .venv-coremltools && .venv-coremltools/bin/pip install -r test/coremltools/requirements.txt';

const run = promisify(execFile);

export function venvIsCurrent(): boolean {
  return existsSync(PYTHON) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === readFileSync(REQUIREMENTS, 'utf8');
}

/**
 * Makes the environment when it is missing or its pins changed: built aside and moved into place, so that two
 * test runs at once never see half an environment (the later one's move fails and it uses the winner's).
 */
export function ensureVenv(): void {
  if (venvIsCurrent()) return;
  const aside = `${VENV}.building-${process.pid}`;
  rmSync(aside, { recursive: true, force: true });
  try {
    execFileSync('python3', ['-m', 'venv', aside], { stdio: 'pipe' });
    execFileSync(path.join(aside, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS], { stdio: 'pipe', timeout: 600_000 });
    writeFileSync(path.join(aside, 'requirements.txt'), readFileSync(REQUIREMENTS, 'utf8'));
    if (venvIsCurrent()) return;
    const old = `${VENV}.old-${process.pid}`;
    if (existsSync(VENV)) renameSync(VENV, old);
    renameSync(aside, VENV);
    rmSync(old, { recursive: true, force: true });
  } catch (error) {
    if (venvIsCurrent()) return;
    const reason = error instanceof Error && 'stderr' in error ? String((error as { stderr: unknown }).stderr).trim().split('\n').slice(-3).join(' ') : String(error);
    throw new Error(`The model check's tests need coremltools in ${VENV}, which could not be made (${reason}). Make it with:\n  ${SETUP_COMMAND}`);
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's folder of coremltools models, made by the global setup and removed after the run. */
    coremltoolsModels: string;
  }
}

/**
 * Builds the named cases of test/coremltools/build_models.py (once per test run: a case already in the run's
 * folder is not built again) and returns each one's path.
 */
export async function buildModels<Name extends string>(names: readonly Name[]): Promise<Record<Name, string>> {
  // `npm run mutate` builds the models before Stryker copies the project, whose sandbox has no coremltools.
  const dir = process.env.ANE_CHECK_COREMLTOOLS_MODELS ?? inject('coremltoolsModels');
  mkdirSync(dir, { recursive: true });
  // Built already (by another test file of the run, or an earlier run of this one): no need to start Python.
  const built = names.map((name) => [name, ['.mlpackage', '.mlmodel'].map((ext) => path.join(dir, name + ext)).find((file) => existsSync(file))] as const);
  if (built.every(([, file]) => file !== undefined)) return Object.fromEntries(built) as Record<Name, string>;
  const { stdout } = await run(PYTHON, [path.join(COREMLTOOLS_DIR, 'build_models.py'), dir, ...names], { maxBuffer: 16 * 1024 * 1024, timeout: 300_000 }).catch(
    (error: { stderr?: string; message: string }) => {
      throw new Error(`coremltools could not build ${names.join(', ')}: ${error.stderr?.trim().split('\n').slice(-5).join('\n') ?? error.message}`);
    },
  );
  const last = stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as Record<Name, string>;
}

/** What coremltools' `ct.utils.load_spec` sees in a model, as test/coremltools/load_spec.py prints it. */
export async function loadSpec(model: string): Promise<CoremltoolsSpec> {
  return (await loadSpecs([model]))[0]!;
}

/** loadSpec for several models in one Python process (importing coremltools takes most of a second). */
export async function loadSpecs(models: readonly string[]): Promise<CoremltoolsSpec[]> {
  const { stdout } = await run(PYTHON, [path.join(COREMLTOOLS_DIR, 'load_spec.py'), ...models], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  const lines = stdout.trim().split('\n').slice(-models.length);
  return lines.map((line) => JSON.parse(line) as CoremltoolsSpec);
}

/** The schema's tables as coremltools' generated code has them (test/coremltools/schema_names.py). */
export async function schemaNames(): Promise<{ layerWeights: Record<string, unknown>; modelKinds: Record<string, string>; layerKinds: Record<string, string>; activations: Record<string, string>; milDataTypes: Record<string, string> }> {
  const { stdout } = await run(PYTHON, [path.join(COREMLTOOLS_DIR, 'schema_names.py')], { timeout: 120_000 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Awaited<ReturnType<typeof schemaNames>>;
}

/** load_spec.py's JSON: the reader's vocabulary, from coremltools' own decoding. */
export interface CoremltoolsSpec {
  specificationVersion: number;
  kind: string;
  isUpdatable: boolean;
  inputs: CoremltoolsFeature[];
  outputs: CoremltoolsFeature[];
  states: CoremltoolsFeature[];
  functionDescriptions: { name: string; inputs: CoremltoolsFeature[]; outputs: CoremltoolsFeature[]; states: CoremltoolsFeature[] }[];
  defaultFunctionName: string;
  metadata: { author: string; license: string; shortDescription: string; userDefined: Record<string, string> };
  program?: {
    version: number;
    functions: {
      name: string;
      opset: string;
      inputs: { name: string; type: unknown }[];
      operationCounts: Record<string, number>;
      precision: Record<string, number>;
      operations: { type: string; name: string; path: unknown[]; outputs: { name: string; type: unknown }[]; inputs: string[] }[];
    }[];
  };
  network?: {
    layers: { name: string; kind: string; inputs: string[]; outputs: string[]; path: unknown[]; weightBytes: number; [params: string]: unknown }[];
    layerCounts: Record<string, number>;
  };
  embeddedWeightBytes?: number;
  pipeline?: { name: string | null; model: CoremltoolsSpec }[];
}

export interface CoremltoolsFeature {
  name: string;
  kind: string;
  optional: boolean;
  dataType: string | null;
  shape: number[];
  flexibility: unknown;
  image?: { width: number; height: number; colorSpace: string };
}
