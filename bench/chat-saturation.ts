// bench:chat row (b): the service saturated, once as one process and once with WORKERS=2, each next to
// what the rest of the machine spent on it. Instant model, 32 turns in flight, no think time, a new
// conversation every turn. The load generator and the model stand-in are the light ones
// (bench/light-load.ts): this process shares the two cores with the service it measures.
import { cpuMs, fmt, machineCpu, runFor, settle, startService, threadCpuMs, treeCpuMs } from './helpers.ts'
import { KeepAliveConnection, startInstantChat } from './light-load.ts'

export interface SaturationOptions {
  seconds: number
  key: string
  questions: string[]
  /** The one-process service's environment (its model's address is replaced by the instant model's). */
  serviceEnv: Record<string, string>
  /** The same for WORKERS=2, with its Redis, and that Redis's pid (its CPU is counted). */
  clusterEnv: () => Promise<{ env: Record<string, string>, redisPid: number | undefined }>
  /** Node flags for the one-process service (a CPU profile) and for both. */
  profileArgs: string[]
  nodeArgs: string[]
  report: (row: string[]) => void
}

const ANSWER = 'ITB didirikan pada 3 Juli 1920 dengan nama Technische Hoogeschool te Bandoeng [1]. Kampus utamanya berada di Jalan Ganesa 10 Bandung [1].'

export async function saturation (options: SaturationOptions): Promise<void> {
  const model = await startInstantChat({ apiKey: 'bench', answer: ANSWER })
  const modelEnv = { TOGETHER_API_KEY: 'bench', TOGETHER_BASE_URL: model.baseURL }
  const body = (turn: number): string => JSON.stringify({ message: options.questions[turn % options.questions.length] as string })

  /** `concurrency` connections taking turns for `seconds`: turns and errors (a refused or reset connection is one). */
  const load = async (port: number, seconds: number, concurrency: number, label: string): Promise<{ turns: number, errors: number, elapsed: number }> => {
    const connections = Array.from({ length: concurrency }, () => new KeepAliveConnection(port))
    let turns = 0
    let errors = 0
    const started = performance.now()
    await runFor(seconds, concurrency, async (index) => {
      const turn = turns++
      const response = await (connections[index] as KeepAliveConnection).request('POST', '/v1/chat',
        { 'content-type': 'application/json', 'x-api-key': options.key, 'x-conversation-id': `${label}-${index}-${turn}` }, body(turn)).catch(() => undefined)
      if (response?.status !== 200) errors++
    })
    const elapsed = (performance.now() - started) / 1000
    for (const connection of connections) connection.close()
    return { turns, errors, elapsed }
  }
  /** Started and idle, then 400 turns so the row measures compiled code, not the JIT's warm-up. */
  const warmUp = async (pid: number, port: number): Promise<void> => {
    await settle(pid)
    const connections = Array.from({ length: 16 }, () => new KeepAliveConnection(port))
    let next = 0
    await Promise.all(connections.map(async (connection) => {
      while (next < 400) {
        const turn = next++
        await connection.request('POST', '/v1/chat', { 'content-type': 'application/json', 'x-api-key': options.key, 'x-conversation-id': `warm-${turn % 50}` }, body(turn)).catch(() => undefined)
      }
    }))
    for (const connection of connections) connection.close()
  }
  const seconds = Math.max(5, Math.round(options.seconds / 3))

  // One process.
  const single = await startService({ ...options.serviceEnv, ...modelEnv }, undefined, [...options.nodeArgs, ...options.profileArgs])
  const pid = single.child.pid as number
  await warmUp(pid, single.port)
  const cpuBefore = cpuMs(pid)
  const mainBefore = threadCpuMs(pid).get('MainThread') ?? 0
  const one = await load(single.port, seconds, 32, 'b')
  const cpuPerTurn = (cpuMs(pid) - cpuBefore) / one.turns
  // The rest is mostly V8's garbage-collection helper threads.
  const mainPerTurn = ((threadCpuMs(pid).get('MainThread') ?? 0) - mainBefore) / one.turns
  await single.stop()

  const bare = await startService({}, `
    import Fastify from 'fastify'
    const app = Fastify()
    app.post('/bare', async (request) => ({ answer: 'ok', echo: request.body }))
    app.get('/health', async () => ({ ok: true }))
    await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) })`)
  const bareConnections = Array.from({ length: 32 }, () => new KeepAliveConnection(bare.port))
  let bareCalls = 0
  const bareCpuBefore = cpuMs(bare.child.pid as number)
  const bareStarted = performance.now()
  await runFor(seconds, 32, async (index) => {
    await (bareConnections[index] as KeepAliveConnection).request('POST', '/bare', { 'content-type': 'application/json' }, JSON.stringify({ message: 'Kapan ITB didirikan?' }))
    bareCalls++
  })
  const bareElapsed = (performance.now() - bareStarted) / 1000
  const bareCpu = (cpuMs(bare.child.pid as number) - bareCpuBefore) / bareCalls
  for (const connection of bareConnections) connection.close()
  await bare.stop()
  options.report(['(b) instant model, 32 in flight', `${fmt(one.turns / one.elapsed)} turns/s, ${fmt(cpuPerTurn, 2)} CPU ms/turn (main thread ${fmt(mainPerTurn, 2)}), ${one.errors} errors`,
    `bare Fastify route: ${fmt(bareCalls / bareElapsed)} req/s, ${fmt(bareCpu, 3)} CPU ms/req`, '≥ 600 turns/s'])

  // WORKERS=2: one port, one process per core, and where the two cores go: the service (primary and
  // workers), this process (load generator and model stand-in), Redis.
  const cluster = await options.clusterEnv()
  const clustered = await startService({ ...cluster.env, ...modelEnv }, undefined, options.nodeArgs)
  await warmUp(clustered.child.pid as number, clustered.port) // compiled code in both workers
  const cpuOf = (): { service: number, bench: number, redis: number, machine: ReturnType<typeof machineCpu> } => {
    const own = process.cpuUsage()
    return { service: treeCpuMs(clustered.child.pid as number), bench: (own.user + own.system) / 1000, redis: cluster.redisPid === undefined ? Number.NaN : cpuMs(cluster.redisPid), machine: machineCpu() }
  }
  const before = cpuOf()
  const two = await load(clustered.port, seconds, 32, 'w')
  const after = cpuOf()
  await clustered.stop()
  const perTurn = (key: 'service' | 'bench' | 'redis'): string => fmt((after[key] - before[key]) / two.turns, 2)
  const busy = 100 * (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total)
  options.report(['(b) instant model, WORKERS=2', `${fmt(two.turns / two.elapsed)} turns/s, ${two.errors} errors`,
    `CPU ms/turn: service ${perTurn('service')}, load generator and model stand-in ${perTurn('bench')}, Redis ${perTurn('redis')}; machine ${fmt(busy)} % busy`, '≥ 1,000 turns/s'])
  await model.close()
}
