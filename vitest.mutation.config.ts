import { configDefaults, defineConfig } from 'vitest/config';

// `npm run mutate` (stryker.config.json): the unit tests only. No end-to-end tests (they run the real LLDB) and
// no browser check, so no global setup either: none of these tests runs the LLDB fixture.
export default defineConfig({
  test: {
    include: ['test/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/e2e/**', 'test/render/**'],
  },
});
