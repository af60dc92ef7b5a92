// A Redis user whose ACL lacks a command: against a real redis-server, the watch names what is refused
// (a command, a command of a Lua script, a key) in one log line while it stands, and lets it lapse
// DENIAL_STANDS_MS after the last refusal; an optional command and the connection's set-up are not watched.
import { Redis } from 'ioredis'
import t, { type Test } from 'tap'
import { DENIAL_STANDS_MS, describeDenial, isPermissionDenial, watchPermissions } from '../../src/services/redis-permissions.ts'
import { redisConnection } from '../../src/services/redis-options.ts'
import { defineScript, runScript } from '../../src/services/conversations/redis-script.ts'
import { startRedis } from '../support/helpers/redis-server.ts'

const server = await startRedis()
t.teardown(server.destroy)
const admin = new Redis(server.port, '127.0.0.1')
t.teardown(() => { admin.disconnect() })
// No SET, no ROLE, no INFO (ioredis's ready check), and keys under itb: only.
await admin.call('ACL', 'SETUSER', 'limited', 'on', '>pw', '~itb:*', '+@all', '-set', '-role', '-info')

interface Line { obj: Record<string, unknown>, msg: string }

async function limitedClient (t: Test, optional: string[] = []): Promise<{ redis: Redis, lines: Line[], clock: { now: number }, watch: ReturnType<typeof watchPermissions> }> {
  const { url, options } = redisConnection({ url: `redis://limited:pw@127.0.0.1:${server.port}` })
  const redis = new Redis(url as string, options)
  t.teardown(() => { redis.disconnect() })
  const lines: Line[] = []
  const clock = { now: 1_000_000 }
  const watch = watchPermissions(redis, { logger: { error: (obj, msg) => { lines.push({ obj: obj as Record<string, unknown>, msg }) } }, optional, now: () => clock.now })
  await redis.connect()
  return { redis, lines, clock, watch }
}

t.test('a refused command: one line naming it and its grant while it stands, gone DENIAL_STANDS_MS after the last', async (t) => {
  const { redis, lines, clock, watch } = await limitedClient(t)
  t.equal(watch.denied(), undefined, 'the refused INFO of the ready check is the connection\'s set-up, not watched')
  await t.rejects(redis.set('itb:a', '1'), /^NOPERM/)
  await t.rejects(redis.set('itb:b', '1'), /^NOPERM/)
  t.match(watch.denied(), { message: /'set' command/ })
  t.match(lines, [{ msg: "redis refuses a command to the user 'limited': it may not run the 'set' command", obj: { user: 'limited', check: "the ACL of the user 'limited' (ACL SETUSER limited +set)" } }])
  t.equal(lines.length, 1, 'the second refusal is not logged again')
  clock.now += DENIAL_STANDS_MS - 1
  t.not(watch.denied(), undefined, 'still standing just before it lapses')
  clock.now += 1
  t.equal(watch.denied(), undefined, 'lapsed')
  await t.rejects(redis.set('itb:c', '1'), /^NOPERM/)
  t.equal(lines.length, 2, 'a refusal after it lapsed is logged again')
  t.equal(await redis.get('itb:a'), null, 'allowed commands still run')
})

t.test('an optional command is not held against the user', async (t) => {
  const { redis, lines, watch } = await limitedClient(t, ['role'])
  await t.rejects(redis.call('ROLE'), /^NOPERM/)
  t.equal(watch.denied(), undefined)
  t.same(lines, [])
})

t.test('a key outside the user\'s patterns, and a command a Lua script runs: said as such', async (t) => {
  const { redis, lines } = await limitedClient(t)
  await t.rejects(redis.get('other:a'), /^NOPERM/)
  await t.rejects(redis.eval("return redis.call('set', KEYS[1], '1')", 1, 'itb:a'))
  t.match(lines.map((line) => line.msg), [
    "redis refuses a command to the user 'limited': it may not access the key 'other:a' (sent as 'get') (the key patterns: ~itb:*)",
    "redis refuses a command to the user 'limited': it may not run the 'set' command in a Lua script"
  ])
  t.match(lines[1]?.obj, { check: "the ACL of the user 'limited' (ACL SETUSER limited +set)" })
})

