/**
 * Dependency directions, checked by `npm test` (`npm run lint`): server → schema → ssm, the
 * emulator apart, the explorer apart. src/demo.ts, src/main.ts, src/scripts, test and bench may
 * import across. Type-only imports count: a layer that names another's types depends on it.
 */

/** A rule: modules under `from` import nothing under `to` (a path pattern, or dependency-cruiser's `to` object). */
const forbid = (name, comment, from, to) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: typeof to === 'string' ? { path: to } : to,
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid('emulator-stands-alone', 'src/emulator imports nothing else of src/ (the official model file aside).', '^src/emulator/', {
      path: '^src/',
      pathNot: ['^src/emulator/', '^src/ssm-api-model\\.json$'],
    }),
    forbid(
      'gateway-knows-no-emulator',
      'The gateway (ssm, schema, server) never imports the emulator; only demo.ts, tests and bench do.',
      '^src/(ssm|schema|server)/',
      '^src/emulator/',
    ),
    forbid('ssm-knows-no-graphql', 'src/ssm is the bottom layer: nothing of schema or server.', '^src/ssm/', '^src/(schema|server)/'),
    forbid(
      'schema-knows-no-server',
      'src/schema builds the graph; the server (HTTP, settings, plugins) sits above it.',
      '^src/schema/',
      '^src/server/',
    ),
    forbid('explorer-knows-no-gateway', 'The explorer page is browser code: it talks to the gateway over HTTP.', '^src/explorer/', {
      path: '^src/',
      pathNot: '^src/explorer/',
    }),
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
