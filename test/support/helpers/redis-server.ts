// Starts a private redis-server for one test file on a free port (never a shared instance).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestRedis {
  port: number
  url: string
  /** The server process's pid while it runs (a benchmark reads its CPU time). */
  readonly pid: number | undefined
  /** Stop the server (the data directory is kept, so `start()` brings the same data back with AOF). */
  stop: () => Promise<void>
  start: () => Promise<void>
  /** Freeze the server (SIGSTOP): connections stay open, nothing is answered — a hung Redis. */
  pause: () => void
  /** Let a paused server run again (SIGCONT). */
  resume: () => void
  /** Stop and remove everything. */
  destroy: () => Promise<void>
}

export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

async function waitForPort (port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => { socket.end(); resolve(true) })
      socket.once('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`)
}

export async function startRedis (options: { appendOnly?: boolean, args?: string[] } = {}): Promise<TestRedis> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'itb-redis-'))
  let child: ChildProcess | undefined

  const start = async (): Promise<void> => {
    child = spawn('redis-server', [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--dir', dir,
      '--save', '',
      '--appendonly', options.appendOnly === true ? 'yes' : 'no',
      '--appendfsync', 'always',
      ...(options.args ?? [])
    ], { stdio: 'ignore' })
    await waitForPort(port, 10_000)
  }

  const stop = async (): Promise<void> => {
    const running = child
    child = undefined
    if (running === undefined || running.exitCode !== null) return
    running.kill('SIGCONT')
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve())
      running.kill('SIGTERM')
    })
  }

  await start()
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid () { return child?.pid },
    start,
    stop,
    pause: () => { child?.kill('SIGSTOP') },
    resume: () => { child?.kill('SIGCONT') },
    destroy: async () => {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
