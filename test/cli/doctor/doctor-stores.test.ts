// `npm run doctor` on the stores (the fakes in fixture.ts): Pinecone's dimensions, emptiness and
// control plane, and Redis down, without persistence, without CONFIG or with a password.
import t from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FakePinecone } from '../../support/fakes/pinecone.ts'
import { freePort, startRedis } from '../../support/helpers/redis-server.ts'
import { startTlsServer, tlsSkip } from '../../support/helpers/tls-server.ts'
import { DIMENSIONS, SECRETS, startDoctorFixture } from './fixture.ts'

const { pinecone, pineconeWrongDimension, pineconeEmpty, fullEnv, doctor } = await startDoctorFixture(t)

t.test('Pinecone: a dimension mismatch fails clearly; an empty index warns; the control plane is used without a host', async (t) => {
  const mismatch = await doctor(fullEnv({ PINECONE_INDEX_HOST: pineconeWrongDimension.host }))
  t.match(mismatch.byName.pinecone, {
    status: 'fail',
    code: 'mismatch',
    detail: `index "informasi-umum-itb" has 32 dimensions but EMBEDDINGS_DIMENSIONS is ${DIMENSIONS} — use an index of ${DIMENSIONS} dimensions, or set EMBEDDINGS_DIMENSIONS (and EMBEDDINGS_MODEL) to match the index`
  })
  t.equal(mismatch.exitCode, 1)

  const empty = await doctor(fullEnv({ PINECONE_INDEX_HOST: pineconeEmpty.host, PINECONE_NAMESPACE: 'itb' }))
  t.match(empty.byName.pinecone, { status: 'warn', detail: `index "informasi-umum-itb": ${DIMENSIONS} dimensions, 0 vectors in namespace "itb" — it is empty: run npm run ingest` })
  t.match(empty.byName.knowledge, { status: 'warn', detail: /no passage passed the relevance floor — the corpus may not cover it$/ })
  t.equal(empty.exitCode, 0, 'warnings do not fail the run')

  const control = await startControlPlane({ 'informasi-umum-itb': { host: pinecone, dimension: DIMENSIONS }, 'not-ready': { host: pineconeEmpty, dimension: DIMENSIONS, ready: false, metric: 'dotproduct' } })
  t.teardown(async () => { await new Promise((resolve) => control.close(resolve)) })
  const controllerHost = `http://127.0.0.1:${(control.address() as AddressInfo).port}`
  const described = await doctor(fullEnv({ PINECONE_INDEX_HOST: undefined }), { pineconeControllerHost: controllerHost })
  t.match(described.byName.pinecone, { status: 'ok', detail: `index "informasi-umum-itb": ${DIMENSIONS} dimensions, 1 vector` })

  const notReady = await doctor(fullEnv({ PINECONE_INDEX_HOST: undefined, PINECONE_INDEX_NAME: 'not-ready' }), { pineconeControllerHost: controllerHost })
  t.match(notReady.byName.pinecone, { status: 'warn', detail: /the index is not ready \(Initializing\); its metric is dotproduct, the service expects cosine; it is empty/ })

  const unknown = await doctor(fullEnv({ PINECONE_INDEX_HOST: undefined, PINECONE_INDEX_NAME: 'no-such-index' }), { pineconeControllerHost: controllerHost })
  t.match(unknown.byName.pinecone, { status: 'fail', code: '404', detail: 'index "no-such-index" not found — check PINECONE_INDEX_NAME' })
})

