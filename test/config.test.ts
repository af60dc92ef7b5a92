import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { ConfigError, loadConfig, parseList, readConfig, trustProxyOf } from '../src/config.ts'

t.test('defaults give a working zero-config service', async (t) => {
  const config = loadConfig({ env: {}, dotenvPath: false })
  t.equal(config.HOST, '0.0.0.0')
  t.equal(config.PORT, 8000)
  t.equal(config.PINECONE_INDEX_NAME, 'informasi-umum-itb')
  t.equal(config.CONVERSATION_TTL, 86400)
  t.equal(config.RATE_LIMIT_PER_HOUR, 100)
  t.equal(config.MAX_CONTENT_LENGTH, 16 * 1024 * 1024)
  t.equal(config.API_KEY, undefined)
  t.equal(config.REDIS_HOST, undefined, 'Redis is off unless configured')
})

t.test('values are coerced from strings and unknown variables are dropped', async (t) => {
  const config = loadConfig({ env: { PORT: '9000', RATE_LIMIT_ENABLED: 'false', SENTRY_TRACES_SAMPLE_RATE: '0.25', PATH: '/bin' }, dotenvPath: false })
  t.equal(config.PORT, 9000)
  t.equal(config.RATE_LIMIT_ENABLED, false)
  t.equal(config.SENTRY_TRACES_SAMPLE_RATE, 0.25)
  t.notOk('PATH' in config)
})

t.test('empty values mean unset, as in the prototype .env', async (t) => {
  const config = loadConfig({ env: { SENTRY_DSN: '', PORT: ' ', API_KEY: '' }, dotenvPath: false })
  t.equal(config.SENTRY_DSN, undefined)
  t.equal(config.PORT, 8000)
  t.equal(config.API_KEY, undefined)
})

t.test('every problem is listed at once, by variable name, without values', async (t) => {
  const secret = ':super-secret-password@localhost:6379'
  const error = t.throws(() => loadConfig({
    env: { PORT: 'eighty', LOG_LEVEL: 'loud', RATE_LIMIT_PER_HOUR: '0', REDIS_URL: secret, SENTRY_TRACES_SAMPLE_RATE: '2' },
    dotenvPath: false
  })) as ConfigError
  t.ok(error instanceof ConfigError)
  for (const name of ['PORT', 'LOG_LEVEL', 'RATE_LIMIT_PER_HOUR', 'REDIS_URL', 'SENTRY_TRACES_SAMPLE_RATE']) {
    t.match(error.message, new RegExp(`- ${name}: `), `${name} is named`)
  }
  t.equal(error.problems.length, 5)
  t.notMatch(error.message, /super-secret-password/)
  t.notMatch(error.message, /eighty/)
})

t.test('cross-variable requirements are checked', async (t) => {
  const error = t.throws(() => loadConfig({
    env: { VECTOR_STORE: 'pinecone', CHUNK_SIZE: '500', CHUNK_OVERLAP: '600', LANGCHAIN_TRACING_V2: 'true' },
    dotenvPath: false
  })) as ConfigError
  t.match(error.message, /PINECONE_API_KEY: is required when VECTOR_STORE=pinecone/)
  t.match(error.message, /CHUNK_OVERLAP: must be smaller than CHUNK_SIZE/)
  t.match(error.message, /LANGSMITH_API_KEY: is required when tracing is on/)
})

t.test('.env is read and the real environment wins over it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'itb-env-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  const file = join(dir, '.env')
  writeFileSync(file, 'PORT=9100\nHOST=127.0.0.1\n# a comment\nCACHE_TTL=60\n')
  const config = loadConfig({ env: { PORT: '9200' }, dotenvPath: file })
  t.equal(config.PORT, 9200)
  t.equal(config.HOST, '127.0.0.1')
  t.equal(config.CACHE_TTL, 60)
  t.same(loadConfig({ env: {}, dotenvPath: join(dir, 'missing.env') }).PORT, 8000, 'a missing .env is fine')
})

t.test('parseList splits comma lists', async (t) => {
  t.same(parseList(' a, b ,,c '), ['a', 'b', 'c'])
  t.same(parseList(undefined), [])
})

t.test('the server refuses to start on a bad configuration, exits non-zero and prints no secret', async (t) => {
  const result = spawnSync(process.execPath, ['src/server.ts'], {
    env: { PATH: process.env.PATH, PORT: '-1', API_KEYS: 'a-very-secret-key-value', REDIS_URL: 'ftp://hidden-password@x' },
    encoding: 'utf8',
    // Loading every module takes over 20 s on a loaded 2-core machine: only a hang should fail this.
    timeout: 120_000
  })
  t.equal(result.status, 1)
  t.match(result.stderr, /Invalid configuration \(2 problems\)/)
  t.match(result.stderr, /- PORT: /)
  t.match(result.stderr, /- REDIS_URL: /)
  t.notMatch(result.stderr + result.stdout, /a-very-secret-key-value|hidden-password/)
})

