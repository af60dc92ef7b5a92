// scripts/eval.ts, eval-answers.ts and build.ts as an operator runs them: --help prints the usage and
// does nothing else; an unknown option is refused (exit 2) instead of being ignored for a full run
// (the evaluations) or handed to tsc for a compile (the build). ingest and doctor: their own CLI tests.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import t from 'tap'

const root = resolve(import.meta.dirname, '../..')

interface Run { code: number | null, stdout: string, stderr: string }

async function run (script: string, args: string[]): Promise<Run> {
  return await new Promise((resolve) => {
    execFile(process.execPath, [join(root, script), ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : (typeof error.code === 'number' ? error.code : null), stdout, stderr })
    })
  })
}

const SCRIPTS = [
  ['scripts/eval.ts', ['--verbos'], /Unknown option '--verbos'/],
  ['scripts/eval.ts', ['--engine=lucene'], /unknown --engine=lucene \(orama or minisearch\)/],
  ['scripts/eval-answers.ts', ['--wrtie'], /Unknown option '--wrtie'/],
  ['scripts/eval-answers.ts', ['eval/answers.jsonl'], /Unexpected argument 'eval\/answers.jsonl'/],
  ['scripts/build.ts', ['--bogus'], /Unknown option '--bogus'/],
  ['scripts/build.ts', ['--outDir'], /argument missing/],
  ['scripts/build.ts', ['src'], /Unexpected argument 'src'/]
] as const

for (const script of new Set(SCRIPTS.map(([script]) => script))) {
  t.test(`${script} --help prints its usage and does nothing else`, async (t) => {
    for (const flag of ['--help', '-h']) {
      const help = await run(script, [flag])
      t.equal(help.code, 0, flag)
      t.match(help.stdout, new RegExp(`^usage: node ${script.replace('.', '\\.')} `), flag)
      t.match(help.stdout, /Exit code: /)
      t.equal(help.stderr, '', flag)
      t.notMatch(help.stdout, /hit@1|correct answers|built /, `${flag} runs nothing`)
    }
  })
}

for (const [script, args, reason] of SCRIPTS) {
  t.test(`${script} ${args.join(' ')} is refused with exit 2`, async (t) => {
    const refused = await run(script, [...args])
    t.equal(refused.code, 2)
    t.match(refused.stderr, reason)
    t.match(refused.stderr, new RegExp(`\\nusage: node ${script.replace('.', '\\.')} `), 'the usage follows the reason')
    t.equal(refused.stdout, '', 'nothing ran')
  })
}

t.test('scripts/build.ts hands what follows -- to tsc', async (t) => {
  // An option tsc refuses fails before compiling anything: proof it reached tsc, without a build.
  const outDir = `dist-test-args-${process.pid}`
  const passed = await run('scripts/build.ts', ['--outDir', outDir, '--', '--notATscFlag'])
  t.equal(passed.code, 1, 'the compiler failed, the script says so with 1')
  t.match(passed.stdout + passed.stderr, /Unknown compiler option '--notATscFlag'/)
  t.notOk(existsSync(join(root, outDir)), 'nothing was built')
})
