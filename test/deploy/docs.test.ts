// The operations documents stay true to the repository: every variable they name exists, every
// secret is explained, every file, link, anchor, npm script and CLI they point to is there.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { EnvSchema, SECRET_VARIABLES } from '../../schemas/env.ts'
import { ROOT, readText } from './files.ts'

const DOCS = ['docs/environment-setup.md', 'docs/deployment.md', 'SECURITY.md']

/** Upper-case names in the docs that are not service variables: build args and compose variables. */
const OTHER_VARIABLES = new Set(['NODE_IMAGE', 'TYPECHECK', 'ITB_PORT', 'ITB_IMAGE', 'SECRET_VARIABLES', 'PASSWORD'])

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function slug (heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')
}

/** All of src/ as one text: error codes the documents quote must appear in it. */
function sourceText (dir: string): string {
  return readdirSync(dir).map((entry) => {
    const path = join(dir, entry)
    return statSync(path).isDirectory() ? sourceText(path) : path.endsWith('.ts') ? readFileSync(path, 'utf8') : ''
  }).join('\n')
}
const SOURCE = sourceText(fileURLToPath(new URL('src/', ROOT)))

/** An error code of the service: `'CODE'` in src/, or a Prosa `${product}_SUFFIX` code. */
function isErrorCode (name: string): boolean {
  if (SOURCE.includes(`'${name}'`)) return true
  const prosa = /^(STT|TTS)_([A-Z_]+)$/.exec(name)
  return prosa !== null && SOURCE.includes(`\${product}_${prosa[2] as string}`)
}

function anchorsOf (markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) => slug(match[1] as string)))
}

t.test('every secret variable is explained in docs/environment-setup.md', async (t) => {
  const setup = readText('docs/environment-setup.md')
  for (const name of SECRET_VARIABLES) t.match(setup, new RegExp(`\\b${name}\\b`), `${name} is documented`)
})

t.test('every variable the documents name is a configuration variable (or an error code)', async (t) => {
  const known = new Set(Object.keys(EnvSchema.properties))
  for (const file of DOCS) {
    const text = readText(file)
    const named = new Set([...text.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?:=[^`]*)?`/g)].map((match) => match[1] as string))
    t.ok(named.size > 0, `${file} names variables`)
    for (const name of named) t.ok(known.has(name) || OTHER_VARIABLES.has(name) || isErrorCode(name), `${file}: ${name} exists`)
  }
  t.ok(isErrorCode('VOICE_UNAVAILABLE') && isErrorCode('STT_CONFIG'), 'error codes are recognised')
  t.notOk(isErrorCode('STT_MADE_UP') || isErrorCode('RATE_LIMIT_PER_HOURS'), 'made-up names are not')
})

t.test('every README section a message of the service names (See README, "…") is a README heading, word for word', async (t) => {
  const headings = new Set([...readText('README.md').matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) => (match[1] as string).trim()))
  const named = [...`${SOURCE}\n${readText('schemas/errors.ts')}`.matchAll(/README, \\?"([^"\\]+)\\?"/g)].map((match) => match[1] as string)
  t.ok(named.length > 0, 'messages name README sections')
  // Was 'See README, "Voice"' for the section "Voice: configuring speech".
  for (const section of named) t.ok(headings.has(section), `README has a section "${section}"`)
})

t.test('files, links and anchors the documents point to exist', async (t) => {
  for (const file of DOCS) {
    const text = readText(file)
    const base = new URL(file, ROOT)
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1] as string
      if (/^(https?:|mailto:)/.test(target)) continue
      const [path, anchor] = target.split('#') as [string, string | undefined]
      const url = path === '' ? base : new URL(path, base)
      t.ok(existsSync(url), `${file}: link ${target} exists`)
      if (anchor !== undefined && existsSync(url) && url.pathname.endsWith('.md')) {
        const linked = readText(url.pathname.slice(new URL(ROOT).pathname.length))
        t.ok(anchorsOf(linked).has(anchor), `${file}: anchor #${anchor} exists`)
      }
    }
    for (const match of text.matchAll(/`((?:deploy|monitoring|docs|schemas|scripts|knowledge|src)\/[\w./-]*\w)`/g)) {
      t.ok(existsSync(new URL(match[1] as string, ROOT)), `${file}: ${match[1] as string} exists`)
    }
  }
  t.equal(slug('Single host (`npm start` and systemd)'), 'single-host-npm-start-and-systemd')
})

t.test('npm scripts and CLIs the documents run exist', async (t) => {
  const pkg = JSON.parse(readText('package.json')) as { scripts: Record<string, string> }
  for (const file of DOCS) {
    const text = readText(file)
    for (const match of text.matchAll(/\bnpm run ([\w:-]+)/g)) t.ok(match[1] as string in pkg.scripts, `${file}: npm run ${match[1] as string}`)
    for (const match of text.matchAll(/\bnode (scripts\/[\w-]+\.ts)/g)) t.ok(existsSync(new URL(match[1] as string, ROOT)), `${file}: ${match[1] as string}`)
  }
})

t.test('deployment.md covers the operations it promises', async (t) => {
  const text = readText('docs/deployment.md')
  for (const topic of ['systemd', 'docker compose', 'kubectl apply -k', 'kubectl rollout undo', 'HorizontalPodAutoscaler|HPA',
    'nginx', 'BGSAVE', 'appendonly', 'API_KEYS', 'npm run ingest', 'npm run doctor', 'Maintenance calendar', 'npm audit']) {
    t.match(text, new RegExp(topic), `mentions ${topic}`)
  }
})

t.test('README names every fixed warning a voice answer can carry', async (t) => {
  const readme = readText('README.md')
  // Each warnings.push of the pipeline, its interpolated reason written as README writes it.
  const warnings = [...readText('src/services/voice/pipeline.ts').matchAll(/warnings\.push\((['`])(.+?)\1\)/g)]
    .map((match) => (match[2] as string).replace(/\$\{[^}]*\}/g, 'X').replace(/\([^)]*\)/g, '(<reason>)'))
  t.ok(warnings.length >= 6, `${warnings.length} warnings found`)
  for (const warning of warnings) t.ok(readme.includes(`\`${warning}\``), warning)
})
