// The Dockerfile against the app: a slim multi-stage Node 24 image with the voice tools, production
// dependencies only, non-root; the port, health check, stop signal and command the app expects; and
// every file the app imports copied into the image. No Docker needed.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { loadConfig } from '../../src/config.ts'
import { build } from '../support/helpers/app.ts'
import { ROOT, execForm, parseDockerfile, readManifest, readText, runtimeArgs } from './files.ts'

const DEFAULTS = loadConfig({ env: {}, dotenvPath: false })
const rootPath = fileURLToPath(ROOT)
const configMap = readManifest('configmap.yaml', 'ConfigMap')

const dockerfile = parseDockerfile(readText('Dockerfile'))
const only = (instruction: string): string[] => runtimeArgs(dockerfile, instruction)

t.test('Dockerfile: slim Node 24 runtime with the voice tools, production dependencies, non-root', async (t) => {
  const froms = dockerfile.filter((entry) => entry.instruction === 'FROM').map((entry) => entry.args)
  t.ok(froms.length >= 3, 'multi-stage')
  for (const from of froms) t.match(from, /^node:24-bookworm-slim\b/, `FROM ${from}`)
  const build = dockerfile.filter((entry) => entry.stage === 'build' && entry.instruction === 'RUN').map((entry) => entry.args).join('\n')
  t.match(build, /npm ci(?! --omit)/, 'the build stage installs every dependency')
  t.match(build, /npm run typecheck/)
  const deps = dockerfile.filter((entry) => entry.stage === 'deps' && entry.instruction === 'RUN').map((entry) => entry.args).join('\n')
  t.match(deps, /npm ci --omit=dev/, 'production dependencies only')
  t.ok(only('COPY').some((args) => /--from=deps\s+\/app\/node_modules/.test(args)), 'node_modules come from the deps stage')
  t.ok(only('COPY').some((args) => /--from=build\b/.test(args)), 'the runtime copies from the build stage, so the typecheck always runs')

  const apt = only('RUN').join('\n')
  t.match(apt, /apt-get install -y --no-install-recommends[^&]*\bffmpeg\b/)
  t.match(apt, /--no-install-recommends[^&]*\bespeak-ng\b/)
  t.match(apt, /--no-install-recommends[^&]*\bca-certificates\b/)
  t.match(apt, /rm -rf \/var\/lib\/apt\/lists/, 'apt lists are cleaned')

  t.same(only('USER'), ['node'], 'runs as the image user node (uid 1000)')
  const env = only('ENV').join(' ')
  t.notMatch(env, /NODE_ENV/, 'no NODE_ENV: behaviour comes from the configuration')
  t.match(env, /\bHOST=0\.0\.0\.0\b/)
  t.match(env, new RegExp(`\\bPORT=${DEFAULTS.PORT}\\b`))
  t.match(only('RUN').join('\n'), /chown node:node \/app\/data/, 'DATA_DIR is writable by the service user')
  t.match(env, /\bDATA_DIR=\/app\/data\b/)
  t.equal(configMap.data.DATA_DIR, '/app/data', 'Kubernetes mounts the same DATA_DIR')
})

t.test('Dockerfile: EXPOSE, HEALTHCHECK, STOPSIGNAL and CMD match the app', async (t) => {
  t.same(only('EXPOSE'), [String(DEFAULTS.PORT)], 'EXPOSE is the default PORT')
  t.same(only('STOPSIGNAL'), ['SIGTERM'])
  const cmd = execForm(only('CMD')[0] ?? '')
  t.same(cmd, ['node', '--import', './src/instrument.ts', 'src/server.ts'], 'node itself is PID 1 (no npm, no shell): signals reach it')
  const pkg = JSON.parse(readText('package.json')) as { scripts: Record<string, string> }
  t.equal(cmd?.join(' '), pkg.scripts.start, 'the same command as npm start')

  const healthcheck = only('HEALTHCHECK')[0] ?? ''
  t.match(healthcheck, /--interval=\d+s/)
  t.match(healthcheck, /--start-period=\d+s/)
  const probe = execForm(healthcheck.slice(healthcheck.indexOf('CMD')))
  t.equal(probe?.[0], 'node', 'uses node (no curl in the slim image)')
  const script = probe?.at(-1) ?? ''
  const url = /'(http:\/\/127\.0\.0\.1:)' \+ \(process\.env\.PORT \|\| (\d+)\) \+ '(\/[a-z]+)'/.exec(script)
  t.ok(url, 'the health check fetches http://127.0.0.1:$PORT/…')
  t.equal(Number(url?.[2]), DEFAULTS.PORT, 'its fallback port is the default PORT')
  t.same(only('EXPOSE'), [url?.[2]], 'EXPOSE and the health check agree')
  const { app } = await build(t)
  t.equal((await app.inject({ url: url?.[3] ?? '/missing' })).statusCode, 200, `the health check path ${String(url?.[3])} answers 200`)
})

t.test('Dockerfile: the runtime image holds every file the app imports', async (t) => {
  const copied = new Set(only('COPY').flatMap((args) => {
    const parts = args.split(/\s+/).filter((part) => !part.startsWith('--'))
    return parts.slice(0, -1).map((source) => source.replace(/^\/app\//, '').replace(/\/$/, ''))
  }))
  for (const needed of ['node_modules', 'src', 'schemas', 'knowledge', 'package.json', 'scripts']) {
    t.ok(copied.has(needed), `${needed} is in the image`)
  }
  // Every relative import (and `new URL(…, import.meta.url)` file) of src/ and of the scripts the
  // image ships must land in a copied top-level entry.
  const buildCopies = dockerfile.filter((entry) => entry.stage === 'build' && entry.instruction === 'COPY')
    .flatMap((entry) => entry.args.split(/\s+/).filter((part) => !part.startsWith('--')).slice(0, -1))
  const scripts = buildCopies.filter((source) => source.startsWith('scripts/') && source.endsWith('.ts'))
  t.ok(scripts.includes('scripts/doctor.ts') && scripts.includes('scripts/ingest.ts'), 'the image ships the doctor and the ingester')
  const outside = new Set<string>()
  const scan = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path)) scan(join(path, entry))
      return
    }
    if (!path.endsWith('.ts')) return
    const source = readFileSync(path, 'utf8')
    for (const match of source.matchAll(/(?:from\s+|import\(\s*|new URL\(\s*)'(\.{1,2}\/[^']+)'/g)) {
      const target = relative(rootPath, resolve(dirname(path), match[1] as string))
      outside.add(target.split(/[\\/]/)[0] as string)
    }
  }
  scan(join(rootPath, 'src'))
  for (const script of scripts) scan(join(rootPath, script))
  t.ok(outside.has('schemas') && outside.has('package.json'), 'the scan sees imports outside src/')
  for (const top of outside) t.ok(copied.has(top), `${top} (imported by src/ or the shipped scripts) is copied into the image`)

  const ignore = readText('.dockerignore').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'))
  for (const excluded of ['node_modules', '.git', '.env', 'data', 'coverage', '.tap', 'test']) {
    t.ok(ignore.includes(excluded), `.dockerignore excludes ${excluded}`)
  }
  for (const needed of copied) {
    if (needed === 'node_modules') continue
    t.notOk(ignore.includes(needed), `.dockerignore keeps ${needed}`)
  }
})
