// test/ mirrors src/ and schemas/: `src/a/b.ts` is tested by `test/a/b.test.ts`, `schemas/x.ts` by
// `test/schemas/x.test.ts`. A source file without its own test file is a visible exception: it is
// listed below with where its behaviour is tested instead. A new file must get a test file or an
// entry here, and an entry that no longer matches an untested file must go.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import t from 'tap'

const ROOT = new URL('../', import.meta.url)

/** Path (exact file, or a folder ending in /) → where it is tested instead. */
const EXCEPTIONS: Record<string, string> = {
  // Schemas are exercised by the routes that validate with them, and by test/openapi.test.ts.
  'schemas/chat.ts': 'test/routes/v1/chat-input.test.ts, test/openapi.test.ts',
  'schemas/errors.ts': 'test/plugins/errors.test.ts, test/openapi.test.ts, test/openapi-contract.test.ts',
  'schemas/health.ts': 'test/routes/health.test.ts',
  'schemas/key.ts': 'test/routes/v1/me.test.ts, test/openapi.test.ts',
  'schemas/voice.ts': 'test/routes/v1/audio.test.ts, test/openapi.test.ts',
  // The app and its entry points are started whole.
  'src/app.ts': 'test/support/helpers/app.ts builds it for every route and plugin test; test/server.test.ts',
  'src/instrument.ts': 'test/sentry-options.test.ts, test/plugins/sentry.test.ts',
  'src/version.ts': 'test/routes/health.test.ts, test/openapi.test.ts',
  // Doctor: one check per dependency, each run against its fake by the CLI tests (doctor*.test.ts).
  'src/cli/doctor/checks/': 'test/cli/doctor/doctor.test.ts, doctor-providers.test.ts, doctor-stores.test.ts',
  'src/cli/doctor/index.ts': 'test/cli/doctor/doctor.test.ts, doctor-cli.test.ts',
  'src/cli/doctor/plan.ts': 'test/cli/doctor/doctor.test.ts',
  'src/cli/doctor/types.ts': 'types only',
  // Plugins that only adapt a service to Fastify: tested through the routes that use them.
  'src/plugins/assistant.ts': 'test/routes/v1/chat.test.ts, test/routes/v1/conversations.test.ts',
  'src/plugins/config.ts': 'every test that builds the app (test/support/helpers/app.ts)',
  'src/plugins/knowledge.ts': 'test/routes/v1/knowledge-outage.test.ts, test/routes/health.test.ts',
  'src/plugins/pressure.ts': 'test/routes/health.test.ts, test/server.test.ts',
  'src/plugins/readiness.ts': 'test/routes/health.test.ts',
  'src/plugins/swagger.ts': 'test/openapi.test.ts, test/browser/swagger-ui.test.ts',
  'src/plugins/openapi-document.ts': 'test/openapi.test.ts, test/openapi-contract.test.ts',
  'src/plugins/voice.ts': 'test/routes/v1/audio.test.ts, audio-failures.test.ts, audio-hardening.test.ts',
  'src/routes/sse.ts': 'test/routes/v1/chat.test.ts and audio.test.ts (the streamed variants)',
  'src/routes/v1/conversation-id.ts': 'test/routes/v1/conversation-headers.test.ts',
  'src/routes/v1/index.ts': 'test/plugins/auth.test.ts',
  // Small shared service modules, tested where they are used.
  'src/services/errors.ts': 'test/plugins/errors.test.ts',
  // Conversation storage: the savers are tested whole, and by the official conformance suite.
  'src/services/conversations/redis-saver-records.ts': 'test/services/conversations/redis-saver.test.ts, redis-saver-transcript.test.ts, checkpoint-conformance.vitest.ts',
  'src/services/conversations/redis-saver-scripts.ts': 'test/services/conversations/redis-saver.test.ts, redis-saver-keys.test.ts, redis-saver-transcript.test.ts, checkpoint-conformance.vitest.ts',
  'src/services/conversations/saver-records.ts': 'test/services/conversations/memory-saver.test.ts, checkpoint-conformance.vitest.ts',
  'src/services/conversations/versioned-saver.ts': 'test/services/conversations/memory-saver.test.ts, redis-saver.test.ts, checkpoint-conformance.vitest.ts',
  // The answering agent: the graph and the answerer are tested whole (graph.test.ts with LangChain's fake models).
  'src/services/rag/extractive/': 'test/services/rag/extractive.test.ts, extractive-composition.test.ts, extractive-declining.test.ts, question-types.test.ts, follow-up.test.ts, offline-answers.test.ts, offline-answers-wording.test.ts',
  'src/services/rag/providers.ts': 'test/routes/v1/chat.test.ts, chat-stream-failover.test.ts (failover against the fake OpenAI server)',
  'src/services/rag/state.ts': 'test/services/rag/graph.test.ts',
  'src/services/rag/tracing.ts': 'test/plugins/tracing.test.ts, test/plugins/langsmith.test.ts',
  // Retrieval: the facade, ingestion and backends through the knowledge base's tests.
  'src/services/retrieval/backends/backend.ts': 'test/services/retrieval/hybrid.test.ts, backends/pinecone-store.test.ts (the shared backend helpers)',
  'src/services/retrieval/backends/local.ts': 'test/services/retrieval/hybrid.test.ts, ingest-durability.test.ts',
  'src/services/retrieval/backends/pinecone.ts': 'test/services/retrieval/backends/pinecone-store.test.ts',
  'src/services/retrieval/embeddings.ts': 'test/services/retrieval/hybrid.test.ts (the fake embeddings server)',
  'src/services/retrieval/errors.ts': 'test/routes/v1/knowledge-outage.test.ts',
  'src/services/retrieval/index.ts': 're-exports only',
  'src/services/retrieval/ingest.ts': 'test/services/retrieval/ingest-cli.test.ts, ingest-durability.test.ts',
  'src/services/retrieval/knowledge-base.ts': 'test/services/retrieval/hybrid.test.ts, cache.test.ts, ingest-durability.test.ts',
  'src/services/retrieval/local/fusion.ts': 'test/services/retrieval/hybrid.test.ts, local/store.test.ts',
  'src/services/retrieval/local/index-file.ts': 'test/services/retrieval/ingest-durability.test.ts, local/store.test.ts',
  'src/services/retrieval/local/minisearch-lexical.ts': 'test/services/retrieval/local/lexical.test.ts (both engines)',
  'src/services/retrieval/local/orama-lexical.ts': 'test/services/retrieval/local/lexical.test.ts (both engines)',
  'src/services/retrieval/local/snapshot.ts': 'test/services/retrieval/local/store.test.ts (save and restore)',
  'src/services/retrieval/text-analysis.ts': 'test/services/text/, test/services/retrieval/aliases.test.ts',
  'src/services/retrieval/types.ts': 'types only',
  // Speech: the in-process decoding pieces through the pool decoder; clients through their fakes.
  'src/services/speech/audio-webm.ts': 'test/services/speech/audio-pool-decoder.test.ts',
  'src/services/speech/ffmpeg.ts': 'test/services/speech/audio-decoder-ffmpeg.test.ts, audio-decoder-errors.test.ts',
  'src/services/speech/flac-bits.ts': 'test/services/speech/audio-flac-encoder.test.ts (ffmpeg decodes the frames back; CRC errors would fail it)',
  'src/services/speech/index.ts': 're-exports only',
  'src/services/speech/openai-http.ts': 'test/services/speech/openai-audio.test.ts',
  'src/services/speech/openai-stt.ts': 'test/services/speech/openai-audio.test.ts',
  'src/services/speech/openai-tts.ts': 'test/services/speech/openai-audio.test.ts',
  'src/services/speech/prosa-errors.ts': 'test/services/speech/prosa-stt.test.ts, prosa-tts.test.ts',
  'src/services/speech/sentence-source.ts': 'test/services/text/spoken-sentences.test.ts, test/routes/v1/audio.test.ts',
  'src/services/speech/types.ts': 'types only',
  'src/services/speech/websocket-frames.ts': 'test/services/speech/prosa-stt.test.ts, prosa-tts.test.ts',
  'src/services/voice/pipeline.ts': 'test/routes/v1/audio.test.ts, audio-failures.test.ts, audio-hardening.test.ts',
  'src/services/voice/synthesis.ts': 'test/routes/v1/audio.test.ts, audio-backpressure.test.ts, audio-cancel.test.ts, audio-failures.test.ts',
  // Wiring: config to options, tested by the settings test and by every app the tests build.
  'src/wiring/assistant.ts': 'test/wiring/settings.test.ts',
  'src/wiring/rag.ts': 'test/wiring/settings.test.ts, test/plugins/tracing.test.ts',
  'src/wiring/redis.ts': 'test/wiring/settings.test.ts',
  'src/wiring/speech.ts': 'test/wiring/settings.test.ts',
  'src/wiring/voice.ts': 'test/wiring/settings.test.ts'
}

