// Which methods a path has routes for, so a request with another method on a known path is told 405
// with `Allow` (RFC 9110 §15.5.6) rather than 404 as if the path did not exist. Fed by an onRoute
// hook on the root instance; catch-all routes (CORS preflight's `OPTIONS *`) name no path.
import type { RouteOptions } from 'fastify'

export interface RouteMethods {
  add: (route: RouteOptions) => void
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
      routes.push({ pattern: patternOf(route.url), methods: [route.method].flat() })
    },
    allowed (path) {
      const methods = new Set<string>()
      for (const route of routes) if (route.pattern.test(path)) for (const method of route.methods) methods.add(method)
      return [...methods].sort()
    }
  }
}
