/** The import rules of the hexagon, checked in CI so the shape cannot erode. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain imports nothing but itself: no framework, no adapter, no npm package.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-types-are-pure',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'application-only-uses-domain',
      comment: 'Use cases and ports depend on the domain only: no Koa, got, inversify, nunjucks or adapters.',
      severity: 'error',
      from: { path: '^src/application/' },
      to: { pathNot: '^src/(application|domain)/' },
    },
    {
      name: 'adapters-do-not-import-each-other',
      comment: 'Each adapter folder knows the core, never another adapter (shared/ holds helpers several adapters use).',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/', pathNot: ['^src/adapters/$1/', '^src/adapters/shared/'] },
    },
    {
      name: 'shared-adapter-helpers-stand-alone',
      severity: 'error',
      from: { path: '^src/adapters/shared/' },
      to: { path: '^src/adapters/', pathNot: '^src/adapters/shared/' },
    },
    {
      name: 'adapters-do-not-import-the-root',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/(container\\.ts$|app\\.ts$|main\\.ts$|config/|fake-globus/)' },
    },
    {
      name: 'only-the-root-chooses-adapters',
      comment: 'container.ts (and app.ts/main.ts which start it) are the only places that pick adapters.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(adapters/|container\\.ts$|app\\.ts$|main\\.ts$)' },
      to: { path: '^src/adapters/' },
    },
    {
      name: 'fake-globus-stands-alone',
      comment: 'The fake Globus is its own service: it imports nothing of the app.',
      severity: 'error',
      from: { path: '^src/fake-globus/' },
      to: { path: '^src/', pathNot: '^src/fake-globus/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js'] },
  },
};
