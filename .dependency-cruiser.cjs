// The dependency rules of survkit's source (STYLE.md 12: an `internal/` folder is private to its area).
// `pnpm check:deps` runs it over every workspace's src/; .ci/run runs it through `pnpm lint`.
//
// An "area" is the first folder under a workspace's src/ (packages/stats/src/regression,
// packages/cohort/src/import, apps/report/src/render …). A top-level `src/internal/` is the
// workspace's shared helpers (time fixing, label coding, length checks, search, linear algebra)
// and may be imported from every area of that workspace.
//
// There are no exceptions: every rule holds for every file (no baseline of known violations).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle makes load order matter and hides which layer depends on which.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-cross-area-internal',
      severity: 'error',
      comment:
        "An area's internal/ folder is private to it: import the area's public module, or move the " +
        "helper to the workspace's shared src/internal/.",
      from: { path: '^(packages|apps)/([^/]+)/src/([^/]+)/' },
      to: {
        path: '^(packages|apps)/[^/]+/src/[^/]+/.*internal/',
        pathNot: '^$1/$2/src/$3/',
      },
    },
    {
      name: 'no-internal-to-public',
      severity: 'error',
      comment:
        'Nothing under internal/ imports a public module (one re-exported by the package index): the ' +
        'public layer checks options and dispatches to internal modules, never the other way round. ' +
        'Shared result types (types.ts), the error classes (errors.ts) and the distribution functions ' +
        '(distributions/, a leaf layer: see the next rule) are not entry points and may be imported.',
      from: { path: '/internal/' },
      to: {
        path: '^(packages|apps)/[^/]+/src/',
        pathNot: [
          '/internal/',
          '/types\\.ts$',
          '/errors\\.ts$',
          '/defaults\\.ts$',
          '^packages/stats/src/distributions/',
        ],
      },
    },
    {
      name: 'distributions-are-leaves',
      severity: 'error',
      comment:
        'The distribution functions (normal, chi-square) are the bottom layer every estimator uses; ' +
        'they import nothing else from the engine but its errors, so importing them can never close a cycle.',
      from: { path: '^packages/stats/src/distributions/' },
      to: {
        path: '^packages/stats/src/',
        pathNot: ['^packages/stats/src/distributions/', '^packages/stats/src/errors\\.ts$'],
      },
    },
    {
      name: 'no-workspace-internal-deep-import',
      severity: 'error',
      comment: 'Workspaces import each other by package name (the exports map), never by relative path.',
      from: { path: '^(packages|apps)/([^/]+)/' },
      // A package's package.json and data/ files are public through its exports map
      // ("@survkit/cohort/data/*"), so they are not deep imports.
      to: {
        path: '^(packages|apps)/([^/]+)/',
        pathNot: ['^$1/$2/', '^(packages|apps)/[^/]+/(package[.]json|data/)'],
      },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '/dist/'] },
    exclude: { path: ['/dist/', 'node_modules'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types'] },
  },
};
