import { defineConfig } from 'vitest/config';

// `npm run examples`: writes docs/examples/ from test/support/report-cases.ts through the examples test, which
// vitest runs as TypeScript; without the default config's global setup, which builds the LLDB fixture.
export default defineConfig({
  test: {
    include: ['test/examples.test.ts'],
  },
});
