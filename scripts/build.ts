// `npm run build`: compiles src/, schemas/ and scripts/ to dist/ (or `--outDir DIR`, extra tsc flags
// passed through) and copies what the compiler does not emit: the demo client's static files, which
// the compiled `routes/demo.js` serves from `../demo/`. Run the result with `node dist/src/server.js`.
import { execFileSync } from 'node:child_process'
import { cpSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const args = process.argv.slice(2)
const outFlag = args.indexOf('--outDir')
const outDir = outFlag >= 0 ? (args[outFlag + 1] ?? 'dist') : 'dist'
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', ...(outFlag >= 0 ? [] : ['--outDir', outDir]), ...args], { stdio: 'inherit' })
cpSync(join('src', 'demo'), join(outDir, 'src', 'demo'), { recursive: true })
console.log(`built ${outDir}/ (start: node ${outDir}/src/server.js)`)
