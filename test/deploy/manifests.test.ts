// The deployment files against the real app: YAML that parses, probes and ports the app really
// serves, the security settings, graceful-shutdown timings, the Dockerfile, compose.yaml and the
// nginx configuration. No Docker or Kubernetes needed; nginx -t runs when nginx is installed.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { EnvSchema, SECRET_VARIABLES } from '../../schemas/env.ts'
import { loadConfig } from '../../src/config.ts'
import { build } from '../support/helpers/app.ts'
import {
  ROOT, directiveValue, directives, execForm, parseDockerfile, parseNginx, readText, readYaml, readYamlDocuments,
  type NginxDirective
} from './files.ts'

const DEFAULTS = loadConfig({ env: {}, dotenvPath: false })
const K8S = 'deploy/kubernetes'
const rootPath = fileURLToPath(ROOT)

type Obj = Record<string, any>

function manifest (file: string, kind: string): Obj {
  const value = readYaml(`${K8S}/${file}`)
  if (value.kind !== kind) throw new Error(`${file}: expected kind ${kind}, found ${String(value.kind)}`)
  return value
}

const deployment = manifest('deployment.yaml', 'Deployment')
const podSpec: Obj = deployment.spec.template.spec
const container: Obj = podSpec.containers[0]
const configMap = manifest('configmap.yaml', 'ConfigMap')
const secret = manifest('secret.example.yaml', 'Secret')

t.test('every YAML file parses (deploy/kubernetes, compose.yaml, monitoring)', async (t) => {
  const files = [
    ...readdirSync(new URL(`${K8S}/`, ROOT)).filter((file) => /\.ya?ml$/.test(file)).map((file) => `${K8S}/${file}`),
    'compose.yaml',
    ...readdirSync(new URL('monitoring/', ROOT)).filter((file) => /\.ya?ml$/.test(file)).map((file) => `monitoring/${file}`)
  ]
  t.ok(files.length >= 10, `found ${files.length} YAML files`)
  for (const file of files) {
    t.doesNotThrow(() => readYamlDocuments(file), file)
    t.ok(readYamlDocuments(file).length > 0, `${file} is not empty`)
  }
  t.throws(() => readYamlDocuments('test/deploy/fixtures/duplicate-key.yaml'), /unique|duplicate/i, 'the reader does reject bad YAML')
})

t.test('kustomization lists every manifest but never the secret template', async (t) => {
  const kustomization = readYaml(`${K8S}/kustomization.yaml`)
  t.equal(kustomization.kind, 'Kustomization')
  const resources: string[] = kustomization.resources
  const manifests = readdirSync(new URL(`${K8S}/`, ROOT))
    .filter((file) => /\.ya?ml$/.test(file) && file !== 'kustomization.yaml' && file !== 'secret.example.yaml')
  t.same([...resources].sort(), [...manifests].sort(), 'every manifest is a resource, and every resource exists')
  t.notOk(resources.includes('secret.example.yaml'), 'applying the kustomization never overwrites the real Secret with placeholders')
  const image = kustomization.images.find((entry: Obj) => entry.name === container.image)
  t.ok(image, `the Deployment's image "${String(container.image)}" is set by kustomization images`)
  t.match(String(image?.newTag), /^\d+\.\d+\.\d+/, 'a pinned version tag, not latest')
})

t.test('Deployment: port and probes are the ones the app serves', async (t) => {
  const http = container.ports.find((port: Obj) => port.name === 'http')
  t.ok(http, 'a container port named http')
  t.equal(http.containerPort, DEFAULTS.PORT, 'the container port is the app default PORT')
  t.equal(Number(configMap.data.PORT ?? DEFAULTS.PORT), http.containerPort, 'the ConfigMap does not move the port away')
  t.equal(container.livenessProbe.httpGet.path, '/health')
  t.equal(container.readinessProbe.httpGet.path, '/ready')
  t.equal(container.startupProbe.httpGet.path, '/health')
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    t.equal(container[probe].httpGet.port, 'http', `${probe} targets the http port`)
  }
  const startupBudget = container.startupProbe.periodSeconds * container.startupProbe.failureThreshold
  t.ok(startupBudget >= 60, `the startup probe allows ${startupBudget} s (≥ 60 s) before liveness takes over`)
  t.ok(container.readinessProbe.timeoutSeconds * 1000 > DEFAULTS.READY_CHECK_TIMEOUT, 'the readiness timeout exceeds READY_CHECK_TIMEOUT')

  const { app } = await build(t)
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const path: string = container[probe].httpGet.path
    const response = await app.inject({ url: path })
    t.equal(response.statusCode, 200, `${probe} GET ${path} answers 200 on the real app`)
  }
  const annotations = deployment.spec.template.metadata.annotations
  t.equal(annotations['prometheus.io/scrape'], 'true')
  t.equal(Number(annotations['prometheus.io/port']), http.containerPort, 'metrics are scraped on the app port')
  const metrics = await app.inject({ url: annotations['prometheus.io/path'] })
  t.equal(metrics.statusCode, 200, `the scrape path ${String(annotations['prometheus.io/path'])} is served`)
  t.match(metrics.body, /# TYPE itb_http_requests_total counter/)
})

