// The Grafana dashboard and the Prometheus alert rules read only metrics the service documents and
// really exports (with their labels), and the alerts cover what must page. promtool, when it is
// installed, also checks the rules, runs their unit tests and parses every dashboard query.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { collectDefaultMetrics, Registry } from 'prom-client'
import t from 'tap'
import { build } from '../support/helpers/app.ts'
import { freePort } from '../support/helpers/redis-server.ts'
import { ROOT, baseMetricName, groupingLabels, metricNames, readText, readYaml, selectorLabels } from './files.ts'

/** The service's metrics as documented (docs/deployment.md, src/plugins/metrics.ts). */
const DOCUMENTED: Record<string, { type: 'counter' | 'gauge' | 'histogram', labels: string[] }> = {
  itb_http_requests_total: { type: 'counter', labels: ['route', 'method', 'status'] },
  itb_http_request_duration_seconds: { type: 'histogram', labels: ['route', 'method', 'status'] },
  itb_http_requests_in_flight: { type: 'gauge', labels: [] },
  itb_external_call_duration_seconds: { type: 'histogram', labels: ['service', 'outcome'] },
  itb_llm_tokens_total: { type: 'counter', labels: ['provider', 'direction'] },
  itb_llm_failovers_total: { type: 'counter', labels: ['from', 'to'] },
  itb_cache_requests_total: { type: 'counter', labels: ['cache', 'result'] },
  itb_rate_limit_rejections_total: { type: 'counter', labels: [] },
  itb_redis_up: { type: 'gauge', labels: [] },
  itb_conversation_turns_total: { type: 'counter', labels: ['mode', 'channel'] },
  itb_model_calls_per_turn: { type: 'histogram', labels: ['mode'] },
  itb_event_loop_delay_seconds: { type: 'histogram', labels: [] },
  itb_idle_gc_duration_seconds: { type: 'histogram', labels: [] },
  itb_idle_gc_released_bytes_total: { type: 'counter', labels: [] }
}

/** Documented values of the labels with a closed set. */
const LABEL_VALUES: Record<string, string[]> = {
  service: ['llm-together', 'llm-openai', 'llm-custom', 'embeddings', 'pinecone', 'prosa-stt', 'openai-stt', 'prosa-tts', 'openai-tts', 'espeak-tts', 'emotion', 'redis'],
  outcome: ['ok', 'error', 'timeout'],
  direction: ['input', 'output'],
  result: ['hit', 'miss', 'error'],
  channel: ['text', 'voice']
}

/** Labels Prometheus adds to every series, and the histogram bucket label. */
const TARGET_LABELS = ['job', 'instance', 'le']

type Obj = Record<string, any>

const alertsText = readText('monitoring/prometheus-alerts.yaml')
const alerts = readYaml('monitoring/prometheus-alerts.yaml')
const rules: Obj[] = alerts.groups.flatMap((group: Obj) => group.rules)
const dashboardText = readText('monitoring/grafana-dashboard.json')
const dashboard = JSON.parse(dashboardText) as Obj
const panels: Obj[] = dashboard.panels
const dashboardExpressions: string[] = [
  ...panels.flatMap((panel) => (panel.targets ?? []).map((target: Obj) => target.expr as string)),
  ...dashboard.templating.list.filter((variable: Obj) => variable.type === 'query').map((variable: Obj) => variable.definition as string)
]
const alertExpressions = rules.map((rule) => rule.expr as string)

async function defaultMetricNames (): Promise<Set<string>> {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  return new Set((await registry.getMetricsAsJSON()).map((metric) => metric.name))
}

t.test('every itb_ metric in the alerts and the dashboard is a documented one', async (t) => {
  for (const [file, text] of [['prometheus-alerts.yaml', alertsText], ['grafana-dashboard.json', dashboardText]] as const) {
    const names = metricNames(text)
    t.ok(names.length >= 4, `${file} uses ${names.length} itb_ metrics`)
    for (const name of names) t.ok(name in DOCUMENTED, `${file}: ${name} is documented`)
  }
  t.same(metricNames('rate(itb_made_up_total[5m]) + itb_http_request_duration_seconds_bucket'), ['itb_made_up_total', 'itb_http_request_duration_seconds'],
    'the extraction strips _bucket/_sum/_count and sees unknown names')
  t.notOk('itb_made_up_total' in DOCUMENTED)
})

