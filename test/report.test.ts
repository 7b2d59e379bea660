import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { readReport, writeReport } from '../src/report/report.js';
import { sampleReport } from './support/sample-report.js';
import { tempFolder } from './support/temp.js';

const dir = tempFolder('report');

describe('report files', () => {
  it('writes a report that reads back the same, creating folders', async () => {
    const file = path.join(dir, 'nested', 'ane-report.json');
    await writeReport(file, sampleReport());
    expect(await readReport(file, 'baseline')).toEqual(sampleReport());
  });

  it.each([
    ['{"schemaVersion": 2, "status": "pass", "coverage": 1}', "has schemaVersion 2; this version of ane-check reads version 1"],
    ['{"status": "pass"}', 'is not an ane-check report (no schemaVersion)'],
    ['not json', 'is not valid JSON'],
    ['{"schemaVersion": 1, "coverage": 1}', 'is a damaged report'],
  ])('refuses %s, naming the input', async (content, message) => {
    const file = path.join(dir, `r${Math.random()}.json`);
    writeFileSync(file, content);
    await expect(readReport(file, 'baseline')).rejects.toThrow(`baseline: '${file}' ${message}`);
  });

  it('refuses a missing file with the fix', async () => {
    await expect(readReport(path.join(dir, 'none.json'), 'baseline')).rejects.toThrow(/baseline: cannot read the report .*ENOENT.*give the path of an ane-check JSON report/u);
  });
});
