// The service's whole configuration: one TypeBox schema, validated once at start-up.
// The config type is derived from it (`Env`), never written by hand.
// Every variable is documented in .env.example; test/schemas/env.test.ts keeps the two in sync.
import { Type, type Static } from 'typebox'

const Str = (description: string, options: Record<string, unknown> = {}) =>
  Type.Optional(Type.String({ description, minLength: 1, ...options }))
const Url = (description: string, schemes = 'https?') =>
  Str(description, { pattern: `^(${schemes})://[^\\s]+$` })
const Seconds = (description: string, defaultValue: number) =>
  Type.Number({ description, exclusiveMinimum: 0, maximum: 3600, default: defaultValue })

/**
 * Seconds after SHUTDOWN_TIMEOUT for answering what is still in flight and closing Redis, before the
 * process gives up (exit 1). Kubernetes allows 30 s minus the 5 s preStop sleep.
 */
export const SHUTDOWN_MARGIN = 5

export const EnvSchema = Type.Object({
  // --- server
  HOST: Type.String({ description: 'Address to listen on', default: '0.0.0.0', minLength: 1 }),
  PORT: Type.Integer({ description: 'Port to listen on', minimum: 0, maximum: 65535, default: 8000 }),
  LOG_LEVEL: Type.Union([
    Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'),
    Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')
  ], { description: 'pino log level', default: 'info' }),
  TRUST_PROXY: Type.String({
    description: 'Reverse proxies whose X-Forwarded-* headers are trusted: false, the number of proxies in front (1 behind one nginx or Ingress), or their comma-separated addresses/CIDRs. "true" is refused: it trusts the client\'s own X-Forwarded-For',
    default: 'false',
    minLength: 1
  }),
  SHUTDOWN_TIMEOUT: Seconds('Seconds in-flight requests get to finish after SIGTERM', 10),
  // At most the margin less 1 s: the rest of the margin closes Redis.
  SHUTDOWN_TURN_SETTLE: Type.Number({
    description: `Seconds a question cancelled at the SHUTDOWN_TIMEOUT deadline gets to wind down and be answered as it ended (stored or not) before it is answered 503; taken from the ${SHUTDOWN_MARGIN} s after SHUTDOWN_TIMEOUT that also close Redis`,
    exclusiveMinimum: 0,
    maximum: SHUTDOWN_MARGIN - 1,
    default: 2
  }),
  REQUEST_TIMEOUT: Seconds('Seconds a whole request may take before the server gives up on it', 120),
  MAX_EVENT_LOOP_DELAY: Type.Integer({ description: 'Event-loop delay (ms) above which requests get 503 (0 = off)', minimum: 0, default: 1000 }),
  WORKERS: Type.String({ description: 'Server processes sharing the port (node:cluster): a number, or "auto" for one per core; more than one needs Redis', default: '1', pattern: '^(auto|[1-9][0-9]?)$' }),
  IDLE_GC_SECONDS: Type.Integer({ description: 'Seconds with no request in flight after which one full garbage collection and glibc malloc_trim return the memory a burst left behind (only after the heap and buffers grew by 16 MB; 0 = off)', minimum: 0, maximum: 3600, default: 10 }),
  READY_CHECK_TIMEOUT: Type.Integer({ description: 'Milliseconds each readiness check may take', minimum: 50, maximum: 10_000, default: 1000 }),
  DEMO_ENABLED: Type.Boolean({ description: 'Serve the demo web client at /demo (public page; asking still needs an API key)', default: true }),

  // --- security
  API_KEY: Str('The API key clients send in X-API-Key (prototype name)'),
  API_KEYS: Str('Comma-separated API keys, all valid at once (key rotation); combined with API_KEY; keys under 16 characters, or with characters other than printable ASCII (clients must send those as UTF-8), are warned about at start'),
  CORS_ORIGINS: Type.String({ description: 'Comma-separated allowed origins, each scheme://host[:port] as browsers send it (no path, no trailing slash); "*" only when written explicitly; empty = no cross-origin access', default: '' }),
  RATE_LIMIT_ENABLED: Type.Boolean({ description: 'Enable the per-key rate limit', default: true }),
  RATE_LIMIT_PER_HOUR: Type.Integer({ description: 'Requests per hour per API key (per IP without a valid key)', minimum: 1, default: 100 }),
  MAX_CONTENT_LENGTH: Type.Integer({ description: 'Largest accepted upload in bytes (audio)', minimum: 1024, default: 16 * 1024 * 1024 }),

  // --- Redis
  REDIS_URL: Url('Redis connection URL; wins over REDIS_HOST/PORT/DB/PASSWORD', 'rediss?'),
  REDIS_HOST: Str('Redis host; Redis is used only when this or REDIS_URL is set'),
  REDIS_PORT: Type.Integer({ description: 'Redis port', minimum: 1, maximum: 65535, default: 6379 }),
  REDIS_DB: Type.Integer({ description: 'Redis database number', minimum: 0, maximum: 255, default: 0 }),
  REDIS_PASSWORD: Str('Redis password'),
  CONVERSATION_TTL: Type.Integer({ description: 'Seconds a conversation is kept after its last message, answered or not; it never expires during a turn', minimum: 60, default: 86400 }),
  CACHE_ENABLED: Type.Boolean({ description: 'Cache retrieval results in Redis', default: true }),
  CACHE_TTL: Type.Integer({ description: 'Seconds a cached retrieval result lives', minimum: 1, default: 3600 }),

  // --- knowledge base and retrieval
  VECTOR_STORE: Type.Optional(Type.Union([Type.Literal('local'), Type.Literal('pinecone')], {
    description: 'Where passages are searched: local (embedded Orama index) or pinecone; default pinecone only when PINECONE_API_KEY is set'
  })),
  KNOWLEDGE_DIR: Type.String({ description: 'Folder of documents the local index is built from', default: 'knowledge', minLength: 1 }),
  DATA_DIR: Type.String({ description: 'Folder where the local index is saved', default: 'data', minLength: 1 }),
  CHUNK_SIZE: Type.Integer({ description: 'Characters per chunk when splitting documents', minimum: 100, maximum: 8000, default: 1000 }),
  CHUNK_OVERLAP: Type.Integer({ description: 'Characters of overlap between chunks', minimum: 0, maximum: 2000, default: 150 }),
  RETRIEVAL_K: Type.Integer({ description: 'Passages retrieved per search', minimum: 1, maximum: 50, default: 10 }),
  RETRIEVAL_MIN_SCORE: Type.Optional(Type.Number({ description: 'Lexical relevance floor: share of the question\'s weighted words a passage must contain; unset = calibrated default 0.25', minimum: 0, maximum: 1 })),
  RETRIEVAL_MIN_SIMILARITY: Type.Optional(Type.Number({ description: 'Vector relevance floor: cosine similarity a passage must reach; unset = default 0.3', minimum: 0, maximum: 1 })),
  EMBEDDINGS_BASE_URL: Url('OpenAI-compatible embeddings server (default: OPENAI_BASE_URL). Setting it or EMBEDDINGS_API_KEY makes the local index hybrid (BM25 + vectors)'),
  EMBEDDINGS_API_KEY: Str('Key for the embeddings server (default: OPENAI_API_KEY)'),
  EMBEDDINGS_MODEL: Type.String({ description: 'Embeddings model', default: 'text-embedding-3-large', minLength: 1 }),
  EMBEDDINGS_DIMENSIONS: Type.Integer({ description: 'Embedding dimensions (the Pinecone index dimension)', minimum: 1, default: 3072 }),
  PINECONE_API_KEY: Str('Pinecone API key'),
  PINECONE_INDEX_NAME: Type.String({ description: 'Pinecone index name', default: 'informasi-umum-itb', minLength: 1 }),
  PINECONE_INDEX_HOST: Url('Pinecone index host override (skips the control plane)'),
  PINECONE_NAMESPACE: Str('Pinecone namespace (default: the index\'s default namespace)'),

  // --- language models
  LLM_PROVIDERS: Str('Comma-separated order of chat providers to try (together, openai, custom); default: every configured one in that order. None configured = extractive (offline) answers'),
  TOGETHER_API_KEY: Str('Together AI API key (enables the together provider)'),
  TOGETHER_BASE_URL: Type.String({ description: 'Together AI OpenAI-compatible endpoint', default: 'https://api.together.xyz/v1', pattern: '^https?://[^\\s]+$' }),
  TOGETHER_MODEL: Type.String({ description: 'Together AI chat model', default: 'Qwen/Qwen2.5-72B-Instruct-Turbo', minLength: 1 }),
  OPENAI_API_KEY: Str('OpenAI API key (enables the openai provider; also embeddings and speech)'),
  OPENAI_BASE_URL: Type.String({ description: 'OpenAI endpoint', default: 'https://api.openai.com/v1', pattern: '^https?://[^\\s]+$' }),
  OPENAI_MODEL: Type.String({ description: 'OpenAI chat model', default: 'gpt-4o-mini', minLength: 1 }),
  LLM_BASE_URL: Url('Any OpenAI-compatible chat server (vLLM, llama.cpp, Ollama /v1): enables the custom provider'),
  LLM_API_KEY: Str('Key for LLM_BASE_URL (if it needs one)'),
  LLM_MODEL: Str('Model name for LLM_BASE_URL'),
  LLM_TIMEOUT: Seconds('Seconds one language-model call may take before failing over', 30),
  LLM_STARTUP_CHECK: Type.Boolean({ description: 'At start-up, in the background, ask each chat provider for its model list (GET {base URL}/models, no tokens) and log a warning naming the variable to check when the address or key is wrong, or when the list lacks the configured model. Never affects readiness', default: true }),
  HISTORY_MESSAGES: Type.Integer({ description: 'Messages of earlier turns sent to the model (older turns stay stored)', minimum: 0, maximum: 100, default: 10 }),
  MAX_SEARCHES: Type.Integer({ description: 'Knowledge-base searches per question, the one made before the model is called included', minimum: 1, maximum: 10, default: 3 }),
  MAX_CONVERSATIONS: Type.Integer({ description: 'Conversations kept in memory when Redis is not configured (least recently used dropped first, never one whose turn is in progress)', minimum: 10, default: 10000 }),
  CONVERSATION_LOCK_WAIT: Seconds('Seconds a request waits while another request on the same conversation is processed (then 409)', 60),

  // --- speech and emotion
  MAX_AUDIO_SECONDS: Type.Integer({ description: 'Longest accepted recording in seconds', minimum: 1, maximum: 600, default: 60 }),
  AUDIO_UPLOAD_TIMEOUT: Seconds('Seconds a recording upload may take to arrive in full (then 408)', 30),
  AUDIO_UPLOAD_MEMORY: Type.Integer({ description: 'Bytes of recording uploads held in memory at once per instance (503 with retry-after beyond); at least MAX_CONTENT_LENGTH', minimum: 1024 * 1024, default: 128 * 1024 * 1024 }),
  AUDIO_DECODE_CONCURRENCY: Type.Integer({ description: 'Recordings decoded at once per instance (worker threads, or ffmpeg processes for other formats)', minimum: 1, maximum: 64, default: 2 }),
  AUDIO_DECODE_NICENESS: Type.Integer({ description: 'Nice levels the decoder threads and ffmpeg processes run below the service (Linux): they yield the cores to request handling when all are busy; 0 runs them at the service\'s priority', minimum: 0, maximum: 19, default: 10 }),
  AUDIO_DECODE_QUEUE: Type.Integer({ description: 'Recordings that may wait for a decoder (503 with retry-after beyond)', minimum: 0, maximum: 1000, default: 32 }),
  STT_PROVIDER: Type.Optional(Type.Union([Type.Literal('prosa'), Type.Literal('openai'), Type.Literal('none')], {
    description: 'Speech-to-text provider; default: prosa when PROSA_STT_API_KEY is set, else openai when STT_BASE_URL or OPENAI_API_KEY is set, else none (/v1/audio answers 503)'
  })),
  PROSA_STT_API_KEY: Str('Prosa speech-to-text API key'),
  PROSA_STT_URL: Type.String({ description: 'Prosa streaming speech-to-text WebSocket URL', default: 'wss://asr-api.prosa.ai/v2/speech/stt/streaming', pattern: '^wss?://[^\\s]+$' }),
  PROSA_STT_MODEL: Type.String({ description: 'Prosa speech-to-text model', default: 'asr-general-online', minLength: 1 }),
  STT_BASE_URL: Url('OpenAI-compatible /audio/transcriptions server (a self-hosted whisper server); default OPENAI_BASE_URL'),
  STT_API_KEY: Str('Key for STT_BASE_URL (default: OPENAI_API_KEY)'),
  STT_MODEL: Type.String({ description: 'OpenAI-compatible transcription model', default: 'whisper-1', minLength: 1 }),
  STT_TIMEOUT: Seconds('Seconds speech-to-text may take', 30),
  TTS_PROVIDER: Type.Optional(Type.Union([Type.Literal('prosa'), Type.Literal('openai'), Type.Literal('espeak'), Type.Literal('none')], {
    description: 'Speech synthesis provider; default: prosa when PROSA_TTS_API_KEY is set, else openai when TTS_BASE_URL is set, else espeak (local espeak-ng, Indonesian and English voices)'
  })),
  PROSA_TTS_API_KEY: Str('Prosa text-to-speech API key'),
  PROSA_TTS_URL: Type.String({ description: 'Prosa streaming text-to-speech WebSocket URL', default: 'wss://tts-api.prosa.ai/v2/speech/tts/streaming', pattern: '^wss?://[^\\s]+$' }),
  PROSA_TTS_MODEL: Type.String({ description: 'Prosa voice model', default: 'tts-ghifari-professional', minLength: 1 }),
  PROSA_TTS_SAMPLE_RATE: Type.Integer({ description: 'Sample rate asked of Prosa text-to-speech (the original app used 8000)', minimum: 8000, maximum: 48000, default: 8000 }),
  TTS_BASE_URL: Url('OpenAI-compatible /audio/speech server; default OPENAI_BASE_URL'),
  TTS_API_KEY: Str('Key for TTS_BASE_URL (default: OPENAI_API_KEY)'),
  TTS_MODEL: Type.String({ description: 'OpenAI-compatible speech model', default: 'tts-1', minLength: 1 }),
  TTS_VOICE: Type.String({ description: 'OpenAI-compatible speech voice', default: 'alloy', minLength: 1 }),
  ESPEAK_VOICE: Type.String({ description: 'espeak-ng voice for local speech: Indonesian sentences, and any not clearly English', default: 'id', pattern: '^[a-z]{2,3}(-[a-z0-9]+)*(\\+[a-z0-9]+)?$' }),
  ESPEAK_VOICE_EN: Type.String({ description: 'espeak-ng voice for the sentences detected as English (set it to the ESPEAK_VOICE value for one voice throughout)', default: 'en', pattern: '^[a-z]{2,3}(-[a-z0-9]+)*(\\+[a-z0-9]+)?$' }),
  TTS_TIMEOUT: Seconds('Seconds speech synthesis of one sentence may take', 30),
  EMOTION_ANALYSIS_URL: Url('Emotion analysis service base URL (POST /predict); unset = neutral tone'),
  EMOTION_TIMEOUT: Seconds('Seconds emotion analysis may take before falling back to neutral', 3),

  // --- observability
  SENTRY_DSN: Url('Sentry DSN; Sentry is off when unset'),
  SENTRY_ENVIRONMENT: Type.String({ description: 'Sentry environment name', default: 'production', minLength: 1 }),
  SENTRY_TRACES_SAMPLE_RATE: Type.Number({ description: 'Share of requests traced by Sentry when SENTRY_DSN is set (0 sends errors only)', minimum: 0, maximum: 1, default: 0.1 }),
  METRICS_TOKEN: Str('Bearer token GET /metrics requires; unset = /metrics is public (trusted networks only); one with characters other than printable ASCII (scrapers must send it as UTF-8) is warned about at start'),
  LANGCHAIN_TRACING_V2: Type.Boolean({ description: 'Send agent traces to LangSmith (same as LANGSMITH_TRACING)', default: false }),
  LANGCHAIN_API_KEY: Str('LangSmith API key (same as LANGSMITH_API_KEY)'),
  LANGCHAIN_PROJECT: Str('LangSmith project name (same as LANGSMITH_PROJECT; default itb-chatbot)'),
  LANGSMITH_TRACING: Type.Boolean({ description: 'Send agent traces to LangSmith (newer name of LANGCHAIN_TRACING_V2)', default: false }),
  LANGSMITH_API_KEY: Str('LangSmith API key (newer name; wins over LANGCHAIN_API_KEY)'),
  LANGSMITH_PROJECT: Str('LangSmith project name (newer name; wins over LANGCHAIN_PROJECT)'),
  LANGSMITH_ENDPOINT: Url('LangSmith API endpoint (default: LangSmith cloud)')
})

export type Env = Static<typeof EnvSchema>

/** Names of variables whose values are secrets: never logged, never echoed in errors. */
export const SECRET_VARIABLES: ReadonlyArray<keyof Env> = [
  'API_KEY', 'API_KEYS', 'REDIS_URL', 'REDIS_PASSWORD', 'EMBEDDINGS_API_KEY', 'PINECONE_API_KEY',
  'TOGETHER_API_KEY', 'OPENAI_API_KEY', 'LLM_API_KEY', 'PROSA_STT_API_KEY', 'PROSA_TTS_API_KEY', 'STT_API_KEY', 'TTS_API_KEY', 'SENTRY_DSN',
  'LANGCHAIN_API_KEY', 'LANGSMITH_API_KEY', 'METRICS_TOKEN'
]
