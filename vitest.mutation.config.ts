import { configDefaults, defineConfig } from 'vitest/config';

// `npm run mutate` (scripts/mutate.js) runs Stryker once per group of modules and names that group's test files
// in ANE_CHECK_MUTATION_TESTS (`measure,verdict`: test/measure.test.ts, test/verdict.test.ts). Without it (a
// plain `npx stryker run`), every unit test file of the mutated modules. Never the end-to-end tests (they run the
// real LLDB) or the browser check, so no global setup either: none of these tests needs the LLDB fixture.
const ownTests = process.env.ANE_CHECK_MUTATION_TESTS?.split(',') ?? [
  'measure', 'verdict', 'transcript', 'lldb-script', 'profiles', 'by-platform', 'baseline', 'github', 'markdown', 'examples', 'headline', 'model-text', 'settings', 'model/diff', 'model/diff-summary',
  // The model rules' tests read models that npm run mutate builds first (scripts/mutate.js, prepareModels).
  ...['band-part', 'broadcastable-nd-layer', 'channel-broadcast-multiply', 'compressed-weights', 'control-flow', 'custom-layer', 'dilated-convolution', 'docs', 'enumerated-shapes-layer-norm', 'float32-compute', 'float32-island', 'gather-int32-indices', 'gather-lookup', 'index', 'int32-tensor', 'last-axis-padding', 'non-constant-shape', 'non-neural-model', 'pooling-limits', 'program', 'range-shape-input', 'real-models', 'rnn', 'standalone-slice-update', 'state-width', 'subjects', 'tensor-dimension-range', 'tensor-rank', 'upsample-factor', 'weight-size-ios', 'weight-size-limit'].map((test) => `model/rules/${test}`),
];

export default defineConfig({
  test: {
    include: ownTests.map((name) => `test/${name}.test.ts`),
    exclude: [...configDefaults.exclude, 'test/e2e/**', 'test/render/**'],
  },
});
