/**
 * The rules' metadata as documentation: `ruleDocs()` for whoever lists them (README, the report), and
 * `ruleDocsMarkdown()`, the text of docs/model-check-rules.md, which scripts/rule-docs.js writes and a test keeps
 * from going stale. Everything in it comes from the rules' own metadata.
 */
import { RULES } from './index.js';
import type { RuleMeta } from './rule.js';

export const RULE_DOCS_FILE = 'docs/model-check-rules.md';

export function ruleDocs(): RuleMeta[] {
  return RULES.map((rule) => rule.meta);
}

/** A source as a Markdown link: a URL as it is, `owner/repo#123` as its GitHub issue. */
export function sourceLink(source: string): string {
  const issue = /^([\w.-]+\/[\w.-]+)#(\d+)$/u.exec(source);
  if (issue) return `[${source}](https://github.com/${issue[1]}/issues/${issue[2]})`;
  return `<${source}>`;
}

/** What the rules leave out on purpose, and why: said in the documentation, where a user looks for a missing rule. */
export const LEFT_OUT: readonly string[] = [
  '`einsum`: an ML program can only hold the equations of MIL\'s `einsum` op ("nchw,nwhu->nchu", "chw,whr->chr"), which are the form Apple\'s split-einsum attention uses for the ANE (ml-stable-diffusion, ml-ane-transformers); coremltools writes every other equation as `matmul` and `transpose`. A rule would fire on the ANE-optimized models only.',
  'NeuralNetwork control flow (`branch`, `loop`): the measurement behind `control-flow` is of ML programs.',
  'Custom ops of an ML program: coremltools writes a custom operator as a NeuralNetwork `custom` layer (`custom-layer`); an ML program has none.',
  'Apple\'s own model kinds (text classifier, word tagger, vision and sound feature prints) and linked models: what runs them is not in the file.',
  'A global pooling layer\'s kernel (`pooling-limits`): it is the input\'s size, which an old network\'s file may not give.',
];

/** Text for a table cell: a `|` would end the cell. */
export function tableCell(text: string): string {
  return text.replace(/\|/gu, '\\|');
}

export function ruleDocsMarkdown(): string {
  const rules = ruleDocs();
  const table = rules.map((rule) => `| [\`${rule.id}\`](#${rule.id}) | ${rule.severity} | ${rule.evidence} | ${tableCell(rule.scope)} | ${tableCell(rule.description)} |`);
  const sections = rules.flatMap((rule) => [
    `### ${rule.id}`,
    '',
    `${rule.description} **${rule.severity}**, evidence: ${rule.evidence}, scope: ${rule.scope}.`,
    '',
    `- Why: ${rule.why}`,
    `- Fix: ${rule.fix}`,
    `- Sources: ${rule.sources.map(sourceLink).join(', ')}`,
    '',
  ]);
  return [
    '# The model check\'s rules',
    '',
    'Generated from the rules\' metadata (`src/model/rules/`) by `node scripts/rule-docs.js`: do not edit.',
    '',
    'Each rule names what keeps work off the ANE in a Core ML file. Severity follows the evidence: `error` for',
    'Apple\'s documentation or engineers and for the ANE compiler\'s own messages, `warning` for community',
    'measurements, `info` for reports without a measurement and for advice. No rule says that a model runs on',
    'the ANE: a model without findings has no known blocker.',
    '',
    '`checkModel` runs every rule over the model and over each step of a pipeline (the finding names the step,',
    '`pipeline[1] "encoder"`). A rule that fires on more than three ops or layers of one type in one function gives',
    'one finding for them, with their `count` and the first names.',
    '',
    '| rule | severity | evidence | scope | fires on |',
    '|---|---|---|---|---|',
    ...table,
    '',
    ...sections,
    '## Left out',
    '',
    ...LEFT_OUT.map((item) => `- ${item}`),
    '',
  ].join('\n');
}
