import { describe, expect, it } from 'vitest';

import { findingCounts } from '../../../src/model/check/finding-counts.js';
import type { ModelReport } from '../../../src/model/check/model-report.js';
import type { Finding } from '../../../src/model/rules/index.js';

const finding = (severity: Finding['severity'], count?: number): Finding => ({
  rule: 'r',
  severity,
  message: 'm',
  subject: { kind: 'op', name: 'n', type: 't', function: 'main' },
  evidence: 'Apple',
  source: 's',
  fix: 'f',
  ...(count !== undefined ? { count } : {}),
});
const model = (findings: Finding[], fresh?: Finding[]): ModelReport =>
  ({ path: 'm', status: 'checked', findings, ...(fresh ? { diff: { findings: { new: fresh, gone: [] } } } : {}) }) as unknown as ModelReport;

describe('findingCounts', () => {
  it('counts error and warning findings, each subject of a grouped one, and leaves advice out', () => {
    expect(findingCounts([{ models: [model([finding('error'), finding('warning', 4), finding('info')])] }])).toEqual({ findings: 5, newFindings: null });
  });

  it('counts the new ones only where a model had a base, over every report', () => {
    const reports = [{ models: [model([finding('error')], [finding('error'), finding('info')])] }, { models: [model([finding('warning')])] }];
    expect(findingCounts(reports)).toEqual({ findings: 2, newFindings: 1 });
    expect(findingCounts([{ models: [model([], [])] }])).toEqual({ findings: 0, newFindings: 0 });
  });

  it('says nothing when the model check did not run', () => {
    expect(findingCounts([{}])).toEqual({ findings: null, newFindings: null });
    expect(findingCounts([{ models: [] }])).toEqual({ findings: 0, newFindings: null });
    // One report of several with the model check is enough.
    expect(findingCounts([{}, { models: [model([finding('error')])] }])).toEqual({ findings: 1, newFindings: null });
  });
});
