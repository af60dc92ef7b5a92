// The service's name and version as package.json states them, for release tagging.
import { readFileSync } from 'node:fs'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string, version: string }

/** `name@version`, the release Sentry files errors and transactions under. */
export const SERVICE_RELEASE = `${pkg.name}@${pkg.version}`