t.test('TRUST_PROXY: false, a hop count or proxy addresses; "true" and junk are refused with the reason', async (t) => {
  const trust = (value: string) => trustProxyOf(loadConfig({ env: { TRUST_PROXY: value }, dotenvPath: false }).TRUST_PROXY)
  t.equal(trustProxyOf(loadConfig({ env: {}, dotenvPath: false }).TRUST_PROXY), false, 'off by default')
  t.equal(trust('false'), false)
  t.equal(trust('1'), 1)
  t.same(trust('10.0.0.0/8, 127.0.0.1,::1, fd00::/8, loopback'), ['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback'])
  t.throws(() => loadConfig({ env: { TRUST_PROXY: 'true' }, dotenvPath: false }), { name: 'ConfigError', message: /TRUST_PROXY: "true" would trust any X-Forwarded-For/ })
  for (const junk of ['yes', '10.0.0.0/33', '10.0.0.1/8/1', 'nginx', '12', '1.2.3']) {
    t.throws(() => loadConfig({ env: { TRUST_PROXY: junk }, dotenvPath: false }), { name: 'ConfigError', message: /TRUST_PROXY: must be false, a number of proxies/ }, junk)
  }
})

t.test('several worker processes without Redis refuse to start: conversations would be split between them', async (t) => {
  t.throws(() => loadConfig({ env: { WORKERS: '2' }, dotenvPath: false }), { name: 'ConfigError', message: /WORKERS: 2 processes need Redis/ })
  t.doesNotThrow(() => loadConfig({ env: { WORKERS: '2', REDIS_URL: 'redis://redis:6379', API_KEYS: 'k1' }, dotenvPath: false }))
  t.doesNotThrow(() => loadConfig({ env: { WORKERS: '1' }, dotenvPath: false }))
})

t.test('an upload memory budget smaller than the largest upload refuses to start (every large upload would be 503)', async (t) => {
  t.throws(() => loadConfig({ env: { AUDIO_UPLOAD_MEMORY: String(1024 * 1024), MAX_CONTENT_LENGTH: String(2 * 1024 * 1024) }, dotenvPath: false }),
    { name: 'ConfigError', message: /AUDIO_UPLOAD_MEMORY: must be at least MAX_CONTENT_LENGTH/ })
  t.doesNotThrow(() => loadConfig({ env: { AUDIO_UPLOAD_MEMORY: String(2 * 1024 * 1024), MAX_CONTENT_LENGTH: String(2 * 1024 * 1024) }, dotenvPath: false }))
})

t.test('Redis without an API key refuses to start: every instance would invent its own key', async (t) => {
  for (const redis of [{ REDIS_URL: 'redis://redis:6379' }, { REDIS_HOST: 'redis' }]) {
    t.throws(() => loadConfig({ env: redis, dotenvPath: false }), { name: 'ConfigError', message: /API_KEYS: is required when Redis is configured/ })
    t.doesNotThrow(() => loadConfig({ env: { ...redis, API_KEYS: 'k1,k2' }, dotenvPath: false }))
    t.doesNotThrow(() => loadConfig({ env: { ...redis, API_KEY: 'k1' }, dotenvPath: false }))
  }
  t.doesNotThrow(() => loadConfig({ env: {}, dotenvPath: false }), 'without Redis a zero-config start still generates a key')
})

t.test('each message says what is accepted: the allowed values, the range, the URL schemes, the format', async (t) => {
  const problems = (env: Record<string, string>): string[] => (t.throws(() => loadConfig({ env, dotenvPath: false })) as ConfigError).problems
  t.same(problems({ LOG_LEVEL: 'verbose' }), ['LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent'])
  t.same(problems({ STT_PROVIDER: 'whisper' }), ['STT_PROVIDER: must be one of prosa, openai, none'])
  t.same(problems({ PORT: 'abc' }), ['PORT: must be an integer from 0 to 65535'])
  t.same(problems({ PORT: '70000' }), ['PORT: must be an integer from 0 to 65535'])
  t.same(problems({ SHUTDOWN_TIMEOUT: '-5' }), ['SHUTDOWN_TIMEOUT: must be a number above 0, at most 3600'])
  // Within the 5 s after SHUTDOWN_TIMEOUT, leaving at least 1 s to close Redis.
  for (const settle of ['0', '4.5']) t.same(problems({ SHUTDOWN_TURN_SETTLE: settle }), ['SHUTDOWN_TURN_SETTLE: must be a number above 0, at most 4'])
  t.same(problems({ RATE_LIMIT_PER_HOUR: '0' }), ['RATE_LIMIT_PER_HOUR: must be an integer of at least 1'])
  t.same(problems({ DEMO_ENABLED: 'yes' }), ['DEMO_ENABLED: must be true or false'])
  t.same(problems({ REDIS_URL: 'localhost:6379', API_KEYS: 'k1' }), ['REDIS_URL: must be a URL starting with redis:// or rediss://'])
  t.same(problems({ SENTRY_DSN: 'not-a-url' }), ['SENTRY_DSN: must be a URL starting with http:// or https://'])
  t.same(problems({ PROSA_TTS_URL: 'https://x' }), ['PROSA_TTS_URL: must be a URL starting with ws:// or wss://'])
  const [workers = ''] = problems({ WORKERS: '0' })
  t.notMatch(workers, /URL/, 'WORKERS is not a URL')
  t.match(workers, /^WORKERS: must be .*"auto"/)
  t.match(problems({ ESPEAK_VOICE: 'Indonesian!' })[0], /^ESPEAK_VOICE: must be an espeak-ng voice name/)
  t.match(problems({ ESPEAK_VOICE_EN: '-v en' })[0], /^ESPEAK_VOICE_EN: must be an espeak-ng voice name such as en/)
})

