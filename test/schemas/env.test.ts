import { readFileSync } from 'node:fs'
import t from 'tap'
import { EnvSchema } from '../../schemas/env.ts'
import { renderEnvExample, variables, withConfigTable } from '../../scripts/env-docs.ts'

const root = new URL('../../', import.meta.url)
const envExample = readFileSync(new URL('.env.example', root), 'utf8')

t.test('.env.example documents exactly the variables the schema validates, with their defaults', async (t) => {
  const documented = new Map<string, string>()
  for (const line of envExample.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]+)=(.*)$/.exec(line)
    if (match !== null) documented.set(match[1] as string, match[2] as string)
  }
  const schemaNames = Object.keys(EnvSchema.properties).sort()
  t.same([...documented.keys()].sort(), schemaNames, 'same variable names')
  for (const [name, schema] of Object.entries(EnvSchema.properties) as Array<[string, { default?: unknown, description?: string }]>) {
    t.equal(documented.get(name), schema.default === undefined ? '' : String(schema.default), `${name} default`)
    t.ok(envExample.includes(`# ${schema.description ?? '?'}`), `${name} is explained`)
  }
  t.equal(envExample, renderEnvExample(), 'up to date: run `npm run env:docs`')
})

t.test('the README configuration table is up to date and names every variable', async (t) => {
  const readme = readFileSync(new URL('README.md', root), 'utf8')
  t.equal(readme, withConfigTable(readme), 'run `npm run env:docs`')
  for (const doc of variables()) t.ok(readme.includes(`\`${doc.name}\``), doc.name)
})

t.test('every numeric variable states its allowed range in .env.example and the README', async (t) => {
  // The reproduction: CONVERSATION_TTL=30 is refused at start, yet nothing said it must be at least 60.
  const readme = readFileSync(new URL('README.md', root), 'utf8')
  const standalone = (text: string, value: number): boolean => new RegExp(`(?<![\\d.])${String(value).replace('.', '\\.')}(?![\\d.])`).test(text)
  let checked = 0
  for (const [name, schema] of Object.entries(EnvSchema.properties as Record<string, unknown>) as Array<[string, Record<string, unknown>]>) {
    const bounds = [schema.minimum, schema.exclusiveMinimum, schema.maximum, schema.exclusiveMaximum].filter((bound) => typeof bound === 'number')
    if (bounds.length === 0) continue
    const lines = envExample.split('\n')
    // The comment above NAME=, without its default (which may happen to equal a bound).
    const comment = (lines[lines.indexOf(lines.find((line) => line.startsWith(`${name}=`)) ?? '') - 1] ?? '').replace(/default: [^)]*\)$/, '')
    const row = (readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`)) ?? '').split(' | ').slice(2).join(' | ')
    for (const bound of bounds) {
      t.ok(standalone(comment, bound), `.env.example: ${name} says its bound ${bound}`)
      t.ok(standalone(row, bound), `README: ${name} says its bound ${bound}`)
    }
    checked += 1
  }
  t.ok(checked > 30, `${checked} numeric variables checked`)
})

t.test('the prototype variable names are kept', async (t) => {
  const prototype = ['API_KEY', 'HOST', 'PORT', 'TOGETHER_API_KEY', 'OPENAI_API_KEY', 'PINECONE_API_KEY', 'PINECONE_INDEX_NAME',
    'PROSA_STT_API_KEY', 'PROSA_STT_URL', 'PROSA_TTS_API_KEY', 'PROSA_TTS_URL', 'EMOTION_ANALYSIS_URL', 'REDIS_HOST', 'REDIS_PORT',
    'REDIS_DB', 'REDIS_PASSWORD', 'CONVERSATION_TTL', 'LANGCHAIN_TRACING_V2', 'LANGCHAIN_API_KEY', 'LANGCHAIN_PROJECT', 'SENTRY_DSN',
    'SENTRY_ENVIRONMENT', 'SENTRY_TRACES_SAMPLE_RATE', 'CORS_ORIGINS', 'RATE_LIMIT_ENABLED', 'RATE_LIMIT_PER_HOUR', 'MAX_CONTENT_LENGTH',
    'CACHE_ENABLED', 'CACHE_TTL', 'STT_TIMEOUT', 'TTS_TIMEOUT', 'EMOTION_TIMEOUT', 'LLM_TIMEOUT', 'REDIS_URL', 'API_KEYS']
  for (const name of prototype) t.ok(name in EnvSchema.properties, name)
})
