// The serializer Fastify compiles for a response schema (fast-json-stringify, with Fastify's
// options), to compare a route's bytes with what the schema serializer writes.
import Fastify from 'fastify'
import type { TSchema } from 'typebox'

export async function schemaSerializer (schema: TSchema): Promise<(value: unknown) => string> {
  const app = Fastify()
  let serialize: ((value: unknown) => string) | undefined
  app.get('/', { schema: { response: { 200: schema } } }, async (_request, reply) => {
    serialize = reply.getSerializationFunction('200') as (value: unknown) => string
    return await reply.send()
  })
  await app.inject({ method: 'GET', url: '/' })
  await app.close()
  if (serialize === undefined) throw new Error('no serializer compiled')
  return serialize
}
