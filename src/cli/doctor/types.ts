// Shapes of `npm run doctor`: one result per dependency, each check planned from the configuration.
import type { FfmpegProbe } from '../../services/speech/audio-decoder.ts'
import type { EspeakProbe } from '../../services/speech/espeak-tts.ts'

/** ok: works; warn: works with a caveat; fail: configured but broken; skip: not configured (not checked). */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip'

export interface CheckResult {
  /** redis, llm:together, embeddings, pinecone, stt:prosa, tts:espeak, emotion, ffmpeg, espeak-ng, knowledge */
  name: string
  status: CheckStatus
  /** How long the check took, in whole milliseconds; absent when it did not run. */
  durationMs?: number
  /** A short tag shown instead of the latency: an HTTP status (401), timeout, unreachable, auth... */
  code?: string
  /** One line: what was found, or what is wrong and which variable to check. Never a secret value. */
  detail: string
}

/** What a check's `run` resolves to (a thrown error becomes a `fail` through `hints`). */
export interface CheckOutcome {
  status: CheckStatus
  detail: string
  code?: string
}

export interface CheckContext {
  /** Aborted when the check's budget is spent. */
  signal: AbortSignal
  timeoutMs: number
}

/** What a failure line tells the user to look at. */
export interface ErrorHints {
  /** Variable holding the credential (401/403 → "check X"). */
  key?: string
  /** What the credential is called in the message (default "API key"). */
  credential?: string
  /** Variable naming the model or index (404 and rejected models → "check X"). */
  model?: string
  /** The thing a 404 did not find, e.g. `model "gpt-4o-mini"`. */
  what?: string
  /** Variable holding the address (unreachable → "check X"). */
  url?: string
  /** host[:port] shown when unreachable (never a URL, which may carry credentials). */
  host?: string
}

export interface PlannedCheck {
  name: string
  /** Absent: the dependency is not configured and `skip` says why. */
  run?: (context: CheckContext) => Promise<CheckOutcome>
  skip?: string
  hints?: ErrorHints
  /** Budget of this check (default: the doctor's timeout). */
  timeoutMs?: number
}

/** The local tools, injectable so tests can pretend one is missing. */
export interface DoctorTools {
  probeFfmpeg: () => Promise<FfmpegProbe>
  probeEspeak: () => Promise<EspeakProbe>
  /** The voices of those given that espeak-ng refuses. */
  missingEspeakVoices: (voices: readonly string[]) => Promise<string[]>
}

export interface DoctorOptions {
  /** Budget of each check in ms (default 10 s). */
  timeoutMs?: number
  /** Budget of the knowledge-base check, which may (re)build the local index (default max(60 s, timeoutMs)). */
  knowledgeTimeoutMs?: number
  /** Called with each result, in the order of `results`, as soon as it and every earlier one are known. */
  onResult?: (result: CheckResult) => void
  /** Pinecone control-plane URL (default: the SDK's, https://api.pinecone.io). For tests. */
  pineconeControllerHost?: string
  tools?: Partial<DoctorTools>
}

export interface DoctorReport {
  results: CheckResult[]
  /** 0: every configured dependency passed (warnings allowed); 1: at least one failed. */
  exitCode: 0 | 1
}
