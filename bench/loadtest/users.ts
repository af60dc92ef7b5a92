// The users: USERS closed loops, one turn at a time each, with think time between turns, sent
// round-robin to the service instances not marked down (the load generator is the load balancer).
// Every turn becomes a Sample; every acknowledged question goes into the ledger of its conversation.
import { setTimeout as sleep } from 'node:timers/promises'
import { startService } from '../../test/support/helpers/service.ts'
import { B_ENV, B_NODE_ARGS, KEY, QUESTIONS, REQUEST_TIMEOUT_MS, SSE_SHARE, THINK_MS, TRANSCRIPT, TURNS_PER_CONVERSATION, USERS, VOICE_SHARE, WATCHDOG_MS } from './config.ts'
import { now } from './process.ts'
import { send, type Outcome } from './toolkit.ts'

export interface Instance {
  name: string
  port: number
  pid: number
  up: boolean
  inFlight: Set<number>
  service: Awaited<ReturnType<typeof startService>>
  exit?: { code: number | null, signal: string | null, at: number }
}

/** Two service processes (A, B) on the given environment (B with LOADTEST_B_ENV's and LOADTEST_B_NODE_ARGS too), started one after the other. */
export async function startInstances (env: Record<string, string>): Promise<Instance[]> {
  const instances: Instance[] = []
  for (const name of ['A', 'B']) {
    const service = name === 'B' ? await startService({ ...env, ...B_ENV }, undefined, B_NODE_ARGS) : await startService(env)
    const instance: Instance = { name, port: service.port, pid: service.child.pid as number, up: true, inFlight: new Set(), service }
    service.child.once('exit', (code, signal) => { instance.up = false; instance.exit = { code, signal, at: now() } })
    instances.push(instance)
  }
  return instances
}

export type Kind = 'text' | 'sse' | 'voice'
export interface Sample {
  id: number
  kind: Kind
  instance: string
  conversation: string
  /** Seconds since the start. */
  start: number
  end: number
  /** 200, or e.g. `503 OVERLOADED`, `sse 503 LLM_UNAVAILABLE` (an SSE error event), `timeout`, `ECONNRESET`. */
  status: number | string
  ok: boolean
  emotion?: string
  audioNull?: boolean
  warnings?: string
  /** JSON text turns: the service's own exec_time (seconds): total and model time. */
  server?: number
  llm?: number
}

export function classify (kind: Kind, outcome: Outcome): { status: number | string, ok: boolean } {
  if (outcome.status === 0) return { status: outcome.error ?? 'error', ok: false }
  const code = (text: string): string => /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? ''
  if (outcome.status !== 200) return { status: `${outcome.status} ${code(outcome.body)}`.trim(), ok: false }
  if (kind !== 'sse' || outcome.body.includes('event: done')) return { status: 200, ok: true }
  const failed = /event: error\ndata: (.*)/.exec(outcome.body)
  return { status: failed === null ? 'sse no done event' : `sse ${/"statusCode":(\d+)/.exec(failed[1])?.[1] ?? '?'} ${code(failed[1])}`.trim(), ok: false }
}
export const isStatus = (status: number | string, code: number): boolean => String(status).replace(/^sse /, '').startsWith(String(code))

export interface Load {
  samples: Sample[]
  /** Acknowledged questions per conversation, in order. */
  ledger: Map<string, string[]>
  control: { stopping: boolean }
  user: (index: number) => Promise<void>
}

/** `voice`: the multipart body of a voice turn. */
export function createLoad (instances: Instance[], voice: { body: Buffer, contentType: string }, startedAt: number): Load {
  const samples: Sample[] = []
  const ledger = new Map<string, string[]>()
  const control = { stopping: false }
  let nextId = 0
  let cursor = 0

  /** The load balancer: round-robin over the instances not marked down. */
  function pick (): Instance | undefined {
    for (let tries = 0; tries < instances.length; tries++) {
      const instance = instances[cursor++ % instances.length]
      if (instance.up) return instance
    }
    return undefined
  }

  async function turn (instance: Instance, kind: Kind, conversation: string): Promise<boolean> {
    const id = nextId++
    const question = kind === 'voice' ? TRANSCRIPT : `${QUESTIONS[id % QUESTIONS.length]} (#${id})`
    const headers: Record<string, string | number> = { 'x-api-key': KEY, 'x-conversation-id': conversation }
    const start = now()
    instance.inFlight.add(id)
    let outcome: Outcome
    if (kind === 'voice') {
      outcome = await send(instance.port, 'POST', '/v1/audio', { ...headers, 'content-type': voice.contentType, 'content-length': voice.body.length }, voice.body, REQUEST_TIMEOUT_MS)
    } else {
      const body = JSON.stringify({ message: question })
      outcome = await send(instance.port, 'POST', '/v1/chat', {
        ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(kind === 'sse' ? { accept: 'text/event-stream' } : {})
      }, body, REQUEST_TIMEOUT_MS)
    }
    instance.inFlight.delete(id)
    const { status, ok } = classify(kind, outcome)
    const sample: Sample = { id, kind, instance: instance.name, conversation, start, end: now(), status, ok }
    if (kind === 'voice' && outcome.status === 200) {
      sample.emotion = /"emotion":"([^"]*)"/.exec(outcome.body)?.[1]
      sample.audioNull = outcome.body.includes('"audio":null')
      sample.warnings = /"warnings":\[(.*?)\]/.exec(outcome.body)?.[1] ?? ''
    }
    if (kind === 'text' && ok) {
      const times = /"exec_time":\{[^}]*"llm":([\d.]+)[^}]*"total":([\d.]+)/.exec(outcome.body)
      if (times !== null) { sample.llm = Number(times[1]); sample.server = Number(times[2]) }
    }
    samples.push(sample)
    if (ok) {
      let acked = ledger.get(conversation)
      if (acked === undefined) ledger.set(conversation, acked = [])
      acked.push(question)
    }
    return ok
  }

  async function user (index: number): Promise<void> {
    await sleep(Math.round((index / USERS) * 2000)) // ramp up over 2 s
    let conversation = ''
    let left = 0
    let generation = 0
    while (!control.stopping && now() * 1000 < WATCHDOG_MS) {
      if (left <= 0) {
        conversation = `lt-${startedAt.toString(36)}-u${index}-c${generation++}`
        left = TURNS_PER_CONVERSATION - 2 + Math.floor(Math.random() * 5) // 8..12 turns
      }
      const instance = pick()
      if (instance === undefined) { await sleep(200); continue }
      const kind: Kind = Math.random() < VOICE_SHARE ? 'voice' : Math.random() < SSE_SHARE ? 'sse' : 'text'
      const ok = await turn(instance, kind, conversation)
      left--
      // Think time; a failed turn waits a little longer (clients back off).
      const pause = THINK_MS * (0.5 + Math.random()) + (ok ? 0 : 500)
      if (pause > 0 && !control.stopping) await sleep(pause)
    }
  }

  return { samples, ledger, control, user }
}