t.test('Deployment: rollout, shutdown timing, resources', async (t) => {
  t.equal(deployment.spec.replicas, 2)
  t.same(deployment.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } })
  t.same(deployment.spec.selector.matchLabels, pick(deployment.spec.template.metadata.labels, Object.keys(deployment.spec.selector.matchLabels)),
    'the selector matches the pod labels')

  const shutdown = Number(configMap.data.SHUTDOWN_TIMEOUT ?? DEFAULTS.SHUTDOWN_TIMEOUT)
  t.equal(DEFAULTS.SHUTDOWN_TIMEOUT, 10)
  const preStop: string[] = container.lifecycle.preStop.exec.command
  t.equal(preStop[0], 'sleep')
  const sleep = Number(preStop[1])
  t.ok(sleep >= 3, 'preStop waits for the endpoint to be removed')
  const grace = podSpec.terminationGracePeriodSeconds
  t.ok(grace > DEFAULTS.SHUTDOWN_TIMEOUT, 'terminationGracePeriodSeconds > default SHUTDOWN_TIMEOUT')
  t.ok(grace > shutdown + sleep, `grace ${String(grace)} s > preStop ${sleep} s + SHUTDOWN_TIMEOUT ${shutdown} s`)

  const { requests, limits } = container.resources
  t.ok(requests.cpu !== undefined && requests.memory !== undefined && limits.cpu !== undefined && limits.memory !== undefined,
    'CPU and memory requests and limits are set')
  t.ok(bytes(limits.memory) >= bytes(requests.memory), 'memory limit ≥ request')
})

t.test('Deployment: non-root, read-only root filesystem, writable DATA_DIR and /tmp', async (t) => {
  const pod = podSpec.securityContext
  t.equal(pod.runAsNonRoot, true)
  t.equal(pod.runAsUser, 1000, 'the image user node (uid 1000)')
  t.equal(pod.seccompProfile.type, 'RuntimeDefault')
  const security = container.securityContext
  t.equal(security.runAsNonRoot, true)
  t.equal(security.allowPrivilegeEscalation, false)
  t.equal(security.readOnlyRootFilesystem, true)
  t.same(security.capabilities.drop, ['ALL'])
  t.notOk(security.privileged, 'not privileged')
  t.equal(podSpec.automountServiceAccountToken, false, 'the app never talks to the Kubernetes API')
  t.equal(podSpec.enableServiceLinks, false, 'no injected REDIS_PORT=tcp://… from a Service named redis')
  t.throws(() => loadConfig({ env: { REDIS_PORT: 'tcp://10.0.0.1:6379' }, dotenvPath: false }), 'which the configuration check would refuse')

  const dataDir = configMap.data.DATA_DIR
  t.ok(dataDir.startsWith('/'), 'DATA_DIR is absolute in the ConfigMap')
  for (const path of [dataDir, '/tmp']) {
    const mount = container.volumeMounts.find((entry: Obj) => entry.mountPath === path)
    t.ok(mount, `${path} is mounted`)
    const volume = podSpec.volumes.find((entry: Obj) => entry.name === mount?.name)
    t.ok(volume?.emptyDir !== undefined, `${path} is an emptyDir`)
    t.notOk(mount?.readOnly, `${path} is writable`)
  }
})

