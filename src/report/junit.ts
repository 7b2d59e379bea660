import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { Builder } from 'xml2js';

import type { CheckedModel, ModelReport } from '../model/check/model-report.js';
import { subjectText } from '../model/check/subject-text.js';
import type { Finding } from '../model/rules/rule.js';
import { headlineOf, measuredHeadline } from './headline.js';
import { blockerCounts, findingOutcomes, type FindingOutcome, findingText, isBlocker, modelCheckSentence, newFindings, plural, sourceUrl, subjects } from './model-text.js';
import type { Report } from './report.js';

/** One decimal, or empty when there is no figure: the form of the Action's outputs of the same names. */
const oneDecimal = (value: number | null | undefined) => (value == null ? '' : value.toFixed(1));

/** What a test case ended as: `failure` (a gate, or a finding, did not hold), `error` (it broke), `skipped` (unknown), or a pass. */
type Outcome = { failure: { message: string; body: string } } | { error: { message: string; body: string } } | { skipped: { message: string } } | Record<string, never>;

interface TestCase {
  classname: string;
  name: string;
  seconds: number;
  properties: Record<string, string>;
  outcome: Outcome;
  output: string;
}

/**
 * JUnit XML for test-report tools.
 *
 * One test case per report (classname `ane-check`, named by the report): the step's result, both checks
 * together. `fail` is a `<failure>` (a gate did not hold), `error` an `<error>` (the measurement broke, or a model
 * could not be read), `inconclusive` `<skipped>`, each with the reasons; `pass` passes.
 *
 * With the model check, also one test case per model and rule (classname `ane-check.model-check`, named
 * `<model path>: <rule>`), holding that rule's findings on that model: a `<failure>` when one of them fails the step
 * under `fail-on` (the report's gates; `allow-off-ane` spares an op type), `<skipped>` when one would if it were
 * new and the base could not be read to say, and a pass otherwise (a finding that does not fail the step, such as
 * an existing one with `fail-on: new`, or a warning with `fail-on: error`, is reported, not failed). A model with
 * no finding has one passing case (`<path>: no known blocker`), a model that could not be read an `<error>`, a
 * model the pull request deletes a passing case. A finding that Core ML's plan contradicts (both checks ran) says so
 * in its case's output; what `fail-on` makes of it does not change. The suite's `failures`, `errors` and `skipped` count the cases.
 *
 * Each test case carries `<properties>` with its figures. Test-case properties extend the format; readers
 * that know them keep them, the others pass over them:
 * - Jenkins' JUnit plugin reads `testcase/properties/property` (name, value) with "keep properties"
 *   (jenkinsci/junit-plugin, src/main/java/hudson/tasks/junit/CaseResult.java); so do test-management tools
 *   (https://docs.testmo.com/docs/automation/advanced/test-fields).
 * - dorny/test-reporter (src/parsers/java-junit/java-junit-parser.ts) and mikepenz/action-junit-report
 *   (src/testParser.ts) read `failure`, `error` and `skipped` only, and show an `<error>` as failed.
 */
export function renderJunit(reports: readonly Report[]): string {
  const cases = reports.flatMap((report) => [reportCase(report), ...(report.models ?? []).flatMap((model) => modelCases(model, report))]);
  const count = (kind: 'failure' | 'error' | 'skipped') => String(cases.filter((testcase) => kind in testcase.outcome).length);
  const suite = {
    testsuites: {
      testsuite: {
        $: {
          name: 'ane-check',
          tests: String(cases.length),
          failures: count('failure'),
          errors: count('error'),
          skipped: count('skipped'),
          time: reports.reduce((sum, report) => sum + report.run.durationMs / 1000, 0).toFixed(3),
        },
        testcase: cases.map(toXml),
      },
    },
  };
  return new Builder({ xmldec: { version: '1.0', encoding: 'UTF-8' } }).buildObject(suite);
}

/** The report's own case: its status and reasons, its figures, and the line it leads with. */
function reportCase(report: Report): TestCase {
  const message = report.reasons.join(' ') || report.status;
  const body = report.reasons.join('\n');
  const outcome: Outcome =
    report.status === 'fail' ? { failure: { message, body } } : report.status === 'error' ? { error: { message, body } } : report.status === 'inconclusive' ? { skipped: { message } } : {};
  const lead = measuredHeadline(report);
  const counts = report.models ? blockerCounts(report.models) : undefined;
  const properties: Record<string, string> = {
    coverage: oneDecimal(report.coverage),
    delta: oneDecimal(report.baseline?.delta),
    'plan-coverage': oneDecimal(report.plan?.aneCostShare),
    status: report.status,
    headline: headlineOf(report).figure,
    ...(counts ? { findings: String(counts.blockers), 'new-findings': counts.fresh === null ? '' : String(counts.fresh) } : {}),
  };
  const lines = [...(lead ? [`${lead.lead}${lead.rest}`] : []), ...(report.models ? [`Model check: ${modelCheckSentence(report.models)}`] : []), ...report.notes];
  return { classname: 'ane-check', name: report.name, seconds: report.run.durationMs / 1000, properties, outcome, output: lines.join('\n') };
}

