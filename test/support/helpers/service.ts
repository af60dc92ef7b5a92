// A real service process (src/server.ts, the production start-up path) and a keep-alive HTTP client,
// for tests and benchmarks that need real sockets and real processes.
import { spawn, type ChildProcess } from 'node:child_process'
import { Agent, request } from 'node:http'
import { freePort } from './redis-server.ts'

export interface ServiceProcess {
  port: number
  child: ChildProcess
  stop: () => Promise<void>
}

/** Processes still running: stopped when this process exits, also after a crash before their stop(). */
const running = new Set<ChildProcess>()
let stopOnExit = false

/**
 * Starts `src/server.ts` (the real start-up path) in its own process with the given environment;
 * `nodeArgs` go before it (`['--import', './src/instrument.ts']` is how `npm start` runs).
 */
export async function startService (env: Record<string, string>, script?: string, nodeArgs: string[] = []): Promise<ServiceProcess & { output: () => string }> {
  const port = await freePort()
  // Without a script: the real entry point (`node src/server.ts`, WORKERS and all).
  const args = [...nodeArgs, ...(script === undefined ? ['src/server.ts'] : ['--input-type=module', '-e', script])]
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  running.add(child)
  child.once('exit', () => { running.delete(child) })
  if (!stopOnExit) {
    stopOnExit = true
    process.once('exit', () => { for (const left of running) left.kill('SIGTERM') })
  }
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  // Generous: two cold workers on a busy 2-core machine have taken over a minute to start.
  const deadline = Date.now() + 120_000
  for (;;) {
    try {
      if ((await call(port, 'GET', '/health')).status === 200) break
    } catch {}
    if (child.exitCode !== null) throw new Error(`service exited: ${output}`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`service did not answer /health within 120 s: ${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    port,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      await new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM') })
    }
  }
}

export const agent = new Agent({ keepAlive: true, maxSockets: 1024 })

export interface Response { status: number, body: string, firstByteMs: number, totalMs: number, firstEventMs?: number }

/** One HTTP call; `firstEvent` records when the first chunk containing it arrived (SSE). */
export async function call (port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string, firstEvent?: string): Promise<Response> {
  const started = performance.now()
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const firstByteMs = performance.now() - started
      let text = ''
      let firstEventMs: number | undefined
      res.setEncoding('utf8') // a character split between two chunks is decoded whole
      res.on('data', (chunk: string) => {
        text += chunk
        if (firstEvent !== undefined && firstEventMs === undefined && text.includes(firstEvent)) firstEventMs = performance.now() - started
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, firstByteMs, totalMs: performance.now() - started, firstEventMs }))
      // The server went away mid-response (killed): no 'end' will come.
      res.on('close', () => { if (!res.complete) reject(new Error(`connection closed mid-response after ${text.length} bytes`)) })
    })
    req.on('error', reject)
    req.end(body)
  })
}
