import * as glob from '@actions/glob';

import { InputError } from '../errors.js';
import { readReport, type Report } from './report.js';

/** The reports a glob matches (`publish`), in path order so that a matrix always reads the same way. */
export async function readReportFiles(pattern: string): Promise<Report[]> {
  const globber = await glob.create(pattern, { matchDirectories: false });
  const files = (await globber.glob()).sort();
  if (files.length === 0) {
    throw new InputError('publish', `'${pattern}' matches no file; give the glob of the report files to publish (e.g. reports/**/ane-report.json, after actions/download-artifact)`);
  }
  return Promise.all(files.map((file) => readReport(file, 'publish')));
}
