// scripts/doctor.ts spawned as a user runs it, against the fakes in fixture.ts: its output, exit
// codes and options, and no secret in anything it prints.
import t from 'tap'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { DoctorReport } from '../../../src/cli/doctor/index.ts'
import { SECRETS, assertNoSecret, root, startDoctorFixture } from './fixture.ts'

const run = promisify(execFile)
const script = join(root, 'scripts/doctor.ts')

const { work, knowledgeDir, fullEnv } = await startDoctorFixture(t)

t.test('scripts/doctor.ts as a user runs it: output, exit code and no secret', async (t) => {
  const env = fullEnv({ API_KEYS: 'doctor-client-key', OPENAI_API_KEY: 'sk-wrong-key-for-the-cli', KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: join(work, 'cli-data') })
  const result = await cli(env, [])
  t.equal(result.code, 1, result.stderr)
  t.equal(result.stderr, '')
  const lines = result.stdout.trimEnd().split('\n')
  t.equal(lines.length, 13, result.stdout)
  t.match(lines[0], /^ok {3}redis {12}(?:\d+ ms|\d+\.\d s) +redis \d+\.\d+\.\d+, AOF on$/)
  t.match(lines[1], /^ok {3}llm:together {5}(?:\d+ ms|\d+\.\d s) +fake-qwen answered "OK"$/)
  t.equal(lines[2], 'FAIL llm:openai       401      rejected the API key - check OPENAI_API_KEY')
  t.match(lines[3], /^ok {3}embeddings {7}(?:\d+ ms|\d+\.\d s) +fake-embedding: 64 dimensions$/)
  t.match(lines[4], /^ok {3}pinecone {9}(?:\d+ ms|\d+\.\d s) +index "informasi-umum-itb": 64 dimensions, 1 vector$/)
  t.match(lines[5], /^ok {3}stt:prosa .* transcribed a 1 s test tone: "halo itb"$/)
  t.match(lines[6], /^ok {3}tts:prosa .* "Halo\." -> WAV of 0\.3 s at 8000 Hz$/)
  t.match(lines[7], /^ok {3}emotion .* labelled a 1 s test clip \(FLAC\) "happy"$/)
  t.match(lines[8], /^ok {3}ffmpeg /)
  t.match(lines[9], /^ok {3}espeak-ng /)
  t.match(lines[10], /^ok {3}knowledge .* "Kapan ITB didirikan\?" -> 1 passage \(top: Sejarah Singkat ITB\)$/)
  t.equal(lines[11], '')
  t.equal(lines[12], '10 ok, 1 failed')
  t.match(result.stdout, /^[\x20-\x7e\n]*$/, 'plain ASCII when not a terminal')
  assertNoSecret(t, result.stdout + result.stderr)
  t.notOk(result.stdout.includes('sk-wrong-key-for-the-cli'), 'not even the wrong key')

  const json = await cli({ KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: join(work, 'cli-data-2'), TTS_PROVIDER: 'none' }, ['--json', '--timeout', '5'])
  t.equal(json.code, 0, json.stderr)
  const parsed = JSON.parse(json.stdout) as DoctorReport
  t.equal(parsed.exitCode, 0)
  t.equal(parsed.results.find((r) => r.name === 'knowledge')?.status, 'ok')

  const misconfigured = await cli({ VECTOR_STORE: 'chroma', PINECONE_API_KEY: SECRETS.pinecone, REDIS_PORT: 'not-a-port' }, [])
  t.equal(misconfigured.code, 2)
  t.equal(misconfigured.stdout, '')
  t.match(misconfigured.stderr, /Invalid configuration/)
  t.match(misconfigured.stderr, /VECTOR_STORE/)
  t.match(misconfigured.stderr, /REDIS_PORT/)
  assertNoSecret(t, misconfigured.stderr)

  // The message names the range the rule accepts: before, it said "from 0 to 600" and refused 0, and
  // 0.0001 was taken, rounded to a timeout of 0 ms.
  for (const timeout of ['soon', '0', '0.0001', '600.5']) {
    const badTimeout = await cli({}, ['--timeout', timeout])
    t.equal(badTimeout.code, 2, `--timeout ${timeout}`)
    t.match(badTimeout.stderr, /^--timeout must be a number of seconds from 0\.001 to 600\n/)
  }
  const unknownFlag = await cli({}, ['--verbose'])
  t.equal(unknownFlag.code, 2)
  t.match(unknownFlag.stderr, /Unknown option '--verbose'[\s\S]*usage: node scripts\/doctor\.ts/)
  const help = await cli({}, ['--help'])
  t.equal(help.code, 0)
  t.equal(help.stdout, 'usage: node scripts/doctor.ts [--json] [--timeout <seconds>]\n')
})

// --- helpers -----------------------------------------------------------------------------------------

async function cli (env: Record<string, string | undefined>, args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  const defined = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined))
  try {
    // Run from an empty folder so that no .env of the repository is read.
    const { stdout, stderr } = await run(process.execPath, [script, ...args], { cwd: work, env: { PATH: process.env.PATH ?? '', ...defined }, timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number, stdout: string, stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}
