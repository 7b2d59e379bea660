import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { splitInputReferences } from '../../src/inputs/input-references.js';
import { ENGINES } from '../../src/profiles/profile.js';
import { modelCheckSentence, sourceUrl } from '../../src/report/model-text.js';
import { COMMENT_LIMIT, CUT_NOTICE, type MarkdownOptions, renderMarkdown } from '../../src/report/markdown.js';
import { measured as measures, type Report } from '../../src/report/report.js';
import { ROOT } from '../support/paths.js';
import { commentOptions, HOSTILE, HOSTILE_KERNEL, REPORT_CASES, type ReportCase, RUN_URL } from '../support/report-cases.js';
import { markdownToHtml, type Rendered, RenderBrowser } from './browser.js';

// The job summary and the pull-request comment of each case in report-cases.ts, as GFM in headless Chromium:
// marked, a GitHub-like sanitizer and mention linker (page.js), GitHub-like CSS and Mermaid. `npm run test:render`;
// ANE_CHECK_SCREENSHOTS=docs/screenshots keeps a full-page screenshot of each comment there.

const SCREENSHOTS = process.env.ANE_CHECK_SCREENSHOTS ? path.resolve(ROOT, process.env.ANE_CHECK_SCREENSHOTS) : null;
const REPOSITORY_URL = RUN_URL.replace(/\/actions\/.*$/u, '/');

interface Variant {
  name: string;
  options(reportCase: ReportCase): MarkdownOptions;
  /** GitHub turns a single newline into a line break in comments, not in job summaries. */
  breaks: boolean;
  screenshot: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'job summary', options: () => ({}), breaks: false, screenshot: false },
  { name: 'pull-request comment', options: commentOptions, breaks: true, screenshot: true },
];

/** Text as a reader compares it: no zero-width characters, whitespace collapsed. */
const normalize = (text: string) => text.replace(/\u200b|\u200c|\u200d|\u2060|\ufeff/gu, '').replace(/\s+/gu, ' ').trim();
/** A reason or note as a reader sees it: the inputs it names in backticks are code, shown without them. */
const visible = (text: string) => normalize(splitInputReferences(text).map((part) => part.text).join(''));
/** A foreign name's visible parts: the renderer may show its newline as anything, but each line must be there as it is. */
const nameParts = (name: string) => name.split('\n').map(normalize).filter((part) => part !== '');

/** The tables whose rows are ANE, GPU and CPU, in that order: one per report that counted predictions. */
function engineTables(rendered: Rendered) {
  return rendered.tables.filter((table) => table.rows.map((row) => /^(ANE|GPU|CPU)\b/u.exec(row[0] ?? '')?.[1]).join() === 'ANE,GPU,CPU');
}

const measured = (report: Report) => report.coverage !== null && report.predictions.counted > 0;

let browser: RenderBrowser | undefined;

beforeAll(async () => {
  browser = await RenderBrowser.open();
});

afterAll(async () => {
  const tempRoot = browser?.tempRoot;
  await browser?.close();
  if (tempRoot) expect(existsSync(tempRoot), `${tempRoot} is left behind`).toBe(false);
});

