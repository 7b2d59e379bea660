import { describe, expect, it } from 'vitest';

import { escapeMarkdown } from '../src/report/escape.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderTerminal } from '../src/report/terminal.js';
import { sampleReport } from './support/sample-report.js';

describe('escapeMarkdown', () => {
  it('leaves no character that GitHub Markdown would act on', () => {
    const escaped = escapeMarkdown('<img src=x onerror=alert(1)> **b** [l](http://x) @octocat `c` | -->');
    expect(escaped).not.toMatch(/[<>*[\]()@`|]/u);
    expect(escaped).toContain('&#64;octocat');
  });
});

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(sampleReport());

  it('leads with the status, the coverage, the threshold and the delta', () => {
    expect(markdown).toContain('### ✅ ANE check: MobileNetV2: pass');
    expect(markdown).toContain('**ANE coverage: 40.0%** · threshold 30% · max drop 10 pp · baseline 45.0% (▼ 5.0 pp)');
  });

  it('has the engine table with dispatches per prediction and share, and says what a dispatch is', () => {
    expect(markdown).toContain('| ANE | 20 | 2 | 40.0% |');
    expect(markdown).toContain('| GPU | 10 | 1 | 20.0% |');
    expect(markdown).toContain('One ANE dispatch runs a whole segment of the model');
  });

  it('lists the fallback kernels and the probes that did not resolve, escaped', () => {
    expect(markdown).toContain('| CPU | <code>Espresso&#58;&#58;elementwise&#95;kernel&#95;cpu&#58;&#58;&#95;&#95;launch&#40;int&#41;</code> | 10 |');
    expect(markdown).toMatch(/#### Probes that did not resolve\n\n- regex <code>\^Espresso&#58;&#58;MetalLowmemEngine&#58;&#58;<\/code> \(GPU marker\)/u);
  });

  it('shows the reasons of a failure', () => {
    const failed = renderMarkdown(sampleReport({ status: 'fail', reasons: ['ANE coverage 40.0% is below the threshold of 50%.'] }));
    expect(failed).toContain('### ❌ ANE check: MobileNetV2: FAIL');
    expect(failed).toContain('> ANE coverage 40&#46;0% is below the threshold of 50%&#46;');
  });

  it('cannot be taken over by a hostile name', () => {
    const hostile = renderMarkdown(sampleReport({ name: '</details><script>x</script> @team', fallbackKernels: [{ engine: 'cpu', name: 'a|b</code>`', hits: 1 }] }));
    expect(hostile).not.toContain('<script>');
    expect(hostile).not.toContain('@team');
    expect(hostile).toContain('<code>a&#124;b&#60;/code&#62;&#96;</code>');
  });
});

describe('renderTerminal', () => {
  it('prints the same figures as a table', () => {
    const text = renderTerminal(sampleReport());
    expect(text).toContain('ane-check: MobileNetV2: pass');
    expect(text).toContain('ANE coverage: 40.0% (threshold 30%, max drop 10 pp), baseline 45.0% ▼ 5.0 pp');
    expect(text).toMatch(/ANE\s+20\s+2\s+40\.0%/u);
    expect(text).toMatch(/CPU\s+Espresso::elementwise_kernel_cpu::__launch\(int\)\s+10/u);
  });

  it('lets no escape sequence from a symbol name reach the terminal', () => {
    const text = renderTerminal(sampleReport({ fallbackKernels: [{ engine: 'cpu', name: 'evil\u001b[2Jname', hits: 1 }] }));
    expect(text).not.toContain('\u001b');
    expect(text).toContain('evil?[2Jname');
  });
});
