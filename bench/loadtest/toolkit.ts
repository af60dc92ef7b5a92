// Pieces of the load test (bench/loadtest/): a lean keep-alive HTTP client with a deadline, a
// multipart body built once, a switchable TCP proxy (to take a fake dependency down and bring it back
// on the same address), /proc readings and small statistics. Loopback only.
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { createConnection, createServer, type Server, type Socket } from 'node:net'

/**
 * How long a pooled connection may sit idle before the client closes it: far below the service's
 * keep-alive timeout (72 s, src/app.ts; Node closes at 73), so the client, not the service, ends an
 * idle connection. Without a timeout of its own Node's agent ignores the server's `Keep-Alive:
 * timeout=72` hint and keeps connections forever; the pool (last in, first out) left its deepest ones
 * idle until a burst took them, and one taken as the service's idle timer fired was reset
 * (ECONNRESET) when that service's event loop was held (a busy machine).
 */
export const IDLE_CONNECTION_MS = 30_000

export const agent = new Agent({ keepAlive: true, maxSockets: 1024, keepAliveMsecs: 1000, timeout: IDLE_CONNECTION_MS })

export interface Outcome {
  /** HTTP status, or 0 when no complete response arrived (see `error`). */
  status: number
  body: string
  ms: number
  /** 'timeout', 'ECONNRESET', 'incomplete'... when status is 0. */
  error?: string
}

/** One HTTP call on 127.0.0.1 with a deadline: never hangs longer than `timeoutMs`, never throws. */
export async function send (port: number, method: string, path: string, headers: Record<string, string | number>, body: Buffer | string | undefined, timeoutMs: number): Promise<Outcome> {
  const started = performance.now()
  return await new Promise((resolve) => {
    let settled = false
    const finish = (outcome: Omit<Outcome, 'ms'>): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ ...outcome, ms: performance.now() - started })
    }
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => { chunks.push(chunk) })
      res.on('end', () => { finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }) })
      res.on('close', () => { if (!res.complete) finish({ status: 0, body: Buffer.concat(chunks).toString(), error: 'incomplete' }) })
    })
    const timer = setTimeout(() => {
      finish({ status: 0, body: '', error: 'timeout' })
      req.destroy()
    }, timeoutMs)
    req.on('error', (error: NodeJS.ErrnoException) => { finish({ status: 0, body: '', error: error.code ?? error.message }) })
    req.end(body)
  })
}

