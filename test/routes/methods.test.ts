// The route table behind 405 answers (the app-level behaviour is in test/plugins/errors.test.ts).
import t from 'tap'
import type { RouteOptions } from 'fastify'
import { createRouteMethods } from '../../src/routes/methods.ts'

const route = (method: string | string[], url: string): RouteOptions => ({ method, url, handler: async () => null }) as RouteOptions

t.test('methods by path: parameters match one segment, a trailing * the rest; catch-alls name no path', async (t) => {
  const methods = createRouteMethods()
  for (const [method, url] of [['POST', '/v1/chat'], [['GET', 'HEAD'], '/v1/conversations/:id'], ['DELETE', '/v1/conversations/:id'], ['GET', '/docs/*'], ['OPTIONS', '*'], ['OPTIONS', '/*'], ['GET', '/a.b']] as Array<[string | string[], string]>) {
    methods.add(route(method, url))
  }
  t.same(methods.allowed('/v1/chat'), ['POST'])
  t.same(methods.allowed('/v1/conversations/abc'), ['DELETE', 'GET', 'HEAD'])
  t.same(methods.allowed('/v1/conversations/abc/more'), [], 'a parameter is one segment')
  t.same(methods.allowed('/docs/static/index.html'), ['GET'])
  t.same(methods.allowed('/v1/nowhere'), [], 'OPTIONS * does not make every path known')
  t.same(methods.allowed('/aXb'), [], 'a dot in a route is a dot')
})

t.test('a plugin\'s own route (path "" under a prefix) is known at the prefix and, as Fastify serves it, at prefix + "/"', async (t) => {
  const methods = createRouteMethods()
  const under = (method: string, prefix: string, routePath: string, prefixTrailingSlash?: 'slash' | 'no-slash' | 'both') =>
    ({ ...route(method, prefix + routePath), prefix, routePath, prefixTrailingSlash })
  methods.add(under('GET', '/docs', ''))
  methods.add(under('POST', '/only', '', 'no-slash'))
  methods.add(under('GET', '', '/top'))
  t.same(methods.allowed('/docs'), ['GET'])
  t.same(methods.allowed('/docs/'), ['GET'])
  t.same(methods.allowed('/only/'), [], 'no-slash: served without the slash only')
  t.same(methods.allowed('/top/'), [], 'a route of the root is not copied')
})
