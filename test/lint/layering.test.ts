// `npm run lint` enforces the layering (.dependency-cruiser.cjs) and forbids process.env writes
// (eslint.config.js): a backwards import, a service reading the configuration or an environment
// write in a throwaway tree must fail it, and the real tree must pass.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { cruise, type IForbiddenRuleType } from 'dependency-cruiser'
import { ESLint } from 'eslint'
import t from 'tap'

const { forbidden } = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as { forbidden: IForbiddenRuleType[] }

async function violations (files: Record<string, string>, roots: string[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'itb-layering-'))
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
    const result = await cruise(roots, {
      baseDir: dir, validate: true, ruleSet: { forbidden }, tsPreCompilationDeps: true, outputType: 'json'
    }, { extensions: ['.ts'] })
    const output = JSON.parse(result.output as string) as { summary: { violations: Array<{ from: string, to: string, rule: { name: string } }> } }
    return output.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`).sort()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

t.test('an import against the layers fails the check; one along them passes', async (t) => {
  const leaf = 'export const value = 1\n'
  const uses = (path: string): string => `import { value } from '${path}'\nexport const used = value\n`
  t.same(await violations({
    'schemas/env.ts': leaf,
    'schemas/errors.ts': leaf,
    'src/services/retriever.ts': uses('../../schemas/errors.ts'),
    'src/wiring/retrieval.ts': uses('../../schemas/env.ts'),
    'src/wiring/options.ts': uses('../services/retriever.ts'),
    'src/plugins/knowledge.ts': uses('../wiring/options.ts'),
    'src/cli/doctor/plan.ts': uses('../../wiring/options.ts'),
    'src/routes/chat.ts': uses('../plugins/knowledge.ts'),
    'src/app.ts': uses('./routes/chat.ts'),
    'src/server.ts': uses('./app.ts'),
    'scripts/ingest.ts': uses('../src/services/retriever.ts'),
    'scripts/doctor.ts': uses('../src/cli/doctor/plan.ts'),
    'bench/chat.ts': uses('../test/support/fakes/chat.ts'),
    'test/support/fakes/chat.ts': leaf
  }, ['schemas', 'src', 'scripts', 'bench']), [], 'downwards, the CLIs using wiring, and bench using a fake')

  t.same(await violations({
    'src/services/retriever.ts': uses('../plugins/knowledge.ts'),
    'src/services/speech.ts': uses('../../schemas/env.ts'),
    'src/services/rag.ts': uses('../wiring/rag.ts'),
    'src/wiring/rag.ts': uses('../../schemas/env.ts'),
    'schemas/env.ts': leaf,
    'src/plugins/knowledge.ts': uses('../cluster.ts'),
    'src/plugins/doctor.ts': uses('../cli/doctor/plan.ts'),
    'src/cli/doctor/plan.ts': uses('../../../test/support/fakes/chat.ts'),
    'src/cluster.ts': leaf,
    'src/routes/chat.ts': uses('../app.ts'),
    'src/app.ts': leaf,
    'scripts/loadtest.ts': uses('../test/support/fakes/chat.ts'),
    'bench/chat.ts': uses('../test/routes/chat.test.ts'),
    'test/support/fakes/chat.ts': leaf,
    'test/routes/chat.test.ts': leaf
  }, ['src', 'scripts', 'bench']), [
    'bench-imports-tests: bench/chat.ts → test/routes/chat.test.ts',
    'plugins-imports-upwards: src/plugins/doctor.ts → src/cli/doctor/plan.ts',
    'plugins-imports-upwards: src/plugins/knowledge.ts → src/cluster.ts',
    'routes-imports-upwards: src/routes/chat.ts → src/app.ts',
    'scripts-import-dev-code: scripts/loadtest.ts → test/support/fakes/chat.ts',
    'scripts-import-dev-code: src/cli/doctor/plan.ts → test/support/fakes/chat.ts',
    'services-imports-upwards: src/services/rag.ts → src/wiring/rag.ts',
    'services-imports-upwards: src/services/retriever.ts → src/plugins/knowledge.ts',
    'services-read-config: src/services/speech.ts → schemas/env.ts'
  ])
})

t.test('writing process.env fails the lint in src/, scripts/ and bench/', async (t) => {
  const eslint = new ESLint()
  for (const [file, code] of [
    ['src/cluster.ts', "process.env.API_KEYS = 'generated'\n"],
    ['scripts/ingest.ts', "process.env['LOG_LEVEL'] = 'debug'\n"],
    ['bench/chat.ts', 'delete process.env.REDIS_URL\n']
  ] as const) {
    const [result] = await eslint.lintText(code, { filePath: file })
    t.ok(result?.messages.some((message) => message.ruleId === 'no-restricted-syntax' && /process\.env/.test(message.message)), `${file}: ${code.trim()}`)
  }
  const [reading] = await eslint.lintText("export const level = process.env.LOG_LEVEL ?? 'info'\n", { filePath: 'src/config.ts' })
  t.notOk(reading?.messages.some((message) => message.ruleId === 'no-restricted-syntax'), 'reading it is fine')
})
