// /demo served by the app: the static client under its own strict CSP, switched off by
// DEMO_ENABLED=false, absent from the OpenAPI document. The browser tests are in demo-browser.test.ts.
import t from 'tap'
import { build } from '../support/helpers/app.ts'

t.test('/demo redirects to /demo/, which serves the page and its modules under a strict CSP', async (t) => {
  const { app } = await build(t)
  const bare = await app.inject('/demo')
  t.equal(bare.statusCode, 301)
  t.equal(bare.headers.location, '/demo/')

  const page = await app.inject('/demo/')
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  const csp = String(page.headers['content-security-policy'])
  t.match(csp, /default-src 'none'/)
  t.match(csp, /script-src 'self'(;|$)/)
  t.match(csp, /style-src 'self'(;|$)/)
  t.match(csp, /connect-src 'self'/)
  t.match(csp, /frame-ancestors 'none'/)
  t.notMatch(csp, /unsafe-inline|unsafe-eval/)
  t.equal(page.headers['x-frame-options'], 'DENY', 'the other helmet headers still apply')
  t.equal(page.headers['referrer-policy'], 'no-referrer')

  const html = page.body
  t.notMatch(html, /<style/i, 'no inline style element')
  t.notMatch(html, /\sstyle=/i, 'no style attribute')
  t.notMatch(html, /\son[a-z]+=/i, 'no inline event handler')
  const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((match) => match[1] ?? '')
  t.ok(scripts.length > 0)
  t.ok(scripts.every((attributes) => /\ssrc="[^"]+"/.test(attributes) && /type="module"/.test(attributes)), 'every script is an external module')

  // Every file the page and its modules refer to is served.
  const pending = ['main.js', 'demo.css', 'icon.svg']
  const seen = new Set<string>()
  while (pending.length > 0) {
    const file = pending.pop() as string
    if (seen.has(file)) continue
    seen.add(file)
    const response = await app.inject(`/demo/${file}`)
    t.equal(response.statusCode, 200, file)
    t.equal(response.headers['cache-control'], 'no-cache', `${file} is revalidated`)
    if (file.endsWith('.js')) {
      t.match(response.headers['content-type'], /javascript/)
      for (const match of response.body.matchAll(/from '\.\/([\w-]+\.js)'/g)) pending.push(match[1] as string)
    }
  }
  t.ok(seen.size >= 8, `modules served: ${[...seen].join(', ')}`)

  const missing = await app.inject('/demo/nope.js')
  t.equal(missing.statusCode, 404)
  t.match(missing.json(), { statusCode: 404, code: 'NOT_FOUND', requestId: String })
  const outside = await app.inject('/demo/../package.json')
  t.not(outside.statusCode, 200, 'nothing outside src/demo')
})

t.test('the demo is a client, not an endpoint: not in the OpenAPI document', async (t) => {
  const { app } = await build(t)
  const paths = Object.keys((await app.inject('/openapi.json')).json().paths)
  t.ok(paths.length > 0)
  t.same(paths.filter((path) => path.startsWith('/demo')), [])
})

t.test('DEMO_ENABLED=false serves no demo', async (t) => {
  const { app } = await build(t, { DEMO_ENABLED: 'false' })
  for (const url of ['/demo', '/demo/', '/demo/main.js']) {
    const response = await app.inject(url)
    t.equal(response.statusCode, 404, url)
    t.equal(response.json().code, 'NOT_FOUND')
  }
})
