// A CORS preflight in a real Chromium: its 204 says Cache-Control: no-store like every other answer,
// and the browser still keeps it in its preflight cache for Access-Control-Max-Age (600 s), which
// Cache-Control has no say in: a page on another origin sending the same request twice is asked
// once. The page's origin is a second host name mapped to the same server (CORS_ORIGINS allows it).
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { build, TEST_API_KEY } from '../support/helpers/app.ts'
import { hasChromium, launchBrowser, openPage } from '../support/helpers/browser.ts'

const PAGE_HOST = 'front.test'
const API_HOST = 'api.test'

// A developer machine may lack chromium; CI (CI=true) installs it, so there a missing one fails.
const skip = !hasChromium() && process.env.CI !== 'true' ? 'chromium is not installed' : false

t.test('the preflight is asked once for two cross-origin requests, though its answer is no-store', { skip }, async (t) => {
  // The calling page: a blank page on its own origin.
  const front = createServer((_request, response) => { response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>front</title>') })
  front.listen(0, '127.0.0.1')
  await once(front, 'listening')
  t.teardown(() => { front.closeAllConnections(); front.close() })
  const origin = `http://${PAGE_HOST}:${(front.address() as AddressInfo).port}`

  const { app, logs } = await build(t, { CORS_ORIGINS: origin })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const browser = await launchBrowser(t, { args: [`--host-resolver-rules=MAP ${PAGE_HOST} 127.0.0.1, MAP ${API_HOST} 127.0.0.1`] })
  const { page } = await openPage(browser)
  await page.goto(origin)
  const statuses = await page.evaluate(async ({ url, key }) => {
    const results: number[] = []
    for (let i = 0; i < 2; i++) results.push((await fetch(url, { headers: { 'x-api-key': key } })).status)
    return results
  }, { url: `http://${API_HOST}:${port}/v1/me`, key: TEST_API_KEY })
  t.same(statuses, [200, 200], 'both cross-origin requests answered')
  // The page does not see a preflight (Chromium sends it on its own): the server's access log does.
  const preflights = logs.lines().filter((line) => line.msg === 'request completed' && line.method === 'OPTIONS')
  t.equal(preflights.length, 1, 'one preflight for both')
  t.match(preflights[0], { path: '/v1/me', status: 204 })
  // Its headers, as test/plugins/cache-control.test.ts reads them.
  const answered = await app.inject({ method: 'OPTIONS', url: '/v1/me', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-api-key' } })
  t.match(answered.headers, { 'cache-control': 'no-store', 'access-control-max-age': '600' })
})
