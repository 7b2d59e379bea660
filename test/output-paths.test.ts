import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { InputError } from '../src/errors.js';
import { runFromInputs } from '../src/main.js';
import { checkOutputPaths } from '../src/inputs/output-paths.js';
import { expectValidReport } from './support/report-schema.js';
import { tempFolder } from './support/temp.js';

const dir = tempFolder('output-paths');

async function refusal(file: string): Promise<string> {
  try {
    await checkOutputPaths([{ input: 'report', file }], dir);
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error(`${file} was accepted`);
}

describe('checkOutputPaths', () => {
  it('accepts a new file in a folder that exists or can be made, and a file that is there', async () => {
    writeFileSync(path.join(dir, 'old.json'), '{}');
    await expect(checkOutputPaths([{ input: 'report', file: 'new.json' }, { input: 'junit', file: 'deep/er/j.xml' }, { input: 'report', file: 'old.json' }], dir)).resolves.toBeUndefined();
    // Nothing is created by the check.
    expect(existsSync(path.join(dir, 'deep'))).toBe(false);
    expect(existsSync(path.join(dir, 'new.json'))).toBe(false);
  });

  it('refuses a folder, a path under a file, and names the input', async () => {
    mkdirSync(path.join(dir, 'a-folder'));
    writeFileSync(path.join(dir, 'a-file'), '');
    expect(await refusal('a-folder')).toBe("report: 'a-folder' cannot be written: it is a folder; give the path of a file in it");
    expect(await refusal('a-file/sub/r.json')).toBe(`report: 'a-file/sub/r.json' cannot be written: '${path.join(dir, 'a-file')}' is a file, not a folder; give a path under a folder`);
  });
});

describe('runFromInputs', () => {
  const env = { platform: 'linux' as const, path: '/bin:/usr/bin', cwd: dir, commit: null };

  it('refuses an unwritable report path before measuring, and writes nothing there', async () => {
    writeFileSync(path.join(dir, 'blocker'), '');
    const before = readdirSync(os.tmpdir()).filter((name) => name.startsWith('ane-check-')).length;
    const outcome = await runFromInputs({ command: '/bin/true', report: 'blocker/ane-report.json', lldb: '/bin/true' }, env);
    expect(outcome.reports[0]).toMatchObject({ status: 'error', reasons: [expect.stringMatching(/^report: 'blocker\/ane-report\.json' cannot be written: '.*blocker' is a file/u)] });
    expect(outcome.reportPath).toBeUndefined();
    expect(outcome.reportNotWritten).toMatch(/^report: 'blocker\/ane-report\.json' cannot be written/u);
    // No run was started: no work folder was made.
    expect(readdirSync(os.tmpdir()).filter((name) => name.startsWith('ane-check-')).length).toBe(before);
  });

  it('checks the JUnit path too, and still writes the report that says why', async () => {
    const report = path.join(dir, 'junit-refused.json');
    const outcome = await runFromInputs({ command: '/bin/true', report, junit: 'a-folder', lldb: '/bin/true' }, env);
    expect(outcome.reports[0]!.reasons).toEqual(["junit: 'a-folder' cannot be written: it is a folder; give the path of a file in it"]);
    expect(outcome.reportPath).toBe(report);
    expectValidReport(JSON.parse(readFileSync(report, 'utf8')));
  });

  it('keeps the inputs that read in the report of a refused run', async () => {
    const report = path.join(dir, 'refused.json');
    const outcome = await runFromInputs({ model: 'models/MobileNetV2.mlpackage', threshold: '40', warmup: '3', predictions: 'x', 'max-drop': '5', report }, env);
    expect(outcome.reports[0]).toMatchObject({
      name: 'MobileNetV2',
      status: 'error',
      predictions: { warmup: 3, requested: 10 },
      gates: { threshold: 40, maxDrop: 5 },
    });
    expectValidReport(outcome.reports[0]!);
  });
});
