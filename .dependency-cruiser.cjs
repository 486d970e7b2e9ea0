/**
 * Dependency directions, checked by `npm test` (`npm run lint`): server → schema → ssm, the
 * emulator apart, the explorer apart. src/demo.ts, src/main.ts, src/scripts, test and bench may
 * import across. Type-only imports count: a layer that names another's types depends on it.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'emulator-stands-alone',
      comment: 'src/emulator imports nothing of the gateway (or of anything else in src/ outside itself).',
      severity: 'error',
      from: { path: '^src/emulator/' },
      to: { path: '^src/', pathNot: ['^src/emulator/', '^src/ssm-api-model\\.json$'] },
    },
    {
      name: 'gateway-knows-no-emulator',
      comment: 'The gateway (ssm, schema, server) never imports the emulator; only demo.ts, tests and bench do.',
      severity: 'error',
      from: { path: '^src/(ssm|schema|server)/' },
      to: { path: '^src/emulator/' },
    },
    {
      name: 'ssm-knows-no-graphql',
      comment: 'src/ssm is the bottom layer: nothing of schema or server.',
      severity: 'error',
      from: { path: '^src/ssm/' },
      to: { path: '^src/(schema|server)/' },
    },
    {
      name: 'schema-knows-no-server',
      comment: 'src/schema builds the graph; the server (HTTP, settings, plugins) sits above it.',
      severity: 'error',
      from: { path: '^src/schema/' },
      to: { path: '^src/server/' },
    },
    {
      name: 'explorer-knows-no-gateway',
      comment: 'The explorer page is browser code: it talks to the gateway over HTTP, and imports nothing of it.',
      severity: 'error',
      from: { path: '^src/explorer/' },
      to: { path: '^src/', pathNot: '^src/explorer/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing would escape every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // ES modules throughout: resolve packages as Node's import does (vite, for one, exports nothing else).
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default', 'types'] },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
