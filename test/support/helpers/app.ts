// Builds the real app for a test: validated config from a plain env record, logs captured,
// closed on teardown.
import { rmSync } from 'node:fs'
import { request as httpRequest, type ClientRequest } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { buildApp, type BuildOptions } from '../../../src/app.ts'
import { loadConfig, type Config } from '../../../src/config.ts'

export const TEST_API_KEY = 'test-key-0123456789abcdef'

/** One local index per test process: built by the first app of a file, loaded by the others. */
export const TEST_DATA_DIR = join(tmpdir(), `itb-test-data-${process.pid}`)
process.once('exit', () => { rmSync(TEST_DATA_DIR, { recursive: true, force: true }) })

interface Teardown { teardown: (fn: () => unknown) => void }

export function testConfig (env: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    // LLM_STARTUP_CHECK off: its background GET /models would race the tests that count a fake model's
    // requests; the tests of the check turn it on.
    env: { API_KEYS: TEST_API_KEY, LOG_LEVEL: 'info', MAX_EVENT_LOOP_DELAY: '0', DATA_DIR: TEST_DATA_DIR, LLM_STARTUP_CHECK: 'false', ...env },
    dotenvPath: false
  })
}

export interface LogCapture {
  stream: PassThrough
  lines: () => Array<Record<string, unknown>>
  text: () => string
}

export function captureLogs (): LogCapture {
  const stream = new PassThrough()
  let buffer = ''
  stream.on('data', (chunk: Buffer) => { buffer += chunk.toString('utf8') })
  return {
    stream,
    text: () => buffer,
    lines: () => buffer.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>)
  }
}

export interface TestApp {
  app: FastifyInstance
  logs: LogCapture
  config: Config
}

export async function build (t: Teardown, env: Record<string, string | undefined> = {}, options: BuildOptions = {}): Promise<TestApp> {
  const config = testConfig(env)
  const logs = captureLogs()
  const app = await buildApp(config, { logStream: logs.stream, ...options })
  t.teardown(async () => { await app.close() })
  await app.ready()
  return { app, logs, config }
}

export async function waitFor (condition: () => Promise<boolean> | boolean, timeoutMs = 10_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
  throw new Error(`condition not met within ${timeoutMs} ms`)
}

/**
 * A question to POST /v1/chat of a listening app over a real socket, left open for the test to cut
 * (`destroy()`): a client that goes away mid-answer. Socket errors are ignored.
 */
export function sendChatQuestion (app: FastifyInstance, conversationId: string, headers: Record<string, string> = {}): ClientRequest {
  const { port } = app.server.address() as AddressInfo
  const req = httpRequest({
    host: '127.0.0.1',
    port,
    path: '/v1/chat',
    method: 'POST',
    headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': conversationId, 'content-type': 'application/json', ...headers }
  })
  req.on('error', () => {})
  req.end(JSON.stringify({ message: 'Kapan ITB didirikan?' }))
  return req
}

/**
 * Writes `text` as it is to a listening app over a new socket and resolves with everything received
 * until the server closes the connection: requests `inject` cannot make (no Host, not HTTP).
 */
export async function rawRequest (app: FastifyInstance, text: string): Promise<string> {
  const { port } = app.server.address() as AddressInfo
  return await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => { socket.write(text) })
    let received = ''
    socket.on('data', (chunk: Buffer) => { received += chunk.toString() })
    socket.on('close', () => { resolve(received) })
    socket.on('error', reject)
  })
}
