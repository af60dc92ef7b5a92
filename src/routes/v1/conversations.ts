// The caller's stored conversations: read the turns, or forget them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CONVERSATION_ID_PATTERN, ConversationParams, ConversationResponse } from '../../../schemas/chat.ts'
import { routeErrors } from '../../../schemas/errors.ts'
import { refuseEncodedBody } from './body-encoding.ts'
import { refuseTinyPiecesOfParsedBody } from './body-pieces.ts'

/** What both routes answer: a malformed id, an unknown one, one past the router's 256 characters. */
const ID_ERRORS = routeErrors(['VALIDATION_ERROR', `params/id must match pattern "${CONVERSATION_ID_PATTERN}"`], 'CONVERSATION_NOT_FOUND', 'URI_TOO_LONG')

const conversations: FastifyPluginAsyncTypebox = async (fastify) => {
  // These routes take no body, but some client libraries send `Content-Type: application/json` on
  // every request: an empty body with it is no body (Fastify's own parser refuses it); one that is
  // there is parsed as usual.
  const parseJson = fastify.getDefaultJsonParser('error', 'error')
  fastify.removeContentTypeParser('application/json')
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') done(null, undefined)
    else parseJson(request, body as string, done)
  })
  fastify.addHook('preParsing', refuseEncodedBody)
  fastify.addHook('preParsing', refuseTinyPiecesOfParsedBody)
  fastify.get('/conversations/:id', {
    schema: {
      tags: ['conversations'],
      summary: 'Read a conversation',
      description: 'Every stored turn of a conversation started with the caller\'s API key (conversations expire ' +
        'CONVERSATION_TTL seconds after their last message).',
      params: ConversationParams,
      'x-errors': ID_ERRORS,
      response: { 200: ConversationResponse }
    }
  }, async (request) => ({
    conversation_id: request.params.id,
    turns: await fastify.assistant.history(request.keyId as string, request.params.id)
  }))

  fastify.delete('/conversations/:id', {
    schema: {
      tags: ['conversations'],
      summary: 'Forget a conversation',
      description: 'Deletes every stored turn of the conversation. The id can then be used again.',
      params: ConversationParams,
      'x-errors': [...ID_ERRORS, ...routeErrors('BAD_REQUEST', 'BODY_IN_TINY_PIECES', 'UNSUPPORTED_MEDIA_TYPE', 'CONVERSATION_BUSY')],
      response: { 204: Type.Null({ description: 'Forgotten' }) }
    }
  }, async (request, reply) => {
    await fastify.assistant.forget(request.keyId as string, request.params.id)
    return await reply.code(204).send(null)
  })
}

export default conversations