/** A multipart/form-data body with one file field, built once and sent as is by every voice turn. */
export function multipartBody (field: string, fileName: string, contentType: string, content: Buffer): { body: Buffer, contentType: string } {
  const boundary = '----itb-loadtest-7f3a9c2e'
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`)
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return { body: Buffer.concat([head, content, tail]), contentType: `multipart/form-data; boundary=${boundary}` }
}

export interface SwitchProxy {
  port: number
  /** Forward new connections to `targetPort` (cutting current ones), or stop listening (null): the dependency is down. */
  route: (targetPort: number | null) => Promise<void>
  close: () => Promise<void>
}

/**
 * A TCP proxy on a fixed loopback port in front of a fake: the service is configured with the proxy's
 * address once, and the load test switches what is behind it (a healthy fake, a failing one, nothing).
 */
export async function startSwitchProxy (targetPort: number): Promise<SwitchProxy> {
  let target: number | null = targetPort
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let port = 0

  const listen = async (): Promise<void> => {
    const created = createServer((client) => {
      const upstreamPort = target
      if (upstreamPort === null) { client.destroy(); return }
      const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort })
      for (const socket of [client, upstream]) {
        sockets.add(socket)
        socket.on('close', () => sockets.delete(socket))
        socket.on('error', () => { client.destroy(); upstream.destroy() })
      }
      client.pipe(upstream)
      upstream.pipe(client)
    })
    await new Promise<void>((resolve, reject) => {
      created.once('error', reject)
      created.listen(port, '127.0.0.1', () => { created.off('error', reject); resolve() })
    })
    const address = created.address()
    port = typeof address === 'object' && address !== null ? address.port : 0
    server = created
  }

  const cutAll = (): void => { for (const socket of sockets) socket.destroy() }
  const stopListening = async (): Promise<void> => {
    const running = server
    server = undefined
    if (running === undefined) return
    await new Promise<void>((resolve) => { running.close(() => resolve()); cutAll() })
  }

  await listen()
  return {
    port,
    async route (next) {
      target = next
      cutAll()
      if (next === null) await stopListening()
      else if (server === undefined) await listen()
    },
    close: stopListening
  }
}

/** Resident set size of a process in MB (Linux /proc), or NaN once it is gone. */
export function rssMb (pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match === null ? Number.NaN : Number(match[1]) / 1024
  } catch {
    return Number.NaN
  }
}

/** Least-squares slope of y over x. */
export function slope (points: Array<[number, number]>): number {
  const n = points.length
  if (n < 2) return Number.NaN
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n
  let num = 0
  let den = 0
  for (const [x, y] of points) { num += (x - mx) * (y - my); den += (x - mx) ** 2 }
  return den === 0 ? Number.NaN : num / den
}

/** Sum of every sample of a Prometheus counter (all label sets) in a /metrics text. */
export function counterSum (metrics: string, name: string): number {
  let total = 0
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(name)) continue
    const rest = line.slice(name.length)
    if (rest[0] !== ' ' && rest[0] !== '{') continue
    const value = Number(line.slice(line.lastIndexOf(' ') + 1))
    if (Number.isFinite(value)) total += value
  }
  return total
}

/** Counts of each value, as "503×12, timeout×1" (most frequent first; at most `limit` kinds, then "…"). */
export function tally (values: Array<string | number>, limit = 6): string {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1)
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1])
  const shown = sorted.slice(0, limit).map(([value, count]) => `${value}×${count}`)
  if (sorted.length > limit) shown.push(`${sorted.length - limit} more kinds`)
  return shown.join(', ') || 'none'
}

/** The entries of `expected` not found in `stored` in order (other stored entries may come between). */
export function missingFromSequence (expected: string[], stored: string[]): string[] {
  const missing: string[] = []
  let cursor = 0
  for (const item of expected) {
    const found = stored.indexOf(item, cursor)
    if (found === -1) missing.push(item)
    else cursor = found + 1
  }
  return missing
}

/** CPU jiffies (1/100 s) the whole machine has been busy and in total since boot (/proc/stat). */
export function machineJiffies (): { busy: number, total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0) // idle + iowait
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0) // without guest time (already in user)
  return { busy: total - idle, total }
}

/** CPU jiffies of a process and its waited-for children (user, system, cuser, csystem), or 0 once gone. */
export function processJiffies (pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])
  } catch {
    return 0
  }
}

/** The first sample of a Prometheus gauge in a /metrics text (NaN when absent). */
export function gauge (metrics: string, name: string): number {
  for (const line of metrics.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) return Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return Number.NaN
}

/**
 * Milliseconds Redis takes to acknowledge one write (`SET`, so with `appendfsync always` it includes
 * the fsync) on a fresh loopback connection; NaN when it does not answer within `timeoutMs`.
 */
export async function redisWriteProbe (port: number, timeoutMs: number): Promise<number> {
  const command = ['SET', 'loadtest:probe', String(Date.now())]
  const resp = `*${command.length}\r\n${command.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`
  return await new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    let started = 0
    const done = (value: number): void => { clearTimeout(timer); socket.destroy(); resolve(value) }
    const timer = setTimeout(() => done(Number.NaN), timeoutMs)
    socket.once('connect', () => { started = performance.now(); socket.write(resp) })
    socket.on('data', (data: Buffer) => { done(data.toString().startsWith('+OK') ? performance.now() - started : Number.NaN) })
    socket.once('error', () => done(Number.NaN))
  })
}