t.test('Redis: unreachable fails, no persistence warns, CONFIG disabled is tolerated, a wrong password names the variable', async (t) => {
  const closedPort = await freePort()
  const down = await doctor({ REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${closedPort}/0` })
  t.match(down.byName.redis, { status: 'fail', code: 'unreachable', detail: `cannot reach 127.0.0.1:${closedPort} — check REDIS_URL` })
  t.equal(down.exitCode, 1)
  t.notOk(JSON.stringify(down.results).includes('hunter2'), 'the password in REDIS_URL is not printed')

  const volatile = await startRedis()
  t.teardown(volatile.destroy)
  const noPersistence = await doctor({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(volatile.port) })
  t.match(noPersistence.byName.redis, { status: 'warn', detail: /^redis [\d.]+, no persistence \(AOF and RDB snapshots off\) — conversations are lost when Redis restarts/ })
  t.equal(noPersistence.exitCode, 0)

  const managed = await spawnRedis(['--appendonly', 'yes', '--rename-command', 'CONFIG', '', '--requirepass', 'redis-secret-pass'])
  t.teardown(managed.stop)
  const noConfig = await doctor({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(managed.port), REDIS_PASSWORD: 'redis-secret-pass' })
  t.match(noConfig.byName.redis, { status: 'ok', detail: /^redis [\d.]+, AOF on$/ })

  const snapshots = await spawnRedis(['--appendonly', 'no', '--save', '3600 1'])
  t.teardown(snapshots.stop)
  const rdb = await doctor({ REDIS_URL: `redis://127.0.0.1:${snapshots.port}` })
  t.match(rdb.byName.redis, { status: 'ok', detail: /RDB snapshots on \(AOF off/ })

  const wrongPassword = await doctor({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(managed.port), REDIS_PASSWORD: 'not-the-password' })
  t.match(wrongPassword.byName.redis, { status: 'fail', code: 'auth', detail: 'rejected the password — check REDIS_PASSWORD' })
  const noPassword = await doctor({ REDIS_URL: `redis://127.0.0.1:${managed.port}` })
  t.match(noPassword.byName.redis, { status: 'fail', code: 'auth', detail: 'rejected the password — check the password in REDIS_URL' })

  // Before: 'ok' for both, ioredis having carried on in database 0 after the refused SELECT.
  const noSuchDatabase = await doctor({ REDIS_URL: `redis://127.0.0.1:${volatile.port}/99` })
  t.match(noSuchDatabase.byName.redis, { status: 'fail', code: 'database', detail: `127.0.0.1:${volatile.port} refuses database 99 (ERR DB index is out of range) — check the number at the end of REDIS_URL` })
  t.equal(noSuchDatabase.exitCode, 1)
  const noSuchDb = await doctor({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(volatile.port), REDIS_DB: '16' })
  t.match(noSuchDb.byName.redis, { status: 'fail', code: 'database', detail: /refuses database 16 \(ERR DB index is out of range\) — check REDIS_DB$/ })
})

t.test('Redis: an address that answers but is not Redis is named as such, with what it replied, never with the password', async (t) => {
  // The service's own port, a proxy: an HTTP server. Before, the doctor said "Unknown RESP type 72 "H"".
  const web = createServer((_req, res) => { res.end('hello') })
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => {
    web.closeAllConnections()
    await new Promise((resolve) => web.close(resolve))
  })
  const webPort = (web.address() as AddressInfo).port
  for (const env of [{ REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${webPort}/0` }, { REDIS_URL: `redis://127.0.0.1:${webPort}` }]) {
    const http = await doctor(env)
    t.match(http.byName.redis, {
      status: 'fail',
      code: 'protocol',
      detail: `127.0.0.1:${webPort} answered, but it is not Redis: it replied "HTTP/1.1 400 Bad Request" — check REDIS_URL`
    }, env.REDIS_URL.replace('hunter2-secret', '…'))
    t.equal(http.exitCode, 1)
    t.notOk(JSON.stringify(http.results).includes('hunter2'), 'the password in REDIS_URL is not printed')
  }

  // A server that speaks first (SSH, SMTP), given as REDIS_HOST and REDIS_PORT.
  const sockets = new Set<Socket>()
  const banner = createNetServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
    socket.end('SSH-2.0-OpenSSH_9.2\r\n')
  })
  await new Promise<void>((resolve) => banner.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => banner.close(resolve))
  })
  const bannerPort = (banner.address() as AddressInfo).port
  const ssh = await doctor({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(bannerPort), REDIS_PASSWORD: 'hunter2-secret' })
  t.match(ssh.byName.redis, { status: 'fail', code: 'protocol', detail: `127.0.0.1:${bannerPort} answered, but it is not Redis: it replied "SSH-2.0-OpenSSH_9.2" — check REDIS_HOST and REDIS_PORT` })
  t.notOk(JSON.stringify(ssh.results).includes('hunter2'))
})

