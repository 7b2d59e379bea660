import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser check has its own run: npm run test:render (vitest.render.config.ts).
    exclude: [...configDefaults.exclude, 'test/render/**'],
    // The second builds coremltools' environment for the model check's tests; its teardown runs first.
    globalSetup: ['test/support/global-setup.ts', 'test/support/coremltools-setup.ts'],
    setupFiles: ['test/support/inert-workflow-commands.ts'],
    // End-to-end tests run the real LLDB: each one takes a second or more.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
