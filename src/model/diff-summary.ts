/**
 * The diff in short plain sentences, for the report's renderers (which escape Markdown themselves): names in
 * backticks, counts signed (`+1 \`cast\``), one line per thing that changed, most telling first.
 */
import type { FeatureFacts, Flexibility, MinimumOs } from './facts.js';
import { type BeforeAfter, type CountChange, type DiffFinding, type FeatureChange, type FeatureChanges, type ModelDiff, type OperationChanges, sameMinimumOs } from './diff.js';

export function summarizeDiff(diff: ModelDiff<DiffFinding>): string[] {
  if (diff.status === 'added') return ['The model is new in this pull request: everything in it is new.', ...findingLines(diff)];
  if (diff.status === 'deleted') return ['The pull request deletes the model.', ...findingLines(diff)];
  if (diff.status === 'unchanged') return ['Nothing the model check reads changed.'];
  return [
    ...modelLines(diff),
    ...featureLines('input', diff.inputs),
    ...featureLines('output', diff.outputs),
    ...featureLines('state', diff.states),
    ...diff.operations.flatMap(operationLines),
    ...diff.layers.map((layers) => `${counts(layers)} in the layers${layers.model === null ? '' : ` of \`${layers.model}\``}`),
    ...weightLines(diff.weightBytes),
    ...findingLines(diff),
  ];
}

function modelLines(diff: ModelDiff<DiffFinding>): string[] {
  const lines: string[] = [];
  const { kind, format, specificationVersion: spec, minimumOs } = diff;
  if (kind.before !== kind.after) lines.push(`The model's kind changed from ${kind.before} to ${kind.after}.`);
  if (format.before !== format.after) lines.push(`The model's format changed from ${format.before} to ${format.after}.`);
  const osChanged = !sameMinimumOs(minimumOs.before, minimumOs.after);
  // The iOS release says it when it differs (most teams target iOS); else the whole table does.
  const iosChanged = minimumOs.before?.iOS !== minimumOs.after?.iOS;
  const os = (table: MinimumOs | null) => (table === null ? 'unknown' : iosChanged ? `iOS ${table.iOS}` : osTable(table));
  if (spec.before !== spec.after) {
    const direction = spec.before !== null && spec.after !== null ? (spec.after > spec.before ? 'rose' : 'fell') : 'changed';
    const known = osChanged && minimumOs.before !== null && minimumOs.after !== null;
    lines.push(`The specification version ${direction} from ${spec.before ?? 'unknown'} to ${spec.after ?? 'unknown'}${known ? ` (${os(minimumOs.before)} to ${os(minimumOs.after)})` : ''}.`);
  } else if (osChanged) {
    lines.push(`The minimum OS changed from ${os(minimumOs.before)} to ${os(minimumOs.after)}.`);
  }
  return lines;
}

function osTable(table: MinimumOs): string {
  const { iOS, macOS, tvOS, watchOS, visionOS } = table;
  return `iOS ${iOS}, macOS ${macOS}, tvOS ${tvOS}, watchOS ${watchOS}${visionOS === undefined ? '' : `, visionOS ${visionOS}`}`;
}

// ---------------------------------------------------------------------------------------------------------

function featureLines(role: 'input' | 'output' | 'state', changes: FeatureChanges): string[] {
  return [
    ...changes.renamed.map((rename) => `The ${role} \`${rename.from}\` was renamed \`${rename.to}\`.`),
    ...changes.added.map((feature) => `The ${role} \`${feature.name}\` is new: ${describeFeature(feature)}.`),
    ...changes.removed.map((feature) => `The ${role} \`${feature.name}\` was removed.`),
    ...changes.changed.flatMap((change) => change.aspects.map((aspect) => `The ${role} \`${change.name}\` ${ASPECT_SENTENCES[aspect](change)}.`)),
  ];
}

const ASPECT_SENTENCES: Record<FeatureChange['aspects'][number], (change: FeatureChange) => string> = {
  kind: ({ before, after }) => `changed from ${before.kind} to ${after.kind}`,
  dataType: ({ before, after }) => `changed its data type from ${before.dataType ?? 'none'} to ${after.dataType ?? 'none'}`,
  shape: ({ before, after }) => `changed its shape from ${shape(before.shape)} to ${shape(after.shape)}`,
  flexibility: ({ before, after }) => flexibilityChange(before.flexibility, after.flexibility),
  optional: ({ after }) => (after.optional ? 'became optional' : 'is no longer optional'),
  colorSpace: ({ before, after }) => `changed its color space from ${before.image?.colorSpace ?? 'none'} to ${after.image?.colorSpace ?? 'none'}`,
};

function flexibilityChange(before: Flexibility | null, after: Flexibility | null): string {
  if (before === null) return `gained ${flexibility(after!)}`;
  if (after === null) return `lost its ${before.kind === 'range' ? 'range shape' : 'enumerated shapes'}`;
  return `changed from ${flexibility(before)} to ${flexibility(after)}`;
}

/** `a range shape (1...512 in dimension 1)`: the dimensions that vary, numbered from 0 as coremltools does. */
function flexibility(flex: Flexibility): string {
  if (flex.kind === 'enumerated') {
    const shapes = flex.shapes.length <= ENUMERATED_SHOWN ? ` (${flex.shapes.map(shape).join(', ')})` : '';
    return `${plural(flex.shapes.length, 'enumerated shape')}${shapes}`;
  }
  const varying = flex.ranges.flatMap((range, dimension) =>
    range.lower === range.upper ? [] : [`${range.lower}...${range.upper ?? 'unbounded'} in dimension ${dimension}`],
  );
  return `a range shape${varying.length > 0 ? ` (${varying.join(', ')})` : ''}`;
}

/** Enumerated shapes listed up to this many; more are counted. */
const ENUMERATED_SHOWN = 4;

function describeFeature(feature: FeatureFacts): string {
  const type = feature.image ? `image ${feature.image.colorSpace}` : [feature.kind, feature.dataType].filter((part) => part !== null).join(' ');
  const flex = feature.flexibility === null ? '' : ` with ${flexibility(feature.flexibility)}`;
  return `${type} ${shape(feature.shape)}${flex}`;
}

function shape(dims: readonly number[]): string {
  return `[${dims.join(', ')}]`;
}

// ---------------------------------------------------------------------------------------------------------

function operationLines(changes: OperationChanges): string[] {
  const place = `\`${changes.function}\`${changes.model === null ? '' : ` of \`${changes.model}\``}`;
  const { before, after } = changes.opset;
  const lines: string[] = [];
  if (before === null) lines.push(`The function ${place} is new.`);
  else if (after === null) lines.push(`The function ${place} was removed.`);
  else if (before !== after) lines.push(`The function ${place} moved from opset ${before} to ${after}.`);
  if (changes.added.length + changes.removed.length > 0) lines.push(`${counts(changes)} in ${place}`);
  if (changes.precision.length > 0 && before !== null && after !== null) {
    lines.push(`Ops computing in each data type in ${place}: ${changes.precision.map((change) => `${change.name} ${change.before} → ${change.after}`).join(', ')}`);
  }
  return lines;
}

/** `+2 \`cast\`, -1 \`lstm\``: what rose, then what fell, each by name. */
function counts(changes: { added: CountChange[]; removed: CountChange[] }): string {
  const signed = (change: CountChange) => `${change.after > change.before ? '+' : '-'}${Math.abs(change.after - change.before)} \`${change.name}\``;
  return [...changes.added, ...changes.removed].map(signed).join(', ');
}

function weightLines(weights: BeforeAfter<number>): string[] {
  const { before, after } = weights;
  if (before === null || after === null || before === after) return [];
  return [`The weights ${after > before ? 'grew' : 'shrank'} from ${bytes(before)} to ${bytes(after)}.`];
}

/** Decimal units, as Finder and GitHub show file sizes. */
export function bytes(count: number): string {
  if (count < 1000) return `${count} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = count / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

// ---------------------------------------------------------------------------------------------------------

function findingLines(diff: ModelDiff<DiffFinding>): string[] {
  const lines: string[] = [];
  const { new: fresh, gone } = diff.findings;
  if (fresh.length > 0) lines.push(`${plural(subjects(fresh), 'new finding')}: ${byRule(fresh)}.`);
  if (gone.length > 0) lines.push(`${plural(subjects(gone), 'finding')} gone: ${byRule(gone)}.`);
  return lines;
}

/** A grouped finding counts for each subject it stands for. */
function subjects(findings: readonly DiffFinding[]): number {
  return findings.reduce((sum, finding) => sum + (finding.count ?? 1), 0);
}

/** `\`rnn-op\` ×2 (error), \`float32-island\` (warning)`, in the order the findings come. */
function byRule(findings: readonly DiffFinding[]): string {
  const groups = new Map<string, { count: number; severity: DiffFinding['severity'] }>();
  for (const finding of findings) {
    const group = groups.get(finding.rule);
    if (group) group.count += finding.count ?? 1;
    else groups.set(finding.rule, { count: finding.count ?? 1, severity: finding.severity });
  }
  return [...groups].map(([rule, { count, severity }]) => `\`${rule}\`${count > 1 ? ` ×${count}` : ''} (${severity})`).join(', ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
