// Conversation storage in Redis through the real app (offline mode: no model, so only the storage
// path is measured): bytes per conversation grow linearly with its turns, and a turn costs a fixed
// number of Redis round trips whatever the conversation's length. And what the routes answer to a
// body they do not read.
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { build, TEST_API_KEY, waitFor } from '../../support/helpers/app.ts'
import { startRedis } from '../../support/helpers/redis-server.ts'

const headers = (conversationId: string) => ({ 'x-api-key': TEST_API_KEY, 'x-conversation-id': conversationId })
const QUESTIONS = ['Kapan ITB didirikan?', 'Apa motto ITB?', 'Di mana kampus Ganesha?', 'Apa itu Seleksi Mandiri ITB?']

t.test('a 400-turn conversation takes at most 1.5 MB of Redis and each turn the same round trips', async (t) => {
  const redis = await startRedis()
  t.teardown(redis.destroy)
  const { app } = await build(t, { REDIS_URL: redis.url, RATE_LIMIT_PER_HOUR: '100000' })
  await waitFor(() => app.redis?.status === 'ready')
  const client = app.redis
  if (client === null) throw new Error('no Redis client')

  // Every command the app sends, by name and first key (ioredis's one entry point).
  const sent: string[] = []
  const send = client.sendCommand.bind(client)
  client.sendCommand = ((command: Parameters<typeof send>[0], stream?: Parameters<typeof send>[1]) => {
    sent.push(`${command.name} ${String(command.args[command.name.startsWith('eval') ? 2 : 0] ?? '')}`)
    return send(command, stream)
  }) as typeof client.sendCommand

  const conversationBytes = async (): Promise<number> => {
    const keys = await client.keys('itb:cp:*')
    let total = 0
    for (const key of keys) total += Number(await client.memory('USAGE', key, 'SAMPLES', 0))
    return total
  }

  const perTurn: number[] = []
  const sizes = new Map<number, number>()
  for (let turn = 1; turn <= 400; turn++) {
    sent.length = 0
    const response = await app.inject({ method: 'POST', url: '/v1/chat', headers: headers('long'), payload: { message: `${QUESTIONS[turn % QUESTIONS.length] as string} (${turn})` } })
    t.equal(response.statusCode, 200, `turn ${turn}`, { diagnostic: response.statusCode !== 200 })
    // Conversation storage only: the rate limit and the retrieval cache have their own budgets.
    perTurn.push(sent.filter((line) => !/itb:rl:|itb:retrieval:/.test(line)).length)
    if ([100, 200, 400].includes(turn)) sizes.set(turn, await conversationBytes())
  }
  const [at100, at200, at400] = [sizes.get(100), sizes.get(200), sizes.get(400)] as number[]
  t.comment(`Redis bytes: ${at100} at 100 turns, ${at200} at 200, ${at400} at 400`)
  t.ok(at400 <= 1.5 * 1024 * 1024, `400 turns in ${(at400 / 1024 / 1024).toFixed(2)} MB`)
  // Linear: each further 100 turns add about the same bytes (quadratic growth would double it).
  t.ok(at400 - at200 <= 2.4 * (at200 - at100), `growth per 100 turns stays flat (${at200 - at100}, then ${(at400 - at200) / 2})`)

  t.comment(`Redis round trips per turn: first ${perTurn[0]}, then ${perTurn[1]}, at 400 ${perTurn[399]}; ${sent.join(', ')}`)
  // The lock is taken by the script that reads the checkpoint (lockAndRead): 4 round trips before.
  t.equal(perTurn[1], 3, 'lock + checkpoint read, checkpoint + transcript write, unlock')
  t.equal(perTurn[399], perTurn[1], 'the same round trips at turn 400 as at turn 2')

  const history = await app.inject({ url: '/v1/conversations/long', headers: { 'x-api-key': TEST_API_KEY } })
  t.equal(history.json().turns.length, 800, 'every question and answer is in the transcript')
})

t.test('a compressed body on DELETE (Content-Encoding other than identity) is 415, as on the routes that read one', async (t) => {
  const { app } = await build(t)
  const response = await app.inject({
    method: 'DELETE',
    url: '/v1/conversations/encoded',
    headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json', 'content-encoding': 'gzip' },
    payload: gzipSync('{}')
  })
  // Was a 400 "Body is not valid JSON": the gzip bytes were parsed as JSON.
  t.equal(response.statusCode, 415, response.body.slice(0, 200))
  t.match(response.json(), { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /Content-Encoding/, requestId: String })
  const read = await app.inject({ url: '/v1/conversations/encoded', headers: { 'x-api-key': TEST_API_KEY, 'content-encoding': 'gzip' } })
  t.equal(read.statusCode, 404, 'a request without a body is not refused for the header alone')
})
