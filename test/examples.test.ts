import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { EXAMPLE_CASES, EXAMPLES_DIR, exampleMarkdown } from './support/report-cases.js';

/** `npm run examples` sets this to write the files instead of comparing them. */
const WRITE = process.env.ANE_CHECK_EXAMPLES === 'write';

describe('docs/examples', () => {
  for (const name of EXAMPLE_CASES) {
    const file = path.join(EXAMPLES_DIR, `${name}.md`);
    it(`${name}.md is the comment renderMarkdown prints now`, () => {
      const markdown = exampleMarkdown(name);
      if (WRITE) {
        mkdirSync(EXAMPLES_DIR, { recursive: true });
        writeFileSync(file, markdown, 'utf8');
        return;
      }
      const stale = `docs/examples/${name}.md differs from what renderMarkdown prints now: run \`npm run examples\` and commit the result`;
      expect(existsSync(file), `docs/examples/${name}.md is missing: run \`npm run examples\``).toBe(true);
      expect(readFileSync(file, 'utf8'), stale).toBe(markdown);
    });
  }
});
