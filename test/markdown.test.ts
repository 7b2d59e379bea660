import { describe, expect, it } from 'vitest';

import { escapeMarkdown } from '../src/report/escape.js';
import { COMMENT_LIMIT, CUT_NOTICE, renderMarkdown } from '../src/report/markdown.js';
import { renderTerminal } from '../src/report/terminal.js';
import { sampleReport } from './support/sample-report.js';

describe('escapeMarkdown', () => {
  it('leaves no character that GitHub Markdown would act on', () => {
    const escaped = escapeMarkdown('<img src=x onerror=alert(1)> **b** [l](http://x) @octocat #12 `c` | -->');
    expect(escaped.replace(/&#\d+;/gu, '')).not.toMatch(/[<>*[\]()@#`|&]/u);
    expect(escaped).toContain('&#64;&#8203;octocat'); // no mention
    expect(escaped).toContain('&#35;&#8203;12'); // no issue link
  });
});

describe('renderMarkdown', () => {
  const markdown = renderMarkdown([sampleReport()], { runUrl: 'https://github.com/o/r/actions/runs/7' });

  it('leads with the status, the coverage, the delta against the baseline and the gates', () => {
    expect(markdown).toContain('### ✅ ANE check: MobileNetV2: pass');
    expect(markdown).toContain("**ANE coverage: 40.0%** · ▼ 5.0 pp against the baseline's 45.0% · threshold 30% · max drop 10 pp");
  });

  it('has the engine table with dispatches per prediction, share and a bar, and says what a dispatch is', () => {
    expect(markdown).toContain('| ANE | 2 | 20 | 40.0% | `████░░░░░░` |');
    expect(markdown).toContain('| GPU | 1 | 10 | 20.0% | `██░░░░░░░░` |');
    expect(markdown).toContain('One ANE dispatch runs a whole segment of the model');
  });

  it('has a line each for the compute plan, the latency against the baseline and their agreement with the run', () => {
    const withEvidence = sampleReport({
      plan: {
        computeUnits: 'all',
        operations: 4,
        basis: 'cost',
        aneCostShare: 70,
        byDevice: { ane: { operations: 2, cost: 0.7 }, gpu: { operations: 1, cost: 0.2 }, cpu: { operations: 1, cost: 0.1 } },
        offAne: [{ op: 'ios18.softmax', device: 'gpu', operations: 1, cost: 0.2, aneSupported: true }],
      },
      latency: { computeUnits: 'all', runs: [{ computeUnits: 'all', count: 5, medianMs: 2, p90Ms: 2.2 }, { computeUnits: 'cpuOnly', count: 5, medianMs: 8, p90Ms: 8.2 }], aneSpeedup: 4, timedMs: 50 },
      agreement: { status: 'agrees', detail: 'The plan and the run agree.' },
      baseline: { name: 'MobileNetV2', coverage: 45, delta: -5, medianMs: 1.6, slowdown: 25, newOffAne: ['ios18.softmax'] },
    });
    const text = renderMarkdown([withEvidence]);
    expect(text).toContain(`- ${escapeMarkdown("Core ML's compute plan (all): 70.0% of the estimated cost on the ANE, 2 of 4 operations; off the ANE: ios18.softmax (GPU, cost 0.2, ANE-supported, new since the baseline)")}`);
    expect(text).toContain(`- ${escapeMarkdown('Latency: 2.00 ms (all, median of 5), 8.00 ms (cpuOnly, median of 5); ANE speed-up 4.00×; +25.0% against the baseline')}`);
    expect(text).toContain(`- ${escapeMarkdown('The plan and the run agree.')}`);
    expect(renderTerminal(withEvidence)).toContain("Core ML's compute plan (all): 70.0% of the estimated cost on the ANE");
    // Which counting mode ran, and why, is in the environment.
    expect(renderTerminal(withEvidence)).toContain('lldb-1600.0.39.3 · counting auto-continue · profile auto');
    expect(text).toContain(`- LLDB: ${escapeMarkdown('lldb-1600.0.39.3')}; counting: ${escapeMarkdown('auto-continue')} (`);
    expect(renderMarkdown([sampleReport()])).not.toContain('Plan and latency');
  });

  it('shows no share, bar or chart for a run that measured nothing, and labels the dispatches it saw', () => {
    const short = sampleReport({
      status: 'inconclusive',
      coverage: null,
      predictions: { observed: 5, warmup: 1, counted: 4, requested: 10 },
      reasons: ['Only 4 of 10 predictions were counted.'],
    });
    for (const engine of ['ane', 'gpu', 'cpu'] as const) short.engines[engine] = { ...short.engines[engine], share: null };
    const text = renderMarkdown([short]);
    expect(text).toContain('#### Dispatches seen (not a measurement: the run was inconclusive)');
    expect(text).toContain('| ANE | 2 | 20 |');
    expect(text).not.toContain('| Share |');
    expect(text).not.toContain('mermaid');
    expect(text).not.toContain('█');
    const terminal = renderTerminal(short);
    expect(terminal).toContain('dispatches seen');
    expect(terminal).toContain('Not a measurement (inconclusive): no share.');
    expect(terminal).not.toMatch(/\d+\.\d%\n/u);
  });

  it('shows the range of an engine whose dispatches differed between predictions', () => {
    const spread = sampleReport();
    spread.engines.cpu = { ...spread.engines.cpu, perPrediction: 2, minPerPrediction: 1, maxPerPrediction: 3 };
    expect(renderMarkdown([spread])).toContain('| CPU | 2 (1–3) | 20 | 40.0% |');
  });

  it('draws the engine shares as a mermaid pie', () => {
    expect(markdown).toContain('```mermaid\npie showData title Dispatches by engine\n    "ANE" : 20\n    "GPU" : 10\n    "CPU" : 20\n```');
  });

  it('lists the fallback kernels and the probes that did not resolve, escaped, and links the run', () => {
    expect(markdown).toContain('| CPU | <code>Espresso&#58;&#58;elementwise&#95;kernel&#95;cpu&#58;&#58;&#95;&#95;launch&#40;int&#41;</code> | 10 |');
    expect(markdown).toMatch(/#### Probes that did not resolve\n\n- regex <code>\^Espresso&#58;&#58;MetalLowmemEngine&#58;&#58;<\/code> \(GPU marker\)/u);
    expect(markdown).toContain('[Run](https://github.com/o/r/actions/runs/7)');
  });

  it('keeps the first ten fallback kernels in view and folds the rest', () => {
    const fallbackKernels = Array.from({ length: 13 }, (_, i) => ({ engine: 'cpu' as const, name: `k${i}`, hits: 20 - i }));
    const text = renderMarkdown([sampleReport({ fallbackKernels })]);
    expect(text).toContain('<details><summary>3 more</summary>');
    expect(text.indexOf('<code>k9</code>')).toBeLessThan(text.indexOf('3 more'));
    expect(text.indexOf('<code>k10</code>')).toBeGreaterThan(text.indexOf('3 more'));
  });

  it('shows the reasons of a failure', () => {
    const failed = renderMarkdown([sampleReport({ status: 'fail', reasons: ['ANE coverage 40.0% is below the threshold of 50%.'] })]);
    expect(failed).toContain('### ❌ ANE check: MobileNetV2: FAIL');
    expect(failed).toContain('> ANE coverage 40&#46;0% is below the threshold of 50%&#46;');
  });

  it('merges several reports into one table, with each one\'s details folded, under the worst status', () => {
    const text = renderMarkdown([
      sampleReport({ name: 'iPhone 15' }),
      sampleReport({ name: 'iPad', status: 'fail', coverage: 10, reasons: ['below'] }),
      sampleReport({ name: 'Mac', status: 'inconclusive', coverage: null, baseline: null, predictions: { observed: 0, warmup: 1, counted: 0, requested: 10 } }),
    ]);
    expect(text).toContain('### ❌ ANE check: 3 measurements: FAIL');
    expect(text).toContain('| iPhone 15 | ✅ pass | 40.0% | ▼ 5.0 pp | 2 / 1 / 2 |');
    expect(text).toContain('| iPad | ❌ FAIL | 10.0% | ▼ 5.0 pp | 2 / 1 / 2 |');
    expect(text).toContain('| Mac | ⚠️ inconclusive | not measured |  |  |');
    expect(text).toContain('<details><summary>❌ iPad: FAIL</summary>');
  });

  it('starts a comment with its marker, which a name cannot close', () => {
    const text = renderMarkdown([sampleReport()], { marker: '<!-- ane-check:comment:a%20--%3E -->' });
    expect(text.startsWith('<!-- ane-check:comment:a%20--%3E -->\n')).toBe(true);
  });

  it('shortens, then cuts with a notice, a body over the limit, leaving no <details> open', () => {
    const fallbackKernels = Array.from({ length: 3000 }, (_, i) => ({ engine: 'cpu' as const, name: `Espresso::very_long_kernel_name_number_${i}_cpu::__launch(int)`, hits: 1 }));
    const reports = Array.from({ length: 40 }, (_, i) => sampleReport({ name: `model ${i}`, fallbackKernels }));
    const full = renderMarkdown(reports);
    expect(full.length).toBeGreaterThan(COMMENT_LIMIT);
    const cut = renderMarkdown(reports, { limit: COMMENT_LIMIT });
    expect(cut.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(cut.endsWith(CUT_NOTICE)).toBe(true);
    expect((cut.match(/<details>/gu) ?? []).length).toBe((cut.match(/<\/details>/gu) ?? []).length);
  });

  it('shortens a long body, with the notice, when that is enough', () => {
    const fallbackKernels = Array.from({ length: 800 }, (_, i) => ({ engine: 'cpu' as const, name: `kernel_number_${i}_with_a_long_name_cpu::__launch(int)`, hits: 1 }));
    const text = renderMarkdown([sampleReport({ fallbackKernels })], { limit: COMMENT_LIMIT });
    expect(text.endsWith(CUT_NOTICE)).toBe(true);
    expect(text).toContain('795 more in the job summary.');
    expect(text).toMatch(/<\/details>\n+> ✂️/u); // the environment section is whole, the notice after it
  });

  it('cannot be taken over by a hostile name', () => {
    const hostile = renderMarkdown([sampleReport({ name: '</details><script>x</script> @team', fallbackKernels: [{ engine: 'cpu', name: 'a|b</code>`', hits: 1 }] })]);
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
