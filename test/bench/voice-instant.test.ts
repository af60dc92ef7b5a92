// bench/voice-instant.ts (bench:voice part 1) run with stand-ins for what it starts: a run that throws
// releases the service, the bare route and the fake vendors it had started, not only a run that ends.
import t from 'tap'

const released: string[] = []
const started = (name: string, extra: object = {}): object => ({
  url: `http://${name}`,
  port: 1,
  child: { pid: process.pid },
  output: () => '',
  close: async () => { released.push(name) },
  stop: async () => { released.push(name) },
  ...extra
})
let failing = 'service'
const { instantVendors } = await t.mockImport<typeof import('../../bench/voice-instant.ts')>('../../bench/voice-instant.ts', {
  '../../test/support/fakes/emotion.ts': { startFakeEmotion: async () => started('emotion') },
  '../../test/support/fakes/prosa-stt.ts': { startFakeProsaStt: async () => started('stt') },
  '../../test/support/fakes/prosa-tts.ts': { startFakeProsaTts: async () => started('tts') },
  '../../test/support/helpers/redis-server.ts': { startRedis: async () => { throw new Error('not reached') } },
  '../../bench/helpers.ts': {
    ...await import('../../bench/helpers.ts'),
    startService: async () => {
      if (failing === 'service') throw new Error('service exited')
      return started('service')
    },
    startBareMultipart: async () => started('bare'),
    // The first request of the warm-up: a 500, as from a service that broke.
    call: async () => ({ status: 500, body: 'broken', totalMs: 1 })
  }
})

const options = { recording: Buffer.from('RIFF'), key: 'k', dataDir: '/nonexistent', rounds: 1, formats: false, serviceEnv: {}, envLabel: '', nodeArgs: [] }

t.test('the service failing to start: the fake vendors started before it are closed', async (t) => {
  released.length = 0
  failing = 'service'
  await t.rejects(instantVendors(options), /service exited/)
  t.same(released, ['emotion', 'tts', 'stt'], 'released in reverse order of start')
})

t.test('a request failing mid-run: the service, the bare route and the fakes are all released, once', async (t) => {
  released.length = 0
  failing = 'none'
  await t.rejects(instantVendors(options), /\/v1\/audio: 500 broken/)
  t.same(released, ['bare', 'service', 'emotion', 'tts', 'stt'])
})