// Redis 7.0 names neither the command a script was refused nor its line's words: only the script's
// sha and line (`script: <sha>, on @user_script:<line>.`), which the service's own scripts resolve.
t.test('a command refused inside one of the service\'s scripts (EVAL, then EVALSHA), and a key refused inside one: named', async (t) => {
  const { redis, lines } = await limitedClient(t)
  const script = defineScript(`
local n = 1
redis.call('SET', KEYS[1], ARGV[1])
return n`)
  await t.rejects(runScript(redis, script, ['itb:s'], ['1']))
  await t.rejects(runScript(redis, script, ['itb:s'], ['1']))
  await t.rejects(runScript(redis, defineScript("return redis.call('GET', 'other:' .. ARGV[1])"), [], ['b']))
  await t.rejects(runScript(redis, defineScript("return redis.call('GET', KEYS[1])"), ['other:c', 'itb:d'], []))
  t.same(lines.map((line) => line.msg.replace("redis refuses a command to the user 'limited': it may not ", '')), [
    "run the 'set' command in a Lua script",
    "access a key of the 'get' command in a Lua script (the key patterns: ~itb:*)",
    "access one of the keys 'other:c', 'itb:d' (sent as 'evalsha') (the key patterns: ~itb:*)"
  ], 'one line for the refused SET, however the script was sent')
  t.match(lines[0]?.obj, { check: "the ACL of the user 'limited' (ACL SETUSER limited +set)" })
})

t.test('the refusals Redis words, and nothing else, are permission denials', async (t) => {
  t.ok(isPermissionDenial(new Error("NOPERM User x has no permissions to run the 'client|kill' command")))
  t.ok(isPermissionDenial(new Error("ERR The user executing the script can't access at least one of the keys mentioned in the command arguments script: …")))
  t.notOk(isPermissionDenial(new Error('ERR unknown command')))
  t.notOk(isPermissionDenial('NOPERM'))
  t.same(describeDenial(new Error("NOPERM User x has no permissions to run the 'client|kill' command")), { denied: "run the 'client|kill' command", grant: '+client|kill' })
  t.same(describeDenial(new Error('NOPERM No permissions to access a channel')), { denied: 'use a pub/sub channel (the channel patterns: &itb:*)' })
})

// The words of each Redis release (7.0 is the server here; 7.2 and later say `ERR ACL failure in
// script: …` inside a script, with the command or the key named, and NOPERM at the top level).
const SHA = 'b110972775502bbf219bde8f40c049617e8d9eba'
for (const [message, denied, grant] of [
  ["NOPERM this user has no permissions to run the 'set' command", "run the 'set' command", '+set'],
  ["NOPERM User u has no permissions to run the 'set' command", "run the 'set' command", '+set'],
  ["NOPERM User u has no permissions to run the 'keys' command", "run the 'keys' command", '+keys'],
  [`ERR ACL failure in script: User u has no permissions to run the 'hset' command script: ${SHA}, on @user_script:3.`, "run the 'hset' command in a Lua script", '+hset'],
  [`ERR ACL failure in script: User u has no permissions to access the 'other:k' key script: ${SHA}, on @user_script:1.`, "access the key 'other:k' in a Lua script (the key patterns: ~itb:*)", undefined],
  [`ERR ACL failure in script: User u has no permissions to access the 'news' channel script: ${SHA}, on @user_script:1.`, "use the pub/sub channel 'news' in a Lua script (the channel patterns: &itb:*)", undefined],
  ['NOPERM this user has no permissions to access one of the keys used as arguments', "access the key 'other:a' (sent as 'get') (the key patterns: ~itb:*)", undefined],
  ['NOPERM No permissions to access a key', "access the key 'other:a' (sent as 'get') (the key patterns: ~itb:*)", undefined],
  [`ERR The user executing the script can't run this command or subcommand script: ${SHA}, on @user_script:3.`, "run a command of a Lua script (sent as 'get')", undefined]
] as const) {
  t.test(`in Redis's words: ${message.slice(0, 90)}`, async (t) => {
    const error = Object.assign(new Error(message), { command: { name: 'get', args: ['other:a'] } })
    t.ok(isPermissionDenial(error), 'a permission denial')
    t.same(describeDenial(error, ['other:a']), grant === undefined ? { denied } : { denied, grant })
  })
}
