// Writes the OpenAPI document the running service serves at /openapi.json to schemas/openapi.json.
// Usage: npm run openapi (test/openapi.test.ts fails when the committed file is stale).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'

export async function generateOpenApi (): Promise<string> {
  // The document depends on the routes, not on the deployment: build with a fixed, offline config.
  const dataDir = mkdtempSync(join(tmpdir(), 'itb-openapi-'))
  const config = loadConfig({ env: { API_KEYS: 'openapi-generation', LOG_LEVEL: 'silent', DATA_DIR: dataDir }, dotenvPath: false })
  const app = await buildApp(config)
  try {
    await app.ready()
    return `${JSON.stringify(app.swagger(), null, 2)}\n`
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('../schemas/openapi.json', import.meta.url), await generateOpenApi())
  process.stdout.write('wrote schemas/openapi.json\n')
}
