// A real server process (real listen) that gets SIGTERM while requests are in flight.
import { spawn } from 'node:child_process'
import { Agent, request } from 'node:http'
import t from 'tap'
import { TEST_DATA_DIR, waitFor } from './helpers/app.ts'
import { freePort } from './helpers/redis-server.ts'

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

t.test('SIGTERM with requests in flight: every one completes, then the process exits 0', async (t) => {
  const port = await freePort()
  // The real start() with one extra slow route, so requests are still running when SIGTERM lands.
  const script = `
    import { start } from './src/server.ts'
    const slow = async (fastify) => {
      fastify.get('/slow', async () => {
        process.stdout.write('slow request started\\n')
        await new Promise((r) => setTimeout(r, 800))
        return { done: true }
      })
    }
    await start({ extraV1Routes: [slow] })
  `
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', API_KEYS: 'sigterm-test-key-123456', SHUTDOWN_TIMEOUT: '10', DATA_DIR: TEST_DATA_DIR },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  t.teardown(() => { child.kill('SIGKILL') })

  await waitFor(() => output.includes('Server listening'), 60_000)

  const inFlight = [1, 2, 3, 4, 5].map(async () => await get(port, '/v1/slow', { 'x-api-key': 'sigterm-test-key-123456' }))
  // Every request is inside its handler before the signal, however busy the machine.
  await waitFor(() => output.split('slow request started').length - 1 === 5, 30_000).catch((error: Error) => { t.comment(output); throw error })
  child.kill('SIGTERM')
  const signalled = Date.now()
  const results = await Promise.all(inFlight)
  t.same(results.map((result) => result.status), [200, 200, 200, 200, 200], 'no request dropped')
  t.ok(results.every((result) => JSON.parse(result.body).done === true))
  t.equal(await exited, 0, 'clean exit')
  t.ok(Date.now() - signalled < 5000, 'kept-alive connections do not hold the shutdown until SHUTDOWN_TIMEOUT')
  t.match(output, /shutting down: draining in-flight requests/)
  agent.destroy()
  await t.rejects(get(port, '/health'), 'no longer accepting connections')
})
