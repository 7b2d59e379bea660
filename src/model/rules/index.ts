/**
 * The model check's rules, and `checkModel`, which runs every rule over a model and each of its pipeline's
 * steps. Rules are pure functions of the facts (src/model/facts.ts); findings come back grouped and sorted, so
 * that the same model always gives the same list.
 *
 * Grouping: a rule that fires on more than GROUP_LIMIT ops (or layers) of one type in one function of one model
 * gives one finding for them, with `count` and the first names, instead of one each: a transformer's 48
 * `layer_norm`s are one line of the report, while the few of a small model are each named.
 *
 * Weights: a file's root model stands for all its weights (its weight files and the weights inside its message);
 * a pipeline's step, for the weights inside its own message and the weight files its ML program's constants name
 * (ct.utils.make_pipeline gives each step its own, `weights/0-weight.bin`, `weights/1-weight.bin`).
 */
import type { ModelFacts, ModelSpecFacts, WeightFile } from '../facts.js';
import { bandPart } from './band-part.js';
import { broadcastableNdLayer } from './broadcastable-nd-layer.js';
import { channelBroadcastMultiply } from './channel-broadcast-multiply.js';
import { compressedWeights } from './compressed-weights.js';
import { controlFlow } from './control-flow.js';
import { customLayer } from './custom-layer.js';
import { dilatedConvolution } from './dilated-convolution.js';
import { enumeratedShapesLayerNorm } from './enumerated-shapes-layer-norm.js';
import { float32Compute } from './float32-compute.js';
import { float32Island } from './float32-island.js';
import { gatherInt32Indices } from './gather-int32-indices.js';
import { gatherLookup } from './gather-lookup.js';
import { int32Tensor } from './int32-tensor.js';
import { lastAxisPadding } from './last-axis-padding.js';
import { nonConstantShape } from './non-constant-shape.js';
import { nonNeuralModel } from './non-neural-model.js';
import { poolingLimits } from './pooling-limits.js';
import { rangeShapeInput } from './range-shape-input.js';
import { rnn } from './rnn.js';
import type { Finding, Rule, RuleContext, Severity, Subject, SubjectKind } from './rule.js';
import { standaloneSliceUpdate } from './standalone-slice-update.js';
import { stateWidth } from './state-width.js';
import { tensorDimensionRange } from './tensor-dimension-range.js';
import { tensorRank } from './tensor-rank.js';
import { upsampleFactor } from './upsample-factor.js';
import { weightSizeIos } from './weight-size-ios.js';
import { weightSizeLimit } from './weight-size-limit.js';

export type { Evidence, Finding, Rule, RuleContext, RuleMeta, Severity, Subject, SubjectKind } from './rule.js';

/** Every rule, in the order the report lists them: the model's inputs and precision, then ops by topic, then size and advice. */
export const RULES: readonly Rule[] = [
  rangeShapeInput,
  float32Compute,
  float32Island,
  rnn,
  customLayer,
  tensorDimensionRange,
  tensorRank,
  int32Tensor,
  gatherInt32Indices,
  gatherLookup,
  standaloneSliceUpdate,
  stateWidth,
  nonConstantShape,
  controlFlow,
  poolingLimits,
  upsampleFactor,
  channelBroadcastMultiply,
  broadcastableNdLayer,
  dilatedConvolution,
  bandPart,
  enumeratedShapesLayerNorm,
  weightSizeLimit,
  weightSizeIos,
  lastAxisPadding,
  compressedWeights,
  nonNeuralModel,
];

/** More findings than this of one rule, type and function become one. */
export const GROUP_LIMIT = 3;
/** How many names a grouped finding's message gives. */
const NAMED = 3;

const SEVERITIES: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };
const KINDS: Readonly<Record<SubjectKind, number>> = { model: 0, input: 1, output: 2, state: 3, op: 4, layer: 5 };

/** Every rule's findings for the model and, recursively, each of its pipeline's steps: grouped and sorted. */
export function checkModel(facts: ModelFacts): Finding[] {
  return sortFindings(checkSpec(facts, { weightBytes: facts.weightBytes }, undefined, facts.weightFiles));
}

