// `npm run build` produces something that runs: the compiled server starts from its output folder
// and serves the API and its OpenAPI document (whose version comes from package.json).
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { call, startService } from './support/helpers/service.ts'

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '..')

// A compile and a cold start: on a busy 2-core machine this can take minutes.
t.setTimeout(600_000)

t.test('the build output starts and serves', async (t) => {
  // Inside the checkout (bare imports resolve from its node_modules), one folder per run so two
  // suites side by side never share it; dist-*/ is ignored by git.
  const outDir = `dist-test-${process.pid}`
  t.teardown(() => { rmSync(join(root, outDir), { recursive: true, force: true }) })
  // The script behind `npm run build`; --noCheck: emitting is what is tested here (`npm run typecheck` checks the types).
  await run(process.execPath, [join(root, 'scripts', 'build.ts'), '--outDir', outDir, '--noCheck'], { cwd: root })

  const dataDir = mkdtempSync(join(tmpdir(), 'itb-build-'))
  t.teardown(() => { rmSync(dataDir, { recursive: true, force: true }) })
  const service = await startService({ API_KEYS: 'build-test-key-0123456789', DATA_DIR: dataDir },
    `const { start } = await import('./${outDir}/src/server.js'); await start()`)
  t.teardown(service.stop)
  const health = await call(service.port, 'GET', '/health')
  t.equal(health.status, 200)
  t.equal(JSON.parse(health.body).version, (await import('../package.json', { with: { type: 'json' } })).default.version)
  const chat = await call(service.port, 'POST', '/v1/chat',
    { 'content-type': 'application/json', 'x-api-key': 'build-test-key-0123456789', 'x-conversation-id': 'build-1' }, JSON.stringify({ message: 'Kapan ITB didirikan?' }))
  t.equal(chat.status, 200, chat.body.slice(0, 200))
  t.match(JSON.parse(chat.body).answer, /1920/)
  t.equal((await call(service.port, 'GET', '/docs/')).status, 200)
  const demo = await call(service.port, 'GET', '/demo/')
  t.equal(demo.status, 200, 'the demo client is served from the build too')
  t.match(demo.body, /<script type="module" src="/)
})