/** A model's cases: one per rule with findings on it, or one that says there is none; one for a model not read or deleted. */
function modelCases(model: ModelReport, report: Report): TestCase[] {
  const base = { classname: 'ane-check.model-check', seconds: 0 };
  if (model.status === 'error') {
    const message = model.error ?? `${model.path} could not be read.`;
    return [{ ...base, name: model.path, properties: { status: 'error' }, outcome: { error: { message, body: message } }, output: '' }];
  }
  if (model.status !== 'checked') return [{ ...base, name: `${model.path}: deleted`, properties: { status: 'deleted' }, outcome: {}, output: 'The pull request deletes this model.' }];
  if (model.findings.length === 0) return [{ ...base, name: `${model.path}: no known blocker`, properties: { findings: '0' }, outcome: {}, output: 'No finding: no known blocker.' }];
  const byRule = new Map<string, Finding[]>();
  for (const finding of model.findings) byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]);
  const outcomes = findingOutcomes(model, report.gates);
  const fresh = newFindings(model);
  return [...byRule].map(([rule, findings]) => ({ ...base, name: `${model.path}: ${rule}`, ...ruleResult(model, findings, outcomes, fresh, report) }));
}

function ruleResult(
  model: CheckedModel,
  findings: readonly Finding[],
  outcomes: ReadonlyMap<Finding, FindingOutcome>,
  fresh: ReadonlySet<Finding>,
  report: Report,
): Pick<TestCase, 'properties' | 'outcome' | 'output'> {
  const contradicted = new Map((model.plan?.contradicted ?? []).map((entry) => [JSON.stringify([entry.rule, entry.subject]), entry.plan]));
  const line = (finding: Finding) => {
    const against = contradicted.get(JSON.stringify([finding.rule, finding.subject]));
    const times = finding.count !== undefined && finding.count > 1 ? ` ×${finding.count}` : '';
    return `${finding.severity}${fresh.has(finding) ? ' (new)' : ''}: ${subjectText(finding.subject)}${times}: ${findingText(finding)}${against !== undefined ? ` Contradicted by Core ML's plan: ${against}.` : ''}`;
  };
  const failing = findings.filter((finding) => outcomes.get(finding) === 'fails');
  const unknown = findings.filter((finding) => outcomes.get(finding) === 'unknown');
  const failOn = `fail-on: ${report.gates.failOn ?? 'new'}`;
  let outcome: Outcome = {};
  if (failing.length > 0) {
    const message = `${plural(subjects(failing), 'finding')} of ${failing[0]!.rule} ${subjects(failing) === 1 ? 'fails' : 'fail'} the step (${failOn}): ${subjectText(failing[0]!.subject)}${failing.length > 1 ? ` and ${failing.length - 1} more` : ''}.`;
    outcome = { failure: { message, body: failing.map(line).join('\n') } };
  } else if (unknown.length > 0) {
    outcome = { skipped: { message: `Whether these findings are new is unknown: ${model.base?.problem ?? 'the base could not be read.'}` } };
  }
  const first = findings[0]!;
  const properties = {
    rule: first.rule,
    severity: first.severity,
    findings: String(subjects(findings)),
    'new-findings': model.diff ? String(subjects(findings.filter((finding) => fresh.has(finding)))) : '',
    blocker: String(isBlocker(first)),
    source: sourceUrl(first.source) ?? first.source,
  };
  return { properties, outcome, output: findings.map(line).join('\n') };
}

/** A test case as xml2js builds it: properties first, where the documented examples put them; then the result and the output. */
function toXml(testcase: TestCase): object {
  const { outcome } = testcase;
  const result =
    'failure' in outcome
      ? { failure: { $: { message: outcome.failure.message, type: 'fail' }, _: outcome.failure.body } }
      : 'error' in outcome
        ? { error: { $: { message: outcome.error.message, type: 'error' }, _: outcome.error.body } }
        : 'skipped' in outcome
          ? { skipped: { $: { message: outcome.skipped.message } } }
          : {};
  return {
    $: { classname: testcase.classname, name: testcase.name, time: testcase.seconds.toFixed(3) },
    properties: { property: Object.entries(testcase.properties).map(([name, value]) => ({ $: { name, value } })) },
    ...result,
    ...(testcase.output ? { 'system-out': testcase.output } : {}),
  };
}

export async function writeJunit(file: string, reports: readonly Report[]): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, `${renderJunit(reports)}\n`, 'utf8');
}
