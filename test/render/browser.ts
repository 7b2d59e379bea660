import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Marked } from 'marked';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { ROOT } from '../support/paths.js';

export const CHROMIUM = '/usr/bin/chromium';
const MERMAID = path.join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
const PAGE_SCRIPT = path.join(ROOT, 'test', 'render', 'page.js');
const STYLESHEET = path.join(ROOT, 'test', 'render', 'github-markdown.css');

/** What test/render/page.js reports about one rendered body. */
export interface Rendered {
  /** marked's output before sanitizing: the elements in it, and any on* attribute. */
  raw: { elements: string[]; eventAttributes: string[] };
  /** HTML comments in marked's output, before sanitizing took them out; the first node's, if it is one. */
  comments: string[];
  firstComment: string | null;
  /** What the sanitizer took away: `comment …`, `<tag>`, `<tag> with its contents`, `tag[attribute]`. */
  removed: string[];
  sanitizedHtml: string;
  mermaid: { kind: string; source: string; svg: boolean; error: string | null; errorIcon: boolean; linePoints: number[]; bars: number[]; pieSlices: number }[];
  /** The text of the body without its diagrams, as a reader sees it (closed <details> included), whitespace collapsed. */
  text: string;
  /** The text in each diagram. */
  diagramText: string[];
  /** The lines a reader sees, every <details> opened, whitespace collapsed. */
  lines: string[];
  headings: { level: number; text: string }[];
  anchors: { text: string; href: string | null; className: string }[];
  tables: { headers: string[]; rows: string[][] }[];
  details: { summary: string | null }[];
  emphasis: string[];
  listItems: string[];
  codeBlocks: { language: string | null; text: string }[];
  counts: { img: number; script: number; iframe: number; style: number; svg: number };
  eventAttributes: string[];
  scriptUrls: string[];
  /** Errors thrown in the page and console errors while rendering; requests the page tried to make (all refused). */
  pageErrors: string[];
  requests: string[];
}

/**
 * GitHub-flavoured Markdown to HTML, as github.com would parse it. Comments on issues and pull requests turn
 * a single newline into a line break (`breaks`); job summaries and files do not.
 */
export function markdownToHtml(markdown: string, options: { breaks: boolean }): string {
  return new Marked({ gfm: true, breaks: options.breaks, async: false }).parse(markdown) as string;
}

/**
 * Headless Debian Chromium with a fresh profile, all under one temp folder that close() removes. Nothing is
 * fetched: every request is refused, the page's scripts and styles are added from files.
 */
export class RenderBrowser {
  /** Errors and requests of the render under way. */
  private pageErrors: string[] = [];
  private requests: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    /** One page for every render: Mermaid's 3 MB script is parsed once, not once per body. */
    private readonly page: Page,
    /** Everything this browser writes: the profile, Chromium's temp files and, unless kept, the screenshots. */
    readonly tempRoot: string,
  ) {
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') this.pageErrors.push(message.text());
    });
  }

  static async open(): Promise<RenderBrowser> {
    if (!existsSync(CHROMIUM)) throw new Error(`the rendering check needs Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium (or run .ci/run as root)`);
    const tempRoot = mkdtempSync(path.join(os.tmpdir(), 'ane-check-render-'));
    let context: BrowserContext | undefined;
    try {
      const tmp = path.join(tempRoot, 'tmp');
      mkdirSync(tmp);
      // A fresh profile: Playwright passes it to Chromium as --user-data-dir (it refuses that flag in args).
      context = await chromium.launchPersistentContext(path.join(tempRoot, 'profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        // Chromium's own temp files go into the folder removed on close.
        env: { ...process.env, TMPDIR: tmp },
        viewport: { width: 900, height: 600 },
        deviceScaleFactor: 1,
        locale: 'en-US',
        timezoneId: 'UTC',
        colorScheme: 'light',
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const browser = new RenderBrowser(context, page, tempRoot);
      await page.route('**/*', async (route) => {
        browser.requests.push(route.request().url());
        await route.abort();
      });
      await page.setContent(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ane-check</title></head><body>
<div class="timeline-comment"><div class="timeline-comment-header"><strong>github-actions</strong> <span class="label">bot</span> commented</div>
<article class="markdown-body" id="body"></article></div></body></html>`);
      await page.addStyleTag({ path: STYLESHEET });
      await page.addScriptTag({ path: MERMAID });
      await page.addScriptTag({ path: PAGE_SCRIPT });
      return browser;
    } catch (error) {
      await context?.close().catch(() => undefined);
      rmSync(tempRoot, { recursive: true, force: true });
      throw error;
    }
  }

  /** Renders `html` (marked's output) in place of the last body; with `screenshot`, saves a full-page PNG there. */
  async render(html: string, options: { screenshot?: string } = {}): Promise<Rendered> {
    this.pageErrors = [];
    this.requests = [];
    const facts = (await this.page.evaluate((body) => (globalThis as unknown as { aneCheckRender(html: string): Promise<unknown> }).aneCheckRender(body), html)) as Omit<
      Rendered,
      'pageErrors' | 'requests'
    >;
    if (options.screenshot) {
      mkdirSync(path.dirname(options.screenshot), { recursive: true });
      await this.page.screenshot({ path: options.screenshot, fullPage: true, animations: 'disabled' });
    }
    return { ...facts, pageErrors: this.pageErrors, requests: this.requests };
  }

  async close(): Promise<void> {
    try {
      await this.context.close();
    } finally {
      rmSync(this.tempRoot, { recursive: true, force: true });
    }
  }
}
