// Loads and validates the configuration once at start-up: `.env` (if present) under the real
// environment, empty values treated as unset, every problem reported at once by variable name.
import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { parseEnv } from 'node:util'
import envSchema from 'env-schema'
import { EnvSchema, type Env } from '../schemas/env.ts'
import { typoDistance } from './services/text/typos.ts'

export type Config = Env

export class ConfigError extends Error {
  readonly problems: string[]
  constructor (problems: string[]) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
      problems.map((problem) => `  - ${problem}`).join('\n'))
    this.name = 'ConfigError'
    this.problems = problems
  }
}

export interface LoadConfigOptions {
  /** Variables to read (default: process.env). */
  env?: Record<string, string | undefined>
  /** A .env file read under `env` (default: `.env` in the working directory; false = none). */
  dotenvPath?: string | false
}

function readDotenv (path: string): Record<string, string> {
  try {
    return parseEnv(readFileSync(resolve(path), 'utf8')) as Record<string, string>
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new ConfigError([`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'parse error'})`])
  }
}

interface AjvError { instancePath: string, keyword: string, message?: string, params: Record<string, unknown> }

interface PropertySchema { type?: string, anyOf?: Array<{ const?: unknown }>, pattern?: string, minimum?: number, maximum?: number, exclusiveMinimum?: number }

const PROPERTIES = EnvSchema.properties as unknown as Record<string, PropertySchema>

/** What the non-URL patterns accept, in words an operator can act on. */
const FORMATS: Record<string, string> = {
  WORKERS: 'a number of processes from 1 to 99, or "auto" (one per core)',
  ESPEAK_VOICE: 'an espeak-ng voice name such as id, en-us or id+f3',
  ESPEAK_VOICE_EN: 'an espeak-ng voice name such as en, en-us or en+f3'
}

function range ({ minimum, maximum, exclusiveMinimum }: PropertySchema): string {
  const low = exclusiveMinimum !== undefined ? `above ${exclusiveMinimum}` : minimum !== undefined ? `at least ${minimum}` : undefined
  if (minimum !== undefined && maximum !== undefined) return ` from ${minimum} to ${maximum}`
  if (low !== undefined && maximum !== undefined) return ` ${low}, at most ${maximum}`
  if (low !== undefined) return exclusiveMinimum !== undefined ? ` ${low}` : ` of ${low}`
  return maximum !== undefined ? ` of at most ${maximum}` : ''
}

/** The values a variable accepts, read from its schema: the allowed values, the range, the URL schemes. */
function accepted (variable: string): string | undefined {
  const schema = PROPERTIES[variable]
  if (schema === undefined) return undefined
  if (schema.anyOf !== undefined) return `must be one of ${schema.anyOf.map((member) => String(member.const)).join(', ')}`
  if (schema.type === 'boolean') return 'must be true or false'
  if (schema.type === 'integer') return `must be an integer${range(schema)}`
  if (schema.type === 'number') return `must be a number${range(schema)}`
  if (schema.pattern === undefined) return undefined
  const url = /^\^\(?([a-z]+?)(s\?)?\)?:\/\//.exec(schema.pattern)
  if (url !== null) {
    const [, scheme = '', optionalS] = url
    return `must be a URL starting with ${optionalS === undefined ? `${scheme}://` : `${scheme}:// or ${scheme}s://`}`
  }
  return `must be ${FORMATS[variable] ?? `text matching ${schema.pattern}`}`
}