t.test('Deployment env: the ConfigMap and Secret it loads exist and form a valid configuration', async (t) => {
  const sources = container.envFrom
  t.equal(sources[0].configMapRef.name, configMap.metadata.name)
  t.equal(sources[1].secretRef.name, secret.metadata.name, 'the Secret comes last, so it wins on a duplicate name')
  t.notOk(sources[1].secretRef.optional, 'a missing Secret stops the rollout instead of starting pods without API keys')

  const known = new Set(Object.keys(EnvSchema.properties))
  const secrets = new Set<string>(SECRET_VARIABLES)
  for (const name of Object.keys(configMap.data)) {
    t.ok(known.has(name), `ConfigMap ${name} is a configuration variable`)
    if (secrets.has(name)) t.notMatch(configMap.data[name], /@/, `ConfigMap ${name} carries no credentials`)
  }
  for (const [name, value] of Object.entries(secret.stringData as Record<string, string>)) {
    t.ok(known.has(name), `Secret ${name} is a configuration variable`)
    t.ok(secrets.has(name), `Secret ${name} is a secret variable (non-secrets go in the ConfigMap)`)
    t.equal(value, '', `Secret template ${name} holds no value`)
  }
  t.ok('API_KEYS' in secret.stringData, 'the Secret template has API_KEYS')

  t.throws(() => loadConfig({ env: { ...configMap.data, ...secret.stringData }, dotenvPath: false }), /API_KEYS: is required when Redis is configured/,
    'the pods refuse to start until the Secret has API_KEYS')
  const config = loadConfig({ env: { ...configMap.data, ...secret.stringData, API_KEYS: 'a-client-key-from-the-secret' }, dotenvPath: false })
  t.equal(config.TRUST_PROXY, '1', 'behind one proxy (the Ingress): its X-Forwarded-For entry, never the client\'s own')
  t.equal(config.WORKERS, '1', 'one process per pod')
  t.match(config.REDIS_URL, /^redis:\/\//, 'Redis is configured: replicas share conversations and rate limits')
})

t.test('Service, HPA and PDB point at the Deployment', async (t) => {
  const service = manifest('service.yaml', 'Service')
  const labels = deployment.spec.template.metadata.labels
  t.equal(service.spec.type, 'ClusterIP')
  t.same(service.spec.selector, pick(labels, Object.keys(service.spec.selector)), 'the selector matches the pods')
  const port = service.spec.ports[0]
  t.equal(port.port, 80)
  t.ok(container.ports.some((entry: Obj) => entry.name === port.targetPort), `targetPort ${String(port.targetPort)} is a named container port`)

  const hpa = manifest('hpa.yaml', 'HorizontalPodAutoscaler')
  t.equal(hpa.apiVersion, 'autoscaling/v2')
  t.same(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name })
  t.equal(hpa.spec.minReplicas, 2)
  t.equal(hpa.spec.maxReplicas, 6)
  t.equal(hpa.spec.metrics[0].resource.name, 'cpu')
  t.equal(hpa.spec.metrics[0].resource.target.averageUtilization, 70)
  t.ok(hpa.spec.minReplicas <= deployment.spec.replicas, 'the Deployment starts within the HPA range')

  const pdb = manifest('pdb.yaml', 'PodDisruptionBudget')
  t.equal(pdb.spec.minAvailable, 1)
  t.ok(pdb.spec.minAvailable < hpa.spec.minReplicas, 'a node drain can always evict one pod')
  t.same(pdb.spec.selector.matchLabels, pick(labels, Object.keys(pdb.spec.selector.matchLabels)))
})

// --- Dockerfile

const dockerfile = parseDockerfile(readText('Dockerfile'))
const runtimeStage = dockerfile.filter((entry) => entry.instruction === 'FROM').at(-1)?.stage as string
const runtime = dockerfile.filter((entry) => entry.stage === runtimeStage)
const only = (instruction: string): string[] => runtime.filter((entry) => entry.instruction === instruction).map((entry) => entry.args)

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

// --- compose.yaml

