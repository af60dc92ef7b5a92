import { readFileSync } from 'node:fs'
import t from 'tap'
import { generateOpenApi } from '../scripts/openapi.ts'

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

t.test('every error response shows an example of its own status and code', async (t) => {
  const document = JSON.parse(await generateOpenApi())
  let checked = 0
  for (const [route, operations] of Object.entries(document.paths as Record<string, Record<string, Record<string, any>>>)) {
    if (!route.startsWith('/v1/')) continue
    for (const [method, operation] of Object.entries(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {}) as Array<[string, any]>) {
        if (Number(status) < 400) continue
        const example = response.content?.['application/json']?.example
        t.equal(example?.statusCode, Number(status), `${method} ${route} ${status} example status`)
        t.match(example, { error: String, message: String, code: /^[A-Z_]+$/, requestId: String }, `${method} ${route} ${status} example body`)
        checked += 1
      }
    }
  }
  const chat = document.paths['/v1/chat'].post.responses
  t.same(['401', '409', '413', '429', '500', '503'].map((status) => chat[status].content['application/json'].example.code),
    ['INVALID_API_KEY', 'CONVERSATION_BUSY', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED', 'INTERNAL_ERROR', 'STORAGE_UNAVAILABLE'])
  t.notOk('403' in chat, 'no 403: another key\'s conversation is a 404, like a missing one')
  t.ok(checked > 20, `${checked} error responses checked`)
})