t.test('process and Node.js metrics exist in prom-client\'s default metrics', async (t) => {
  const defaults = await defaultMetricNames()
  const pattern = /\b((?:process|nodejs)_[a-z0-9_]+)/g
  const used = new Set([...metricNames(alertsText, pattern), ...metricNames(dashboardText, pattern)])
  t.ok(used.size >= 3, 'the dashboard shows process metrics')
  for (const name of used) t.ok(defaults.has(name), `${name} is a prom-client default metric`)
  for (const name of ['process_resident_memory_bytes', 'process_cpu_seconds_total']) t.ok(used.has(name), `the dashboard shows ${name}`)
  t.ok([...used].some((name) => name.startsWith('nodejs_eventloop_lag')), 'the dashboard shows event-loop lag')
})

t.test('label matchers and groupings use the documented labels and values', async (t) => {
  for (const expression of [...alertExpressions, ...dashboardExpressions]) {
    for (const { metric, labels } of selectorLabels(expression)) {
      const known = DOCUMENTED[metric]
      if (known === undefined) continue
      for (const label of labels) t.ok([...known.labels, ...TARGET_LABELS].includes(label), `${metric}{${label}} exists`)
    }
    const used = metricNames(expression).map((name) => DOCUMENTED[name]?.labels ?? [])
    const allowed = new Set([...TARGET_LABELS, ...used.flat()])
    for (const label of groupingLabels(expression)) t.ok(allowed.has(label), `by (${label}) is a label of ${metricNames(expression).join(', ')}`)
    for (const match of expression.matchAll(/\b([a-z_]+)\s*(=|!=)\s*"([^"]*)"/g)) {
      const [, label, , value] = match as unknown as [string, string, string, string]
      if (label in LABEL_VALUES) t.ok(LABEL_VALUES[label]?.includes(value), `${label}="${value}" is a documented value`)
    }
  }
  t.same(groupingLabels('sum by (le, service) (x) / sum without (instance) (y)'), ['le', 'service', 'instance'])
  t.same(selectorLabels('rate(itb_cache_requests_total{job=~"a", result="hit"}[5m])'), [{ metric: 'itb_cache_requests_total', labels: ['job', 'result'] }])
})

