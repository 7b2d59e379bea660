import { describe, expect, it } from 'vitest';

import { escapeMarkdown, markdownCode } from '../src/report/escape.js';
import { COMMENT_LIMIT, CUT_NOTICE, renderMarkdown } from '../src/report/markdown.js';
import { renderTerminal } from '../src/report/terminal.js';
import type { Report } from '../src/report/report.js';
import { sampleReport } from './support/sample-report.js';

describe('escapeMarkdown', () => {
  it('leaves no HTML, emphasis, link, mention, issue link or table break, and stays short', () => {
    const name = '<img src=x onerror=alert(1)> **b** [l](http://x) www.x.com @octocat #12 `c` | -->';
    const escaped = escapeMarkdown(name);
    expect(escaped).not.toMatch(/[<>]/u);
    // Every character that starts Markdown is escaped by a backslash.
    expect(escaped.replace(/\\[\\`*_~[\]|!]/gu, '')).not.toMatch(/[`*_~[\]|!]/u);
    expect(escaped).toContain('@\u200boctocat'); // no mention
    expect(escaped).toContain('#\u200b12'); // no issue link
    expect(escaped).toContain('http://\u200bx'); // no autolink
    expect(escaped).toContain('www\u200b.x.com');
    expect(escaped.length).toBeLessThan(name.length * 1.5);
    expect(escapeMarkdown('a\nb\t c')).toBe('a b c');
  });
});

describe('markdownCode', () => {
  it('shows a name as a code span whose fence outlasts its backticks, escaping | only in a table', () => {
    expect(markdownCode('Espresso::kernel(int)')).toBe('`Espresso::kernel(int)`');
    expect(markdownCode('a``b')).toBe('```a``b```');
    expect(markdownCode('`edge`')).toBe('`` `edge` ``');
    expect(markdownCode('operator|(a, b)', { inTable: true })).toBe('`operator\\|(a, b)`');
    expect(markdownCode('operator|(a, b)')).toBe('`operator|(a, b)`');
    expect(markdownCode('line\nbreak')).toBe('`line break`');
  });
});

describe('renderMarkdown', () => {
  const markdown = renderMarkdown([sampleReport()], { runUrl: 'https://github.com/o/r/actions/runs/7' });

  it('leads with the status, the coverage, the delta against the baseline and the gates', () => {
    expect(markdown).toContain('### ✅ ANE check: MobileNetV2: pass');
    expect(markdown).toContain("**ANE coverage: 40.0%** · ▼ 5.0 pp against the baseline's 45.0% · threshold 30% · max drop 10 pp");
  });

  it('has the engine table with dispatches per prediction, share and a bar, and says what a dispatch is', () => {
    const text = renderMarkdown([sampleReport({ baseline: null })]);
    expect(text).toContain('| Engine | Per prediction | Dispatches | Share | |');
    expect(text).toContain('| ANE | 2 | 20 | 40.0% | `████░░░░░░` |');
    expect(text).toContain('| GPU | 1 | 10 | 20.0% | `██░░░░░░░░` |');
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
    expect(renderMarkdown([{ ...spread, baseline: null }])).toContain('| CPU | 2 (1–3) | 20 | 40.0% |');
  });


  it('lists the fallback kernels and the probes that did not resolve, escaped, and links the run', () => {
    expect(markdown).toContain('| CPU | `Espresso::elementwise_kernel_cpu::__launch(int)` | 10 |');
    expect(markdown).toContain('#### Probes that did not resolve\n\n- regex `^Espresso::MetalLowmemEngine::` (GPU marker)');
    expect(markdown).toContain('[Run](https://github.com/o/r/actions/runs/7)');
  });

  it('keeps the first ten fallback kernels in view and folds the rest', () => {
    const fallbackKernels = Array.from({ length: 13 }, (_, i) => ({ engine: 'cpu' as const, name: `k${i}`, hits: 20 - i }));
    const text = renderMarkdown([sampleReport({ fallbackKernels })]);
    expect(text).toContain('<details><summary>3 more</summary>');
    expect(text.indexOf('`k9`')).toBeLessThan(text.indexOf('3 more'));
    expect(text.indexOf('`k10`')).toBeGreaterThan(text.indexOf('3 more'));
  });

  it('shows each reason of a failure as its own list item', () => {
    const reasons = ['ANE coverage 40.0% is below the threshold of 50%. Lower threshold only if that is expected.', 'The plan disagrees. See Core ML\'s log.'];
    const failed = renderMarkdown([sampleReport({ status: 'fail', reasons })]);
    expect(failed).toContain('### ❌ ANE check: MobileNetV2: FAIL');
    expect(failed).toContain(`\n- ❌ ${escapeMarkdown(reasons[0]!)}\n- ❌ ${escapeMarkdown(reasons[1]!)}\n\n`);
  });

  it('merges several reports into one table, with each one\'s details folded, under the worst status', () => {
    const text = renderMarkdown([
      sampleReport({ name: 'iPhone 15' }),
      sampleReport({ name: 'iPad', status: 'fail', coverage: 10, reasons: ['below'] }),
      sampleReport({ name: 'Mac', status: 'inconclusive', coverage: null, baseline: null, reasons: ['no prediction | seen', 'second'], predictions: { observed: 0, warmup: 1, counted: 0, requested: 10 } }),
    ]);
    expect(text).toContain('### ❌ ANE check: 3 measurements: FAIL');
    expect(text).toContain('| Measurement | Status | ANE coverage | Against baseline | ANE / GPU / CPU per prediction | Why |');
    expect(text).toContain('| iPhone 15 | ✅ pass | 40.0% | ▼ 5.0 pp | 2 / 1 / 2 |  |');
    expect(text).toContain('| iPad | ❌ FAIL | 10.0% | ▼ 5.0 pp | 2 / 1 / 2 | below |');
    expect(text).toContain('| Mac | ⚠️ inconclusive | not measured |  |  | no prediction \\| seen (and 1 more) |');
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
    const fallbackKernels = Array.from({ length: 1500 }, (_, i) => ({ engine: 'cpu' as const, name: `kernel_number_${i}_with_a_long_name_cpu::__launch(int)`, hits: 1 }));
    const text = renderMarkdown([sampleReport({ fallbackKernels })], { limit: COMMENT_LIMIT });
    expect(text.endsWith(CUT_NOTICE)).toBe(true);
    const shown = (text.match(/^\| CPU \| `kernel_number_/gmu) ?? []).length;
    expect(shown).toBeGreaterThan(100); // as many as fit, not a fixed handful
    expect(text).toContain(`${1500 - shown} more in the job summary.`);
    expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    // One more kernel would not have fitted.
    expect(text.length + 70).toBeGreaterThan(COMMENT_LIMIT);
    expect(text).toMatch(/<\/details>\n+> ✂️/u); // the environment section is whole, the notice after it
  });

  it('cannot be taken over by a hostile name', () => {
    const hostile = renderMarkdown([sampleReport({ name: '</details><script>x</script> @team', fallbackKernels: [{ engine: 'cpu', name: 'a|b</code>`', hits: 1 }] })]);
    expect(hostile).not.toContain('<script>');
    expect(hostile).not.toContain('@team');
    expect(hostile).toContain('| `` a\\|b</code>` `` |');
    expect(hostile).toContain('&lt;/details&gt;&lt;script&gt;x&lt;/script&gt; @\u200bteam');
  });
});

describe('renderMarkdown against the baseline', () => {
  /** A pull request that moved an ANE segment to the CPU: the base ran 2 ANE dispatches per prediction, the head 1. */
  function droppingPullRequest(): Report {
    const report = sampleReport({
      status: 'fail',
      coverage: 25,
      reasons: ['ANE coverage fell by 15.0 points against the baseline (40.0% to 25.0%), more than max-drop 5.'],
      fallbackKernels: [
        { engine: 'cpu', name: 'Espresso::elementwise_kernel_cpu::__launch(int)', hits: 10 },
        { engine: 'cpu', name: 'Espresso::inner_product_kernel_cpu::__launch(int)', hits: 10 },
      ],
      baseline: {
        name: 'MobileNetV2',
        coverage: 40,
        delta: -15,
        perPrediction: { ane: 2, gpu: 1, cpu: 2 },
        newKernels: [{ engine: 'cpu', name: 'Espresso::inner_product_kernel_cpu::__launch(int)' }],
        goneKernels: [{ engine: 'gpu', name: 'Espresso::MPSEngine::context::__launch_kernel(int)' }],
      },
    });
    report.engines.ane = { ...report.engines.ane, dispatches: 10, perPrediction: 1, minPerPrediction: 1, maxPerPrediction: 1, share: 25 };
    report.engines.gpu = { ...report.engines.gpu, dispatches: 0, perPrediction: 0, minPerPrediction: 0, maxPerPrediction: 0, share: 0 };
    report.engines.cpu = { ...report.engines.cpu, dispatches: 30, perPrediction: 3, minPerPrediction: 3, maxPerPrediction: 3, share: 75 };
    return report;
  }

  it('says in one sentence what moved', () => {
    expect(renderMarkdown([droppingPullRequest()])).toContain(
      '**Against the baseline:** ANE 2 → 1, GPU 1 → 0, CPU 2 → 3 per prediction; new on the CPU: `Espresso::inner_product_kernel_cpu::__launch(int)`; gone: `Espresso::MPSEngine::context::__launch_kernel(int)`.',
    );
    expect(renderTerminal(droppingPullRequest())).toContain(
      'Against the baseline: ANE 2 → 1, GPU 1 → 0, CPU 2 → 3 per prediction; new on the CPU: Espresso::inner_product_kernel_cpu::__launch(int); gone: Espresso::MPSEngine::context::__launch_kernel(int).',
    );
    const unchanged = sampleReport({ baseline: { name: 'MobileNetV2', coverage: 40, delta: 0, perPrediction: { ane: 2, gpu: 1, cpu: 2 }, newKernels: [], goneKernels: [] } });
    expect(renderMarkdown([unchanged])).toContain('**Against the baseline:** no change in dispatches per prediction or in fallback kernels.');
  });

  it('shows base and head per prediction and the change for each engine', () => {
    const text = renderMarkdown([droppingPullRequest()]);
    expect(text).toContain('| Engine | Base per prediction | Head per prediction | Change | Dispatches | Share | |');
    expect(text).toContain('| ANE | 2 | 1 | ▼ 1 | 10 | 25.0% | `███░░░░░░░` |');
    expect(text).toContain('| GPU | 1 | 0 | ▼ 1 | 0 | 0.0% | `░░░░░░░░░░` |');
    expect(text).toContain('| CPU | 2 | 3 | ▲ 1 | 30 | 75.0% | `████████░░` |');
    expect(renderTerminal(droppingPullRequest())).toMatch(/CPU\s+30\s+2\s+3\s+▲ 1\s+75\.0%/u);
  });

  it('puts the kernels new since the baseline first, marked, and lists those gone', () => {
    const text = renderMarkdown([droppingPullRequest()]);
    const table = text.slice(text.indexOf('| Engine | Function | Hits | Since the baseline |'));
    expect(table.split('\n').slice(2, 4)).toEqual([
      '| CPU | `Espresso::inner_product_kernel_cpu::__launch(int)` | 10 | 🆕 new |',
      '| CPU | `Espresso::elementwise_kernel_cpu::__launch(int)` | 10 |  |',
    ]);
    expect(text).toContain('**Gone since the baseline:** `Espresso::MPSEngine::context::__launch_kernel(int)` (GPU).');
    const terminal = renderTerminal(droppingPullRequest());
    expect(terminal).toMatch(/CPU\s+Espresso::inner_product_kernel_cpu::__launch\(int\)\s+10\s+new/u);
    expect(terminal).toContain('Gone since the baseline:\n  - Espresso::MPSEngine::context::__launch_kernel(int) (GPU)');
  });

  it('draws the base branch\'s coverage over its last runs as a Mermaid line, folded when long', () => {
    const point = (i: number, coverage: number | null) => ({ coverage, commit: `${i}abcdef0123456789`, createdAt: null });
    const short = droppingPullRequest();
    short.baseline = { ...short.baseline!, trend: [point(1, 38), point(2, null), point(3, 40)] };
    const text = renderMarkdown([short]);
    expect(text).toContain(
      '#### ANE coverage on the base branch over its last 3 runs (oldest first)\n\n```mermaid\n%%{init: {"xyChart": {"height": 260}, "themeVariables": {"xyChart": {"plotColorPalette": "#0969da"}}}}%%\nxychart-beta\n    title "ANE coverage (%) on the base branch"\n    x-axis ["1abcdef", "3abcdef"]\n    y-axis "ANE coverage (%)" 0 --> 100\n    line [38.0, 40.0]\n```',
    );
    expect(text).toContain('1 of the 3 runs measured nothing and are left out.');
    const long = droppingPullRequest();
    long.baseline = { ...long.baseline!, trend: Array.from({ length: 10 }, (_, i) => point(i, 40 + i)) };
    expect(renderMarkdown([long])).toContain('<details><summary>ANE coverage on the base branch over its last 10 runs (oldest first)</summary>\n\n```mermaid');
    // A label that is not a commit SHA is never written into the chart.
    const odd = droppingPullRequest();
    odd.baseline = { ...odd.baseline!, trend: [{ coverage: 1, commit: '"] ; click', createdAt: null }, point(2, 2)] };
    expect(renderMarkdown([odd])).toContain('x-axis ["run 1", "2abcdef"]');
    // One point is no trend; the pie chart is gone.
    expect(renderMarkdown([droppingPullRequest()])).not.toContain('```mermaid');
  });

  it('keeps a summary of 1,200 kernels small', () => {
    const fallbackKernels = Array.from({ length: 1200 }, (_, i) => ({ engine: 'cpu' as const, name: `Espresso::generic_kernel_${i}_cpu::__launch(int, int)`, hits: 10 }));
    const rowsOnly = fallbackKernels.reduce((sum, kernel) => sum + kernel.name.length + 20, 0);
    expect(renderMarkdown([sampleReport({ fallbackKernels })]).length).toBeLessThan(rowsOnly * 1.3);
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
