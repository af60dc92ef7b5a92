// Checks every configured dependency with the real credentials: Redis, each language model, the
// embeddings server, Pinecone, speech-to-text, speech synthesis, emotion analysis, ffmpeg, espeak-ng
// and the knowledge base. One line per dependency; no secret value is ever printed.
//   node scripts/doctor.ts [--json] [--timeout <seconds>]        (npm run doctor)
// Exit code: 0 every configured dependency works (warnings allowed), 1 one failed, 2 bad configuration.
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../src/config.ts'
import { DEFAULT_TIMEOUT_MS, formatResult, formatSummary, runDoctor } from '../src/cli/doctor/index.ts'

const USAGE = 'usage: node scripts/doctor.ts [--json] [--timeout <seconds>]'

async function main (argv: string[]): Promise<number> {
  let values: { json?: boolean, timeout?: string, help?: boolean }
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true
    }))
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`)
    return 2
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const seconds = values.timeout === undefined ? DEFAULT_TIMEOUT_MS / 1000 : Number(values.timeout)
  if (!(Number.isFinite(seconds) && seconds > 0 && seconds <= 600)) {
    process.stderr.write(`--timeout must be a number of seconds from 0 to 600\n${USAGE}\n`)
    return 2
  }

  let config
  try {
    config = loadConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`${error.message}\n`)
    return 2
  }

  const unicode = process.stdout.isTTY === true
  const report = await runDoctor(config, {
    timeoutMs: Math.round(seconds * 1000),
    onResult: values.json === true ? undefined : (result) => { process.stdout.write(`${formatResult(result, { unicode })}\n`) }
  })
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  } else {
    process.stdout.write(`\n${formatSummary(report.results)}\n`)
  }
  return report.exitCode
}

if (import.meta.main) {
  const code = await main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`doctor failed: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  })
  // A check that timed out may leave a socket open; the report is complete, so do not wait for it.
  process.stdout.write('', () => process.exit(code))
}
