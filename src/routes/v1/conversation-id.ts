// The X-Conversation-Id of a turn (POST /v1/chat, POST /v1/audio) when there are several: Node joins
// repeated headers as "c-1, c-2", and no id has a comma (schemas/chat.ts), so that is several ids,
// refused as such (as X-API-Key's are, plugins/auth.ts) rather than by the pattern each one matched.
import type { FastifyRequest } from 'fastify'
import { ServiceError } from '../../services/errors.ts'

const SEVERAL_IDS_MESSAGE = 'Send one conversation id in one X-Conversation-Id header: this request has several (repeated headers, or a list)'

/** A `preValidation` hook: 400 VALIDATION_ERROR for several conversation ids, before the headers' schema. */
export async function refuseSeveralConversationIds (request: FastifyRequest): Promise<void> {
  const header = request.headers['x-conversation-id']
  if (typeof header === 'string' && header.includes(',')) throw new ServiceError('bad_request', 'VALIDATION_ERROR', SEVERAL_IDS_MESSAGE)
}
