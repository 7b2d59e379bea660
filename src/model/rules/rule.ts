/**
 * What a rule of the model check is: data (its metadata: id, severity, evidence, sources, scope, why, fix) plus
 * one small function of the model's facts that returns findings, the way ESLint's rule modules are `meta` plus
 * `create`. A rule never touches a file, never throws on odd facts, and never says that a model runs on the ANE:
 * it names what keeps work off it.
 */
import type { ModelSpecFacts } from '../facts.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * How a rule is known (model-check.md): `Apple` (documentation, an Apple engineer), `message` (Core ML's or the ANE
 * compiler's own rejection text, seen in logs), `measured` (a community measurement), `reported` (a claim without
 * a measurement). Severity follows evidence: `error` for Apple and message, `warning` for measured, `info` for
 * reported and for advice.
 */
export type Evidence = 'Apple' | 'message' | 'measured' | 'reported';

export interface RuleMeta {
  /** Stable, kebab-case: findings, the diff and `allow-off-ane` refer to it. */
  id: string;
  severity: Severity;
  evidence: Evidence;
  /** URLs or `owner/repo#issue` references; the first is the main one, the finding's `source`. */
  sources: readonly [string, ...string[]];
  /** The OS or chip range where it applies, in words: `all`, `iOS 18+ stateful models`, `A17 Pro / M4`. */
  scope: string;
  /** One line: what fires it. */
  description: string;
  /** Why it keeps work off the ANE. */
  why: string;
  /** What to change. */
  fix: string;
}

export type SubjectKind = 'op' | 'layer' | 'input' | 'output' | 'state' | 'model';

export interface Subject {
  kind: SubjectKind;
  /** The op's, layer's or feature's name; for a whole model, its kind, or the function a finding is about. */
  name: string;
  /** The bare op type (`lstm`), the layer kind (`uniDirectionalLSTM`), the feature kind (`multiArray`), the model kind. */
  type?: string;
  /** The ML program function (`main`). */
  function?: string;
  /** The pipeline step, `pipeline[1] "encoder"` (nested steps joined by ` > `); absent at the root. */
  model?: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  /** One or two sentences that name the subject, say why and what to change. Plain text: the report escapes it. */
  message: string;
  subject: Subject;
  evidence: Evidence;
  /** The rule's main source. */
  source: string;
  fix: string;
  /** When one finding stands for several subjects of one type (index.ts groups them): how many. */
  count?: number;
}

/** What a rule knows beside the model message itself. */
export interface RuleContext {
  /**
   * The weight bytes this model stands for: a file's root model counts its weight files and the weights inside its
   * message; a pipeline's step, the weights inside its own message and the weight files its constants name.
   */
  weightBytes: number;
}

export interface Rule {
  meta: RuleMeta;
  check(model: ModelSpecFacts, context: RuleContext): Finding[];
}

/** A finding of `rule` about `subject`, with the rule's evidence, main source and fix. */
export function finding(rule: RuleMeta, subject: Subject, message: string): Finding {
  return { rule: rule.id, severity: rule.severity, message, subject, evidence: rule.evidence, source: rule.sources[0], fix: rule.fix };
}
