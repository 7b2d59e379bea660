import { describe, expect, it } from 'vitest';

import { escapeMarkdown, markdownCode } from '../src/report/escape.js';
import { COMMENT_LIMIT, CUT_NOTICE, renderMarkdown } from '../src/report/markdown.js';
import { renderTerminal } from '../src/report/terminal.js';
import type { CheckedModel } from '../src/model/check/model-report.js';
import type { Finding } from '../src/model/rules/rule.js';
import type { ModelSummary } from '../src/model/summary.js';
import type { Report } from '../src/report/report.js';
import { array, bothChecksReport, checkedAgainst, denoiserBase, denoiserHead, modelCheckReport, op, programSummary, ruleFinding } from './support/model-reports.js';
import { reportCase } from './support/report-cases.js';
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
  const markdown = () => renderMarkdown([sampleReport()], { runUrl: 'https://github.com/o/r/actions/runs/7' });

  it('leads with the status, the dispatch share and what it counts, the delta against the baseline, and the gates with their figures', () => {
    expect(markdown()).toContain('### ✅ ANE check: MobileNetV2: pass');
    expect(markdown()).toContain(
      "**ANE dispatch share: 40.0%** (it counts dispatches, not cost: one ANE dispatch runs a whole segment of the model) · ▼ 5.0 pp against the baseline's 45.0%\n\nGates: `threshold` 30% on the dispatch share · `max-drop` 10 pp on the dispatch share against the baseline.\n",
    );
  });

  it('has the engine table with dispatches per prediction, share and a bar, and says what a dispatch is', () => {
    const text = renderMarkdown([sampleReport({ baseline: null })]);
    expect(text).toContain('| Engine | Per prediction | Dispatches | Share | |');
    expect(text).toContain('| ANE | 2 | 20 | 40.0% | `████░░░░░░` |');
    expect(text).toContain('| GPU | 1 | 10 | 20.0% | `██░░░░░░░░` |');
    expect(markdown()).toContain('One ANE dispatch runs a whole segment of the model');
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
    expect(terminal).not.toMatch(/^(ANE|GPU|CPU) +\d.*\d%$/mu);
  });

  it('shows the range of an engine whose dispatches differed between predictions', () => {
    const spread = sampleReport();
    spread.engines.cpu = { ...spread.engines.cpu, perPrediction: 2, minPerPrediction: 1, maxPerPrediction: 3 };
    expect(renderMarkdown([{ ...spread, baseline: null }])).toContain('| CPU | 2 (1–3) | 20 | 40.0% |');
  });


  it('lists the fallback kernels and the probes that did not resolve, escaped, and links the run', () => {
    expect(markdown()).toContain('| CPU | `Espresso::elementwise_kernel_cpu::__launch(int)` | 10 |');
    expect(markdown()).toContain('#### Probes that did not resolve\n\n- regex `^Espresso::MetalLowmemEngine::` (GPU marker)');
    expect(markdown()).toContain('[Run](https://github.com/o/r/actions/runs/7)');
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
    expect(text).toContain('| Measurement | Status | ANE | Against baseline | ANE / GPU / CPU per prediction | Why |');
    expect(text).toContain('| iPhone 15 | ✅ pass | 40.0% of dispatches | ▼ 5.0 pp | 2 / 1 / 2 |  |');
    expect(text).toContain('| iPad | ❌ FAIL | 10.0% of dispatches | ▼ 5.0 pp | 2 / 1 / 2 | below |');
    expect(text).toContain('| Mac | ⚠️ inconclusive | not measured |  |  | no prediction \\| seen (and 1 more) |');
    expect(text).toContain('<details><summary>❌ iPad: FAIL</summary>');
  });

  it('starts a comment with its marker, which a name cannot close', () => {
    const text = renderMarkdown([sampleReport()], { marker: '<!-- ane-check:comment:a%20--%3E -->' });
    expect(text.startsWith('<!-- ane-check:comment:a%20--%3E -->\n')).toBe(true);
  });

  it('shortens, then cuts with a notice, a body over the limit, leaving no <details> open', () => {
    // So many reports that even without kernels they do not fit: the body is cut.
    const fallbackKernels = Array.from({ length: 12 }, (_, i) => ({ engine: 'cpu' as const, name: `Espresso::very_long_kernel_name_number_${i}_cpu::__launch(int)`, hits: 1 }));
    const reports = Array.from({ length: 80 }, (_, i) => sampleReport({ name: `model ${i}`, fallbackKernels }));
    const full = renderMarkdown(reports);
    expect(full.length).toBeGreaterThan(COMMENT_LIMIT);
    const cut = renderMarkdown(reports, { limit: COMMENT_LIMIT });
    expect(cut.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(cut.endsWith(CUT_NOTICE)).toBe(true);
    expect((cut.match(/<details>/gu) ?? []).length).toBe((cut.match(/<\/details>/gu) ?? []).length);
    // Shortened first (no kernel is left), then cut at a line: the first reports are there, the last is not.
    expect(cut).not.toContain('very_long_kernel_name');
    expect(cut).toContain('<summary>✅ model 0: pass</summary>');
    expect(cut).not.toContain('<summary>✅ model 79: pass</summary>');
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
      '#### ANE coverage on the base branch over its last 3 runs (oldest first), and this run\n\n```mermaid\n%%{init: {"xyChart": {"height": 260}, "themeVariables": {"xyChart": {"plotColorPalette": "#0969da"}}}}%%\nxychart-beta\n    title "ANE coverage (%) on the base branch, then this run"\n    x-axis ["1abcdef", "3abcdef", "this run"]\n    y-axis "ANE coverage (%)" 0 --> 100\n    line [38.0, 40.0, 25.0]\n```',
    );
    expect(text).toContain('1 of the 3 runs measured nothing and are left out.');
    const long = droppingPullRequest();
    long.baseline = { ...long.baseline!, trend: Array.from({ length: 10 }, (_, i) => point(i, 40 + i)) };
    expect(renderMarkdown([long])).toContain('<details><summary>ANE coverage on the base branch over its last 10 runs (oldest first), and this run</summary>\n\n```mermaid');
    // A label that is not a commit SHA is never written into the chart.
    const odd = droppingPullRequest();
    odd.baseline = { ...odd.baseline!, trend: [{ coverage: 1, commit: '"] ; click', createdAt: null }, point(2, 2)] };
    expect(renderMarkdown([odd])).toContain('x-axis ["run 1", "2abcdef", "this run"]');
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
    expect(text).toContain(
      "ane-check: MobileNetV2: pass\nANE dispatch share: 40.0% (it counts dispatches, not cost: one ANE dispatch runs a whole segment of the model) · ▼ 5.0 pp against the baseline's 45.0%\nGates: --threshold 30% on the dispatch share · --max-drop 10 pp on the dispatch share against the baseline.\n",
    );
    expect(text).toMatch(/ANE\s+20\s+2\s+40\.0%/u);
    expect(text).toMatch(/CPU\s+Espresso::elementwise_kernel_cpu::__launch\(int\)\s+10/u);
  });

  it('lets no escape sequence from a symbol name reach the terminal', () => {
    const text = renderTerminal(sampleReport({ fallbackKernels: [{ engine: 'cpu', name: 'evil\u001b[2Jname', hits: 1 }] }));
    expect(text).not.toContain('\u001b');
    expect(text).toContain('evil?[2Jname');
  });
});

