// A real server process (real listen) that gets SIGTERM while requests are in flight.
import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { Agent, request } from 'node:http'
import t, { type Test } from 'tap'
import { TEST_DATA_DIR, waitFor } from './support/helpers/app.ts'
import { freePort } from './support/helpers/redis-server.ts'
import { startService } from './support/helpers/service.ts'

// Clients keep their connections open, as browsers and load balancers do.
const agent = new Agent({ keepAlive: true })

const get = async (port: number, path: string, headers: Record<string, string> = {}) =>
  await new Promise<{ status: number, body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => { body += chunk.toString() })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })

/** Runs `script` (which calls the real start()) in a child process and waits until it listens. */
async function startServer (t: Test, script: string, env: Record<string, string>) {
  const port = await freePort()
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', API_KEYS: 'sigterm-test-key-123456', DATA_DIR: TEST_DATA_DIR, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const server = { port, child, output: '', exited: new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))) }
  child.stdout.on('data', (chunk: Buffer) => { server.output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { server.output += chunk.toString() })
  t.teardown(() => { child.kill('SIGKILL') })
  const deadline = Date.now() + 60_000
  while (!server.output.includes('Server listening') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  t.match(server.output, /Server listening/)
  return server
}

/** The real start() with one extra slow route, so requests are still running when SIGTERM lands. */
const slowRouteScript = (ms: number): string => `
  import { start } from './src/server.ts'
  const slow = async (fastify) => {
    fastify.get('/slow', async () => {
      process.stdout.write('slow request started\\n')
      await new Promise((r) => setTimeout(r, ${ms}))
      return { done: true }
    })
  }
  await start({ extraV1Routes: [slow] })
`

t.test('SIGTERM with requests in flight: every one completes, then the process exits 0', async (t) => {
  const server = await startServer(t, slowRouteScript(800), { SHUTDOWN_TIMEOUT: '10' })
  const { port, child, exited } = server

  const inFlight = [1, 2, 3, 4, 5].map(async () => await get(port, '/v1/slow', { 'x-api-key': 'sigterm-test-key-123456' }))
  // Every request is inside its handler before the signal, however busy the machine.
  await waitFor(() => server.output.split('slow request started').length - 1 === 5, 30_000).catch((error: Error) => { t.comment(server.output); throw error })
  child.kill('SIGTERM')
  const signalled = Date.now()
  const results = await Promise.all(inFlight)
  t.same(results.map((result) => result.status), [200, 200, 200, 200, 200], 'no request dropped')
  t.ok(results.every((result) => JSON.parse(result.body).done === true))
  t.equal(await exited, 0, 'clean exit')
  t.ok(Date.now() - signalled < 5000, 'kept-alive connections do not hold the shutdown until SHUTDOWN_TIMEOUT')
  t.match(server.output, /shutting down: draining in-flight requests/)
  t.match(server.output, /"msg":"shut down: closed, exiting"/, 'a clean shutdown says it finished')
  agent.destroy()
  await t.rejects(get(port, '/health'), 'no longer accepting connections')
})

t.test('SIGTERM with answers longer than SHUTDOWN_TIMEOUT: JSON gets the common 503, a stream an error event, exit 0', async (t) => {
  const script = `
    import { start } from './src/server.ts'
    import { streamTurn } from './src/routes/sse.ts'
    const endless = async (fastify) => {
      fastify.get('/endless', async () => {
        process.stdout.write('endless request started\\n')
        return await new Promise(() => {})
      })
      fastify.get('/endless-stream', async (request, reply) => await streamTurn(request, reply, new AbortController().signal, async (send) => {
        send('token', { text: 'Sebentar' })
        process.stdout.write('endless request started\\n')
        return await new Promise(() => {})
      }))
    }
    await start({ extraV1Routes: [endless] })
  `
  const server = await startServer(t, script, { SHUTDOWN_TIMEOUT: '1' })
  const { port, child, exited } = server

  const headers = { 'x-api-key': 'sigterm-test-key-123456' }
  const json = get(port, '/v1/endless', headers)
  const stream = get(port, '/v1/endless-stream', headers)
  // Both requests are inside their handlers before the signal, however busy the machine.
  await waitFor(() => server.output.split('endless request started').length - 1 === 2, 30_000)
  child.kill('SIGTERM')
  const [jsonResult, streamResult] = await Promise.all([json, stream])
  t.equal(jsonResult.status, 503)
  const body = JSON.parse(jsonResult.body)
  t.same(Object.keys(body).sort(), ['code', 'error', 'message', 'requestId', 'statusCode'])
  t.match(body, { statusCode: 503, code: 'SHUTTING_DOWN' })
  t.equal(streamResult.status, 200)
  const last = streamResult.body.trim().split('\n\n').pop() ?? ''
  t.match(last, /^event: error\ndata: /)
  t.match(JSON.parse(last.split('data: ')[1] ?? '{}'), { statusCode: 503, code: 'SHUTTING_DOWN', requestId: String })
  t.equal(await exited, 0, 'exit 0, as documented')
  t.match(server.output, /shutdown deadline reached/)
  agent.destroy()
})

t.test('SHUTDOWN_TIMEOUT and SHUTDOWN_TURN_SETTLE reach the drain (closeWithin) in milliseconds on SIGTERM', async (t) => {
  const script = `
    import { start } from './src/server.ts'
    const app = await start()
    const closeWithin = app.closeWithin
    app.closeWithin = async (deadlineMs, settleMs) => {
      process.stdout.write('closeWithin ' + deadlineMs + ' ' + settleMs + '\\n')
      await closeWithin(deadlineMs, settleMs)
    }
  `
  const server = await startServer(t, script, { SHUTDOWN_TIMEOUT: '7', SHUTDOWN_TURN_SETTLE: '3.5' })
  server.child.kill('SIGTERM')
  t.equal(await server.exited, 0)
  t.match(server.output, /^closeWithin 7000 3500$/m)
})

t.test('the heap may grow to twice what survived a full collection, unless the command line says otherwise', async (t) => {
  const { tuneHeapGrowth } = await import('../src/server.ts')
  t.equal(tuneHeapGrowth(['--heap-growing-percent=30']), false, 'an operator\'s own setting is kept')
  t.equal(tuneHeapGrowth(['--expose-gc', '--heap_growing_percent=30']), false, 'in either spelling')
  t.equal(tuneHeapGrowth(['--max-old-space-size=512']), true, 'other flags do not count')
})

t.test('a misspelt variable is warned about in the start-up log, without its value', async (t) => {
  const server = await startServer(t, "import { start } from './src/server.ts'\nawait start()", { REDIS_ULR: 'redis://:typo-secret@x:6379' })
  const line = server.output.split('\n').find((entry) => entry.includes('REDIS_ULR')) ?? ''
  t.match(JSON.parse(line), { level: 40, msg: 'REDIS_ULR is set but is not a variable this service reads: did you mean REDIS_URL?' })
  t.notMatch(server.output, /typo-secret/)
  server.child.kill('SIGTERM')
  t.equal(await server.exited, 0)

  // The real entry point reads the configuration once and hands its warnings to start().
  const entry = await startService({ API_KEYS: 'sigterm-test-key-123456', DATA_DIR: TEST_DATA_DIR, REDIS_ULR: 'redis://:typo-secret@x:6379' })
  t.teardown(entry.stop)
  const warned = entry.output().split('\n').filter((line) => line.includes('REDIS_ULR'))
  t.equal(warned.length, 1, 'node src/server.ts warns once')
  t.match(JSON.parse(warned[0] ?? '{}'), { level: 40, msg: /did you mean REDIS_URL\?$/ })
  t.notMatch(entry.output(), /typo-secret/)
})

t.test('a second SIGTERM while draining (a supervisor or an operator signalling again) does not drop the requests in flight', async (t) => {
  const server = await startServer(t, slowRouteScript(1500), { SHUTDOWN_TIMEOUT: '10' })
  const inFlight = get(server.port, '/v1/slow', { 'x-api-key': 'sigterm-test-key-123456' })
  await waitFor(() => server.output.includes('slow request started'), 30_000)
  server.child.kill('SIGTERM')
  await waitFor(() => server.output.includes('shutting down'), 10_000)
  server.child.kill('SIGTERM')
  const result = await inFlight
  t.equal(result.status, 200, 'the request in flight is answered')
  t.equal(await server.exited, 0, 'clean exit')
  t.notMatch(server.output, /second SIGTERM, exiting/)
  t.match(server.output, /"signal":"SIGTERM","msg":"already draining: signal ignored"/)
  agent.destroy()
})

t.test('a port already taken or a HOST not on this machine: exit 1 with one line naming the variable to change', async (t) => {
  const taken = createServer()
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { taken.close() })
  const port = (taken.address() as { port: number }).port
  for (const [env, hint] of [
    [{ HOST: '127.0.0.1', PORT: String(port) }, /EADDRINUSE.*\(another process listens on that port: stop it or set PORT\)$/],
    [{ HOST: '192.0.2.123', PORT: String(port) }, /EADDRNOTAVAIL.*\(HOST is not an address of this machine: set HOST \(0\.0\.0\.0 for every interface\)\)$/]
  ] as const) {
    const result = spawnSync(process.execPath, ['src/server.ts'], {
      env: { PATH: process.env.PATH, API_KEYS: 'listen-test-key-123456', DATA_DIR: TEST_DATA_DIR, ...env },
      encoding: 'utf8',
      timeout: 120_000
    })
    t.equal(result.status, 1, env.HOST)
    const last = result.stderr.trim().split('\n').pop() ?? ''
    t.match(last, /^itb-chatbot failed to start: /)
    t.match(last, hint)
  }
})
