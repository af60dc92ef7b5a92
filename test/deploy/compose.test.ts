// compose.yaml against the app and the Dockerfile: Redis with AOF and a health check, the app's port,
// volumes, restart policy and shutdown grace, the Dockerfile's health check, and the stt profile the
// README wires up. No Docker needed.
import t from 'tap'
import { loadConfig } from '../../src/config.ts'
import { execForm, parseDockerfile, readText, readYaml, runtimeArgs, seconds } from './files.ts'

const DEFAULTS = loadConfig({ env: {}, dotenvPath: false })
const only = (instruction: string): string[] => runtimeArgs(parseDockerfile(readText('Dockerfile')), instruction)

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

/** "${NAME:-default}" → default (compose interpolation with nothing set). */
function interpolateDefault (value: string): string {
  return value.replace(/\$\{\w+:-([^}]*)\}/g, '$1')
}
