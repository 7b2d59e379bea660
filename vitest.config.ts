import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser check has its own run: npm run test:render (vitest.render.config.ts).
    exclude: [...configDefaults.exclude, 'test/render/**'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/inert-workflow-commands.ts'],
    // End-to-end tests run the real LLDB: each one takes a second or more.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
