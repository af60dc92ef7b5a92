// The load test's parameters (LOADTEST_* environment variables) and the fakes' fixed latencies and
// targets. Read once, when the run starts.

import { envPairs } from '../helpers.ts'

export const num = (name: string, fallback: number): number => {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`)
  return value
}
export const SECONDS = num('LOADTEST_SECONDS', 600)
export const WARMUP_SECONDS = num('LOADTEST_WARMUP_SECONDS', Math.min(30, Math.round(SECONDS / 4)))
export const USERS = Math.max(1, Math.round(num('LOADTEST_USERS', 100)))
export const FAULT_SECONDS = num('LOADTEST_FAULT_SECONDS', Math.min(45, Math.max(15, Math.round(SECONDS / 15))))
export const VOICE_SHARE = num('LOADTEST_VOICE_SHARE', 0.1)
export const SSE_SHARE = num('LOADTEST_SSE_SHARE', 0.2)
export const THINK_MS = num('LOADTEST_THINK_MS', 1000)
/** Diagnostics: more environment for instance B only, e.g. 'MALLOC_ARENA_MAX=2' (an A/B of allocator settings in one run). */
export const B_ENV = envPairs(process.env.LOADTEST_B_ENV)
/** Diagnostics: node options for instance B only, e.g. '--heap-growing-percent=0' (V8 options NODE_OPTIONS refuses). */
export const B_NODE_ARGS = (process.env.LOADTEST_B_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== '')
export const OUTPUT = process.env.LOADTEST_OUTPUT ?? 'docs/performance.md'
export const SAMPLES_FILE = process.env.LOADTEST_SAMPLES // optional: every turn as JSON lines, for analysis
export const REQUEST_TIMEOUT_MS = 60_000
export const TURNS_PER_CONVERSATION = 10

// Dependency latencies (the fakes'): per model call, per transcription, per emotion call, per sentence.
export const LLM_MS = 500
export const CHUNK_MS = 5
export const STT_MS = 1000
export const EMOTION_MS = 500
export const TTS_SENTENCE_MS = 300
export const LLM_TIMEOUT_S = 3
export const REDIS_OUTAGE_MS = 2000
export const RECOVERY_TARGET_S = 5
// Latency targets: the fakes' own time plus a budget for the service (1 s text, ~1.7 s voice at p99).
export const TEXT_P99_TARGET_MS = 2000
export const VOICE_P99_TARGET_MS = 4500

export const KEY = 'loadtest-key-0123456789abcdef'
export const TRANSCRIPT = 'apa saja fakultas di itb'
export const ANSWER = 'ITB memiliki dua belas fakultas dan sekolah, antara lain STEI, FTI, FMIPA dan SAPPK [1]. ' +
  'Kampus utamanya berada di Jalan Ganesa 10 Bandung, dengan kampus lain di Jatinangor dan Cirebon [1].'
export const QUESTIONS = ['Kapan ITB didirikan?', 'Di mana kampus Ganesha?', 'Apa itu TPB?', 'Bagaimana cara mendaftar lewat SNBP?',
  'Apa saja program studi di STEI?', 'Berapa biaya kuliah di ITB?', 'Kalau biayanya untuk S2?', 'Apa saja fakultas di ITB?']

export const phaseSeconds = (minimum: number): number => Math.max(minimum, FAULT_SECONDS)
export const REDIS_PHASE_SECONDS = phaseSeconds(45) // long enough to see the aftermath (conversation locks live 30 s)
export const expectedSeconds = WARMUP_SECONDS + SECONDS + REDIS_PHASE_SECONDS + phaseSeconds(15) * 2 + phaseSeconds(20) * 3 + 60
export const WATCHDOG_MS = (expectedSeconds + 300) * 1000
export const VERIFY_MAX = Math.round(num('LOADTEST_VERIFY_MAX', 20_000))
