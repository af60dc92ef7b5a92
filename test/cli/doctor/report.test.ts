// The doctor's output lines, summary and secret masking.
import t from 'tap'
import { loadConfig } from '../../../src/config.ts'
import { formatDuration, formatResult, formatSummary, redact, secretValues, toAscii } from '../../../src/cli/doctor/index.ts'
import type { CheckResult } from '../../../src/cli/doctor/index.ts'

const results: CheckResult[] = [
  { name: 'redis', status: 'ok', durationMs: 3.2, detail: 'redis 7.0.15, AOF on' },
  { name: 'llm:together', status: 'fail', durationMs: 412, code: '401', detail: 'rejected the API key — check TOGETHER_API_KEY' },
  { name: 'pinecone', status: 'skip', detail: 'not configured (VECTOR_STORE resolves to local)' },
  { name: 'knowledge', status: 'warn', durationMs: 1520, detail: '"Kapan ITB didirikan?" → no passage' }
]

t.test('a terminal gets marks and aligned columns', async (t) => {
  t.same(results.map((result) => formatResult(result, { unicode: true })), [
    '✔ redis            3 ms     redis 7.0.15, AOF on',
    '✖ llm:together     401      rejected the API key — check TOGETHER_API_KEY',
    '– pinecone         not configured (VECTOR_STORE resolves to local)',
    '! knowledge        1.5 s    "Kapan ITB didirikan?" → no passage'
  ])
})

t.test('a pipe gets plain ASCII', async (t) => {
  t.same(results.map((result) => formatResult(result, { unicode: false })), [
    'ok   redis            3 ms     redis 7.0.15, AOF on',
    'FAIL llm:together     401      rejected the API key - check TOGETHER_API_KEY',
    '--   pinecone         not configured (VECTOR_STORE resolves to local)',
    'WARN knowledge        1.5 s    "Kapan ITB didirikan?" -> no passage'
  ])
  t.equal(toAscii('“Fakultas” ‘Seni’ Rupa… café 日本'), '"Fakultas" \'Seni\' Rupa... cafe ??')
  t.equal(formatDuration(undefined), '')
  t.equal(formatDuration(999.6), '1000 ms')
  t.equal(formatDuration(12_345), '12.3 s')
})

t.test('the summary counts each status', async (t) => {
  t.equal(formatSummary(results), '1 ok, 1 warning, 1 failed, 1 not configured')
  t.equal(formatSummary([results[0], results[3], results[3]]), '1 ok, 2 warnings')
  t.equal(formatSummary([]), '0 ok')
})

t.test('every configured secret is masked wherever it appears, and URL credentials too', async (t) => {
  const config = loadConfig({
    env: {
      API_KEYS: 'first-client-key,second-client-key',
      TOGETHER_API_KEY: 'tg-1234567890',
      REDIS_URL: 'redis://:pa55word@cache.internal:6379/0',
      LLM_API_KEY: 'abc',
      LLM_BASE_URL: 'http://llm.internal/v1',
      LLM_MODEL: 'local'
    },
    dotenvPath: false
  })
  const secrets = secretValues(config)
  t.ok(secrets.includes('second-client-key'), 'API_KEYS item by item')
  t.notOk(secrets.includes('abc'), 'values too short to be credentials are not masked')
  t.ok(secrets.indexOf('first-client-key,second-client-key') < secrets.indexOf('first-client-key'), 'longest first')
  t.equal(
    redact('key tg-1234567890 from second-client-key at redis://:pa55word@cache.internal:6379/0 and https://user:pw@example.com/x', secrets),
    'key *** from *** at *** and https://***@example.com/x'
  )
  t.equal(redact('nothing to hide', secrets), 'nothing to hide')
})
