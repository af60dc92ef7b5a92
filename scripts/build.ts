// `npm run build`: compiles src/, schemas/ and scripts/ to dist/ (or `--outDir DIR`) and copies what
// the compiler does not emit: the demo client's static files, which the compiled `routes/demo.js`
// serves from `../demo/`. Run the result with `node dist/src/server.js`.
// Other tsc flags go after `--` (`npm run build -- -- --listEmittedFiles`): an option this script does
// not know is refused rather than handed to tsc, so a typo never starts a minute-long compile.
import { execFileSync } from 'node:child_process'
import { cpSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { readCommandLine } from '../src/cli/args.ts'

const USAGE = [
  'usage: node scripts/build.ts [--outDir DIR] [--noCheck] [-- tsc flags...]',
  '  --outDir DIR  where to write the build (default dist)',
  '  --noCheck     emit without checking the types (npm run typecheck checks them)',
  '  -- ...        anything after -- is passed to tsc as is',
  'Exit code: 0 built, 1 the compiler failed, 2 bad arguments.'
].join('\n')

function main (argv: string[]): number {
  // parseArgs gives what follows `--` as positionals; positionals before it are refused below.
  const terminator = argv.indexOf('--')
  const own = terminator === -1 ? argv : argv.slice(0, terminator)
  const tscFlags = terminator === -1 ? [] : argv.slice(terminator + 1)
  const parsed = readCommandLine(own, {
    usage: USAGE,
    options: { outDir: { type: 'string' }, noCheck: { type: 'boolean' } },
    allowPositionals: false
  })
  if (typeof parsed === 'number') return parsed
  const outDir = parsed.values.outDir ?? 'dist'
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir, ...(parsed.values.noCheck === true ? ['--noCheck'] : []), ...tscFlags], { stdio: 'inherit' })
  } catch {
    return 1 // tsc printed why
  }
  cpSync(join('src', 'demo'), join(outDir, 'src', 'demo'), { recursive: true })
  console.log(`built ${outDir}/ (start: node ${outDir}/src/server.js)`)
  return 0
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2))
