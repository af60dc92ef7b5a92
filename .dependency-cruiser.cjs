// The layering, checked by `npm run lint` (dependency-cruiser): an import may only point down.
//   schemas ← services ← wiring (src/wiring/, config, sentry-options, version) ← plugins ← routes ←
//   app ← server (server, cluster, instrument); CLIs (scripts/, bench/, src/cli/) beside app.
//   Nothing outside test/ imports test/. Services never see the configuration: src/wiring/ turns it
//   into each service's narrow options, so no service imports schemas/env.ts.
// bench/ (benchmarks and the load test, dev-only, never shipped) may use the vendor fakes and the
// helpers in test/support/ (the same ones the tests use), never a test file.
// test/lint/layering.test.ts proves a backwards import fails this check.
const layer = {
  schemas: '^schemas/',
  services: '^src/services/',
  wiring: '^src/(wiring/|config\\.ts$|sentry-options\\.ts$|version\\.ts$)',
  plugins: '^src/plugins/',
  routes: '^src/routes/',
  app: '^src/app\\.ts$',
  server: '^src/(server|cluster|instrument)\\.ts$',
  clis: '^(scripts/|bench/|src/cli/)',
  test: '^test/'
}
const above = (...names) => names.map((name) => layer[name].replace(/^\^/, '')).join('|')
const below = (name, ...higher) => ({
  name: `${name}-imports-upwards`,
  comment: `${name} may not import from ${higher.join(', ')}: imports point down the layers`,
  severity: 'error',
  from: { path: layer[name] },
  to: { path: `^(${above(...higher)})` }
})

module.exports = {
  forbidden: [
    below('schemas', 'services', 'wiring', 'plugins', 'routes', 'app', 'server', 'clis', 'test'),
    below('services', 'wiring', 'plugins', 'routes', 'app', 'server', 'clis', 'test'),
    below('wiring', 'plugins', 'routes', 'app', 'server', 'clis', 'test'),
    below('plugins', 'routes', 'app', 'server', 'clis', 'test'),
    below('routes', 'app', 'server', 'clis', 'test'),
    below('app', 'server', 'clis', 'test'),
    below('server', 'clis', 'test'),
    {
      name: 'services-read-config',
      comment: 'services take narrow options from their factories; only src/wiring/ maps the configuration (schemas/env.ts) to them',
      severity: 'error',
      from: { path: layer.services },
      to: { path: '^schemas/env\\.ts$' }
    },
    {
      name: 'scripts-import-dev-code',
      comment: 'operator CLIs (scripts/, src/cli/) ship with the service: they may not import test/ or bench/ code',
      severity: 'error',
      from: { path: '^(scripts|src/cli)/' },
      to: { path: '^(test|bench)/' }
    },
    {
      name: 'bench-imports-tests',
      comment: 'bench/ may use test/support (fakes and helpers), never a test file',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^test/', pathNot: '^test/support/' }
    },
    {
      name: 'no-circular',
      comment: 'a cycle makes two modules one: split them or invert the dependency',
      severity: 'error',
      from: { path: '^(src|schemas|scripts|bench)/' },
      to: { circular: true }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|coverage|\\.tap)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] }
  }
}