t.test('compose.yaml: app with Redis (AOF, healthcheck), optional .env, restart policy', async (t) => {
  const compose = readYaml('compose.yaml')
  const { app, redis } = compose.services
  t.equal(redis.image, 'redis:7-alpine')
  t.match(redis.command.join(' '), /--appendonly yes/, 'AOF persistence')
  t.ok(redis.volumes.some((volume: string) => volume.endsWith(':/data')), 'Redis data on a volume')
  t.ok(Object.keys(compose.volumes).includes(redis.volumes[0].split(':')[0]), 'a named volume')
  t.match(redis.healthcheck.test.join(' '), /redis-cli ping/)
  t.notOk(redis.ports, 'Redis is not published on the host')

  t.same(app.env_file, [{ path: '.env', required: false }], '.env is optional')
  t.equal(interpolateDefault(app.environment.REDIS_URL), 'redis://redis:6379', 'REDIS_URL points at the redis service')
  t.same(app.depends_on, { redis: { condition: 'service_healthy' } })
  t.ok(app.ports.some((port: string) => interpolateDefault(port).endsWith(`:${DEFAULTS.PORT}`)), 'the app port is published')
  t.match(app.restart, /^(unless-stopped|always|on-failure)/)
  t.ok(seconds(app.stop_grace_period) > DEFAULTS.SHUTDOWN_TIMEOUT, 'stop_grace_period > SHUTDOWN_TIMEOUT')
  const dockerHealth = execForm(only('HEALTHCHECK')[0]?.slice((only('HEALTHCHECK')[0] ?? '').indexOf('CMD')) ?? '')
  t.same(app.healthcheck.test, ['CMD', ...(dockerHealth ?? [])], 'the same health check as the Dockerfile')
  t.notMatch(JSON.stringify(app.healthcheck.test), /\$\{/, 'no $-brace expression that compose would interpolate')
  const data = app.volumes.find((volume: string) => volume.endsWith(':/app/data'))
  t.ok(data, 'DATA_DIR on a volume (the root filesystem is read-only)')
  t.equal(app.read_only, true)

  const config = loadConfig({ env: { REDIS_URL: interpolateDefault(app.environment.REDIS_URL), API_KEYS: 'from-the-env-file' }, dotenvPath: false })
  t.equal(config.REDIS_URL, 'redis://redis:6379')
})

t.test('compose.yaml: the stt profile runs an OpenAI-compatible transcription server the README wires up', async (t) => {
  const compose = readYaml('compose.yaml')
  const { whisper, app } = compose.services
  t.same(whisper.profiles, ['stt'], 'only with --profile stt')
  t.match(whisper.image, /:\d+\.\d+\.\d+-cpu$/, 'a pinned CPU image')
  t.notOk(whisper.ports, 'reached by the app only, not published')
  t.ok(Object.keys(compose.volumes).includes(whisper.volumes[0].split(':')[0]), 'models on a named volume')
  t.notOk(app.depends_on.whisper, 'the app starts without it (voice reports unavailable until configured)')
  const readme = readText('README.md')
  t.match(readme, /docker compose --profile stt up -d/)
  const url = /STT_BASE_URL=(http:\/\/whisper:(\d+)\/v1)/.exec(readme)
  t.ok(url, 'the README sets STT_BASE_URL to the whisper service')
  const config = loadConfig({ env: { STT_BASE_URL: url?.[1], STT_MODEL: 'Systran/faster-whisper-small' }, dotenvPath: false })
  t.equal(config.STT_BASE_URL, 'http://whisper:8000/v1')
})

// --- nginx

t.test('nginx.conf: HTTPS redirect, TLS 1.2/1.3, headers, upload limit, unbuffered SSE, private /metrics', async (t) => {
  const conf = parseNginx(readText('deploy/nginx.conf'))
  const http = directives(conf, 'http')[0]?.block
  const servers = directives(http, 'server').map((server) => server.block ?? [])
  const plain = servers.find((server) => directives(server, 'listen').some((listen) => listen.args[0] === '80'))
  const tls = servers.find((server) => directives(server, 'listen').some((listen) => listen.args.includes('ssl')))
  t.ok(plain, 'a server on port 80')
  t.ok(tls, 'a TLS server')
  const redirect = locationsOf(plain).find((location) => location.args.join(' ') === '/')
  t.match(directiveValue(redirect?.block, 'return'), /^301 https:\/\/\$host\$request_uri$/, 'HTTP redirects to HTTPS')

  t.equal(directiveValue(tls, 'ssl_protocols'), 'TLSv1.2 TLSv1.3')
  t.equal(directiveValue(tls, 'client_max_body_size'), '16m', 'client_max_body_size 16m (MAX_CONTENT_LENGTH)')
  t.equal(DEFAULTS.MAX_CONTENT_LENGTH, 16 * 1024 * 1024)
  const headers = directives(tls, 'add_header').map((header) => header.args[0]?.toLowerCase())
  for (const header of ['strict-transport-security', 'x-content-type-options', 'x-frame-options', 'referrer-policy']) {
    t.ok(headers.includes(header), `${header} is set`)
  }
  for (const timeout of ['proxy_read_timeout', 'proxy_send_timeout']) {
    t.ok(seconds(directiveValue(tls, timeout)) > DEFAULTS.REQUEST_TIMEOUT, `${timeout} > REQUEST_TIMEOUT (${DEFAULTS.REQUEST_TIMEOUT} s)`)
  }
  const forwarded = Object.fromEntries(directives(tls, 'proxy_set_header').map((header) => [header.args[0]?.toLowerCase(), header.args[1]]))
  t.equal(forwarded['x-forwarded-for'], '$remote_addr', 'X-Forwarded-For overwritten (TRUST_PROXY=1 cannot be spoofed)')
  t.equal(forwarded['x-forwarded-proto'], '$scheme')
  t.match(forwarded['x-request-id'], /^\$/, 'X-Request-Id passed to the app')
  t.equal(forwarded.connection, '', 'upstream keepalive')
  t.ok(directives(http, 'map').some((map) => map.args[0] === '$http_x_request_id' && (map.block ?? []).some((entry) => entry.args[0] === '$request_id')),
    'a request id is generated when the client sent none')

  const upstream = directives(http, 'upstream')[0]
  t.ok(directiveValue(upstream?.block, 'keepalive'), 'upstream keepalive')
  t.match(directiveValue(upstream?.block, 'server'), new RegExp(`:${DEFAULTS.PORT}\\b`))

  for (const path of ['/v1/chat', '/v1/audio']) {
    const location = locationsOf(tls).find((entry) => entry.args.join(' ') === `= ${path}`)
    t.ok(location, `a location for ${path}`)
    t.equal(directiveValue(location?.block, 'proxy_buffering'), 'off', `${path}: proxy_buffering off (SSE)`)
    t.equal(directiveValue(location?.block, 'proxy_cache'), 'off', `${path}: proxy_cache off`)
    t.match(directiveValue(location?.block, 'proxy_pass'), /^http:\/\//)
  }
  const metrics = locationsOf(tls).find((entry) => entry.args.join(' ') === '= /metrics')
  t.match(directiveValue(metrics?.block, 'return') ?? directiveValue(metrics?.block, 'deny'), /^(403|404|all)/, '/metrics is not exposed')
})

const missingTool = (command: string, args: string[]): boolean => spawnSync(command, args).error !== undefined
const nginxSkip = missingTool('nginx', ['-v']) ? 'nginx is not installed' : missingTool('openssl', ['version']) ? 'openssl is not installed' : false

t.test('nginx -t accepts deploy/nginx.conf', { skip: nginxSkip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'itb-nginx-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  const cert = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')])
  t.equal(cert.status, 0, 'a throwaway certificate')
  const conf = readText('deploy/nginx.conf')
    .replace(/\/etc\/letsencrypt\/live\/[^/]+\/fullchain\.pem/g, join(dir, 'cert.pem'))
    .replace(/\/etc\/letsencrypt\/live\/[^/]+\/privkey\.pem/g, join(dir, 'key.pem'))
    .replace(/\/var\/log\/nginx\//g, `${dir}/`)
    .replace(/^pid .*;$/m, `pid ${dir}/nginx.pid;`)
  writeFileSync(join(dir, 'nginx.conf'), conf)
  const result = spawnSync('nginx', ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' })
  t.equal(result.status, 0, 'nginx -t passes', { stderr: result.stderr })
})

// --- helpers

function locationsOf (server: NginxDirective[] | undefined): NginxDirective[] {
  return directives(server, 'location')
}

function pick (object: Obj, keys: string[]): Obj {
  return Object.fromEntries(keys.map((key) => [key, object[key]]))
}

/** "${NAME:-default}" → default (compose interpolation with nothing set). */
function interpolateDefault (value: string): string {
  return value.replace(/\$\{\w+:-([^}]*)\}/g, '$1')
}

function seconds (value: string | number | undefined): number {
  if (typeof value === 'number') return value
  const match = /^(\d+)\s*(ms|s|m|h)?$/.exec(value ?? '')
  if (match === null) return Number.NaN
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600 }[match[2] ?? 's'] as number
  return Number(match[1]) * factor
}

function bytes (value: string): number {
  const match = /^(\d+)(Ki|Mi|Gi)?$/.exec(value)
  if (match === null) return Number.NaN
  return Number(match[1]) * ({ Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[match[2] ?? ''] ?? 1)
}
