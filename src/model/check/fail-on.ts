/**
 * The model check's status (contract.md, `fail-on`): which findings fail the step. `new`, the default: error
 * findings the base model does not have (the pull request made it worse); with no base at all, none. `error`:
 * every error finding; `warning`: errors and warnings; `never`: none. Findings on an op type (or layer kind)
 * listed in `allow-off-ane` never fail. A model that cannot be read is an `error`. When the base should be there
 * but could not be read (a shallow checkout that cannot fetch it, an LFS pointer), which error findings are new is
 * unknown: `inconclusive`, with what to do, never a pass by default.
 */
import type { FailOn } from '../../inputs/settings.js';
import type { Status } from '../../report/report.js';
import { findingKey } from '../diff.js';
import type { Finding } from '../rules/index.js';
import type { CheckedModel, ModelReport } from './model-report.js';
import { subjectText } from './subject-text.js';

export interface ModelCheckVerdict {
  status: Status;
  reasons: string[];
  notes: string[];
}

export interface ModelCheckGates {
  failOn: FailOn;
  /** `allow-off-ane`: op types as the plan names them (`ios18.gather`) or bare (`gather`). */
  allowOffAne?: readonly string[] | null;
}

/** How many failing findings a reason names before it says how many more. */
const NAMED = 3;

const RANK: readonly Status[] = ['pass', 'inconclusive', 'fail', 'error'];

/** What `fail-on` makes of one finding: it fails the step, it would if it were new (unknown: the base could not be read), or neither. */
export type FindingOutcome = 'fails' | 'unknown' | 'passes';

/**
 * Each finding's outcome under `fail-on` and `allow-off-ane`: the one rule that both the status (below) and the
 * renderers (which mark the findings that fail) follow.
 */
export function findingOutcomes(model: CheckedModel, given: { failOn?: FailOn | null; allowOffAne?: readonly string[] | null }): Map<Finding, FindingOutcome> {
  // A report written before `fail-on` existed was judged with its default.
  const gates: ModelCheckGates = { failOn: given.failOn ?? 'new', allowOffAne: given.allowOffAne };
  const counts = countsToward(gates);
  const fresh = newFindings(model);
  const outcomes = new Map<Finding, FindingOutcome>();
  for (const finding of model.findings) {
    let outcome: FindingOutcome = 'passes';
    if (counts(finding)) {
      if (gates.failOn !== 'new') outcome = 'fails';
      else if (model.base?.problem !== undefined) outcome = 'unknown';
      else if (fresh.has(finding)) outcome = 'fails';
    }
    outcomes.set(finding, outcome);
  }
  return outcomes;
}

/**
 * The findings of a model that its diff counts as new. The diff's new findings are the head's own (diff.ts), so
 * each is matched by the diff's key and its name, each at most as often as the diff has it.
 */
export function newFindings(model: Pick<CheckedModel, 'findings' | 'diff'>): Set<Finding> {
  const left = new Map<string, number>();
  const keyOf = (finding: Finding) => JSON.stringify([findingKey(finding), finding.subject.name]);
  for (const finding of model.diff?.findings.new ?? []) left.set(keyOf(finding), (left.get(keyOf(finding)) ?? 0) + 1);
  return new Set(
    model.findings.filter((finding) => {
      const remaining = left.get(keyOf(finding)) ?? 0;
      left.set(keyOf(finding), remaining - 1);
      return remaining > 0;
    }),
  );
}

/** Whether a finding's severity is one `fail-on` fails on, and its op type is not one `allow-off-ane` lists. */
function countsToward(gates: ModelCheckGates): (finding: Finding) => boolean {
  const allowed = new Set(gates.allowOffAne?.map(bareType));
  return (finding) =>
    gates.failOn !== 'never' && (gates.failOn === 'warning' ? finding.severity !== 'info' : finding.severity === 'error') && !allowed.has(finding.subject.type ?? '');
}

export function decideModelCheck(models: readonly ModelReport[], gates: ModelCheckGates): ModelCheckVerdict {
  const counts = countsToward(gates);
  let status: Status = 'pass';
  const raise = (to: Status) => {
    if (RANK.indexOf(to) > RANK.indexOf(status)) status = to;
  };
  const reasons: string[] = [];
  const notes: string[] = [];
  for (const model of models) {
    if (model.status === 'error') {
      raise('error');
      reasons.push(model.error ?? `${model.path} could not be read.`);
      continue;
    }
    if (model.status !== 'checked') continue;
    const outcomes = findingOutcomes(model, gates);
    const having = (outcome: FindingOutcome) => model.findings.filter((finding) => outcomes.get(finding) === outcome);
    const failing = having('fails');
    const unknown = having('unknown');
    if (gates.failOn !== 'new') {
      if (failing.length === 0) continue;
      raise('fail');
      reasons.push(`${model.path} has ${plural(failing.length, gates.failOn === 'warning' ? 'error or warning finding' : 'error finding')}: ${named(failing)}. ${FIX}`);
    } else if (unknown.length > 0) {
      raise('inconclusive');
      reasons.push(`${model.path}: which of its ${plural(unknown.length, 'error finding')} are new is unknown, since its base could not be read. ${model.base!.problem}`);
    } else if (!model.diff) {
      const errors = model.findings.filter(counts).length;
      if (errors > 0) notes.push(`${model.path} has ${plural(errors, 'error finding')}, and no base model to compare with (not a pull request, or \`base-model: none\`): with \`fail-on: new\` none fails the step.`);
    } else if (failing.length > 0) {
      raise('fail');
      const against = model.diff.status === 'added' ? 'it is new in this pull request' : 'the base model does not have them';
      reasons.push(`${model.path} has ${plural(failing.length, 'new error finding')} (${against}): ${named(failing)}. ${FIX}`);
    }
  }
  return { status, reasons, notes };
}

const FIX = 'See each finding\'s fix in the report; allow an op type off the ANE on purpose with `allow-off-ane`.';

/** `ios18.gather` -> `gather`: the plan's spelling and the file's bare type compare by what follows the last dot. */
export function bareType(type: string): string {
  return type.trim().slice(type.trim().lastIndexOf('.') + 1);
}

function named(findings: readonly Finding[]): string {
  const shown = findings.slice(0, NAMED).map((finding) => `${finding.rule} (${subjectText(finding.subject)})`);
  const more = findings.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
