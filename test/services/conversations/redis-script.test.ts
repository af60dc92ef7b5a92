import t from 'tap'
import { Redis } from 'ioredis'
import { defineScript, runScript } from '../../../src/services/conversations/redis-script.ts'
import { redisConnection } from '../../../src/services/redis-options.ts'
import { startRedis } from '../../support/helpers/redis-server.ts'

const server = await startRedis()
t.teardown(async () => { await server.destroy() })

// The service's own client options: auto-pipelining on, so commands of one tick share a pipeline.
const { url, options } = redisConnection({ url: server.url })
const redis = new Redis(url as string, options)
await redis.connect()
t.teardown(async () => { await redis.quit() })

t.test('scripts run on the auto-pipelining client: EVAL on first use, EVALSHA after, in the same tick too', async (t) => {
  const echo = defineScript('redis.call(\'SET\', KEYS[1], ARGV[1]) return redis.call(\'GET\', KEYS[1])')
  await redis.script('FLUSH')
  // Several at once: they travel in one pipeline, each NOSCRIPT falls back to EVAL on its own.
  const first = await Promise.all([1, 2, 3].map(async (n) => await runScript(redis, echo, [`rs:${n}`], [`v${n}`])))
  t.strictSame(first, ['v1', 'v2', 'v3'])
  const again = await Promise.all([4, 5].map(async (n) => await runScript(redis, echo, [`rs:${n}`], [`v${n}`])))
  t.strictSame(again, ['v4', 'v5'])
  const binary = await runScript(redis, echo, ['rs:bin'], [Buffer.from([0xff, 0x00, 0x01])], true)
  t.ok(Buffer.isBuffer(binary))
  t.strictSame([...(binary as Buffer)], [0xff, 0x00, 0x01])
  await redis.script('FLUSH')
  const binaryAfterFlush = await runScript(redis, echo, ['rs:bin2'], ['text'], true)
  t.equal((binaryAfterFlush as Buffer).toString(), 'text')
})

t.test('a script error still reaches the caller', async (t) => {
  const failing = defineScript('return redis.error_reply(\'BOOM from the script\')')
  await t.rejects(runScript(redis, failing, ['rs:x'], []), /BOOM from the script/)
})
