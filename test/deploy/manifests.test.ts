// The Kubernetes manifests against the real app: YAML that parses, probes and ports the app really
// serves, the security settings, graceful-shutdown timings, and the configuration they load. The
// Dockerfile, compose.yaml and the nginx configuration have their own test files. No Kubernetes needed.
import { readdirSync } from 'node:fs'
import t from 'tap'
import { EnvSchema, SECRET_VARIABLES } from '../../schemas/env.ts'
import { loadConfig } from '../../src/config.ts'
import { build } from '../support/helpers/app.ts'
import { K8S, ROOT, readManifest as manifest, readYaml, readYamlDocuments } from './files.ts'

const DEFAULTS = loadConfig({ env: {}, dotenvPath: false })

type Obj = Record<string, any>

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

// --- helpers

function pick (object: Obj, keys: string[]): Obj {
  return Object.fromEntries(keys.map((key) => [key, object[key]]))
}

function bytes (value: string): number {
  const match = /^(\d+)(Ki|Mi|Gi)?$/.exec(value)
  if (match === null) return Number.NaN
  return Number(match[1]) * ({ Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[match[2] ?? ''] ?? 1)
}