describe('renderMarkdown: each part of the details', () => {
  const lines = (text: string) => text.split('\n');

  it('leaves out the baseline and max drop from the headline when there are none, and says "against" when the delta is unknown', () => {
    const counts = ' (it counts dispatches, not cost: one ANE dispatch runs a whole segment of the model)';
    expect(renderMarkdown([sampleReport({ baseline: null, gates: { threshold: 0, maxDrop: null } })])).toContain(`**ANE dispatch share: 40.0%**${counts}\n\nGates: \`threshold\` 0% on the dispatch share.\n`);
    expect(renderMarkdown([sampleReport({ baseline: { name: 'b', coverage: null, delta: null } })])).toContain(`**ANE dispatch share: 40.0%**${counts}\n\nGates: \`threshold\` 30%`);
    expect(renderMarkdown([sampleReport({ coverage: null, status: 'inconclusive', baseline: { name: 'b', coverage: 45, delta: null } })])).toContain("**ANE dispatch share: not measured** · against the baseline's 45.0%\n\nGates: `threshold` 30%");
  });

  it('shows the reasons and notes with the inputs they name as code', () => {
    const text = renderMarkdown([sampleReport({ status: 'fail', reasons: ['Raise `timeout`, or lower `threshold`; `not-an-input` stays.'], notes: ['Try `counting: driven` *now*.'] })]);
    expect(text).toContain('\n- ❌ Raise `timeout`, or lower `threshold`; \\`not-an-input\\` stays.\n\n');
    expect(text).toContain('#### Notes\n\n- Try `counting: driven` \\*now\\*.\n\n');
    expect(renderMarkdown([sampleReport()])).not.toContain('#### Notes');
  });

  it('draws the share bar in tenths, rounded, and an empty one for 0%', () => {
    const report = sampleReport({ baseline: null });
    report.engines.ane = { ...report.engines.ane, share: 44.9 };
    report.engines.gpu = { ...report.engines.gpu, share: 45 };
    report.engines.cpu = { ...report.engines.cpu, share: 0 };
    const text = renderMarkdown([report]);
    expect(text).toContain('| 44.9% | `████░░░░░░` |');
    expect(text).toContain('| 45.0% | `█████░░░░░` |');
    expect(text).toContain('| 0.0% | `░░░░░░░░░░` |');
  });

  it('marks an engine whose probes did not resolve, and shows no engine table when nothing was counted', () => {
    const report = sampleReport({ baseline: null });
    report.engines.gpu = { ...report.engines.gpu, resolved: false };
    expect(renderMarkdown([report])).toContain('| GPU (no probe resolved) | 1 | 10 |');
    expect(renderMarkdown([report])).toContain('| ANE | 2 | 20 |');
    const none = renderMarkdown([sampleReport({ status: 'inconclusive', coverage: null, predictions: { observed: 1, warmup: 1, counted: 0, requested: 10 } })]);
    expect(none).not.toContain('| Engine | Per prediction |');
    expect(none).not.toContain('Dispatches seen');
  });

  it('says what the dispatches and the window were below the engine table', () => {
    expect(renderMarkdown([sampleReport({ baseline: null })])).toContain(
      '<sub>One ANE dispatch runs a whole segment of the model; one GPU or CPU dispatch is usually a single kernel. Shares compare dispatches, not time. 10 of 12 observed predictions counted (warm-up 1, window closed by next-prediction).</sub>',
    );
  });

  it('lists Core ML\'s log lines, five in a shortened comment', () => {
    const fallbackReasons = Array.from({ length: 7 }, (_, i) => `ANECCompile() FAILED: ${i}`);
    const text = renderMarkdown([sampleReport({ fallbackReasons })]);
    expect(text).toContain("#### Why work left the ANE (Core ML's log)\n\n- `ANECCompile() FAILED: 0`\n");
    expect(text).toContain('- `ANECCompile() FAILED: 6`\n\n');
    expect(renderMarkdown([sampleReport()])).not.toContain('Why work left the ANE');
  });

  it('shows the target\'s error output as a code block whose fence outlasts its backticks', () => {
    const report = sampleReport();
    report.run = { ...report.run, targetErrorOutput: ['dyld: Library not loaded', 'a ```` b'] };
    expect(renderMarkdown([report])).toContain("#### The target's error output (last lines)\n\n`````\ndyld: Library not loaded\na ```` b\n`````\n\n#### Probes that did not resolve");
    const plain = sampleReport();
    plain.run = { ...plain.run, targetErrorOutput: ['no backticks'] };
    expect(renderMarkdown([plain])).toContain('\n```\nno backticks\n```\n');
    const empty = sampleReport();
    empty.run = { ...empty.run, targetErrorOutput: [] };
    expect(renderMarkdown([empty])).not.toContain("The target's error output");
  });

  it('names each probe that did not resolve by its symbol or its regex, its engine and its role', () => {
    const report = sampleReport({
      probes: [
        { role: 'prediction', symbol: 'predict', resolved: false, locations: 0, hits: 0, totalHits: 0, functions: [] },
        { engine: 'cpu', role: 'dispatch', regex: '^k', resolved: false, locations: 0, hits: 0, totalHits: 0, functions: [] },
        { engine: 'ane', role: 'dispatch', symbol: 'seen', resolved: true, locations: 1, hits: 1, totalHits: 1, functions: [] },
      ],
    });
    expect(renderMarkdown([report])).toContain('#### Probes that did not resolve\n\n- `predict` (prediction)\n- regex `^k` (CPU dispatch)\n\n');
    expect(renderMarkdown([sampleReport({ probes: [] })])).not.toContain('Probes that did not resolve');
  });

  it('lists the candidate probes of a discovery in the job summary', () => {
    const discovery = { profile: 'out/candidate.json', functions: 42, probes: [{ engine: 'cpu' as const, role: 'dispatch' as const, symbol: 'a|b' }, { role: 'prediction' as const, symbol: 'p' }] };
    const text = renderMarkdown([sampleReport({ discovery })]);
    expect(text).toContain('#### Symbol discovery\n\n42 engine-like functions in the live process; 2 candidate probes written to `out/candidate.json`. Check it (keep the job\'s artifact), then measure with `symbols: out/candidate.json`.\n\n<details><summary>Candidate probes</summary>\n\n| Engine | Role | Symbol |\n| --- | --- | --- |\n| CPU | dispatch | `a\\|b` |\n|  | prediction | `p` |\n\n</details>\n');
    const none = renderMarkdown([sampleReport({ discovery: { ...discovery, probes: [] } })]);
    expect(none).toContain('0 candidate probes written to');
    expect(none).not.toContain('then measure with');
    expect(none).not.toContain('Candidate probes');
  });

  it('describes the environment, with what it does not know', () => {
    const text = renderMarkdown([sampleReport()]);
    expect(text).toContain(
      [
        '<details><summary>Environment</summary>',
        '',
        '- target: host',
        '- OS: macOS 15.1 (24B83)',
        '- device: this machine',
        '- LLDB: lldb-1600.0.39.3; counting: auto-continue (lldb-1600.0.39.3 is not reported to lose auto-continue breakpoint hits)',
        '- profile: auto (espresso, e5rt)',
        '- predictions: 10 of 12 observed predictions counted (warm-up 1, window closed by next-prediction)',
        '- measured: 2026-03-02T09:41:07.512Z at commit 3b1f0a9c4e2d',
        '- target ended: stopped at the prediction after the counted window; 1.5 s',
        '',
        '</details>',
      ].join('\n'),
    );
    const bare = sampleReport({ environment: { target: 'device', os: 'iOS 18.1', lldb: 'lldb-1700', profile: 'mine.json', profiles: [], device: 'iPhone' } });
    delete (bare as Partial<Report>).createdAt;
    delete (bare as Partial<Report>).commit;
    bare.run = { ...bare.run, counting: null, targetEnd: 'exited', targetEndDetail: null, durationMs: 12_345 };
    const other = lines(renderMarkdown([bare]));
    expect(other).toContain('- device: iPhone');
    expect(other).toContain('- LLDB: lldb-1700');
    expect(other).toContain('- profile: mine.json');
    expect(other).toContain('- measured: unknown');
    expect(other).toContain('- target ended: exited; 12.3 s');
    bare.run = { ...bare.run, targetEnd: null };
    expect(lines(renderMarkdown([bare]))).toContain('- target ended: no target ran; 12.3 s');
  });

  it('links the run, encoding what a URL cannot hold', () => {
    expect(renderMarkdown([sampleReport()], { runUrl: 'https://github.com/o/r/actions/runs/7?x=a b' })).toContain('[Run](https://github.com/o/r/actions/runs/7?x=a%20b)\n');
    expect(renderMarkdown([sampleReport()])).not.toContain('[Run]');
  });

  it('shows the plan, the latency and the agreement only when there is a plan or a latency', () => {
    const agreement = { status: 'agrees' as const, detail: 'They agree.' };
    expect(renderMarkdown([sampleReport({ agreement })])).not.toContain('They agree.');
    const timed = renderMarkdown([sampleReport({ agreement, latency: { computeUnits: 'all', runs: [{ computeUnits: 'all', count: 3, medianMs: 2, p90Ms: 2 }], timedMs: 6 } })]);
    expect(timed).toContain('#### Plan and latency\n\n- Latency: 2.00 ms (all, median of 3)\n\n');
  });
});

describe('renderMarkdown: several reports', () => {
  it('shows each leg\'s first reason only when it did not pass, and no dispatches for a leg that counted none', () => {
    const text = renderMarkdown([
      sampleReport({ name: 'a', reasons: ['a pass has no why'] }),
      sampleReport({ name: 'b', status: 'error', coverage: null, reasons: [], baseline: null, predictions: { observed: 0, warmup: 1, counted: 0, requested: 10 } }),
      sampleReport({ name: 'c', status: 'fail', reasons: ['one', 'two', 'three'] }),
    ]);
    expect(text).toContain('### 💥 ANE check: 3 measurements: ERROR');
    expect(text).toContain('| a | ✅ pass | 40.0% of dispatches | ▼ 5.0 pp | 2 / 1 / 2 |  |');
    expect(text).toContain('| b | 💥 ERROR | not measured |  |  |  |');
    expect(text).toContain('| c | ❌ FAIL | 40.0% of dispatches | ▼ 5.0 pp | 2 / 1 / 2 | one (and 2 more) |');
    expect(text).toContain('<details><summary>✅ a: pass</summary>\n\n**ANE dispatch share: 40.0%**');
  });

  it('puts the marker first and the run link last', () => {
    const text = renderMarkdown([sampleReport({ name: 'a' }), sampleReport({ name: 'b' })], { marker: '<!-- m -->', runUrl: 'https://x/runs/1' });
    expect(text.startsWith('<!-- m -->\n### ✅ ANE check: 2 measurements: pass\n')).toBe(true);
    expect(text.endsWith('</details>\n\n[Run](https://x/runs/1)\n')).toBe(true);
  });
});

describe('renderMarkdown: the fallback kernels', () => {
  const kernels = (count: number) => Array.from({ length: count }, (_, i) => ({ engine: 'cpu' as const, name: `k${i}`, hits: 100 - i }));

  it('shows ten kernels in view and folds none when there are exactly ten', () => {
    const text = renderMarkdown([sampleReport({ fallbackKernels: kernels(10) })]);
    expect(text).toContain('| CPU | `k9` | 91 |');
    expect(text).not.toContain('more</summary>');
    const eleven = renderMarkdown([sampleReport({ fallbackKernels: kernels(11) })]);
    expect(eleven).toContain('<details><summary>1 more</summary>\n\n| Engine | Function | Hits |\n| --- | --- | ---: |\n| CPU | `k10` | 90 |\n\n</details>\n');
  });

  it('shows no kernel table without kernels, and still lists the ones gone', () => {
    const report = sampleReport({ fallbackKernels: [], baseline: { name: 'b', coverage: 45, delta: -5, perPrediction: { ane: 2, gpu: 1, cpu: 2 }, newKernels: [], goneKernels: [{ engine: 'gpu', name: 'g1' }, { engine: 'cpu', name: 'c1' }] } });
    const text = renderMarkdown([report]);
    expect(text).not.toContain('#### Fallback kernels');
    expect(text).toContain('**Gone since the baseline:** `g1` (GPU), `c1` (CPU).\n');
  });
});

