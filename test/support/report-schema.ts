// The report's JSON Schema (schema/report.schema.json), compiled once, for tests that hold a report the code wrote.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

import type { Report } from '../../src/report/report.js';
import { ROOT } from './paths.js';

export const REPORT_SCHEMA = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'report.schema.json'), 'utf8')) as object;

// Strict: a keyword the draft does not know is a mistake in the schema, not something to pass over. A probe's
// `oneOf` requires `symbol` or `regex` without defining them again, which only strictRequired would refuse.
const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile<Report>(REPORT_SCHEMA);

/** Ajv's errors, one a line: where, what, and the offending keyword's parameters. */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`).join('\n');
}

/** The schema's errors for a value, one a line; empty when it is a valid report. */
export function reportSchemaErrors(value: unknown): string {
  return validate(value) ? '' : describeErrors(validate.errors);
}

/** Throws, listing every error with its path, unless `value` is a valid report. */
export function expectValidReport(value: unknown): asserts value is Report {
  const errors = reportSchemaErrors(value);
  if (errors) throw new Error(`the report does not match schema/report.schema.json:\n${errors}`);
}

/** Reads a report file that ane-check wrote, and checks it against the schema. */
export async function readValidReport(file: string): Promise<Report> {
  const report: unknown = JSON.parse(await readFile(file, 'utf8'));
  expectValidReport(report);
  return report;
}
