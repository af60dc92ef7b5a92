import { readFileSync } from 'node:fs'
import t from 'tap'
import { ERROR_CODES, type ErrorCode } from '../schemas/errors.ts'
import { generateOpenApi } from '../scripts/openapi.ts'
import { raisedFailures } from './support/helpers/raised-errors.ts'

t.test('the committed schemas/openapi.json matches the routes (run `npm run openapi`)', async (t) => {
  const committed = readFileSync(new URL('../schemas/openapi.json', import.meta.url), 'utf8')
  const generated = await generateOpenApi()
  t.equal(committed, generated)
  const document = JSON.parse(generated)
  t.equal(document.openapi, '3.1.0')
  t.same(document.components.securitySchemes.ApiKey, { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'API key issued by the operator' })
})

t.test('every documented field has a description and every /v1 operation needs the API key', async (t) => {
  const document = JSON.parse(await generateOpenApi())
  const missing: string[] = []
  const visit = (schema: unknown, path: string): void => {
    if (schema === null || typeof schema !== 'object') return
    const node = schema as Record<string, unknown>
    const properties = node.properties as Record<string, Record<string, unknown>> | undefined
    for (const [name, property] of Object.entries(properties ?? {})) {
      if (property.description === undefined) missing.push(`${path}.${name}`)
      visit(property, `${path}.${name}`)
    }
    for (const key of ['items', 'additionalProperties']) visit(node[key], `${path}.${key}`)
    for (const key of ['anyOf', 'oneOf', 'allOf']) for (const [index, item] of ((node[key] as unknown[]) ?? []).entries()) visit(item, `${path}.${key}[${index}]`)
  }
  for (const [route, operations] of Object.entries(document.paths as Record<string, Record<string, Record<string, any>>>)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const parameter of operation.parameters ?? []) if (parameter.description === undefined) missing.push(`${method} ${route} ${parameter.in} ${parameter.name}`)
      visit(operation.requestBody?.content?.['application/json']?.schema, `${method} ${route} body`)
      for (const [status, response] of Object.entries(operation.responses ?? {}) as Array<[string, any]>) {
        visit(response.content?.['application/json']?.schema, `${method} ${route} ${status}`)
      }
      if (route.startsWith('/v1/')) {
        t.same(operation.security, [{ ApiKey: [] }], `${method} ${route} is secured`)
        t.ok(operation.responses['401'], `${method} ${route} documents 401`)
      }
    }
  }
  t.same(missing, [], 'no undocumented field')
})

t.test('every error response shows one example per code the route answers, each of its own status', async (t) => {
  const document = JSON.parse(await generateOpenApi())
  let checked = 0
  for (const [route, operations] of Object.entries(document.paths as Record<string, Record<string, Record<string, any>>>)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {}) as Array<[string, any]>) {
        const json = response.content?.['application/json']
        if (Number(status) < 400 || json?.schema?.properties?.requestId === undefined) continue
        const examples = Object.entries(json.examples ?? {}) as Array<[string, { value: any }]>
        t.ok(examples.length > 0, `${method} ${route} ${status} has examples`)
        for (const [code, { value }] of examples) {
          t.match(value, { statusCode: Number(status), error: String, message: String, code, requestId: String }, `${method} ${route} ${status} ${code}`)
          t.equal(ERROR_CODES[code as ErrorCode]?.status, Number(status), `${code} is a ${status}`)
          t.match(response.description, `\`${code}\``, `${method} ${route} ${status} description names ${code}`)
        }
        checked += 1
      }
    }
  }
  const codes = (route: string, method: string, status: string): string[] => Object.keys(document.paths[route][method].responses[status].content['application/json'].examples)
  t.same(codes('/v1/chat', 'post', '504'), ['ANSWER_TIMEOUT'], 'a chat times out only on its answer')
  t.same(codes('/v1/audio', 'post', '504'), ['STT_TIMEOUT', 'ANSWER_TIMEOUT'])
  t.notOk(codes('/v1/conversations/{id}', 'get', '400').includes('BAD_REQUEST'), 'GET reads no body')
  t.notOk('403' in document.paths['/v1/chat'].post.responses, 'no 403: another key\'s conversation is a 404, like a missing one')
  t.not(document.paths['/ready'].get.responses['503'].description, document.paths['/ready'].get.responses['200'].description)
  t.ok(checked > 20, `${checked} error responses checked`)
})

/** Codes the source raises that no documented route answers, and why. */
const NOT_ANSWERED: Record<string, string> = {
  MISSING_HOST: 'before any route: in the API description with the parser\'s own refusals',
  INVALID_HOST: 'before any route: in the API description with the parser\'s own refusals',
  METRICS_UNAUTHORIZED: '/metrics, hidden from the document (for operators)',
  INVALID_OPTIONS: 'a start-up configuration error of the knowledge base',
  CLOSED: 'the knowledge base after shutdown: requests then get SHUTTING_DOWN',
  STT_NOT_CONFIGURED: 'the route answers VOICE_UNAVAILABLE before the pipeline runs',
  STT_BAD_AUDIO: 'speech-to-text is only given the WAV the decoder made',
  // Speech synthesis and emotion degrade the answer (a warning in it), never fail it.
  ...Object.fromEntries(['TTS_UNAVAILABLE', 'TTS_FAILED', 'TTS_TIMEOUT', 'TTS_AUTH', 'TTS_QUOTA', 'TTS_RATE_LIMITED',
    'EMOTION_FAILED', 'EMOTION_UNAVAILABLE', 'EMOTION_INVALID', 'EMOTION_TIMEOUT'].map((code) => [code, 'a warning in a voice answer']))
}

t.test('every error code the source raises is in the catalogue the document is made from, with its status, or set aside with a reason', async (t) => {
  const raised = raisedFailures()
  t.ok(raised.length > 40, `${raised.length} raised errors found`)
  for (const { code, status } of raised) {
    const documented = ERROR_CODES[code as ErrorCode] as { status: number } | undefined
    if (documented === undefined) t.ok(NOT_ANSWERED[code], `${code} (${status}) is documented, or set aside with a reason`)
    else t.equal(documented.status, status, `${code}: the documented status is the one clients get`)
  }
})
