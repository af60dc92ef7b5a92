// Shared pieces of the benchmarks: a service child process, a keep-alive HTTP client, percentiles
// and CPU time read from /proc. Benchmarks print figures; they assert nothing.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { freePort } from '../test/helpers/redis-server.ts'

export interface ServiceProcess {
  port: number
  child: ChildProcess
  stop: () => Promise<void>
}

/** Starts `src/server.ts` (the real start-up path) in its own process with the given environment. */
export async function startService (env: Record<string, string>, script?: string): Promise<ServiceProcess> {
  const port = await freePort()
  const code = script ?? "import { start } from './src/server.ts'\nawait start()"
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    try {
      if ((await call(port, 'GET', '/health')).status === 200) break
    } catch {}
    if (child.exitCode !== null) throw new Error(`service exited: ${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    port,
    child,
    stop: async () => {
      if (child.exitCode !== null) return
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
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString()
        if (firstEvent !== undefined && firstEventMs === undefined && text.includes(firstEvent)) firstEventMs = performance.now() - started
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, firstByteMs, totalMs: performance.now() - started, firstEventMs }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

export function percentile (values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number
}

/** User + system CPU milliseconds a process has used so far (Linux). */
export function cpuMs (pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  const ticks = Number(fields[11]) + Number(fields[12])
  return ticks * 10 // USER_HZ is 100 on Linux
}

export const fmt = (value: number, digits = 1): string => Number.isFinite(value) ? value.toFixed(digits) : 'n/a'

/** Runs `worker(index)` in `concurrency` loops until `seconds` have passed. */
export async function runFor (seconds: number, concurrency: number, worker: (index: number) => Promise<void>): Promise<void> {
  const deadline = performance.now() + seconds * 1000
  await Promise.all(Array.from({ length: concurrency }, async (_, index) => {
    while (performance.now() < deadline) await worker(index)
  }))
}