t.test('a number too large to hold exactly is refused instead of read as 1e+23', async (t) => {
  t.throws(() => loadConfig({ env: { CONVERSATION_TTL: '99999999999999999999999' }, dotenvPath: false }),
    { name: 'ConfigError', message: /CONVERSATION_TTL: must be an integer of at least 60/ })
  t.throws(() => loadConfig({ env: { CACHE_TTL: '1e30' }, dotenvPath: false }), { name: 'ConfigError', message: /CACHE_TTL: / })
})

t.test('a variable one typo away from a real one is warned about, naming the one meant; others are not', async (t) => {
  const env = { REDIS_ULR: 'redis://secret@x', OPNEAI_API_KEY: 'sk-secret', LOG_LEVL: 'debug', HOME: '/root', HOSTNAME: 'pod-1', PATH: '/bin', NODE_ENV: 'production', PORT: '1' }
  const { warnings } = readConfig({ env, dotenvPath: false })
  t.same(warnings, [
    'REDIS_ULR is set but is not a variable this service reads: did you mean REDIS_URL?',
    'OPNEAI_API_KEY is set but is not a variable this service reads: did you mean OPENAI_API_KEY?',
    'LOG_LEVL is set but is not a variable this service reads: did you mean LOG_LEVEL?'
  ])
  t.notMatch(warnings.join('\n'), /secret/, 'values are never quoted')
  const dir = mkdtempSync(join(tmpdir(), 'itb-env-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  writeFileSync(join(dir, '.env'), 'CAHCE_TTL=60\nLOG_LEVEL=debug\n')
  // The configuration and its warnings come from one read of .env (the server read it twice).
  const loaded = readConfig({ env: {}, dotenvPath: join(dir, '.env') })
  t.same(loaded.warnings, ['CAHCE_TTL is set but is not a variable this service reads: did you mean CACHE_TTL?'], '.env too')
  t.equal(loaded.config.LOG_LEVEL, 'debug', 'and the configuration from the same file')
})

t.test('CORS_ORIGINS items that no browser Origin can equal are refused, naming them', async (t) => {
  for (const origins of ['https://chat.itb.ac.id', 'https://a.example, http://localhost:8000', '*', 'http://[::1]:3000']) {
    t.doesNotThrow(() => loadConfig({ env: { CORS_ORIGINS: origins }, dotenvPath: false }), origins)
  }
  for (const [origins, bad] of [['example.com', 'example.com'], ['https://ok.example,https://chat.itb.ac.id/', 'https://chat.itb.ac.id/'], ['https://x.example/app', 'https://x.example/app'], ['HTTPS://X.example', 'HTTPS://X.example']]) {
    t.throws(() => loadConfig({ env: { CORS_ORIGINS: origins }, dotenvPath: false }),
      { name: 'ConfigError', message: `CORS_ORIGINS: "${bad}" is not an origin as browsers send it: scheme://host[:port] in lower case, without a path or trailing slash (e.g. https://chat.itb.ac.id), or *` }, origins)
  }
})

t.test('a bad value read from .env says so, so the operator looks in the right place', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'itb-env-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  const file = join(dir, '.env')
  writeFileSync(file, 'PORT=abc\nLOG_LEVEL=loud\n')
  const error = t.throws(() => loadConfig({ env: { LOG_LEVEL: 'debug-ish' }, dotenvPath: file })) as ConfigError
  t.same(error.problems, [
    `PORT: must be an integer from 0 to 65535 (set in ${file})`,
    'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent'
  ], 'the environment wins over .env: LOG_LEVEL is the environment\'s')
})
