// A chat provider's address and key, checked once at start-up without spending a token: `GET
// {baseURL}/models` (OpenAI's "List models", which Together, vLLM, llama.cpp's server and Ollama's /v1
// answer too). A wrong LLM_BASE_URL or key then shows in the log at start-up, not at the first question,
// and so does a model the list lacks (a warning only: some servers serve models they do not list).
// The result is for the log only: readiness never waits on a vendor (see the assistant plugin).
import { htmlPageIn } from '../error-serializer.ts'
import { isUnreachable } from '../vendor-call.ts'
import { configurationProblem, type ConfigurationProblem } from './providers.ts'

export type ModelProbeResult =
  | { outcome: 'ok' }
  /** The list answered, with models, but not the configured one: `listed` is how many, `examples` the first few ids. */
  | { outcome: 'unlisted', listed: number, examples: string[] }
  /** The answer shows a configuration mistake: a refused key, a web page, no such path. */
  | { outcome: 'refused', status: number, problem: ConfigurationProblem, page?: string }
  /** Any other answer (5xx, 429…): says nothing certain about the configuration. */
  | { outcome: 'unexpected', status: number }
  | { outcome: 'unreachable' | 'timeout' | 'error', error: string }

/** The page's title, or that it was a page: what a wrong address answered (never the page itself). */
function pageOf (contentType: string, body: string): string | undefined {
  if (!contentType.includes('html') && htmlPageIn(body) === undefined) return undefined
  const title = htmlPageIn(body)?.title
  return title === undefined ? 'a web page' : `a web page titled "${title}"`
}

/** ECONNREFUSED, ENOTFOUND…: the code of the error or of one of its causes (its message may carry the URL). */
function codeIn (error: unknown): string | undefined {
  for (let link = error, depth = 0; link instanceof Error && depth < 5; link = link.cause, depth++) {
    const code = (link as { code?: unknown }).code
    if (typeof code === 'string') return code
  }
  return undefined
}

/** The model ids of an OpenAI "List models" answer (`{object: "list", data: [{id, object: "model", …}]}`); undefined for any other body. */
export function listedModels (body: string): string[] | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return undefined
  }
  const data = (parsed as { data?: unknown } | null)?.data
  if (!Array.isArray(data)) return undefined
  return data.map((entry) => (entry as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string')
}

/** `model`, when given, is looked for in the list: an empty or unreadable list says nothing about it. */
export async function probeModels (settings: { baseURL: string, apiKey: string, model?: string }, fetch: typeof globalThis.fetch, options: { timeoutMs: number, signal?: AbortSignal }): Promise<ModelProbeResult> {
  const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...(options.signal === undefined ? [] : [options.signal])])
  try {
    const response = await fetch(`${settings.baseURL.replace(/\/+$/, '')}/models`, {
      headers: { authorization: `Bearer ${settings.apiKey}`, accept: 'application/json' },
      signal
    })
    const body = await response.text()
    const page = pageOf(response.headers.get('content-type') ?? '', body)
    // A 200 web page (a site's home page) is as wrong an address as a 404 one.
    if (response.ok && page === undefined) {
      const listed = settings.model === undefined ? undefined : listedModels(body)
      if (listed !== undefined && listed.length > 0 && !listed.includes(settings.model as string)) {
        // The ids are the server's words: a few, each bounded, for the log line.
        return { outcome: 'unlisted', listed: listed.length, examples: listed.slice(0, 3).map((id) => id.length > 60 ? `${id.slice(0, 59)}…` : id) }
      }
      return { outcome: 'ok' }
    }
    const problem = configurationProblem(response.status, page !== undefined)
    // A 400 to a GET without parameters names no model and no setting: nothing certain to point at.
    if (problem === undefined || problem === 'request') return { outcome: 'unexpected', status: response.status }
    // No model is named here: a 404, even in JSON, is a base URL whose path is wrong (every compatible server lists its models).
    return { outcome: 'refused', status: response.status, problem: problem === 'model' ? 'address' : problem, page }
  } catch (error) {
    if (options.signal?.aborted === true) throw error
    if (signal.aborted) return { outcome: 'timeout', error: `no answer within ${options.timeoutMs / 1000} s` }
    if (isUnreachable(error)) return { outcome: 'unreachable', error: codeIn(error) ?? 'unreachable' }
    return { outcome: 'error', error: error instanceof Error ? error.name : 'error' }
  }
}