function checkSpec(model: ModelSpecFacts, context: RuleContext, where: string | undefined, weightFiles: readonly WeightFile[]): Finding[] {
  const own = RULES.flatMap((rule) => group(rule, rule.check(model, context)));
  const located = where === undefined ? own : own.map((found) => ({ ...found, subject: { ...found.subject, model: where } }));
  const steps = (model.pipeline ?? []).flatMap((step, i) => {
    const here = `pipeline[${i}]${step.name !== null ? ` "${step.name}"` : ''}`;
    return checkSpec(step.model, { weightBytes: stepWeightBytes(step.model, weightFiles) }, where === undefined ? here : `${where} > ${here}`, weightFiles);
  });
  return [...located, ...steps];
}

/** The weights inside a step's message, and the weight files its ML program's constants name (`@model_path/...`). */
export function stepWeightBytes(model: ModelSpecFacts, weightFiles: readonly WeightFile[]): number {
  const named = new Set<string>();
  for (const fn of model.program?.functions ?? []) {
    for (const op of fn.operations) {
      const values = [...Object.values(op.attributes), ...Object.values(op.inputs).flatMap((bindings) => bindings.flatMap((binding) => (binding.kind === 'value' ? [binding.value] : [])))];
      for (const value of values) {
        if (value.blob) named.add(value.blob.fileName.replace(/^@model_path\//u, ''));
      }
    }
  }
  const files = weightFiles.filter((file) => [...named].some((name) => file.path === name || file.path.endsWith(`/${name}`)));
  return model.embeddedWeightBytes + files.reduce((sum, file) => sum + file.bytes, 0);
}

/** One finding for the ops or layers of one type in one function, when the rule fires on more than GROUP_LIMIT. */
function group(rule: Rule, findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const found of findings) {
    const { kind, type, function: fn } = found.subject;
    const key = kind === 'op' || kind === 'layer' ? JSON.stringify([kind, type, fn]) : JSON.stringify([found.subject]);
    groups.set(key, [...(groups.get(key) ?? []), found]);
  }
  return [...groups.values()].flatMap((members) => (members.length > GROUP_LIMIT ? [grouped(rule, members)] : members));
}

function grouped(rule: Rule, members: Finding[]): Finding {
  const [first] = members as [Finding, ...Finding[]];
  const { kind, type, function: fn } = first.subject;
  const names = members.slice(0, NAMED).map((found) => `"${found.subject.name}"`).join(', ');
  const where = fn !== undefined ? ` in function ${fn}` : '';
  const message = `${members.length} ${type} ${kind}s${where} (${names} and ${members.length - NAMED} more): ${rule.meta.why} ${rule.meta.fix}`;
  return { ...first, message, count: members.length };
}

/** Severity, then the rule's place in RULES, then the subject: model, function, kind, type and name. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const order = new Map(RULES.map((rule, i) => [rule.meta.id, i]));
  const rank = (found: Finding) => order.get(found.rule) ?? RULES.length;
  return [...findings].sort(
    (a, b) =>
      SEVERITIES[a.severity] - SEVERITIES[b.severity] ||
      rank(a) - rank(b) ||
      compareText(a.rule, b.rule) ||
      compareSubjects(a.subject, b.subject),
  );
}

function compareSubjects(a: Subject, b: Subject): number {
  return (
    compareText(a.model ?? '', b.model ?? '') ||
    compareText(a.function ?? '', b.function ?? '') ||
    KINDS[a.kind] - KINDS[b.kind] ||
    compareText(a.type ?? '', b.type ?? '') ||
    compareText(a.name, b.name)
  );
}

/** Text order with runs of digits compared as numbers (`x_2` before `x_10`), the same on every machine. */
export function compareText(a: string, b: string): number {
  const parts = (text: string) => text.match(/\d+|\D+/gu) ?? [];
  const left = parts(a);
  const right = parts(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i]!;
    const y = right[i]!;
    if (x === y) continue;
    // A part is all digits or none.
    const numeric = /\d/u.test(x) && /\d/u.test(y);
    if (numeric && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return left.length - right.length;
}