function sources (): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'src', 'schemas'], { cwd: ROOT, encoding: 'utf8' })
  return listed.split('\n').filter((file) => file.endsWith('.ts') && existsSync(new URL(file, ROOT)))
}

function mirrorOf (file: string): string {
  return file.replace(/^src\//, 'test/').replace(/^schemas\//, 'test/schemas/').replace(/\.ts$/, '.test.ts')
}

function exceptionFor (file: string): string | undefined {
  return Object.keys(EXCEPTIONS).find((path) => path.endsWith('/') ? file.startsWith(path) : file === path)
}

const untested = sources().filter((file) => !existsSync(new URL(mirrorOf(file), ROOT)))

t.test('every source file has its mirrored test file or a listed exception', async (t) => {
  t.ok(sources().length > 100, 'the source files were found')
  t.same(untested.filter((file) => exceptionFor(file) === undefined), [],
    'files without a test file and without an entry in EXCEPTIONS')
})

t.test('no stale exception: each entry names a source file that has no test file of its own', async (t) => {
  const used = new Set(untested.map(exceptionFor))
  t.same(Object.keys(EXCEPTIONS).filter((path) => !used.has(path)), [], 'entries to remove')
})

t.test('each exception names where the file is tested, and that test exists', async (t) => {
  for (const [path, where] of Object.entries(EXCEPTIONS)) {
    if (/^(types only|re-exports only)$/.test(where)) continue
    const first = /test\/[\w/.-]+\.ts|test\/[\w/-]+\//.exec(where)?.[0]
    t.ok(first !== undefined && existsSync(new URL(first, ROOT)), `${path}: ${where}`)
  }
})
