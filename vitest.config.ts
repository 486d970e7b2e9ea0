import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One graphql instance: Pothos loads graphql's CommonJS build; without this alias
  // vite hands our own imports the .mjs build and graphql refuses the mix.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // The SDK's Node 22 notice, once per test process, is noise here (see src/demo.ts).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
