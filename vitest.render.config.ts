import { defineConfig } from 'vitest/config';

// `npm run test:render`: the summary and the comment in headless Chromium (Debian's /usr/bin/chromium), apart
// from `npm test`. ANE_CHECK_SCREENSHOTS=docs/screenshots keeps a screenshot of each case there.
export default defineConfig({
  test: {
    include: ['test/render/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
