// The service's name and version as package.json states them: the /health version, the OpenAPI
// document's version and the release Sentry files errors under. An import, not a read at run time:
// `npm run build` then emits dist/package.json next to the code.
import pkg from '../package.json' with { type: 'json' }

export const SERVICE_VERSION = pkg.version
export const SERVICE_DESCRIPTION = pkg.description

/** `name@version`, the release Sentry files errors and transactions under. */
export const SERVICE_RELEASE = `${pkg.name}@${pkg.version}`