t.test('Redis: a TLS-only Redis given a plain address is named as such, with the fix (rediss://)', { skip: tlsSkip }, async (t) => {
  // Before: ioredis's "Connection is closed." (or, from OpenSSL's alert, "it is not Redis: it replied "....."").
  const { port } = await startTlsServer(t)
  const viaUrl = await doctor({ REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${port}` })
  t.match(viaUrl.byName.redis, { status: 'fail', code: 'tls', detail: `127.0.0.1:${port} speaks TLS: use rediss:// in REDIS_URL` })
  t.notOk(JSON.stringify(viaUrl.results).includes('hunter2'))
  const viaHost = await doctor({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(port) })
  t.match(viaHost.byName.redis, { status: 'fail', code: 'tls', detail: `127.0.0.1:${port} speaks TLS: use REDIS_URL=rediss://… instead of REDIS_HOST and REDIS_PORT` })
})

t.test('Redis: a plain Redis given a rediss:// address is named as such, with the fix (redis://), in /ready\'s words', async (t) => {
  const redis = await startRedis()
  t.teardown(redis.destroy)
  // Before: 'no answer within 2 s' (the TLS hello goes unanswered for the whole budget).
  const report = await doctor({ REDIS_URL: `rediss://:hunter2-secret@127.0.0.1:${redis.port}` }, { timeoutMs: 2000 })
  t.match(report.byName.redis, { status: 'fail', code: 'tls', detail: `127.0.0.1:${redis.port} speaks Redis without TLS: use redis:// in REDIS_URL` })
  t.notOk(JSON.stringify(report.results).includes('hunter2'))
})

// --- helpers -----------------------------------------------------------------------------------------

/** A redis-server with extra arguments (a renamed CONFIG, a password) that startRedis does not offer. */
async function spawnRedis (args: string[]): Promise<{ port: number, stop: () => Promise<void> }> {
  const port = await freePort()
  const dir = await mkdtemp(join(tmpdir(), 'itb-doctor-redis-'))
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...args], { stdio: 'ignore' })
  const deadline = Date.now() + 10_000
  for (;;) {
    const listening = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => { socket.end(); resolve(true) })
      socket.once('error', () => { resolve(false) })
    })
    if (listening) break
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return {
    port,
    stop: async () => {
      if (child.exitCode === null) await new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM') })
      await rm(dir, { recursive: true, force: true })
    }
  }
}

interface ControlPlaneIndex { host: FakePinecone, dimension: number, ready?: boolean, metric?: string }

/** The Pinecone control plane's GET /indexes/{name} (API 2025-01), pointing at the data-plane fakes. */
async function startControlPlane (indexes: Record<string, ControlPlaneIndex>): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (req.headers['api-key'] !== SECRETS.pinecone) return send(401, { error: { code: 'UNAUTHENTICATED', message: 'Invalid API Key' }, status: 401 })
    const name = decodeURIComponent((req.url ?? '').replace(/^\/indexes\//, '').split('?')[0])
    const index = indexes[name]
    if (req.method !== 'GET' || index === undefined) return send(404, { error: { code: 'NOT_FOUND', message: `Resource ${name} not found` }, status: 404 })
    send(200, {
      name,
      dimension: index.dimension,
      metric: index.metric ?? 'cosine',
      host: index.host.host,
      deletion_protection: 'disabled',
      spec: { serverless: { cloud: 'aws', region: 'us-east-1' } },
      status: index.ready === false ? { ready: false, state: 'Initializing' } : { ready: true, state: 'Ready' },
      vector_type: 'dense'
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}
