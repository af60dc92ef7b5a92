// Which methods a path has routes for, so a request with another method on a known path is told 405
// with `Allow` (RFC 9110 §15.5.6) rather than 404 as if the path did not exist. Fed by an onRoute
// hook on the root instance; catch-all routes (CORS preflight's `OPTIONS *`) name no path.
import type { RouteOptions } from 'fastify'

/** What an onRoute hook is given: the route, with its path inside its plugin and the plugin's prefix. */
export type AddedRoute = RouteOptions & { routePath?: string, prefix?: string }

export interface RouteMethods {
  add: (route: AddedRoute) => void
  /** The methods with a route for this path (no query string), sorted; empty for an unknown path. */
  allowed: (path: string) => string[]
}

function patternOf (url: string): RegExp {
  const source = url.split('/').map((segment) => {
    if (segment.startsWith(':')) return '[^/]+'
    if (segment === '*') return '.*'
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }).join('/')
  return new RegExp(`^${source}$`)
}

export function createRouteMethods (): RouteMethods {
  const routes: Array<{ pattern: RegExp, methods: string[] }> = []
  return {
    add (route) {
      if (route.url === '*' || route.url === '/*') return
      const methods = [route.method].flat()
      routes.push({ pattern: patternOf(route.url), methods })
      // A plugin's '/' route is served at its prefix and at prefix + '/' (Fastify's default
      // prefixTrailingSlash, 'both'), but onRoute is called for the second copy of a HEAD only.
      if (route.routePath === '' && (route.prefix ?? '') !== '' && (route.prefixTrailingSlash ?? 'both') === 'both') {
        routes.push({ pattern: patternOf(`${route.url}/`), methods })
      }
    },
    allowed (path) {
      const methods = new Set<string>()
      for (const route of routes) if (route.pattern.test(path)) for (const method of route.methods) methods.add(method)
      return [...methods].sort()
    }
  }
}