describe('renderMarkdown: over the limit', () => {
  const longReport = (count: number) =>
    sampleReport({ fallbackKernels: Array.from({ length: count }, (_, i) => ({ engine: 'cpu' as const, name: `Espresso::kernel_${i}_cpu::__launch(int)`, hits: 1 })) });

  it('leaves a body that fits the limit exactly as it is, and shortens one a character longer', () => {
    const reports = [longReport(40)];
    const full = renderMarkdown(reports);
    expect(renderMarkdown(reports, { limit: full.length })).toBe(full);
    const shortened = renderMarkdown(reports, { limit: full.length - 1 });
    expect(shortened.endsWith(CUT_NOTICE)).toBe(true);
    expect(shortened.length).toBeLessThanOrEqual(full.length - 1);
  });

  it('shows as many kernels as fit, and says how many more the job summary has', () => {
    const reports = [longReport(40)];
    const limit = renderMarkdown(reports).length - 200;
    const text = renderMarkdown(reports, { limit });
    const shown = (text.match(/^\| CPU \| `Espresso::kernel_/gmu) ?? []).length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(40);
    expect(text).toContain(`<sub>${40 - shown} more in the job summary.</sub>`);
    expect(text.length).toBeLessThanOrEqual(limit);
    // The most that fit: one more kernel row would not have.
    expect(text.length + '| CPU | `Espresso::kernel_10_cpu::__launch(int)` | 1 |\n'.length).toBeGreaterThan(limit);
    expect(text).not.toContain('more</summary>');
  });

  it('says the job summary has the kernels when none fits, and drops the trend from a shortened comment', () => {
    const report = longReport(3);
    report.baseline = { ...report.baseline!, trend: [{ coverage: 40, commit: 'aaaaaaa1', createdAt: null }, { coverage: 41, commit: 'bbbbbbb2', createdAt: null }] };
    const full = renderMarkdown([report]);
    expect(full).toContain('```mermaid');
    // Without the chart every kernel still fits.
    const text = renderMarkdown([report], { limit: full.length - 150 });
    expect(text.endsWith(CUT_NOTICE)).toBe(true);
    expect(text).not.toContain('```mermaid');
    expect(text).toContain('| CPU | `Espresso::kernel_2_cpu::__launch(int)` | 1 |');
    expect(text).not.toContain('in the job summary.</sub>');
    const tight = renderMarkdown([report], { limit: full.length - 900 });
    expect(tight.length).toBeLessThanOrEqual(full.length - 900);
    expect(tight).toContain('#### Fallback kernels (GPU and CPU functions in the counted predictions)\n\n<sub>3 kernels in the job summary.</sub>');
    expect(tight).not.toContain('| Engine | Function | Hits |');
  });

  it('keeps the first gone kernel in a shortened comment and counts the rest', () => {
    const report = longReport(0);
    report.baseline = { ...report.baseline!, perPrediction: { ane: 2, gpu: 1, cpu: 2 }, newKernels: [], goneKernels: [{ engine: 'cpu', name: 'g0' }, { engine: 'cpu', name: 'g1' }, { engine: 'gpu', name: 'g2' }] };
    report.probes = Array.from({ length: 14 }, (_, i) => ({ role: 'prediction' as const, symbol: `p${i}`, resolved: false, locations: 0, hits: 0, totalHits: 0, functions: [] }));
    const full = renderMarkdown([report]);
    const text = renderMarkdown([report], { limit: full.length - 1 });
    expect(text).toContain('**Gone since the baseline:** `g0` (CPU), and 2 more.\n');
    expect(text).toContain('- `p9` (prediction)\n- and 4 more\n');
    expect(text).not.toContain('`p10`');
    expect(full).toContain('- `p13` (prediction)\n\n');
  });

  it('cuts at a line and closes the <details> it leaves open, when shortening is not enough', () => {
    const reports = Array.from({ length: 30 }, (_, i) => sampleReport({ name: `model ${i}`, notes: Array.from({ length: 30 }, (__, n) => `note ${n} of a long list of notes that no shortening drops`) }));
    const limit = 20_000;
    const text = renderMarkdown(reports, { limit });
    expect(text.length).toBeLessThanOrEqual(limit);
    expect(text.endsWith(`\n</details>${CUT_NOTICE}`)).toBe(true);
    expect((text.match(/<details>/gu) ?? []).length).toBe((text.match(/<\/details>/gu) ?? []).length);
    const body = text.slice(0, -CUT_NOTICE.length);
    // Every line kept is a whole line of the full body.
    const full = renderMarkdown(reports);
    for (const line of body.split('\n')) expect(full.includes(line) || line.endsWith('in the job summary.</sub>')).toBe(true);
    expect(body.length).toBeGreaterThan(limit - CUT_NOTICE.length - 200);
  });
});

describe('renderMarkdown: the layout, line by line', () => {
  it('puts one blank line between the title, the headline, the reasons and the engine table, and nothing before the title', () => {
    const text = renderMarkdown([sampleReport({ baseline: null, status: 'fail', reasons: ['one'] })]);
    const lead = '**ANE dispatch share: 40.0%** (it counts dispatches, not cost: one ANE dispatch runs a whole segment of the model)\n\nGates: `threshold` 30% on the dispatch share · `max-drop` 10 pp on the dispatch share against the baseline.\n\n';
    expect(text.startsWith(`### ❌ ANE check: MobileNetV2: FAIL\n\n${lead}- ❌ one\n\n| Engine | Per prediction | Dispatches | Share | |\n| --- | ---: | ---: | ---: | --- |\n| ANE |`)).toBe(true);
    const plain = renderMarkdown([sampleReport({ baseline: null })]);
    expect(plain.startsWith(`### ✅ ANE check: MobileNetV2: pass\n\n${lead}| Engine | Per prediction |`)).toBe(true);
    expect(plain).not.toContain('Against the baseline');
    expect(plain).not.toContain('Gone since the baseline');
    expect(plain).not.toContain("The target's error output");
  });

  it('ends the engine table with its note and a blank line', () => {
    const text = renderMarkdown([sampleReport({ baseline: null, fallbackKernels: [] })]);
    expect(text).toContain('| CPU | 2 | 20 | 40.0% | `████░░░░░░` |\n\n<sub>One ANE dispatch');
    expect(text).toContain('(warm-up 1, window closed by next-prediction).</sub>\n\n#### Probes that did not resolve');
  });

  it('heads the overview of several measurements with its table, and leaves a blank line before the details', () => {
    const text = renderMarkdown([sampleReport({ name: 'a' }), sampleReport({ name: 'b' })]);
    expect(text.startsWith('### ✅ ANE check: 2 measurements: pass\n\n| Measurement | Status | ANE | Against baseline | ANE / GPU / CPU per prediction | Why |\n| --- | --- | --- | ---: | --- | --- |\n| a |')).toBe(true);
    expect(text).toMatch(/\n\| b \| [^\n]*\|\n\n<details><summary>✅ a: pass<\/summary>\n\n/u);
  });

  it('heads the table against the baseline with its own columns', () => {
    const report = sampleReport({ baseline: { name: 'b', coverage: 45, delta: -5, perPrediction: { ane: 2, gpu: 1, cpu: 2 }, newKernels: [], goneKernels: [] } });
    expect(renderMarkdown([report])).toContain(
      "**Against the baseline:** no change in dispatches per prediction or in fallback kernels.\n\n| Engine | Base per prediction | Head per prediction | Change | Dispatches | Share | |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |\n| ANE | 2 | 2 | = | 20 | 40.0% |",
    );
  });

  it('lays out the dispatches seen in a run that measured nothing', () => {
    const short = sampleReport({ status: 'inconclusive', coverage: null, reasons: ['short'], predictions: { observed: 5, warmup: 1, counted: 4, requested: 10 } });
    expect(renderMarkdown([short])).toContain(
      '- ⚠️ short\n\n#### Dispatches seen (not a measurement: the run was inconclusive)\n\n| Engine | Per prediction | Dispatches |\n| --- | ---: | ---: |\n| ANE | 2 | 20 |\n| GPU | 1 | 10 |\n| CPU | 2 | 20 |\n\n<sub>4 of 5 observed predictions counted (warm-up 1, window closed by next-prediction).</sub>\n\n#### Fallback kernels',
    );
    const none = sampleReport({ status: 'inconclusive', coverage: null, reasons: ['none'], predictions: { observed: 1, warmup: 1, counted: 0, requested: 10 }, fallbackKernels: [] });
    expect(renderMarkdown([none])).toContain('- ⚠️ none\n\n#### Probes that did not resolve');
  });

  it('lays out the kernels, those folded, and those gone', () => {
    const fallbackKernels = Array.from({ length: 11 }, (_, i) => ({ engine: 'cpu' as const, name: `k${i}`, hits: 20 - i }));
    const report = sampleReport({ fallbackKernels, baseline: { name: 'b', coverage: 45, delta: -5, perPrediction: { ane: 2, gpu: 1, cpu: 2 }, newKernels: [{ engine: 'cpu', name: 'k5' }], goneKernels: [{ engine: 'gpu', name: 'g' }] } });
    const text = renderMarkdown([report]);
    expect(text).toContain(
      '#### Fallback kernels (GPU and CPU functions in the counted predictions)\n\n| Engine | Function | Hits | Since the baseline |\n| --- | --- | ---: | --- |\n| CPU | `k5` | 15 | 🆕 new |\n| CPU | `k0` | 20 |  |\n',
    );
    expect(text).toContain('| CPU | `k9` | 11 |  |\n\n<details><summary>1 more</summary>\n\n| Engine | Function | Hits | Since the baseline |\n| --- | --- | ---: | --- |\n| CPU | `k10` | 10 |  |\n\n</details>\n\n**Gone since the baseline:** `g` (GPU).\n\n#### Probes that did not resolve');
  });

  it('puts each new kernel first wherever it was in the list', () => {
    const fallbackKernels = [
      { engine: 'cpu' as const, name: 'a', hits: 9 },
      { engine: 'cpu' as const, name: 'b', hits: 8 },
      { engine: 'gpu' as const, name: 'c', hits: 7 },
      { engine: 'cpu' as const, name: 'd', hits: 6 },
    ];
    const report = sampleReport({ fallbackKernels, baseline: { name: 'b', coverage: 45, delta: -5, perPrediction: { ane: 2, gpu: 1, cpu: 2 }, newKernels: [{ engine: 'gpu', name: 'c' }, { engine: 'cpu', name: 'd' }], goneKernels: [] } });
    const rows = renderMarkdown([report]).split('\n').filter((line) => /^\| (CPU|GPU) \| `/u.test(line));
    expect(rows.map((row) => row.split(' | ')[1])).toEqual(['`c`', '`d`', '`a`', '`b`']);
  });

  it('writes the inputs a reason names as code that a table cannot break', () => {
    const text = renderMarkdown([sampleReport({ name: 'a', status: 'fail', reasons: ['Add `allow-off-ane: ios18.a|ios18.b` to pass.'] }), sampleReport({ name: 'b' })]);
    expect(text).toContain('| a | ❌ FAIL | 40.0% of dispatches | ▼ 5.0 pp | 2 / 1 / 2 | Add `allow-off-ane: ios18.a\\|ios18.b` to pass. |');
  });

  it('shows the plan of an older report that has no agreement', () => {
    const plan = {
      computeUnits: 'all',
      operations: 2,
      basis: 'cost' as const,
      aneCostShare: 50,
      byDevice: { ane: { operations: 1, cost: 0.5 }, gpu: { operations: 0, cost: 0 }, cpu: { operations: 1, cost: 0.5 } },
      offAne: [],
    };
    const report = sampleReport({ plan });
    delete (report as Partial<Report>).agreement;
    expect(renderMarkdown([report])).toContain("#### Plan and latency\n\n- Core ML's compute plan (all): 50.0% of the estimated cost on the ANE, 1 of 2 operations\n\n");
  });

  it('ends the discovery\'s candidates with a blank line before the next part', () => {
    const discovery = { profile: 'c.json', functions: 1, probes: [{ engine: 'cpu' as const, role: 'dispatch' as const, symbol: 's' }] };
    expect(renderMarkdown([sampleReport({ discovery })])).toContain('| CPU | dispatch | `s` |\n\n</details>\n\n<details><summary>Environment</summary>');
  });
});

describe('renderMarkdown: a limit shorter than the notice itself', () => {
  it('gives the notice alone', () => {
    expect(renderMarkdown([sampleReport({})], { limit: 10 })).toBe(CUT_NOTICE);
  });
});

describe('renderMarkdown: the trend', () => {
  const withTrend = (trend: { coverage: number | null; commit: string | null }[]) => {
    const report = sampleReport();
    report.baseline = { ...report.baseline!, trend: trend.map((point) => ({ ...point, createdAt: null })) };
    return renderMarkdown([report]);
  };

  it('labels a point by its commit only when the commit is all hex', () => {
    expect(withTrend([{ coverage: 1, commit: 'xyz0123abc' }, { coverage: 2, commit: '0123abcxyz' }, { coverage: 3, commit: 'ABCDEF0123' }])).toContain('x-axis ["run 1", "run 2", "ABCDEF0", "this run"]');
  });

  it("draws one measured run with this run's point, nothing without a measured run, and no footnote when every run measured", () => {
    const one = withTrend([{ coverage: 1, commit: 'aaaaaaa' }, { coverage: null, commit: 'bbbbbbb' }]);
    expect(one).toContain('    x-axis ["aaaaaaa", "this run"]\n    y-axis "ANE coverage (%)" 0 --> 100\n    line [1.0, 40.0]\n```\n\n<sub>1 of the 2 runs measured nothing and are left out.</sub>\n\n#### Fallback kernels');
    const none = withTrend([{ coverage: null, commit: 'aaaaaaa' }, { coverage: null, commit: 'bbbbbbb' }]);
    expect(none).not.toContain('ANE coverage on the base branch');
    expect(none).toContain('| CPU | 2 | 20 | 40.0% | `████░░░░░░` |\n\n<sub>');
    const all = withTrend([{ coverage: 1, commit: 'aaaaaaa' }, { coverage: 2, commit: 'bbbbbbb' }]);
    expect(all).toContain('    line [1.0, 2.0, 40.0]\n```\n\n#### Fallback kernels');
    expect(all).not.toContain('measured nothing');
    const skipped = withTrend([{ coverage: 1, commit: 'aaaaaaa' }, { coverage: null, commit: null }, { coverage: 2, commit: 'bbbbbbb' }]);
    expect(skipped).toContain('```\n\n<sub>1 of the 3 runs measured nothing and are left out.</sub>\n\n#### Fallback kernels');
  });

  it('marks this run as the last point, so that a drop against the base branch shows in the chart', () => {
    const report = sampleReport({ coverage: 25 });
    report.baseline = { ...report.baseline!, trend: [{ coverage: 45, commit: 'aaaaaaa', createdAt: null }, { coverage: 44, commit: 'bbbbbbb', createdAt: null }] };
    const text = renderMarkdown([report]);
    expect(text).toContain('#### ANE coverage on the base branch over its last 2 runs (oldest first), and this run\n');
    expect(text).toContain('    title "ANE coverage (%) on the base branch, then this run"\n    x-axis ["aaaaaaa", "bbbbbbb", "this run"]\n    y-axis "ANE coverage (%)" 0 --> 100\n    line [45.0, 44.0, 25.0]\n');
    // A run that measured nothing has no point: the base branch's line alone, and a footnote that says so.
    const unmeasured = renderMarkdown([{ ...report, coverage: null, status: 'inconclusive', engines: { ...report.engines, ane: { ...report.engines.ane, share: null }, gpu: { ...report.engines.gpu, share: null }, cpu: { ...report.engines.cpu, share: null } } }]);
    expect(unmeasured).toContain('#### ANE coverage on the base branch over its last 2 runs (oldest first)\n');
    expect(unmeasured).toContain('    title "ANE coverage (%) on the base branch"\n    x-axis ["aaaaaaa", "bbbbbbb"]\n');
    expect(unmeasured).toContain('    line [45.0, 44.0]\n```\n\n<sub>This run measured nothing: it has no point.</sub>\n\n');
    expect(unmeasured).not.toContain('this run"');
  });

  it('folds a trend of more than eight runs, and shows one of eight', () => {
    const points = (count: number) => Array.from({ length: count }, (_, i) => ({ coverage: 40 + i, commit: `abcdef${i}` }));
    expect(withTrend(points(8))).toContain('#### ANE coverage on the base branch over its last 8 runs (oldest first), and this run\n\n```mermaid');
    expect(withTrend(points(9))).toContain('<details><summary>ANE coverage on the base branch over its last 9 runs (oldest first), and this run</summary>\n\n```mermaid');
    expect(withTrend(points(9))).toContain('    line [40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0, 48.0, 40.0]\n```\n\n</details>\n\n#### Fallback kernels');
  });
});

describe('renderMarkdown: shortening, exactly at the limit', () => {
  const kernels = (count: number, length = 40) => Array.from({ length: count }, (_, i) => ({ engine: 'cpu' as const, name: `k${i}_${'x'.repeat(length)}`, hits: 1 }));

  it('gives the same shortened body for a limit of exactly its length', () => {
    const reports = [sampleReport({ fallbackKernels: kernels(30) })];
    const full = renderMarkdown(reports);
    const shortened = renderMarkdown(reports, { limit: full.length - 500 });
    expect(shortened.endsWith(CUT_NOTICE)).toBe(true);
    expect(shortened).toContain('more in the job summary.</sub>');
    expect(renderMarkdown(reports, { limit: shortened.length })).toBe(shortened);
  });

  it('gives the same body without kernels for a limit of exactly its length', () => {
    const reports = [sampleReport({ fallbackKernels: kernels(1, 3000) })];
    const bare = renderMarkdown(reports, { limit: renderMarkdown(reports).length - 1 });
    expect(bare).toContain('<sub>1 kernels in the job summary.</sub>');
    expect(bare.endsWith(`</details>\n${CUT_NOTICE}`)).toBe(true);
    expect(renderMarkdown(reports, { limit: bare.length })).toBe(bare);
  });

  it('gives the same cut body for a limit of exactly its length', () => {
    const reports = Array.from({ length: 6 }, (_, i) => sampleReport({ name: `m${i}` }));
    const cutBody = renderMarkdown(reports, { limit: 3000 });
    expect(renderMarkdown(reports, { limit: cutBody.length })).toBe(cutBody);
  });

  it('fits as many kernels as the report with the most of them allows', () => {
    const reports = [sampleReport({ name: 'none', fallbackKernels: [] }), sampleReport({ name: 'many', fallbackKernels: kernels(30) })];
    const text = renderMarkdown(reports, { limit: renderMarkdown(reports).length - 300 });
    expect((text.match(/^\| CPU \| `k\d+_/gmu) ?? []).length).toBeGreaterThan(20);
  });

  it('lists five log lines and ten unresolved probes in a shortened comment, and counts the rest', () => {
    const report = sampleReport({
      fallbackKernels: kernels(30),
      fallbackReasons: Array.from({ length: 7 }, (_, i) => `ANECCompile() FAILED: ${i}`),
      probes: Array.from({ length: 10 }, (_, i) => ({ role: 'prediction' as const, symbol: `p${i}`, resolved: false, locations: 0, hits: 0, totalHits: 0, functions: [] })),
    });
    const text = renderMarkdown([report], { limit: renderMarkdown([report]).length - 200 });
    expect(text).toContain('- `ANECCompile() FAILED: 4`\n\n');
    expect(text).not.toContain('FAILED: 5');
    expect(text).toContain('- `p9` (prediction)\n\n');
    expect(text).not.toContain('more\n\n<details><summary>Environment');
  });

  it('cuts at a whole line, and closes a <details> only when one is open', () => {
    const reports = Array.from({ length: 4 }, (_, i) => sampleReport({ name: `m${i}`, notes: Array.from({ length: 40 }, (__, n) => `note ${n} of model ${i}`) }));
    const full = renderMarkdown(reports);
    const fullLines = new Set(full.split('\n'));
    for (const limit of [1500, 2500, 4000, 6000]) {
      const body = renderMarkdown(reports, { limit }).slice(0, -CUT_NOTICE.length);
      expect(body.length).toBeLessThanOrEqual(limit - CUT_NOTICE.length);
      // Whole lines of the full body, or the shortened comment's pointer to the job summary.
      for (const line of body.split('\n')) expect(fullLines.has(line) || line.endsWith('in the job summary.</sub>')).toBe(true);
      expect((body.match(/<details>/gu) ?? []).length).toBe((body.match(/<\/details>/gu) ?? []).length);
    }
    // A single report cut before its environment has no <details> to close.
    const single = [sampleReport({ notes: Array.from({ length: 80 }, (_, n) => `note ${n}`) })];
    const body = renderMarkdown(single, { limit: 1200 }).slice(0, -CUT_NOTICE.length);
    expect(body).not.toContain('details>');
    expect(body.endsWith('\n- note')).toBe(false);
    expect(body).toMatch(/\n- note \d+$/u);
  });
});

describe('renderMarkdown: the model check alone', () => {
  const pullRequest = () => reportCase('model-check-pull-request').reports[0]!;

  it("says the model check's sentence first, then the gate it ran with and what changed, before anything else", () => {
    const text = renderMarkdown([pullRequest()], { marker: '<!-- m -->' });
    expect(text.startsWith(
      [
        '<!-- m -->',
        '### 💥 ANE check: Denoiser: ERROR',
        '',
        '**Model check: 3 known blockers (2 new); 1 model could not be read; 1 model deleted by the pull request**',
        '',
        "Gates: `fail-on: new` on the model check's findings.",
        '',
        '**What changed** in `models/Denoiser.mlpackage` against the base commit `9f3c2e1a7b6d`:',
        '',
        '* The input `audio` gained a range shape (1...4 in dimension 0).',
        '* +1 `cast`, +2 `const`, +1 `mul` in `main`',
      ].join('\n'),
    )).toBe(true);
    expect(text).toContain('**What changed** in `models/LegacyDenoiser.mlpackage` against the base commit `9f3c2e1a7b6d`:\n\n* The pull request deletes the model.\n* 1 finding gone: `gather-lookup` (warning).\n\n- 💥 ');
  });

  it('shows no coverage, engine table, chart, share or LLDB, and an environment of the OS and the commit', () => {
    const text = renderMarkdown([pullRequest()]);
    expect(text).not.toMatch(/ANE coverage|dispatch share|not measured|LLDB|lldb|Probes|Engine|mermaid|█|\d%/u);
    expect(text).toContain('<details><summary>Environment</summary>\n\n- OS: Linux 6.8.0-1017-azure x64\n- checked: 2026-03-02T09:41:07.512Z at commit 3b1f0a9c4e2d\n\n</details>\n');
  });

  it('shows what each model holds: kind, specification and OS, weights, inputs with flexibility, ops and precision', () => {
    const text = renderMarkdown([pullRequest()]);
    expect(text).toContain(
      [
        '#### Model `models/Denoiser.mlpackage`',
        '',
        'mlProgram · mlpackage · specification 8 (iOS 17, macOS 14, tvOS 17, watchOS 10) · 5.0 MB of weights',
        '',
        '- **Inputs:** `audio` multiArray fp16 \\[1, 1, 512\\], range 1...4 × 1 × 512',
        '- **Outputs:** `denoised` multiArray fp16 \\[1, 1, 512\\]',
        '- **Ops** in `main` (CoreML7, 75 ops): const 44, conv 12, add 8, mul 7, softmax 2, cast 1, gather 1',
        '- **Computes in:** fp16 (30 ops), fp32 (1 op)',
        '',
        '**Findings:** 2 errors, 1 warning, 1 info; 3 new; 2 failing the step.',
        '',
        '| Severity | Rule | Subject | Finding |',
        '| --- | --- | --- | --- |',
        '| ⛔ error · 🆕 new · ❌ fails the step | [`range-shape-input`](https://developer.apple.com/forums/thread/724930) | input `audio` | input "audio" (multiArray) takes a range of shapes',
      ].join('\n'),
    );
    // New ones first, then by severity; an existing warning is neither new nor failing.
    const rows = text.split('\n').filter((line) => /^\| (⛔|⚠️|ℹ️) /u.test(line));
    expect(rows.map((row) => row.split(' | ')[1])).toEqual([
      '[`range-shape-input`](https://developer.apple.com/forums/thread/724930)',
      '[`float32-island`](https://apple.github.io/coremltools/docs-guides/source/typed-execution.html)',
      '[`dilated-convolution`](https://github.com/hollance/neural-engine/blob/master/docs/unsupported-layers.md)',
      '[`gather-lookup`](https://github.com/apple/ml-ane-transformers)',
    ]);
    expect(rows.map((row) => row.split(' | ')[0])).toEqual(['| ⛔ error · 🆕 new · ❌ fails the step', '| ⛔ error · 🆕 new · ❌ fails the step', '| ℹ️ info · 🆕 new', '| ⚠️ warning']);
    expect(rows[1]).toContain(' | `cast` op `attention_mask_fp32` in `main` | ');
  });

  it('shows a model that could not be read with its error, its settings as code, and one the pull request deletes', () => {
    const text = renderMarkdown([pullRequest()]);
    expect(text).toContain('#### Model `models/VoiceActivity.mlmodel`\n\n💥 Could not be read: models/VoiceActivity.mlmodel: is a Git LFS pointer, not the model: the checkout did not fetch the LFS object. Fetch the Git LFS objects: `lfs: true` on actions/checkout (or `git lfs pull`).\n\n');
    expect(text).toContain('#### Model `models/LegacyDenoiser.mlpackage`\n\n🗑️ The pull request deletes this model.\n\n');
  });

  it('says "no known blocker" for a model without findings, and counts only what the diff can say', () => {
    const clean = modelCheckReport([{ ...checkedAgainst(denoiserBase(), { ...denoiserBase(), findings: [] }) }]);
    const text = renderMarkdown([clean]);
    expect(text).toContain('### ✅ ANE check: Denoiser: pass\n\n**Model check: no known blocker**\n\n');
    expect(text).toContain('**Findings:** none, no known blocker.\n');
    expect(text).toContain('* 1 finding gone: `gather-lookup` (warning).');
    const alone: Partial<CheckedModel> = checkedAgainst(null, denoiserHead());
    delete alone.base;
    delete alone.diff;
    const noBase = renderMarkdown([modelCheckReport([alone as CheckedModel])]);
    expect(noBase).toContain('**Model check: 3 known blockers**\n');
    expect(noBase).not.toContain('What changed');
    expect(noBase).toContain('**Findings:** 2 errors, 1 warning, 1 info.\n');
    expect(noBase).not.toContain('🆕');
    expect(noBase).not.toMatch(/^\|.*fails the step/mu);
  });

  it('marks the findings that fail the step by fail-on and allow-off-ane', () => {
    const marks = (gates: Parameters<typeof modelCheckReport>[1]) =>
      renderMarkdown([modelCheckReport([checkedAgainst(denoiserBase(), denoiserHead())], gates)])
        .split('\n')
        .filter((line) => /^\| (⛔|⚠️|ℹ️) /u.test(line))
        .map((row) => row.split(' | ')[0]!.includes('fails the step'));
    expect(marks({ failOn: 'new' })).toEqual([true, true, false, false]);
    expect(marks({ failOn: 'warning' })).toEqual([true, true, false, true]);
    expect(marks({ failOn: 'never' })).toEqual([false, false, false, false]);
    expect(marks({ failOn: 'new', allowOffAne: ['ios18.cast'] })).toEqual([true, false, false, false]);
    expect(renderMarkdown([modelCheckReport([checkedAgainst(denoiserBase(), denoiserHead())], { failOn: 'warning' })])).toContain('**Findings:** 2 errors, 1 warning, 1 info; 3 new; 3 failing the step.');
  });

  it('says what to do when the base could not be read, and which findings would fail the step if new', () => {
    const model = { ...checkedAgainst(denoiserBase(), denoiserHead()), base: { source: 'git' as const, ref: '9f3c2e1a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e', problem: 'The base commit is not in the checkout and could not be fetched: set `fetch-depth: 0` on actions/checkout.' } };
    delete (model as Partial<typeof model>).diff;
    const text = renderMarkdown([modelCheckReport([model])]);
    expect(text).toContain('### ⚠️ ANE check: Denoiser: inconclusive\n\n**Model check: 3 known blockers**\n\n');
    expect(text).toContain('**What changed** in `models/Denoiser.mlpackage`: unknown, since its base (the base commit `9f3c2e1a7b6d`) could not be read. The base commit is not in the checkout and could not be fetched: set `fetch-depth: 0` on actions/checkout.\n');
    expect(text).toContain('| ⛔ error · fails the step if new (its base could not be read) | [`range-shape-input`]');
    const other = { ...model, base: { source: 'path' as const, ref: 'base/Denoiser.mlpackage', problem: 'missing' } };
    expect(renderMarkdown([modelCheckReport([other])])).toContain('its base (`base/Denoiser.mlpackage`) could not be read. missing');
    const fromReport = checkedAgainst(denoiserBase(), denoiserHead());
    fromReport.base = { source: 'report', ref: 'base-report.json' };
    expect(renderMarkdown([modelCheckReport([fromReport])])).toContain('**What changed** in `models/Denoiser.mlpackage` against the report `base-report.json`:');
  });

  it('puts the models that did not change in one line', () => {
    const same = (path: string) => checkedAgainst(denoiserBase(path), denoiserBase(path));
    const text = renderMarkdown([modelCheckReport([same('a.mlpackage'), same('b.mlpackage'), checkedAgainst(denoiserBase(), denoiserHead())])]);
    expect(text).toContain('**Unchanged** against their bases (nothing the model check reads changed): `a.mlpackage`, `b.mlpackage`.\n');
    expect(renderMarkdown([modelCheckReport([same('a.mlpackage')])])).toContain('**Unchanged** against its base (nothing the model check reads changed): `a.mlpackage`.\n');
  });

  it('folds findings after the first ten, and the diff after ten lines', () => {
    const many = Array.from({ length: 13 }, (_, i) => ruleFinding('control-flow', op('while_loop', `loop_${i}`), `while_loop op "loop_${i}" in function main is control flow`));
    const inputs = Array.from({ length: 12 }, (_, i) => array(`in_${i}`, [1, i + 1]));
    const head = { summary: programSummary('m.mlpackage', { while_loop: 13 }, { inputs }), findings: many };
    const text = renderMarkdown([modelCheckReport([checkedAgainst({ summary: programSummary('m.mlpackage', {}, { inputs: [] }), findings: [] }, head)])]);
    expect((text.match(/^\| ⚠️ warning/gmu) ?? []).length).toBe(13);
    expect(text.indexOf('`loop_9`')).toBeLessThan(text.indexOf('<details><summary>3 more findings</summary>'));
    expect(text).toContain('<details><summary>3 more findings</summary>\n\n| Severity | Rule | Subject | Finding |\n| --- | --- | --- | --- |\n| ⚠️ warning · 🆕 new | [`control-flow`]');
    expect(text.indexOf('`loop_10`')).toBeGreaterThan(text.indexOf('3 more findings'));
    const changes = text.slice(text.indexOf('**What changed**'), text.indexOf('#### Model'));
    expect(changes.split('\n').filter((line) => line.startsWith('* ')).length).toBe(15);
    expect(changes).toMatch(/^(\* .*\n){10}\n<details><summary>5 more<\/summary>\n\n(\* .*\n){5}\n<\/details>\n/mu);
  });

  it('keeps a long model check within the limit: the first lines whole, as many findings as fit, the rest in the job summary', () => {
    const many = Array.from({ length: 400 }, (_, i) => ruleFinding('control-flow', op('while_loop', `loop_number_${i}_of_a_long_list`), `while_loop op "loop_number_${i}_of_a_long_list" in function main is control flow`));
    const report = modelCheckReport([checkedAgainst(null, { summary: programSummary('m.mlpackage', { while_loop: 400 }), findings: many })]);
    const full = renderMarkdown([report]);
    expect(full.length).toBeGreaterThan(COMMENT_LIMIT);
    const text = renderMarkdown([report], { limit: COMMENT_LIMIT });
    expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(text.endsWith(CUT_NOTICE)).toBe(true);
    expect(text).toContain('**Model check: 400 known blockers (400 new)**\n');
    const shown = (text.match(/^\| ⚠️ warning/gmu) ?? []).length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(400);
    expect(text).toContain(`<sub>${400 - shown} more in the job summary.</sub>`);
    expect(text).not.toContain('more findings</summary>');
    // One more row would not have fitted.
    expect(text.length + 600).toBeGreaterThan(COMMENT_LIMIT);
    // With no room for a row, the findings are counted and pointed to: the same body without the table.
    const bare = text
      .replace(/\| Severity \| Rule \| Subject \| Finding \|\n\| --- \| --- \| --- \| --- \|\n(\|.*\n)+\n/u, '')
      .replace(`<sub>${400 - shown} more in the job summary.</sub>`, '<sub>400 findings in the job summary.</sub>');
    expect(renderMarkdown([report], { limit: bare.length })).toBe(bare);
    expect(bare).not.toContain('| Severity |');
  });

  it('shortens what changed and the op types in a comment over the limit', () => {
    const inputs = Array.from({ length: 9 }, (_, i) => array(`in_${i}`, [1, i + 1]));
    const operations = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`op_${i}`, 14 - i]));
    const findings = Array.from({ length: 60 }, (_, i) => ruleFinding('control-flow', op('while_loop', `loop_${i}_${'x'.repeat(60)}`), `loop ${i} ${'y'.repeat(200)}`));
    const report = modelCheckReport([checkedAgainst({ summary: programSummary('m.mlpackage', {}, { inputs: [] }), findings: [] }, { summary: programSummary('m.mlpackage', operations, { inputs }), findings })]);
    const full = renderMarkdown([report]);
    const text = renderMarkdown([report], { limit: full.length - 2000 });
    const changes = text.slice(text.indexOf('**What changed**'), text.indexOf('#### Model'));
    expect(changes.split('\n').filter((line) => line.startsWith('* ')).length).toBe(5);
    expect(changes).toContain('\n\n<sub>7 more in the job summary.</sub>\n');
    expect(text).toContain(': op\\_0 14, op\\_1 13, op\\_2 12, op\\_3 11, op\\_4 10, op\\_5 9, op\\_6 8, op\\_7 7, op\\_8 6, op\\_9 5 and 4 more types\n');
    expect(full).toContain('op\\_12 2, op\\_13 1\n');
  });

  it("shows a pipeline's steps with their ops and layers, and a model's notes", () => {
    const step = { ...programSummary('x', { conv: 2 }), kind: 'neuralNetwork', functions: [], layers: { convolution: 3, activation: 2 } };
    const summary = { ...programSummary('p.mlmodel', {}), kind: 'pipeline', functions: [], precision: {}, notes: ['The manifest names `model.mlmodel` twice.'], pipeline: [{ name: 'encoder', model: step }, { name: null, model: programSummary('y', { add: 1 }) }] };
    const text = renderMarkdown([modelCheckReport([checkedAgainst(null, { summary, findings: [] })])]);
    expect(text).toContain('- **Pipeline step** `pipeline[0] "encoder"`: neuralNetwork\n  - **Layers** (5): convolution 3, activation 2\n- **Pipeline step** `pipeline[1]`: mlProgram\n  - **Ops** in `main` (CoreML7, 1 op): add 1\n\n');
    expect(text).toContain('\n- The manifest names `model.mlmodel` twice.\n');
  });

  it('links a source that is a GitHub issue, and shows one that is neither a web address nor an issue as text', () => {
    const findings = [
      { ...ruleFinding('control-flow', op('cond', 'c'), 'cond op "c"'), source: 'apple/coremltools#2208' },
      { ...ruleFinding('rnn', op('lstm', 'l'), 'lstm op "l"'), source: 'a book, page 12' },
      { ...ruleFinding('rnn', op('gru', 'g'), 'gru op "g"'), fix: 'Unroll it.' },
    ];
    const text = renderMarkdown([modelCheckReport([checkedAgainst(null, { summary: programSummary('m', {}), findings })])]);
    expect(text).toContain('| [`control-flow`](https://github.com/apple/coremltools/issues/2208) |');
    expect(text).toContain('| `rnn` (a book, page 12) |');
    expect(text).toMatch(/gru op "g": .* Fix: Unroll it\. \|\n/u);
  });
});

describe('renderMarkdown: both checks side by side', () => {
  const both = () => reportCase('both-checks').reports[0]!;

  it("leads with the plan's cost share, confirmed, then the gates each naming its figure, then the model check's sentence", () => {
    expect(renderMarkdown([both()]).startsWith(
      [
        '### ❌ ANE check: MobileNetV2: FAIL',
        '',
        "**ANE: 71.3% of the estimated cost** (Core ML's plan, confirmed by the run: 8 ANE dispatches per prediction) · dispatch share 61.5% · ▼ 23.1 pp against the baseline's 84.6%",
        '',
        "Gates: `threshold` 50% on the dispatch share · `max-drop` 5 pp on the dispatch share against the baseline · `fail-on: new` on the model check's findings.",
        '',
        '**Model check: 3 known blockers (1 new)**',
        '',
        '**What changed** in `Models/MobileNetV2.mlpackage` against the base commit `9f3c2e1a7b6d`:',
        '',
        '* +1 `cast` in `main`',
        '* 1 new finding: `float32-island` (error).',
        '',
        '**Against the baseline:** ',
      ].join('\n'),
    )).toBe(true);
  });

  it('shows each op type the plan places off the ANE with the rules that predicted it, or none, and marks the findings it contradicts', () => {
    const text = renderMarkdown([both()]);
    expect(text).toContain(
      [
        "**Beside Core ML's compute plan:** each op type it places off the ANE, and the rules whose findings predicted it.",
        '',
        '| Op type off the ANE | Device | Ops | Predicted by |',
        '| --- | --- | ---: | --- |',
        '| `ios18.softmax` | GPU | 8 | `float32-island` |',
        '| `ios18.layer_norm` | CPU | 12 | no rule predicted this |',
        '',
        '**Contradicted by the plan:** 1 finding (marked ⚖️ below): the plan places its op type on the ANE.',
        '',
        '**Findings:** 1 error, 2 warnings; 1 new; 1 failing the step.',
      ].join('\n'),
    );
    expect(text).toMatch(/\| `gather` op `token_lookup` in `main` ×2 \| gather op "token\\_lookup" .* ⚖️ Contradicted by Core ML's plan: the plan places all 2 gather ops on the ANE\. \|\n/u);
    expect(text.match(/⚖️ Contradicted/gu)).toHaveLength(1);
    // The measurement is all there too.
    expect(text).toContain('| ANE | 11 | 8 | ▼ 3 | 80 | 61.5% |');
    expect(text).toContain('"this run"');
  });

  it('says when the plan places nothing off the ANE, and the contradictions then', () => {
    const report = both();
    const model = report.models![0]! as CheckedModel;
    const planned = { ...report, models: [{ ...model, plan: { offAne: [], contradicted: [{ rule: 'gather-lookup', subject: model.findings[1]!.subject, plan: 'the plan places every op with a usage on the ANE' }, { rule: 'x', subject: { kind: 'model' as const, name: 'm' }, plan: 'y' }] } }] };
    const text = renderMarkdown([planned]);
    expect(text).toContain("**Beside Core ML's compute plan:** it places no op type off the ANE.\n\n**Contradicted by the plan:** 2 findings (marked ⚖️ below): the plan places their op types on the ANE.\n\n**Findings:**");
    expect(text).not.toContain('| Op type off the ANE |');
    expect(renderMarkdown([{ ...planned, models: [{ ...model, plan: { offAne: [], contradicted: [] } }] }])).toContain("**Beside Core ML's compute plan:** it places no op type off the ANE.\n\n**Findings:**");
  });

  it("keeps the dispatch share in the lead, and says why, when the run disagrees with the plan", () => {
    const report = { ...both(), agreement: { status: 'disagrees' as const, detail: 'The plan and the run differ.' } };
    delete (report as Partial<Report>).headline;
    expect(renderMarkdown([report])).toContain(
      "**ANE dispatch share: 61.5%** (it counts dispatches, not cost: one ANE dispatch runs a whole segment of the model) · ▼ 23.1 pp against the baseline's 84.6% · Core ML's plan places 71.3% of the estimated cost on the ANE, but the run disagrees with it: the plan's share does not lead\n",
    );
  });
});

describe('renderMarkdown: the model check in the matrix', () => {
  it('has a model check column with each leg\'s sentence, "not run" where it did not run, and says reports when not all measured', () => {
    const model = () => checkedAgainst(denoiserBase(), denoiserHead());
    const reports = [
      bothChecksReport(sampleReport({ name: 'iPhone' }), [model()]),
      sampleReport({ name: 'iPad' }),
      modelCheckReport([model(), { path: 'x', status: 'error', findings: [], error: 'x: is empty.' }], { failOn: 'new' }, 'Linux'),
    ];
    const text = renderMarkdown(reports);
    expect(text).toContain('### 💥 ANE check: 3 reports: ERROR\n\n| Measurement | Status | ANE | Against baseline | ANE / GPU / CPU per prediction | Model check | Why |\n| --- | --- | --- | ---: | --- | --- | --- |\n');
    expect(text).toContain('| iPhone | ❌ FAIL | 40.0% of dispatches | ▼ 5.0 pp | 2 / 1 / 2 | 3 known blockers (2 new) | models/Denoiser.mlpackage has 2 new error findings');
    expect(text).toContain('| iPad | ✅ pass | 40.0% of dispatches | ▼ 5.0 pp | 2 / 1 / 2 | not run |  |\n');
    expect(text).toContain('| Linux | 💥 ERROR |  |  |  | 3 known blockers (2 new); 1 model could not be read | models/Denoiser.mlpackage has 2 new error findings');
    const plan = reportCase('both-checks').reports[0]!;
    expect(renderMarkdown([plan, sampleReport({ name: 'b' })])).toContain('| MobileNetV2 | ❌ FAIL | 71.3% of the cost · 61.5% of dispatches | ▼ 23.1 pp | 8 / 2 / 3 | 3 known blockers (1 new) |');
  });
});

describe('renderMarkdown: hostile names from a model', () => {
  const text = () => renderMarkdown([reportCase('hostile-names').reports[0]!]);

  it('escapes model paths, input, function and op names, op types and sources: no HTML, mention, link or table break', () => {
    const section = text().slice(text().indexOf('#### Model '));
    // Every name is a code span or escaped: no raw tag, no live mention or issue link, no second link.
    expect(section.replace(/(`+)[\s\S]*?[^`]\1(?!`)/gu, '')).not.toMatch(/<img|<!--|@octocat|#12|\[link\]\(/u);
    expect(section).toContain('#### Model ``models/Net<img src=x onerror=alert(1)> @octocat #12 <!-- ane-check:comment:x --> `tick` a|b *bold* [link](http://x) second line.mlpackage``');
    expect(section).toContain('convNet&lt;img src=x onerror=alert(1)&gt; @\u200boctocat #\u200b12 &lt;\\!-- ane-check:comment:x --&gt; \\`tick\\` a\\|b \\*bold\\* \\[link\\](http://\u200bx) second line 1\n');
    // In a table, the `|` in a code span is escaped, and a source that is not https is not linked.
    expect(section).toContain('| input ``Net<img src=x onerror=alert(1)> @octocat #12 <!-- ane-check:comment:x --> `tick` a\\|b *bold* [link](http://x) second line`` |');
    expect(section).toContain('| `range-shape-input` (javascript:alert(1) Net&lt;img');
    expect(section).not.toContain('](javascript');
    for (const row of section.split('\n').filter((line) => line.startsWith('| ⛔'))) expect(row.replace(/\\\|/gu, '').split('|')).toHaveLength(6);
  });

  it('leaves no control character from a model in the terminal', () => {
    const model = checkedAgainst(null, { summary: programSummary('evil\u001b[2J.mlpackage', { 'op\u0007': 1 }), findings: [ruleFinding('rnn', op('lstm', 'l\u001b]8;;x'), 'lstm op "l\u001b]8;;x"')] });
    const terminal = renderTerminal(modelCheckReport([model]));
    // eslint-disable-next-line no-control-regex
    expect(terminal).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/u);
    expect(terminal).toContain('Model evil?[2J.mlpackage:');
  });
});

describe('renderTerminal: the model check', () => {
  it("prints the sentence, the gate, the reasons, what changed and each model's findings, with no measurement", () => {
    const text = renderTerminal(reportCase('model-check-pull-request').reports[0]!);
    expect(text.startsWith(
      [
        'ane-check: Denoiser: ERROR',
        'Model check: 3 known blockers (2 new); 1 model could not be read; 1 model deleted by the pull request',
        "Gates: --fail-on new on the model check's findings.",
        '  - models/Denoiser.mlpackage has 2 new error findings (the base model does not have them): range-shape-input (input "audio"), float32-island (cast op "attention_mask_fp32" in main). See each finding\'s fix in the report; allow an op type off the ANE on purpose with --allow-off-ane.',
      ].join('\n'),
    )).toBe(true);
    expect(text).toContain('\nWhat changed in models/Denoiser.mlpackage against the base commit 9f3c2e1a7b6d:\n  - The input `audio` gained a range shape (1...4 in dimension 0).\n');
    expect(text).toContain(
      [
        'Model models/Denoiser.mlpackage:',
        '  mlProgram · mlpackage · specification 8 (iOS 17, macOS 14, tvOS 17, watchOS 10) · 5.0 MB of weights',
        '  inputs: audio multiArray fp16 [1, 1, 512], range 1...4 × 1 × 512',
        '  outputs: denoised multiArray fp16 [1, 1, 512]',
        '  ops in main (CoreML7, 75 ops): const 44, conv 12, add 8, mul 7, softmax 2, cast 1, gather 1',
        '  findings: 2 errors, 1 warning, 1 info; 3 new',
        '    error range-shape-input: input "audio" [new, fails the step]',
      ].join('\n'),
    );
    expect(text).toContain('      source: https://developer.apple.com/forums/thread/724930\n');
    expect(text).toContain('    warning gather-lookup: gather op "speaker_embedding" in main\n');
    expect(text).toContain('Model models/VoiceActivity.mlmodel:\n  could not be read: models/VoiceActivity.mlmodel: is a Git LFS pointer');
    expect(text).toContain('Model models/LegacyDenoiser.mlpackage:\n  deleted by the pull request\n');
    expect(text).not.toMatch(/ANE coverage|dispatch share|lldb|\bnot run\b|^engine/mu);
    expect(text.endsWith('\n\nLinux 6.8.0-1017-azure x64\n')).toBe(true);
  });

  it("prints the plan beside the findings, and what the base's problem is", () => {
    const text = renderTerminal(reportCase('both-checks').reports[0]!);
    expect(text).toContain("ANE: 71.3% of the estimated cost (Core ML's plan, confirmed by the run: 8 ANE dispatches per prediction) · dispatch share 61.5% · ▼ 23.1 pp against the baseline's 84.6%\nGates: --threshold 50% on the dispatch share");
    expect(text).toContain("  beside Core ML's compute plan (op types off the ANE):\n    ios18.softmax (GPU, 8 ops): predicted by float32-island\n    ios18.layer_norm (CPU, 12 ops): no rule predicted this\n");
    expect(text).toContain("    warning gather-lookup: gather op \"token_lookup\" in main ×2\n      gather op \"token_lookup\"");
    expect(text).toContain("      contradicted by Core ML's plan: the plan places all 2 gather ops on the ANE\n");
    const model = { ...checkedAgainst(denoiserBase(), denoiserHead()), base: { source: 'git' as const, ref: 'abc', problem: 'Set `fetch-depth: 0`.' } };
    delete (model as Partial<typeof model>).diff;
    const unknown = renderTerminal(modelCheckReport([model]));
    expect(unknown).toContain('What changed in models/Denoiser.mlpackage: unknown, since its base (the base commit abc) could not be read. Set `fetch-depth: 0`.\n');
    expect(unknown).toContain('    error range-shape-input: input "audio" [fails the step if new]\n');
    const none = renderTerminal(modelCheckReport([{ ...checkedAgainst(denoiserBase(), denoiserBase()), plan: { offAne: [], contradicted: [] }, findings: [] }]));
    expect(none).toContain("Unchanged against its base: models/Denoiser.mlpackage.\n");
    expect(none).toContain("  beside Core ML's compute plan (op types off the ANE):\n    none\n  findings: none, no known blocker\n");
  });
});

describe('renderMarkdown: the model check, part by part', () => {
  const one = (findings: Finding[], overrides: Partial<ModelSummary> = {}) => modelCheckReport([checkedAgainst(null, { summary: programSummary('m.mlpackage', { conv: 1 }, overrides), findings })]);
  const rows = (text: string) => text.split('\n').filter((line) => /^\| (⛔|⚠️|ℹ️) /u.test(line));

  it('names each kind of subject with its names as code: layers, the model or its function, a pipeline step, a group', () => {
    const findings = [
      ruleFinding('custom-layer', { kind: 'layer', name: 'my|layer', type: 'custom', model: 'pipeline[1] "enc"' }, 'custom layer'),
      ruleFinding('non-neural-model', { kind: 'model', name: 'treeEnsembleRegressor', type: 'treeEnsembleRegressor' }, 'a tree ensemble'),
      ruleFinding('float32-compute', { kind: 'model', name: 'main', type: 'mlProgram', function: 'main' }, 'Function main computes in float32'),
      ruleFinding('state-width', { kind: 'state', name: 'kv', type: 'state', function: 'decode' }, 'state "kv"'),
      ruleFinding('control-flow', { kind: 'op', name: 'l0', function: 'main' }, '4 make_list ops', 4),
      ruleFinding('rnn', op('lstm', 'l'), 'lstm op "l"', 1),
    ];
    const subjects = rows(renderMarkdown([one(findings)])).map((row) => row.split(' | ')[2]);
    // Errors, warnings, then advice.
    expect(subjects).toEqual([
      '`custom` layer `my\\|layer` (`pipeline[1] "enc"`)',
      "the model's function `main`",
      '`lstm` op `l` in `main`',
      'state `kv` in `decode`',
      'op `l0` in `main` ×4',
      'the model',
    ]);
  });

  it('escapes a `|` in an op type, a rule id or a rule of the plan table, so that no cell breaks', () => {
    const finding = { ...ruleFinding('rnn', op('a|b', 'x'), 'x'), rule: 'r|s' };
    const report = bothChecksReport(sampleReport(), [checkedAgainst(null, { summary: programSummary('m', {}), findings: [finding] })]);
    (report.models![0] as CheckedModel).plan = { offAne: [{ op: 'ios18.a|b', device: 'cpu', operations: 1, rules: ['r|s'] }], contradicted: [] };
    const text = renderMarkdown([report]);
    expect(text).toContain('| `ios18.a\\|b` | CPU | 1 | `r\\|s` |\n');
    expect(text).toMatch(/\| ⛔ error · 🆕 new · ❌ fails the step \| \[`r\\\|s`\]\(https:[^)]+\) \| `a\\\|b` op `x` in `main` \| /u);
  });

  it('lists the states too, and shows a model not read without a reason as such', () => {
    const text = renderMarkdown([one([], { states: [array('kv_cache', [1, 32, 64], { kind: 'state' })] })]);
    expect(text).toContain('- **States:** `kv_cache` state fp16 \\[1, 32, 64\\]\n');
    const unread = renderMarkdown([modelCheckReport([{ path: 'x.mlmodel', status: 'error', findings: [] }])]);
    expect(unread).toContain('#### Model `x.mlmodel`\n\n💥 Could not be read: no reason given\n\n');
  });

  it('lays out each part with a blank line after it', () => {
    const text = renderMarkdown([one([])]);
    expect(text).toContain('- **Ops** in `main` (CoreML7, 1 op): conv 1\n\n**Findings:** none, no known blocker.\n\n#### Notes');
    const noted = renderMarkdown([one([], { notes: ['A note.'] })]);
    expect(noted).toContain('conv 1\n\n- A note.\n\n**Findings:**');
    const model = { ...checkedAgainst(denoiserBase(), denoiserHead()), base: { source: 'git' as const, ref: 'abc', problem: 'Gone.' } };
    delete (model as Partial<typeof model>).diff;
    expect(renderMarkdown([modelCheckReport([model])])).toContain('could not be read. Gone.\n\n- ⚠️ ');
    const same = checkedAgainst(denoiserBase(), denoiserBase());
    expect(renderMarkdown([modelCheckReport([same])])).toContain('changed): `models/Denoiser.mlpackage`.\n\n#### Model');
    expect(renderMarkdown([modelCheckReport([checkedAgainst(denoiserBase(), denoiserHead())])])).toContain('(info).\n\n- ❌ models/Denoiser.mlpackage has 2 new error findings');
  });

  it('folds nothing at exactly ten findings or ten changed lines, and folds the eleventh', () => {
    const loops = (count: number) => Array.from({ length: count }, (_, i) => ruleFinding('control-flow', op('while_loop', `loop_${i}`), `while_loop op "loop_${i}"`));
    const inputs = (count: number) => Array.from({ length: count }, (_, i) => array(`in_${i}`, [1]));
    const report = (count: number) => modelCheckReport([checkedAgainst({ summary: programSummary('m', { while_loop: count }, { inputs: [] }), findings: [] }, { summary: programSummary('m', { while_loop: count }, { inputs: inputs(count - 1) }), findings: loops(count) })]);
    const ten = renderMarkdown([report(10)]);
    expect(ten).not.toContain('<details><summary>0 more');
    expect(ten).not.toContain('more findings');
    expect(rows(ten)).toHaveLength(10);
    const eleven = renderMarkdown([report(11)]);
    expect(eleven).toContain('<details><summary>1 more findings</summary>');
    expect(eleven).toMatch(/\]\.\n\n<details><summary>1 more<\/summary>\n\n\* 11 new findings: `control-flow` ×11 \(warning\)\.\n\n<\/details>\n\n/u);
    expect(ten).toMatch(/\(warning\)\.\n\n#### Model/u);
    expect(eleven).toMatch(/<details><summary>1 more findings<\/summary>\n\n\| Severity \| Rule \| Subject \| Finding \|\n\| --- \| --- \| --- \| --- \|\n\| ⚠️ warning · 🆕 new \| .*`loop_10` in `main` \| .* \|\n\n<\/details>\n\n/u);
    const shortened = renderMarkdown([report(11)], { limit: eleven.length - 1 });
    expect(shortened).toMatch(/\n\n<sub>\d+ more in the job summary\.<\/sub>\n\n/u);
  });

  it('shortens the base commit only when it is a full SHA', () => {
    const at = (ref: string) => {
      const model = checkedAgainst(denoiserBase(), denoiserHead(), ref);
      return renderMarkdown([modelCheckReport([model])]).split('\n').find((line) => line.startsWith('**What changed**'));
    };
    expect(at('9f3c2e1a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e')).toContain('against the base commit `9f3c2e1a7b6d`:');
    expect(at('x9f3c2e1a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e')).toContain('against the base commit `x9f3c2e1a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e`:');
    expect(at('9f3c2e1a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2ex')).toContain('against the base commit `9f3c2e1a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2ex`:');
  });

  it('shows nothing of a measurement in a report of the model check alone, whatever it holds', () => {
    const report = { ...one([]), probes: sampleReport().probes, fallbackReasons: ['E5RT: ANECCompile() FAILED'], run: { ...sampleReport().run, targetErrorOutput: ['dyld: missing'] } };
    const text = renderMarkdown([report]);
    expect(text).not.toMatch(/Probes that did not resolve|Why work left the ANE|error output|ANECCompile|dyld/u);
    // No gate line for a report that names neither a measurement nor the model check's models.
    const bare = renderMarkdown([{ ...sampleReport(), checks: ['model'] }]);
    expect(bare).not.toContain('Gates:');
    expect(bare).not.toContain('Model check:');
  });

  it("shows the dispatch share alone in the matrix when a stored headline has no figure, and ignores a cost headline a report's plan cannot back", () => {
    const odd = { ...sampleReport({ name: 'odd' }), headline: { figure: 'plan-cost-share' as const, value: null } };
    expect(renderMarkdown([odd, sampleReport({ name: 'b' })])).toContain('| odd | ✅ pass | 40.0% of dispatches |');
    const unbacked = { ...sampleReport({ baseline: null }), headline: { figure: 'plan-cost-share' as const, value: 70 } };
    expect(renderMarkdown([unbacked])).toContain('**ANE dispatch share: 40.0%** (it counts dispatches, not cost');
  });
});
