// Checks every configured dependency with the real credentials: Redis, each language model, the
// embeddings server, Pinecone, speech-to-text, speech synthesis, emotion analysis, ffmpeg, espeak-ng
// and the knowledge base. One line per dependency; no secret value is ever printed.
//   node scripts/doctor.ts [--json] [--timeout <seconds>]        (npm run doctor)
// Exit code: 0 every configured dependency works (warnings allowed), 1 one failed, 2 bad configuration.
import { readCommandLine, refuseCommandLine } from '../src/cli/args.ts'
import { ConfigError, loadConfig } from '../src/config.ts'
import { DEFAULT_TIMEOUT_MS, formatResult, formatSummary, runDoctor } from '../src/cli/doctor/index.ts'

const USAGE = 'usage: node scripts/doctor.ts [--json] [--timeout <seconds>]'

async function main (argv: string[]): Promise<number> {
  const parsed = readCommandLine(argv, {
    usage: USAGE,
    options: { json: { type: 'boolean' }, timeout: { type: 'string' } },
    allowPositionals: false
  })
  if (typeof parsed === 'number') return parsed
  const { values } = parsed
  const seconds = values.timeout === undefined ? DEFAULT_TIMEOUT_MS / 1000 : Number(values.timeout)
  // From one millisecond: a smaller value would round to a timeout of 0 ms.
  if (!(Number.isFinite(seconds) && seconds >= 0.001 && seconds <= 600)) {
    return refuseCommandLine('--timeout must be a number of seconds from 0.001 to 600', USAGE)
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
