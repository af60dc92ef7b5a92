// GET /v1/me: is this API key valid, what is left of its hourly budget, and how long and large may a
// recording be (so a client stops recording in time, not after a refused upload)? Free with a valid key
// (not counted: a client can check a key when it is saved, before its first question), counted by
// client IP like every route without one, so it is no cheaper way to try keys.
// Nor limited apart, on purpose: a call costs one Redis read, less than a call of /ready (public,
// unlimited: PING and ROLE), so a limit of its own would close nothing; counting it against the key
// would make reading the budget spend it. Overload shedding (plugins/pressure.ts) still applies.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { KeyResponse } from '../../../schemas/key.ts'

const me: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/me', {
    config: { uncounted: true },
    schema: {
      tags: ['key'],
      summary: 'Check the API key',
      description: 'Answers 200 when X-API-Key is valid, with the key\'s non-secret id (never the key) and what is left ' +
        'of its hourly budget (RATE_LIMIT_PER_HOUR), and the limits of a recording sent to POST /v1/audio. With a valid key this request is not counted; with a missing or ' +
        'wrong key it is counted by client address like any other, and answers 400 or 401 (429 past the limit).',
      response: { 200: KeyResponse }
    }
  }, async (request) => ({
    key_id: request.keyId as string,
    rate_limit: await fastify.rateLimitUsage(request),
    limits: { max_audio_seconds: fastify.voiceLimits.maxAudioSeconds, max_upload_bytes: fastify.voiceLimits.maxUploadBytes }
  }))
}

export default me
