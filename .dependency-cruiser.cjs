// The repository's layering, checked by `pnpm check:layers` (dependency-cruiser) in CI.
// Paths are relative to the repository root; workspace packages resolve to their sources
// (tsconfig.depcruise.json), so a rule sees `@feedloop/sdk` as packages/sdk/src/index.ts.

const BROWSER = '^(packages/(protocol|sdk|widget)|apps/dashboard)/src/';
const SERVER = '^apps/server/src/';
// The workspace: sources, and a package's build output should an import reach it.
const WORKSPACE = '^(packages|apps)/';
// npm packages that talk to a database, the network or the file system.
const IO_PACKAGES =
  '(^|/)node_modules/(kysely[^/]*|pg|pg-[^/]+|@electric-sql/[^/]+|fastify|fastify-[^/]+|@fastify/[^/]+|prom-client|commander|env-schema)/';
const SQL_PACKAGES = '(^|/)node_modules/(kysely[^/]*|pg|pg-[^/]+|@electric-sql/[^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle, type-only imports included: a cycle means two modules that are one.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves; one that does not is invisible to the rules below.',
      from: {},
      to: { couldNotResolve: true },
    },

    // Browser packages (and the protocol, which they bundle).
    {
      name: 'browser-not-to-server',
      severity: 'error',
      comment: 'Code that runs in a browser never imports the server.',
      from: { path: BROWSER },
      to: { path: ['^apps/server/', '^@feedloop/server'] },
    },
    {
      name: 'browser-not-to-node-builtins',
      severity: 'error',
      comment: 'Code that runs in a browser never imports a Node.js built-in module.',
      from: { path: BROWSER },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'protocol-standalone',
      severity: 'error',
      comment: 'The wire contract imports no other workspace package.',
      from: { path: '^packages/protocol/src/' },
      to: { path: WORKSPACE, pathNot: '^packages/protocol/src/' },
    },
    {
      name: 'sdk-only-protocol',
      severity: 'error',
      comment: 'The SDK has no runtime dependency: it imports itself and the protocol, nothing else.',
      from: { path: '^packages/sdk/src/' },
      to: { pathNot: '^packages/(sdk|protocol)/src/' },
    },
    {
      name: 'widget-only-sdk-protocol-preact',
      severity: 'error',
      comment: 'The widget imports the SDK, the protocol and Preact (its byte budget has room for nothing else).',
      from: { path: '^packages/widget/src/' },
      to: { pathNot: ['^packages/(widget|sdk|protocol)/src/', '(^|/)node_modules/preact/'] },
    },

    // The server's layers.
    {
      name: 'db-only-db-and-protocol',
      severity: 'error',
      comment: 'db/ (schema types, migrations, SQL functions, connection) imports only db/ and the protocol.',
      from: { path: `${SERVER}db/` },
      to: { path: WORKSPACE, pathNot: [`${SERVER}db/`, '^packages/protocol/src/'] },
    },
    {
      name: 'stats-no-server-modules',
      severity: 'error',
      comment: 'stats/ is pure statistics: of the server it imports only stats/.',
      from: { path: `${SERVER}stats/` },
      to: { path: SERVER, pathNot: `${SERVER}stats/` },
    },
    {
      name: 'stats-no-io',
      severity: 'error',
      comment: 'stats/ is pure statistics: no Node.js built-in, no database, HTTP or file-system package.',
      from: { path: `${SERVER}stats/` },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'stats-no-io-packages',
      severity: 'error',
      comment: 'stats/ is pure statistics: no database, HTTP or file-system package.',
      from: { path: `${SERVER}stats/` },
      to: { path: IO_PACKAGES },
    },
    {
      name: 'routes-not-to-db',
      severity: 'error',
      comment: 'routes/ are HTTP only: they call services; of db/ they may import types only.',
      from: { path: `${SERVER}routes/` },
      to: { path: `${SERVER}db/`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'routes-not-to-sql',
      severity: 'error',
      comment: 'routes/ are HTTP only: no query builder or database driver, not even its types.',
      from: { path: `${SERVER}routes/` },
      to: { path: SQL_PACKAGES },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '^(packages|apps)/[^/]+/(dist|lib)/'] },
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    // Type-only imports count: they make cycles too, and routes may import db/ types only.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      mainFields: ['module', 'main', 'types'],
    },
    skipAnalysisNotInRules: true,
  },
};
