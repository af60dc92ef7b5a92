import { Type, type Static } from 'typebox'

export const RateLimitUsage = Type.Object({
  limit: Type.Integer({ description: 'Requests allowed per hour with this key (RATE_LIMIT_PER_HOUR)', examples: [100] }),
  remaining: Type.Integer({ description: 'Requests left in the current hour', examples: [97] }),
  reset: Type.Integer({ description: 'Seconds until the count starts again (0: no request counted yet)', examples: [2841] })
}, { description: 'The key\'s hourly budget as it stands (this request is not counted)' })

export const VoiceLimits = Type.Object({
  max_audio_seconds: Type.Integer({ description: 'Longest recording POST /v1/audio accepts, in seconds (MAX_AUDIO_SECONDS; longer: 400 AUDIO_TOO_LONG)', examples: [60] }),
  max_upload_bytes: Type.Integer({ description: 'Largest recording file POST /v1/audio accepts, in bytes (MAX_CONTENT_LENGTH; larger: 413 AUDIO_TOO_LARGE)', examples: [16777216] })
}, { description: 'What a recording may be, so a client can stop recording in time rather than learn it from a refused upload' })

export const KeyResponse = Type.Object({
  key_id: Type.String({ description: 'The key\'s non-secret id (a digest of it: the same in the service\'s logs), never the key', examples: ['Xb3k9QpL2mZa'] }),
  rate_limit: Type.Union([RateLimitUsage, Type.Null()], {
    description: 'null when rate limits are off (RATE_LIMIT_ENABLED=false), or while the store holding the counts (Redis) cannot be read'
  }),
  limits: VoiceLimits
}, { description: 'The API key is valid: which one it is, the budget it has left and the limits of a recording' })

export type RateLimitUsageBody = Static<typeof RateLimitUsage>