t.test('the app exports every documented metric with its type and labels', async (t) => {
  // Redis configured but unreachable: itb_redis_up is exported (0); without Redis it is absent.
  const { app } = await build(t, { REDIS_URL: `redis://127.0.0.1:${await freePort()}` })
  await app.inject({ url: '/health' })
  const response = await app.inject({ url: '/metrics' })
  t.equal(response.statusCode, 200)
  for (const [name, { type }] of Object.entries(DOCUMENTED)) {
    t.match(response.body, new RegExp(`^# TYPE ${name} ${type}$`, 'm'), `${name} is a ${type}`)
  }
  t.match(response.body, /^itb_http_requests_total\{route="\/health",method="GET",status="200"\} 1$/m, 'HTTP metrics carry route, method, status')
  t.match(response.body, /^itb_http_request_duration_seconds_bucket\{le="[^"]+",route="\/health",method="GET",status="200"\} \d+$/m)
  t.match(response.body, /^itb_redis_up 0$/m, 'Redis down shows as 0')
  t.match(response.body, /^process_resident_memory_bytes \d+/m, 'default process metrics are on')
  t.match(response.body, /^nodejs_eventloop_lag_p99_seconds /m)
})

t.test('the dashboard: valid Grafana JSON covering every documented metric', async (t) => {
  t.equal(dashboard.uid, 'itb-chatbot')
  t.ok(typeof dashboard.title === 'string' && dashboard.title !== '')
  t.ok(Number.isInteger(dashboard.schemaVersion))
  const datasource = dashboard.templating.list.find((variable: Obj) => variable.type === 'datasource')
  t.equal(datasource?.query, 'prometheus', 'the Prometheus data source is a variable (no hard-coded uid)')
  const datasourceUid = '$' + '{datasource}'
  const ids = panels.map((panel) => panel.id)
  t.equal(new Set(ids).size, ids.length, 'panel ids are unique')
  for (const panel of panels) {
    const { x, y, w, h } = panel.gridPos
    t.ok(x >= 0 && w > 0 && x + w <= 24 && y >= 0 && h > 0, `${String(panel.title)} fits the 24-column grid`)
    if (panel.type === 'row') continue
    t.ok(panel.targets?.length > 0, `${String(panel.title)} has queries`)
    t.equal(panel.datasource?.uid, datasourceUid, `${String(panel.title)} uses the data source variable`)
    const refIds = panel.targets.map((target: Obj) => target.refId)
    t.equal(new Set(refIds).size, refIds.length, `${String(panel.title)} has unique refIds`)
    for (const target of panel.targets) t.ok(typeof target.expr === 'string' && target.expr.length > 0)
  }
  const used = new Set(dashboardExpressions.flatMap((expression) => metricNames(expression)))
  for (const name of Object.keys(DOCUMENTED)) t.ok(used.has(name), `the dashboard shows ${name}`)
  const titles = panels.map((panel) => String(panel.title).toLowerCase()).join('\n')
  for (const topic of ['error rate', 'p50', 'p95', 'p99', 'in flight', 'cache hit', 'failover', 'tokens', 'redis up', 'memory', 'cpu', 'event loop']) {
    t.match(titles, topic, `a panel about ${topic}`)
  }
})

t.test('the alert rules: well formed, and the required alerts are there', async (t) => {
  t.ok(Array.isArray(alerts.groups) && alerts.groups.length > 0, 'rule groups')
  const names = rules.map((rule) => rule.alert)
  t.equal(new Set(names).size, names.length, 'alert names are unique')
  for (const rule of rules) {
    t.ok(typeof rule.alert === 'string' && typeof rule.expr === 'string', `${String(rule.alert)} has a name and an expression`)
    t.match(rule.for, /^\d+[smh]$/, `${String(rule.alert)} has a for: duration`)
    t.match(rule.labels?.severity, /^(critical|warning|info)$/, `${String(rule.alert)} has a severity`)
    t.ok(typeof rule.annotations?.summary === 'string', `${String(rule.alert)} has a summary`)
  }
  const find = (description: string, test: (rule: Obj) => boolean): Obj | undefined => {
    const rule = rules.find(test)
    t.ok(rule, description)
    return rule
  }
  const expr = (rule: Obj): string => rule.expr.replace(/\s+/g, ' ')
  const errors = find('5xx / all > 5 % for 5m', (rule) => /status=~"5\.\."/.test(rule.expr) && /\)\s*>\s*0\.05\b/.test(expr(rule)))
  t.equal(errors?.for, '5m')
  const latency = find('p95 latency > 30 s for 10m', (rule) => /histogram_quantile\(0\.95,/.test(expr(rule)) && /itb_http_request_duration_seconds_bucket/.test(rule.expr) && /\)\s*>\s*30\b/.test(expr(rule)))
  t.equal(latency?.for, '10m')
  const failovers = find('LLM failovers > 0.1/s for 10m', (rule) => /itb_llm_failovers_total/.test(rule.expr) && />\s*0\.1\b/.test(rule.expr))
  t.equal(failovers?.for, '10m')
  const redis = find('Redis down', (rule) => /itb_redis_up\b/.test(rule.expr) && /==\s*0\b/.test(rule.expr))
  t.equal(redis?.for, '1m')
  t.equal(redis?.labels.severity, 'critical')
  find('instance down (up == 0)', (rule) => /\bup\{[^}]*\}\s*==\s*0\b/.test(rule.expr))
})

const promtoolSkip = spawnSync('promtool', ['--version']).error !== undefined ? 'promtool is not installed (Debian: apt-get install prometheus)' : false

t.test('promtool: the rules check, their unit tests pass, every dashboard query parses', { skip: promtoolSkip }, async (t) => {
  const monitoring = fileURLToPath(new URL('monitoring/', ROOT))
  const check = spawnSync('promtool', ['check', 'rules', join(monitoring, 'prometheus-alerts.yaml')], { encoding: 'utf8' })
  t.equal(check.status, 0, 'promtool check rules', { output: check.stdout + check.stderr })
  const unit = spawnSync('promtool', ['test', 'rules', join(monitoring, 'prometheus-alerts.test.yaml')], { encoding: 'utf8' })
  t.equal(unit.status, 0, 'promtool test rules', { output: unit.stdout + unit.stderr })

  // Each dashboard query, with Grafana's variables filled in, as a recording rule promtool parses.
  const dir = mkdtempSync(join(tmpdir(), 'itb-dashboard-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  const recording = dashboardExpressions.filter((expression) => !expression.startsWith('label_values(')).map((expression, index) => ({
    record: `dashboard:query:${index}`,
    expr: expression.replaceAll('$__rate_interval', '5m').replaceAll('$job', '.*').replaceAll('$instance', '.*')
  }))
  writeFileSync(join(dir, 'dashboard.yaml'), JSON.stringify({ groups: [{ name: 'dashboard', rules: recording }] }))
  const queries = spawnSync('promtool', ['check', 'rules', join(dir, 'dashboard.yaml')], { encoding: 'utf8' })
  t.equal(queries.status, 0, `${recording.length} dashboard queries parse`, { output: queries.stdout + queries.stderr })
  t.equal(baseMetricName('x_count'), 'x')
})
