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
import type { ModelReport } from './model-report.js';
import { subjectText } from './subject-text.js';

export interface ModelCheckVerdict {
  status: Status;
  reasons: string[];
  notes: string[];
}

export interface ModelCheckGates {
  failOn: FailOn;
  /** `allow-off-ane`: op types as the plan names them (`ios18.gather`) or bare (`gather`). */
  allowOffAne?: readonly string[];
}

/** How many failing findings a reason names before it says how many more. */
const NAMED = 3;

const RANK: readonly Status[] = ['pass', 'inconclusive', 'fail', 'error'];

export function decideModelCheck(models: readonly ModelReport[], gates: ModelCheckGates): ModelCheckVerdict {
  const allowed = new Set((gates.allowOffAne ?? []).map(bareType));
  const counts = (finding: Finding) =>
    (gates.failOn === 'warning' ? finding.severity !== 'info' : finding.severity === 'error') && !(finding.subject.type !== undefined && allowed.has(finding.subject.type));
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
    if (model.status === 'deleted' || gates.failOn === 'never') continue;
    const failing = model.findings.filter(counts);
    if (failing.length === 0) continue;
    if (gates.failOn !== 'new') {
      raise('fail');
      reasons.push(`${model.path} has ${plural(failing.length, gates.failOn === 'warning' ? 'error or warning finding' : 'error finding')}: ${named(failing)}. ${FIX}`);
      continue;
    }
    if (model.base?.problem !== undefined) {
      raise('inconclusive');
      reasons.push(`${model.path}: which of its ${plural(failing.length, 'error finding')} are new is unknown, since its base could not be read. ${model.base.problem}`);
      continue;
    }
    if (!model.diff) {
      notes.push(`${model.path} has ${plural(failing.length, 'error finding')}, and no base model to compare with (not a pull request, or \`base-model: none\`): with \`fail-on: new\` none fails the step.`);
      continue;
    }
    const fresh = newOnes(failing, model.diff.findings.new);
    if (fresh.length === 0) continue;
    raise('fail');
    const against = model.diff.status === 'added' ? 'it is new in this pull request' : 'the base model does not have them';
    reasons.push(`${model.path} has ${plural(fresh.length, 'new error finding')} (${against}): ${named(fresh)}. ${FIX}`);
  }
  return { status, reasons, notes };
}

const FIX = 'See each finding\'s fix in the report; allow an op type off the ANE on purpose with `allow-off-ane`.';

/** The failing findings that the diff counts as new, matched by the diff's own key (renamed ops stay the same), the same name first. */
function newOnes(failing: readonly Finding[], fresh: readonly Finding[]): Finding[] {
  const left = [...failing];
  const taken: Finding[] = [];
  const take = (matches: (candidate: Finding) => boolean) => {
    const at = left.findIndex(matches);
    if (at < 0) return false;
    taken.push(...left.splice(at, 1));
    return true;
  };
  for (const finding of fresh) {
    const key = findingKey(finding);
    if (!take((candidate) => findingKey(candidate) === key && candidate.subject.name === finding.subject.name)) take((candidate) => findingKey(candidate) === key);
  }
  return failing.filter((finding) => taken.includes(finding));
}

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
