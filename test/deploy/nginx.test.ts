// deploy/nginx.conf against the app: HTTPS only, TLS 1.2/1.3, security headers, the upload limit,
// unbuffered SSE, timeouts longer than the app's, private /metrics; nginx -t runs when nginx is installed.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { loadConfig } from '../../src/config.ts'
import { directiveValue, directives, parseNginx, readText, seconds, type NginxDirective } from './files.ts'

const DEFAULTS = loadConfig({ env: {}, dotenvPath: false })

t.test('nginx.conf: HTTPS redirect, TLS 1.2/1.3, headers, upload limit, unbuffered SSE, private /metrics', async (t) => {
  const conf = parseNginx(readText('deploy/nginx.conf'))
  const http = directives(conf, 'http')[0]?.block
  const servers = directives(http, 'server').map((server) => server.block ?? [])
  const plain = servers.find((server) => directives(server, 'listen').some((listen) => listen.args[0] === '80'))
  const tls = servers.find((server) => directives(server, 'listen').some((listen) => listen.args.includes('ssl')))
  t.ok(plain, 'a server on port 80')
  t.ok(tls, 'a TLS server')
  const redirect = locationsOf(plain).find((location) => location.args.join(' ') === '/')
  t.match(directiveValue(redirect?.block, 'return'), /^301 https:\/\/\$host\$request_uri$/, 'HTTP redirects to HTTPS')

  t.equal(directiveValue(tls, 'ssl_protocols'), 'TLSv1.2 TLSv1.3')
  t.equal(directiveValue(tls, 'client_max_body_size'), '16m', 'client_max_body_size 16m (MAX_CONTENT_LENGTH)')
  t.equal(DEFAULTS.MAX_CONTENT_LENGTH, 16 * 1024 * 1024)
  const headers = directives(tls, 'add_header').map((header) => header.args[0]?.toLowerCase())
  for (const header of ['strict-transport-security', 'x-content-type-options', 'x-frame-options', 'referrer-policy']) {
    t.ok(headers.includes(header), `${header} is set`)
  }
  for (const timeout of ['proxy_read_timeout', 'proxy_send_timeout']) {
    t.ok(seconds(directiveValue(tls, timeout)) > DEFAULTS.REQUEST_TIMEOUT, `${timeout} > REQUEST_TIMEOUT (${DEFAULTS.REQUEST_TIMEOUT} s)`)
  }
  const forwarded = Object.fromEntries(directives(tls, 'proxy_set_header').map((header) => [header.args[0]?.toLowerCase(), header.args[1]]))
  t.equal(forwarded['x-forwarded-for'], '$remote_addr', 'X-Forwarded-For overwritten (TRUST_PROXY=1 cannot be spoofed)')
  t.equal(forwarded['x-forwarded-proto'], '$scheme')
  t.match(forwarded['x-request-id'], /^\$/, 'X-Request-Id passed to the app')
  t.equal(forwarded.connection, '', 'upstream keepalive')
  t.ok(directives(http, 'map').some((map) => map.args[0] === '$http_x_request_id' && (map.block ?? []).some((entry) => entry.args[0] === '$request_id')),
    'a request id is generated when the client sent none')

  const upstream = directives(http, 'upstream')[0]
  t.ok(directiveValue(upstream?.block, 'keepalive'), 'upstream keepalive')
  t.match(directiveValue(upstream?.block, 'server'), new RegExp(`:${DEFAULTS.PORT}\\b`))

  for (const path of ['/v1/chat', '/v1/audio']) {
    const location = locationsOf(tls).find((entry) => entry.args.join(' ') === `= ${path}`)
    t.ok(location, `a location for ${path}`)
    t.equal(directiveValue(location?.block, 'proxy_buffering'), 'off', `${path}: proxy_buffering off (SSE)`)
    t.equal(directiveValue(location?.block, 'proxy_cache'), 'off', `${path}: proxy_cache off`)
    t.match(directiveValue(location?.block, 'proxy_pass'), /^http:\/\//)
  }
  const metrics = locationsOf(tls).find((entry) => entry.args.join(' ') === '= /metrics')
  t.match(directiveValue(metrics?.block, 'return') ?? directiveValue(metrics?.block, 'deny'), /^(403|404|all)/, '/metrics is not exposed')
})

const missingTool = (command: string, args: string[]): boolean => spawnSync(command, args).error !== undefined
const nginxSkip = missingTool('nginx', ['-v']) ? 'nginx is not installed' : missingTool('openssl', ['version']) ? 'openssl is not installed' : false

t.test('nginx -t accepts deploy/nginx.conf', { skip: nginxSkip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'itb-nginx-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  const cert = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')])
  t.equal(cert.status, 0, 'a throwaway certificate')
  const conf = readText('deploy/nginx.conf')
    .replace(/\/etc\/letsencrypt\/live\/[^/]+\/fullchain\.pem/g, join(dir, 'cert.pem'))
    .replace(/\/etc\/letsencrypt\/live\/[^/]+\/privkey\.pem/g, join(dir, 'key.pem'))
    .replace(/\/var\/log\/nginx\//g, `${dir}/`)
    .replace(/^pid .*;$/m, `pid ${dir}/nginx.pid;`)
  writeFileSync(join(dir, 'nginx.conf'), conf)
  const result = spawnSync('nginx', ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' })
  t.equal(result.status, 0, 'nginx -t passes', { stderr: result.stderr })
})

// --- helpers

function locationsOf (server: NginxDirective[] | undefined): NginxDirective[] {
  return directives(server, 'location')
}
