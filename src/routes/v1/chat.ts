// POST /v1/chat: one question, one sourced answer. With `Accept: text/event-stream` the same route
// streams `token` events while the answer is written, then `sources` and `done` (or `error`).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CHAT_EVENT_STREAM, ChatRequestBody, ChatResponse, ConversationHeaders, type ChatResponseBody } from '../../../schemas/chat.ts'
import { routeErrors } from '../../../schemas/errors.ts'
import { ServiceError } from '../../services/errors.ts'
import { mixedSentenceLanguages } from '../../services/text/spoken-sentences.ts'
import { trimInvisible, unpairedSurrogate } from '../../services/text/visible-text.ts'
import { streamTurn, turnSignal, varyByAccept, wantsEventStream } from '../sse.ts'
import { refuseEncodedBody, utf8Json } from './body-encoding.ts'
import { refuseSeveralConversationIds } from './conversation-id.ts'
import { refuseTinyPiecesOfParsedBody } from './body-pieces.ts'

const UNSUPPORTED_MESSAGE = 'Send the question as JSON (Content-Type: application/json)'

/** `sentences`, for an answer in more than one language only: the rest need no more than `language`. */
function mixedLanguages (answer: string): Pick<ChatResponseBody, 'sentences'> {
  const sentences = mixedSentenceLanguages(answer)
  return sentences === undefined ? {} : { sentences }
}

const chat: FastifyPluginAsyncTypebox = async (fastify) => {
  // The question is JSON only, in UTF-8: a text/plain body (which Fastify would hand over as a string,
  // to fail validation as "body must be object") or any other type is refused as such.
  fastify.removeContentTypeParser(['text/plain', 'application/json'])
  fastify.addContentTypeParser('*', (_request, _payload, done) => {
    done(new ServiceError('unsupported_media_type', 'UNSUPPORTED_MEDIA_TYPE', UNSUPPORTED_MESSAGE))
  })
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, utf8Json(fastify.getDefaultJsonParser('error', 'error'),
    () => new ServiceError('unsupported_media_type', 'UNSUPPORTED_MEDIA_TYPE', 'Send the question as JSON in UTF-8 (Content-Type: application/json; charset=utf-8)')))
  fastify.addHook('preParsing', refuseEncodedBody)
  fastify.addHook('preParsing', refuseTinyPiecesOfParsedBody)
  fastify.post('/chat', {
    schema: {
      tags: ['chat'],
      summary: 'Ask a question',
      description: 'Answers a question about ITB from the knowledge base, remembering the conversation named by ' +
        'X-Conversation-Id. Send `Accept: text/event-stream` to receive server-sent events instead: `token` ' +
        '({text}) while the answer is written, `sources` ({sources}), then `done` (the full response below) or `error` ' +
        '(the error body). Disconnecting cancels the work.',
      headers: ConversationHeaders,
      body: ChatRequestBody,
      'x-errors': routeErrors('VALIDATION_ERROR', 'BAD_REQUEST', 'BODY_IN_TINY_PIECES', 'CONVERSATION_BUSY', 'PAYLOAD_TOO_LARGE',
        ['UNSUPPORTED_MEDIA_TYPE', UNSUPPORTED_MESSAGE], 'LLM_UNAVAILABLE', 'STORE_UNAVAILABLE', 'INDEX_NOT_READY', 'ANSWER_TIMEOUT'),
      'x-event-stream': CHAT_EVENT_STREAM,
      response: { 200: ChatResponse }
    },
    onSend: varyByAccept,
    // Trimmed of whitespace and invisible characters at its ends: one of nothing else is empty, 400.
    // Half a surrogate pair is no text at all: 400 too, before it is answered and stored.
    preValidation: [refuseSeveralConversationIds, async (request) => {
      const body = request.body as { message?: unknown } | undefined
      if (typeof body?.message !== 'string') return
      const message = trimInvisible(body.message)
      body.message = message
      const surrogate = unpairedSurrogate(message)
      if (surrogate !== undefined) {
        throw new ServiceError('bad_request', 'VALIDATION_ERROR', `body/message must be Unicode text: it has an unpaired surrogate (${surrogate})`)
      }
    }]
  }, async (request, reply) => {
    const conversationId = request.headers['x-conversation-id']
    const deadline = turnSignal(reply, fastify.config.REQUEST_TIMEOUT * 1000)
    const respond = (result: Awaited<ReturnType<typeof fastify.assistant.ask>>): ChatResponseBody => ({
      answer: result.answer,
      sources: result.sources,
      conversation_id: conversationId,
      mode: result.mode,
      language: result.language,
      ...mixedLanguages(result.answer),
      exec_time: result.timings
    })
    const turn = { keyId: request.keyId as string, conversationId, message: request.body.message, signal: deadline.signal }

    if (!wantsEventStream(request)) {
      try {
        return respond(await fastify.assistant.ask(turn))
      } catch (error) {
        throw deadline.failure(error)
      }
    }

    return await streamTurn(request, reply, deadline,
      async (send, ready) => await fastify.assistant.ask({ ...turn, onToken: (text) => { send('token', { text }) }, ready }), respond)
  })
}

export default chat
