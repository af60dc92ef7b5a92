// Writes .env.example and the README's configuration table from schemas/env.ts, so the
// documentation cannot drift from what the service validates (test/schemas/env.test.ts checks).
// Usage: npm run env:docs
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { EnvSchema } from '../schemas/env.ts'

interface VariableDoc {
  name: string
  description: string
  /** The bounds the schema enforces, in words ("at least 60", "0 to 65535"); undefined without any. */
  range: string | undefined
  defaultValue: string | undefined
  section: string
}

interface NumberBounds { minimum?: number, exclusiveMinimum?: number, maximum?: number, exclusiveMaximum?: number }

/** The bounds of a numeric schema in words, so the docs say what start-up refuses. */
export function rangeOf ({ minimum, exclusiveMinimum, maximum, exclusiveMaximum }: NumberBounds): string | undefined {
  if (minimum !== undefined && maximum !== undefined) return `${minimum} to ${maximum}`
  const lower = minimum !== undefined ? `at least ${minimum}` : exclusiveMinimum !== undefined ? `over ${exclusiveMinimum}` : undefined
  const upper = maximum !== undefined ? `at most ${maximum}` : exclusiveMaximum !== undefined ? `under ${exclusiveMaximum}` : undefined
  const bounds = [lower, upper].filter((bound) => bound !== undefined)
  return bounds.length === 0 ? undefined : bounds.join(', ')
}

const SCHEMA_SOURCE = new URL('../schemas/env.ts', import.meta.url)
const TABLE_START = '<!-- config-table:start -->'
const TABLE_END = '<!-- config-table:end -->'

/** The variables in schema order, with the section comments (`// --- name`) they sit under. */
export function variables (): VariableDoc[] {
  const properties = EnvSchema.properties as Record<string, NumberBounds & { description?: string, default?: unknown }>
  const docs: VariableDoc[] = []
  let section = 'General'
  for (const line of readFileSync(SCHEMA_SOURCE, 'utf8').split('\n')) {
    const heading = /^\s*\/\/ --- (.+)$/.exec(line)
    if (heading !== null) section = heading[1] as string
    const variable = /^\s{2}([A-Z][A-Z0-9_]+):/.exec(line)
    if (variable === null) continue
    const name = variable[1] as string
    const schema = properties[name]
    if (schema === undefined) continue
    docs.push({
      name,
      section,
      description: schema.description ?? '',
      range: rangeOf(schema),
      defaultValue: schema.default === undefined ? undefined : String(schema.default)
    })
  }
  return docs
}

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)

export function renderEnvExample (): string {
  const lines = [
    '# itb-chatbot configuration. Copy to .env and set what you use: every variable is optional,',
    '# and `npm start` works with none of them (embedded defaults). An empty value means "not set".',
    '# Generated from schemas/env.ts by `npm run env:docs`; the tests fail when the two disagree.'
  ]
  let section = ''
  for (const doc of variables()) {
    if (doc.section !== section) {
      section = doc.section
      lines.push('', `# --- ${capitalised(section)}`)
    }
    const notes = [doc.range, doc.defaultValue === undefined ? undefined : `default: ${doc.defaultValue === '' ? 'empty' : doc.defaultValue}`]
      .filter((note) => note !== undefined)
    lines.push(`# ${doc.description}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}`, `${doc.name}=${doc.defaultValue ?? ''}`)
  }
  return `${lines.join('\n')}\n`
}

export function renderConfigTable (): string {
  const rows = ['| Variable | Default | Meaning |', '| --- | --- | --- |']
  for (const doc of variables()) {
    const shownDefault = doc.defaultValue === undefined ? '—' : doc.defaultValue === '' ? '(empty)' : `\`${doc.defaultValue}\``
    const meaning = doc.range === undefined ? doc.description : `${doc.description} (${doc.range})`
    rows.push(`| \`${doc.name}\` | ${shownDefault} | ${meaning.replaceAll('|', '\\|')} |`)
  }
  return rows.join('\n')
}

export function withConfigTable (readme: string): string {
  const start = readme.indexOf(TABLE_START)
  const end = readme.indexOf(TABLE_END)
  if (start === -1 || end === -1) throw new Error(`README.md needs the markers ${TABLE_START} and ${TABLE_END}`)
  return `${readme.slice(0, start + TABLE_START.length)}\n${renderConfigTable()}\n${readme.slice(end)}`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = new URL('../', import.meta.url)
  writeFileSync(new URL('.env.example', root), renderEnvExample())
  const readmePath = new URL('README.md', root)
  writeFileSync(readmePath, withConfigTable(readFileSync(readmePath, 'utf8')))
  process.stdout.write('wrote .env.example and the README configuration table\n')
}
