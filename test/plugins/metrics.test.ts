import parsePrometheusTextFormat from 'parse-prometheus-text-format'
import t from 'tap'
import { startFakeChat } from '../support/fakes/openai-chat.ts'
import { build, rawRequest, TEST_API_KEY, waitFor } from '../support/helpers/app.ts'
import { startRedis } from '../support/helpers/redis-server.ts'

type Families = ReturnType<typeof parsePrometheusTextFormat>

const family = (families: Families, name: string) => families.find((item) => item.name === name)
/** The parser drops the labels of histogram series: read a labelled histogram's count from the text. */
const histogramCount = (text: string, name: string, labels: string): number =>
  Number(new RegExp(`^${name}_count\\{${labels.replace(/[{}]/g, '')}\\} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN)
const sample = (families: Families, name: string, labels: Record<string, string>) =>
  family(families, name)?.metrics.find((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value))

t.test('/metrics is Prometheus text a parser reads, with traffic, external calls, tokens, failovers and process metrics', async (t) => {
  const primary = await startFakeChat({ apiKey: 'p', respond: () => ({ status: 500 }) })
  const fallback = await startFakeChat({ apiKey: 'f' })
  t.teardown(async () => { await primary.close(); await fallback.close() })
  const redis = await startRedis()
  t.teardown(redis.destroy)
  const { app } = await build(t, {
    REDIS_URL: redis.url,
    RATE_LIMIT_PER_HOUR: '2',
    TOGETHER_API_KEY: 'p',
    TOGETHER_BASE_URL: primary.baseURL,
    OPENAI_API_KEY: 'f',
    OPENAI_BASE_URL: fallback.baseURL
  })
  await waitFor(() => app.redis?.status === 'ready')
  // Two conversations: within one, a short repeated question is searched with the previous one.
  const headers = (index: number) => ({ 'x-api-key': TEST_API_KEY, 'x-conversation-id': `metrics-${index}` })
  await app.inject({ url: '/health' })
  await app.inject({ url: '/no/such/page/12345' })
  for (let index = 0; index < 2; index++) {
    t.equal((await app.inject({ method: 'POST', url: '/v1/chat', headers: headers(index), payload: { message: 'Kapan ITB didirikan?' } })).statusCode, 200)
  }
  t.equal((await app.inject({ method: 'POST', url: '/v1/chat', headers: headers(0), payload: { message: 'Kapan ITB didirikan?' } })).statusCode, 429)

  const response = await app.inject({ url: '/metrics' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /text\/plain/)
  const families = parsePrometheusTextFormat(response.body)

  t.equal(sample(families, 'itb_http_requests_total', { route: '/health', method: 'GET', status: '200' })?.value, '1')
  t.ok(sample(families, 'itb_http_requests_total', { route: 'not-found', status: '404' }), 'unknown paths share one label value')
  t.notMatch(response.body, /12345/, 'no raw URL becomes a label')
  t.equal(family(families, 'itb_http_request_duration_seconds')?.type, 'HISTOGRAM')
  t.equal(family(families, 'itb_http_requests_in_flight')?.type, 'GAUGE')
  t.equal(family(families, 'itb_external_call_duration_seconds')?.type, 'HISTOGRAM')
  // One model call per turn (the search runs before it), so one failed primary call and one answer each.
  t.equal(histogramCount(response.body, 'itb_external_call_duration_seconds', 'service="llm-together",outcome="error"'), 2, 'each failed primary call')
  t.equal(histogramCount(response.body, 'itb_external_call_duration_seconds', 'service="llm-openai",outcome="ok"'), 2, 'one answer per turn')
  t.ok(histogramCount(response.body, 'itb_external_call_duration_seconds', 'service="redis",outcome="ok"') > 0, 'Redis commands are timed')
  t.equal(sample(families, 'itb_llm_failovers_total', { from: 'together', to: 'openai' })?.value, '2')
  t.ok(Number(sample(families, 'itb_llm_tokens_total', { provider: 'openai', direction: 'input' })?.value) > 0)
  t.ok(Number(sample(families, 'itb_llm_tokens_total', { provider: 'openai', direction: 'output' })?.value) > 0)
  t.equal(sample(families, 'itb_rate_limit_rejections_total', {})?.value, '1')
  t.equal(sample(families, 'itb_conversation_turns_total', { mode: 'generative', channel: 'text' })?.value, '2')
  t.equal(histogramCount(response.body, 'itb_model_calls_per_turn', 'mode="generative"'), 2, 'model calls observed per turn')
  t.match(response.body, /^itb_model_calls_per_turn_bucket\{le="1",mode="generative"\} 2$/m, 'each turn made one model call')
  t.equal(family(families, 'itb_event_loop_delay_seconds')?.type, 'HISTOGRAM')
  t.equal(sample(families, 'itb_cache_requests_total', { cache: 'retrieval_memory', result: 'miss' })?.value, '1')
  t.equal(sample(families, 'itb_cache_requests_total', { cache: 'retrieval', result: 'miss' })?.value, '1', 'a first question goes on to Redis')
  t.equal(sample(families, 'itb_cache_requests_total', { cache: 'retrieval_memory', result: 'hit' })?.value, '1', 'the same question again comes from process memory')
  t.equal(sample(families, 'itb_redis_up', {})?.value, '1')
  for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds']) {
    t.ok(family(families, name), `${name} (default process metrics)`)
  }

  await redis.stop()
  await waitFor(() => app.redis?.status !== 'ready')
  const down = parsePrometheusTextFormat((await app.inject({ url: '/metrics' })).body)
  t.equal(sample(down, 'itb_redis_up', {})?.value, '0', 'Redis down is visible')
})

t.test('METRICS_TOKEN protects /metrics with a bearer token', async (t) => {
  const { app } = await build(t, { METRICS_TOKEN: 'scrape-secret-123' })
  const missing = await app.inject({ url: '/metrics' })
  t.equal(missing.statusCode, 401)
  t.match(missing.json(), { code: 'METRICS_UNAUTHORIZED', requestId: String })
  // A 401 names the scheme it wants (RFC 9110 §11.6.1, RFC 6750 §3); it had no challenge.
  t.equal(missing.headers['www-authenticate'], 'Bearer realm="metrics"')
  const wrong = await app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })
  t.equal(wrong.statusCode, 401)
  t.equal(wrong.headers['www-authenticate'], 'Bearer realm="metrics", error="invalid_token"')
  t.equal((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer scrape-secret-123' } })).statusCode, 200)
  // The scheme is case-insensitive (RFC 9110 §11.1); the token is not.
  for (const authorization of ['bearer scrape-secret-123', 'BEARER scrape-secret-123', 'Bearer  scrape-secret-123']) {
    t.equal((await app.inject({ url: '/metrics', headers: { authorization } })).statusCode, 200, authorization)
  }
  for (const authorization of ['Bearer SCRAPE-SECRET-123', 'Basic scrape-secret-123', 'Bearerscrape-secret-123', 'scrape-secret-123']) {
    t.equal((await app.inject({ url: '/metrics', headers: { authorization } })).statusCode, 401, authorization)
  }
  const open = await build(t)
  t.equal((await open.app.inject({ url: '/metrics' })).statusCode, 200, 'public without a token')
  t.equal(parsePrometheusTextFormat((await open.app.inject({ url: '/metrics' })).body).find((item) => item.name === 'itb_redis_up')?.metrics.length ?? 0, 0, 'no Redis gauge value without Redis')
})

t.test('a METRICS_TOKEN with characters past ASCII works as scrapers send it (UTF-8), and is warned about at start', async (t) => {
  const token = 'rahasia-metrik-éé-€-123'
  const { app, logs } = await build(t, { METRICS_TOKEN: token })
  await app.listen({ port: 0, host: '127.0.0.1' })
  // Node reads a header's bytes as Latin-1; curl, Prometheus and Node's fetch send UTF-8 (rawRequest
  // writes its text so): as the API keys were (469ea57), it was refused 401 whatever was sent.
  const sent = async (candidate: string) => (await rawRequest(app, `GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer ${candidate}\r\n\r\n`)).split('\r\n')[0]
  t.equal(await sent(token), 'HTTP/1.1 200 OK', 'sent as UTF-8')
  t.equal(await sent('rahasia-metrik-éé-€-124'), 'HTTP/1.1 401 Unauthorized', 'another token is still refused')
  const warnings = logs.lines().filter((line) => line.msg?.toString().includes('METRICS_TOKEN'))
  t.match(warnings, [{ level: 40 }], 'one warning at start')
  t.notMatch(JSON.stringify(warnings), /rahasia/, 'without the token')
  const plain = await build(t, { METRICS_TOKEN: 'scrape-secret-123' })
  t.equal(plain.logs.lines().filter((line) => line.msg?.toString().includes('METRICS_TOKEN')).length, 0, 'an ASCII token is not warned about')
})
