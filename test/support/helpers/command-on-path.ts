// A stand-in for a local tool (espeak-ng…), first on PATH for one test: a shell script written to a
// fresh folder, the folder and PATH restored when the test ends.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import type { Test } from 'tap'

/** Puts `script` first on PATH as `name` until `t` ends; returns its folder (for files it writes). */
export async function commandOnPath (t: Test, name: string, script: (dir: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `itb-${name}-`))
  await writeFile(join(dir, name), script(dir))
  await chmod(join(dir, name), 0o755)
  const path = process.env.PATH
  process.env.PATH = `${dir}${delimiter}${path ?? ''}`
  t.teardown(async () => {
    process.env.PATH = path
    await rm(dir, { recursive: true, force: true })
  })
  return dir
}