function describe (error: AjvError): string {
  const variable = error.instancePath.replace(/^\//, '') || String(error.params.missingProperty ?? 'configuration')
  // Messages come from the schema, never from the value, so secrets cannot leak here.
  const expected = ['type', 'anyOf', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum'].includes(error.keyword) ? accepted(variable) : undefined
  return `${variable}: ${expected ?? error.message ?? 'is invalid'}`
}

/** Integers past 2^53 (a mistyped "99999999999999999999999" reads as 1e+23) that no setting means. */
function unsafeIntegers (config: Env): string[] {
  return Object.entries(PROPERTIES)
    .filter(([name, schema]) => schema.type === 'integer' && !Number.isSafeInteger(config[name as keyof Env]))
    .map(([name]) => `${name}: ${accepted(name) ?? 'is too large'}`)
}

/** Names proxy-addr (Fastify's trustProxy) accepts for its built-in address ranges. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

function isProxyAddress (item: string): boolean {
  if (PROXY_RANGE_NAMES.has(item)) return true
  const [address = '', prefix, ...rest] = item.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))
}

/**
 * TRUST_PROXY as Fastify's `trustProxy`. A hop count or the proxies' addresses: `true` (trust every
 * hop) would take the client's left-most X-Forwarded-For entry as its address, so rotating that
 * header would dodge the per-IP rate limit.
 */
export function trustProxyOf (value: string): false | number | string[] {
  if (value === 'false' || value === '0') return false
  if (/^[1-9]$/.test(value)) return Number(value)
  return parseList(value)
}

function trustProxyProblems (value: string): string[] {
  if (value === 'true') {
    return ['TRUST_PROXY: "true" would trust any X-Forwarded-For a client sends; set the number of proxies in front (1 behind one nginx or Ingress) or their addresses/CIDRs']
  }
  const setting = trustProxyOf(value)
  if (!Array.isArray(setting)) return []
  const invalid = setting.filter((item) => !isProxyAddress(item))
  return invalid.length === 0 && setting.length > 0
    ? []
    : ['TRUST_PROXY: must be false, a number of proxies (1–9), or comma-separated IP addresses/CIDRs (or loopback, linklocal, uniquelocal)']
}

/** Checks that involve several variables. */
function crossChecks (config: Env): string[] {
  const problems: string[] = [...trustProxyProblems(config.TRUST_PROXY)]
  // With shared Redis there are usually several instances: each would generate its own random key,
  // and a client's key would work on one pod only.
  if ((config.REDIS_URL !== undefined || config.REDIS_HOST !== undefined) && parseList(config.API_KEY).length + parseList(config.API_KEYS).length === 0) {
    problems.push('API_KEYS: is required when Redis is configured (REDIS_URL or REDIS_HOST): instances sharing Redis must share their API keys; set API_KEYS (openssl rand -base64 32)')
  }
  // node:cluster hands each request to any worker: without a shared store a conversation, its lock and
  // a key's rate limit would be split between processes.
  const workers = config.WORKERS === 'auto' ? availableParallelism() : Number(config.WORKERS)
  if (workers > 1 && config.REDIS_URL === undefined && config.REDIS_HOST === undefined) {
    problems.push(`WORKERS: ${workers} processes need Redis (REDIS_URL or REDIS_HOST) to share conversations, locks and rate limits; set Redis or WORKERS=1`)
  }
  // Matched exactly against the Origin header, which never has a path, a trailing slash or capitals:
  // such an item would leave the front end without CORS and no hint why.
  for (const origin of parseList(config.CORS_ORIGINS)) {
    if (origin !== '*' && !/^https?:\/\/[a-z0-9.\-[\]:]+$/.test(origin)) {
      problems.push(`CORS_ORIGINS: "${origin.slice(0, 100)}" is not an origin as browsers send it: scheme://host[:port] in lower case, without a path or trailing slash (e.g. https://chat.itb.ac.id), or *`)
    }
  }
  if (config.AUDIO_UPLOAD_MEMORY < config.MAX_CONTENT_LENGTH) {
    problems.push('AUDIO_UPLOAD_MEMORY: must be at least MAX_CONTENT_LENGTH (one upload of the largest accepted size must fit)')
  }
  if (config.VECTOR_STORE === 'pinecone' && config.PINECONE_API_KEY === undefined) {
    problems.push('PINECONE_API_KEY: is required when VECTOR_STORE=pinecone')
  }
  const embeddingsKey = config.EMBEDDINGS_API_KEY ?? config.OPENAI_API_KEY
  const usesPinecone = config.VECTOR_STORE === 'pinecone' || (config.VECTOR_STORE === undefined && config.PINECONE_API_KEY !== undefined)
  if (usesPinecone && embeddingsKey === undefined && config.EMBEDDINGS_BASE_URL === undefined) {
    problems.push('EMBEDDINGS_API_KEY: is required for Pinecone (set EMBEDDINGS_API_KEY or OPENAI_API_KEY)')
  }
  if (config.CHUNK_OVERLAP >= config.CHUNK_SIZE) {
    problems.push('CHUNK_OVERLAP: must be smaller than CHUNK_SIZE')
  }
  if (config.LLM_BASE_URL !== undefined && config.LLM_MODEL === undefined) {
    problems.push('LLM_MODEL: is required when LLM_BASE_URL is set')
  }
  const configured = { together: config.TOGETHER_API_KEY, openai: config.OPENAI_API_KEY, custom: config.LLM_BASE_URL }
  for (const name of parseList(config.LLM_PROVIDERS)) {
    if (!(name in configured)) problems.push(`LLM_PROVIDERS: unknown provider "${name.slice(0, 20)}" (use together, openai, custom)`)
    else if (configured[name as keyof typeof configured] === undefined) problems.push(`LLM_PROVIDERS: ${name} is listed but not configured`)
  }
  if (config.STT_PROVIDER === 'prosa' && config.PROSA_STT_API_KEY === undefined) {
    problems.push('PROSA_STT_API_KEY: is required when STT_PROVIDER=prosa')
  }
  if (config.STT_PROVIDER === 'openai' && config.STT_BASE_URL === undefined && config.OPENAI_API_KEY === undefined) {
    problems.push('STT_BASE_URL: is required when STT_PROVIDER=openai (or set OPENAI_API_KEY)')
  }
  if (config.TTS_PROVIDER === 'prosa' && config.PROSA_TTS_API_KEY === undefined) {
    problems.push('PROSA_TTS_API_KEY: is required when TTS_PROVIDER=prosa')
  }
  if (config.TTS_PROVIDER === 'openai' && config.TTS_BASE_URL === undefined && config.OPENAI_API_KEY === undefined) {
    problems.push('TTS_BASE_URL: is required when TTS_PROVIDER=openai (or set OPENAI_API_KEY)')
  }
  if ((config.LANGCHAIN_TRACING_V2 || config.LANGSMITH_TRACING) && config.LANGCHAIN_API_KEY === undefined && config.LANGSMITH_API_KEY === undefined) {
    problems.push('LANGSMITH_API_KEY: is required when tracing is on (LANGSMITH_TRACING or LANGCHAIN_TRACING_V2; LANGCHAIN_API_KEY works too)')
  }
  return problems
}

/** The two places variables come from, each read once: the environment and `.env`. */
interface Sources {
  env: Record<string, string | undefined>
  fromFile: Record<string, string>
  dotenvPath: string
}

function readSources (options: LoadConfigOptions): Sources {
  return {
    env: options.env ?? process.env,
    fromFile: options.dotenvPath === false ? {} : readDotenv(options.dotenvPath ?? '.env'),
    dotenvPath: options.dotenvPath === false ? '.env' : options.dotenvPath ?? '.env'
  }
}

export function loadConfig (options: LoadConfigOptions = {}): Config {
  return validated(readSources(options))
}

/**
 * The configuration and the warnings about what was set beside it (see typoWarnings), from one read
 * of `.env`: what the server starts with.
 */
export function readConfig (options: LoadConfigOptions = {}): { config: Config, warnings: string[] } {
  const sources = readSources(options)
  return { config: validated(sources), warnings: typoWarnings(sources) }
}

function validated ({ env, fromFile, dotenvPath }: Sources): Config {
  const data: Record<string, string> = {}
  const setInFile = new Set<string>()
  for (const source of [fromFile, env]) {
    for (const [name, value] of Object.entries(source)) {
      // An empty value (`SENTRY_DSN=`) means "not set", as it did in the prototype's .env.
      if (value === undefined || value.trim() === '') continue
      data[name] = value.trim()
      if (source === fromFile) setInFile.add(name)
      else setInFile.delete(name)
    }
  }
  // A value from .env is named as such: the operator would otherwise look for it in the environment.
  const located = (problems: string[]): ConfigError => new ConfigError(problems.map((problem) =>
    setInFile.has(problem.slice(0, problem.indexOf(':'))) ? `${problem} (set in ${dotenvPath})` : problem))
  let config: Env
  try {
    // env-schema mutates the schema it is given (additionalProperties): hand it a copy.
    config = envSchema<Env>({ schema: structuredClone(EnvSchema), data, env: false, dotenv: false })
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors
    if (errors === undefined) throw error
    throw located([...new Set(errors.filter((e) => e.keyword !== 'const').map(describe))])
  }
  const problems = [...unsafeIntegers(config), ...crossChecks(config)]
  if (problems.length > 0) throw located(problems)
  return config
}

/**
 * Variables set (in the environment or .env) that are a typo away from one this service reads: the
 * schema drops unknown names silently, so `REDIS_ULR` would leave Redis off without a word. Short
 * names get one edit, longer ones two, so HOME or HOSTNAME are not taken for HOST.
 */
function typoWarnings ({ env, fromFile }: Sources): string[] {
  const known = Object.keys(PROPERTIES)
  const warnings: string[] = []
  for (const name of new Set([...Object.keys(fromFile), ...Object.keys(env)])) {
    if (name in PROPERTIES || name.length < 4) continue
    const meant = known.find((candidate) => typoDistance(name, candidate) <= (name.length < 8 ? 1 : 2))
    if (meant !== undefined) warnings.push(`${name} is set but is not a variable this service reads: did you mean ${meant}?`)
  }
  return warnings
}

/** Splits a comma-separated variable into its trimmed, non-empty items. */
export function parseList (value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '')
}
