// Runs the built Action (dist/index.js) as the runner does: inputs as INPUT_<NAME> (hyphens kept), and
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH files.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { ROOT } from './paths.js';
import { tempFolder } from './temp.js';
import { uniqueTag } from './processes.js';

export const WORK_DIR = tempFolder('action');

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runNode(script: string, args: string[], env: NodeJS.ProcessEnv, cwd = WORK_DIR): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ActionRun extends Finished {
  tag: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface GitHubEnvironment {
  apiUrl: string;
  eventName: string;
  payload: object;
  runId?: number;
}

/** Runs dist/index.js (in `cwd`, the workspace, WORK_DIR by default); `{tag}` in an input is replaced by a tag unique to this run. */
export async function runAction(inputs: Record<string, string>, github?: GitHubEnvironment, cwd = WORK_DIR): Promise<ActionRun> {
  const tag = uniqueTag();
  const outputFile = path.join(WORK_DIR, `${tag}.output`);
  const summaryFile = path.join(WORK_DIR, `${tag}.summary.md`);
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile };
  if (github) {
    const eventFile = path.join(WORK_DIR, `${tag}.event.json`);
    writeFileSync(eventFile, JSON.stringify(github.payload));
    Object.assign(env, {
      GITHUB_API_URL: github.apiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_EVENT_NAME: github.eventName,
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_RUN_ID: String(github.runId ?? 500),
      GITHUB_WORKFLOW: 'ane',
    });
  }
  for (const [name, value] of Object.entries({ report: path.join(WORK_DIR, `${tag}.json`), ...inputs })) {
    env[`INPUT_${name.toUpperCase()}`] = value.replaceAll('{tag}', tag);
  }
  const result = await runNode(path.join(ROOT, 'dist', 'index.js'), [], env, cwd);
  return { ...result, tag, outputs: readOutputs(outputFile), summary: readFileSync(summaryFile, 'utf8') };
}

/** GITHUB_OUTPUT's `name<<delimiter` blocks. */
function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = /^([^<]+)<<(.+)$/u.exec(lines[i]!);
    if (!start) continue;
    const value: string[] = [];
    while (lines[++i] !== start[2]) value.push(lines[i]!);
    outputs[start[1]!] = value.join('\n');
  }
  return outputs;
}
