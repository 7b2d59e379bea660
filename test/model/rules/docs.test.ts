import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { LEFT_OUT, RULE_DOCS_FILE, ruleDocs, ruleDocsMarkdown, sourceLink, tableCell } from '../../../src/model/rules/docs.js';
import { RULES } from '../../../src/model/rules/index.js';
import { ROOT } from '../../support/paths.js';

describe('the rules\' documentation', () => {
  it(`${RULE_DOCS_FILE} is what the rules' metadata says (node scripts/rule-docs.js writes it)`, () => {
    expect(readFileSync(path.join(ROOT, RULE_DOCS_FILE), 'utf8'), `${RULE_DOCS_FILE} is stale: run \`node scripts/rule-docs.js\``).toBe(ruleDocsMarkdown());
  });

  it('lists every rule\'s metadata, in the order of RULES', () => {
    expect(ruleDocs()).toEqual(RULES.map((rule) => rule.meta));
  });

  it('has a row and a section per rule, with every field of its metadata', () => {
    const text = ruleDocsMarkdown();
    for (const meta of ruleDocs()) {
      expect(text).toContain(`| [\`${meta.id}\`](#${meta.id}) | ${meta.severity} | ${meta.evidence} | ${meta.scope} | ${meta.description} |`);
      expect(text).toContain(`### ${meta.id}\n\n${meta.description} **${meta.severity}**, evidence: ${meta.evidence}, scope: ${meta.scope}.\n\n- Why: ${meta.why}\n- Fix: ${meta.fix}\n- Sources: ${meta.sources.map(sourceLink).join(', ')}\n`);
    }
    for (const item of LEFT_OUT) expect(text).toContain(`- ${item}\n`);
    expect(text.startsWith('# The model check\'s rules\n')).toBe(true);
  });

  it('escapes the | that would end a table cell', () => {
    expect(tableCell('a | b | c')).toBe('a \\| b \\| c');
  });

  it('links an owner/repo#issue to its issue and a URL as it is', () => {
    expect(sourceLink('apple/coremltools#1780')).toBe('[apple/coremltools#1780](https://github.com/apple/coremltools/issues/1780)');
    expect(sourceLink('pytorch/executorch#7907')).toBe('[pytorch/executorch#7907](https://github.com/pytorch/executorch/issues/7907)');
    expect(sourceLink('https://developer.apple.com/forums/thread/724930')).toBe('<https://developer.apple.com/forums/thread/724930>');
    expect(sourceLink('see apple/coremltools#1')).toBe('<see apple/coremltools#1>');
    expect(sourceLink('apple/coremltools#12x')).toBe('<apple/coremltools#12x>');
  });
});