describe.each(REPORT_CASES)('$name', (reportCase) => {
  const { reports } = reportCase;
  const single = reports.length === 1 ? reports[0]! : undefined;

  describe.each(VARIANTS)('$name', (variant) => {
    const options = variant.options(reportCase);
    const markdown = renderMarkdown(reports, options);
    let rendered: Rendered;
    let screenshot: string | undefined;

    beforeAll(async () => {
      if (!browser) throw new Error('the browser did not start');
      if (variant.screenshot) screenshot = path.join(SCREENSHOTS ?? path.join(browser.tempRoot, 'screenshots'), `${reportCase.name}.png`);
      rendered = await browser.render(markdownToHtml(markdown, { breaks: variant.breaks }), { screenshot });
    });

    it('renders in the page without an error or a request', () => {
      expect(rendered.pageErrors).toEqual([]);
      expect(rendered.requests).toEqual([]);
    });

    it('renders every Mermaid block as an SVG, with no Mermaid error', () => {
      const fenced = markdown.match(/^```mermaid$/gmu)?.length ?? 0;
      expect(rendered.mermaid).toHaveLength(fenced);
      expect(rendered.codeBlocks.filter((block) => block.language === 'mermaid')).toEqual([]);
      for (const block of rendered.mermaid) {
        expect(block.error, `${block.kind}:\n${block.source}`).toBeNull();
        expect(block.svg).toBe(true);
        expect(block.errorIcon).toBe(false);
      }
      expect(rendered.counts.svg).toBe(fenced);
      for (const text of [rendered.text, ...rendered.diagramText]) expect(text).not.toMatch(/Syntax error|Parse error|Mermaid error/u);
    });

    it('balances <details>, each one opening with its summary', () => {
      const opened = markdown.match(/<details>/gu)?.length ?? 0;
      expect(markdown.match(/<\/details>/gu)?.length ?? 0).toBe(opened);
      expect(rendered.details).toHaveLength(opened);
      for (const details of rendered.details) expect(details.summary).not.toBeNull();
    });

    it('shows no Markdown or HTML as text', () => {
      for (const leftover of ['<details', '</details', '<summary', '</summary', '<sub>', '</sub>', '<code>', '</code>', '<br', '**', '| ---', '|---']) {
        expect(rendered.text).not.toContain(leftover);
      }
      expect(rendered.text).not.toMatch(/&#?\w+;/u); // an entity shown, not decoded
    });

    it('uses only HTML that GitHub keeps, with nothing active: no script, frame, event handler or script URL', () => {
      expect(rendered.raw.eventAttributes).toEqual([]);
      expect(rendered.raw.elements.filter((name) => ['img', 'script', 'style', 'iframe', 'svg', 'input'].includes(name))).toEqual([]);
      expect(rendered.removed.filter((what) => !what.startsWith('comment '))).toEqual([]);
      expect(rendered.counts.script).toBe(0);
      expect(rendered.counts.iframe).toBe(0);
      expect(rendered.counts.style).toBe(0);
      expect(rendered.eventAttributes).toEqual([]);
      expect(rendered.scriptUrls).toEqual([]);
    });

    it('heads the body with the status', () => {
      const headline = rendered.headings[0]!;
      expect(headline.text).toContain('ANE check');
      if (single) for (const part of nameParts(single.name)) expect(headline.text).toContain(part);
      else expect(headline.text).toContain(`${reports.length} ${reports.every(measures) ? 'measurements' : 'reports'}`);
    });

    it('has an engine table (ANE, GPU, CPU) for each report that counted predictions, with a share only when measured', () => {
      const withCounts = reports.filter((report) => report.predictions.counted > 0);
      const tables = engineTables(rendered);
      expect(tables).toHaveLength(withCounts.length);
      for (const [index, table] of tables.entries()) {
        for (const row of table.rows) expect(row).toHaveLength(table.headers.length);
        const shares = table.rows.map((row) => row.some((cell) => /\d%/u.test(cell)));
        expect(shares).toEqual(ENGINES.map(() => measured(withCounts[index]!)));
      }
    });

    it('states each coverage and each reason', () => {
      for (const report of reports) {
        if (report.coverage !== null) expect(rendered.text).toContain(`${report.coverage.toFixed(1)}%`);
        for (const reason of report.reasons) expect(rendered.text).toContain(visible(reason));
      }
    });

    it('shows each reason on a line of its own', () => {
      const reasons = [...new Set(reports.flatMap((report) => report.reasons.map(visible)))];
      for (const reason of reasons) expect(rendered.lines.some((line) => line.includes(reason)), reason).toBe(true);
      for (const line of rendered.lines) expect(reasons.filter((reason) => line.includes(reason)).length, line).toBeLessThanOrEqual(1);
    });

    it("links nothing but the run, the repository and the rules' sources: no mention, issue reference or link from a name", () => {
      const sources = new Set(reports.flatMap((report) => (report.models ?? []).flatMap((model) => model.findings.map((finding) => sourceUrl(finding.source)))));
      for (const anchor of rendered.anchors) {
        expect((anchor.href ?? '').startsWith(REPOSITORY_URL) || sources.has(anchor.href ?? ''), `${anchor.text}: ${anchor.href}`).toBe(true);
        expect(anchor.className).not.toMatch(/mention/u);
      }
      if (options.runUrl) expect(rendered.anchors.map((anchor) => anchor.href)).toContain(options.runUrl);
    });

    if (variant.name === 'pull-request comment') {
      it('starts with its marker, the only HTML comment, and stays under GitHub\'s limit', () => {
        expect(markdown.length).toBeLessThanOrEqual(COMMENT_LIMIT);
        expect(markdown.startsWith(`${options.marker}\n`)).toBe(true);
        const marker = options.marker!.replace(/^<!--|-->$/gu, '').trim();
        expect(rendered.firstComment).toBe(marker);
        expect(rendered.comments).toEqual([marker]);
      });

      it('is captured in a full-page screenshot', () => {
        const png = readFileSync(screenshot!);
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(900); // width
        expect(png.readUInt32BE(20)).toBeGreaterThan(200); // height
      });
    } else {
      it('has no HTML comment', () => {
        expect(rendered.comments).toEqual([]);
      });
    }

    it("draws each base branch's trend as an xychart line with a point per measured run, and this run's last", () => {
      // A shortened comment leaves the trends out.
      const points = (report: Report) => {
        const base = (report.baseline?.trend ?? []).filter((point) => point.coverage !== null).length;
        return base === 0 ? 0 : base + (report.coverage !== null ? 1 : 0);
      };
      const trends = markdown.includes(CUT_NOTICE) ? [] : reports.map(points).filter((count) => count >= 2);
      const charts = rendered.mermaid.filter((block) => block.kind.startsWith('xychart'));
      expect(charts.map((chart) => chart.linePoints)).toEqual(trends.map((count) => [count]));
      for (const chart of charts) expect(chart.source).toMatch(/x-axis \[[^\]]*"this run"\]/u);
    });

    if (reports.some((report) => report.models !== undefined)) {
      it("says the model check's sentence near the top: no known blocker, or how many and how many new", () => {
        for (const report of reports.filter((candidate) => candidate.models !== undefined)) {
          const sentence = `Model check: ${modelCheckSentence(report.models!)}`;
          const at = rendered.lines.findIndex((line) => line.includes(sentence));
          expect(at, sentence).toBeGreaterThanOrEqual(0);
          if (single) expect(at, rendered.lines.slice(0, 8).join('\n')).toBeLessThan(6);
        }
      });

      it("shows each model under a heading, each finding's rule and subject in a table row", () => {
        for (const model of reports.flatMap((report) => report.models ?? [])) {
          for (const part of nameParts(model.path)) expect(rendered.headings.some((heading) => heading.text.includes(part)), part).toBe(true);
          const rows = rendered.tables.flatMap((table) => (table.headers.join('|') === 'Severity|Rule|Subject|Finding' ? table.rows : []));
          for (const finding of model.findings) {
            expect(rows.some((row) => normalize(row[1]!).includes(finding.rule) && nameParts(finding.subject.name).every((part) => normalize(row[2]!).includes(part))), finding.rule).toBe(true);
          }
        }
      });
    }

    if (single?.checks?.join() === 'model') {
      it('has no coverage figure, engine table, chart or share, and says nothing of LLDB, for the model check alone', () => {
        expect(rendered.text).not.toMatch(/ANE coverage|dispatch share|not measured|LLDB|lldb|Probes/u);
        expect(rendered.text).not.toMatch(/\d%/u);
        expect(engineTables(rendered)).toEqual([]);
        expect(rendered.mermaid).toEqual([]);
        expect(rendered.text).not.toMatch(/[█░]/u);
      });
    }

    if (single?.models?.some((model) => model.status === 'checked' && model.plan)) {
      it('sets each op type the plan places off the ANE beside the rules that predicted it, and marks what the plan contradicts', () => {
        const table = rendered.tables.find((candidate) => candidate.headers[0] === 'Op type off the ANE');
        expect(table).toBeDefined();
        for (const model of single.models!) {
          if (model.status !== 'checked' || !model.plan) continue;
          expect(table!.rows.map((row) => [row[0], row[3]])).toEqual(model.plan.offAne.map((group) => [group.op, group.rules.length > 0 ? group.rules.join(', ') : 'no rule predicted this']));
          expect(rendered.text.match(/⚖️ Contradicted by Core ML's plan/gu) ?? []).toHaveLength(model.plan.contradicted.length);
        }
      });
    }

    if (single && measured(single)) {
      it('draws each engine\'s share as a bar that matches it', () => {
        const [table] = engineTables(rendered);
        for (const [index, engine] of ENGINES.entries()) {
          const bar = table!.rows[index]!.find((cell) => /^[█░]+$/u.test(cell));
          expect(bar, engine).toBeDefined();
          const filled = (bar!.match(/█/gu) ?? []).length;
          expect(Math.abs((filled / bar!.length) * 100 - single.engines[engine].share!), engine).toBeLessThanOrEqual(50 / bar!.length + 0.05);
        }
      });

      it('names the top fallback kernel in a table', () => {
        const top = single.fallbackKernels[0];
        if (!top) return;
        const cells = rendered.tables.flatMap((table) => table.rows.flat());
        for (const part of nameParts(top.name)) expect(cells.some((cell) => normalize(cell).includes(part)), part).toBe(true);
      });
    }

    if (single && !measured(single)) {
      it('draws no chart, bar or share for a run that measured nothing', () => {
        expect(markdown).not.toContain('```mermaid');
        expect(rendered.mermaid).toEqual([]);
        expect(rendered.counts.svg).toBe(0);
        expect(rendered.text).not.toMatch(/[█░▓▒]/u);
        for (const table of engineTables(rendered)) expect(table.rows.flat().filter((cell) => cell.includes('%'))).toEqual([]);
      });
    }

    if (reports.length > 1) {
      it('has an overview table with a row per report, and each report folded under its name', () => {
        const overview = rendered.tables.find((table) => table.rows.length === reports.length && reports.every((report, index) => normalize(table.rows[index]![0]!).includes(normalize(report.name))));
        expect(overview, JSON.stringify(rendered.tables)).toBeDefined();
        for (const report of reports) expect(rendered.details.some((details) => details.summary?.includes(normalize(report.name)))).toBe(true);
      });
    }

    if (single?.name === HOSTILE) {
      it('lets no name become an image, a link, a mention, emphasis or a marker', () => {
        expect(rendered.raw.elements).not.toContain('img');
        expect(rendered.counts.img).toBe(0);
        expect(rendered.anchors.filter((anchor) => /octocat|link|http:\/\/x\b|#12|\/issues\//u.test(`${anchor.text} ${anchor.href}`))).toEqual([]);
        expect(rendered.text).toContain('@octocat'); // shown, not linked
        expect(rendered.emphasis.filter((text) => /bold|tick/u.test(text))).toEqual([]);
        expect(rendered.comments.filter((comment) => comment.includes('ane-check:comment:x'))).toEqual([]);
        expect(rendered.text).toContain('ane-check:comment:x'); // as text
      });

      it('shows a hostile name and kernel name as they are', () => {
        for (const part of nameParts(HOSTILE)) expect(rendered.headings[0]!.text).toContain(part);
        const cells = rendered.tables.flatMap((table) => table.rows.flat()).map(normalize);
        for (const part of nameParts(HOSTILE_KERNEL)) expect(cells.some((cell) => cell.includes(part)), part).toBe(true);
      });
    }
  });
});
