import { Type, type Static } from 'typebox'
import { AnswerLanguage, AnswerMode, ConversationId, Sources } from './chat.ts'

export const AUDIO_FIELD_NAMES = ['audio', 'file'] as const

export const VoiceRequestBody = Type.Object({
  audio: Type.String({
    format: 'binary',
    description: 'The recorded question: wav, mp3, flac, ogg/opus, m4a or webm (checked by content), at most MAX_CONTENT_LENGTH bytes and MAX_AUDIO_SECONDS long. The field may also be named `file`.'
  })
}, { description: 'multipart/form-data with one audio file and at most 4 small text fields; a second file is refused (400 AUDIO_TOO_MANY_FILES)' })

export const VoiceHeaders = Type.Object({
  'x-conversation-id': ConversationId,
  prefer: Type.Optional(Type.String({
    description: 'With `Accept: text/event-stream`, `return=minimal` (RFC 7240) makes the `done` event leave out `audio` when the `audio` events carried ' +
      'every sentence of it (its `audio: null` stays when speech failed); the stream then says `Preference-Applied: return=minimal`. No effect on a JSON answer.',
    examples: ['return=minimal']
  }))
})

export const VoiceResponse = Type.Object({
  transcript: Type.String({ description: 'What was heard (speech-to-text)' }),
  emotion: Type.String({ description: 'Emotion label from the voice (neutral when unavailable); it adjusts the answer\'s tone', examples: ['neutral', 'happy', 'sad'] }),
  answer: Type.String({ description: 'The answer text, one spoken-friendly paragraph (`language` says in which language)' }),
  sources: Sources,
  mode: AnswerMode,
  language: AnswerLanguage,
  audio: Type.Union([Type.String({ contentEncoding: 'base64' }), Type.Null()], { description: 'The spoken answer as one base64 WAV file (with the local espeak-ng each sentence is read in the voice of its language: English when it is clearly English, else Indonesian); null when speech synthesis failed or is unavailable (see warnings)' }),
  audio_format: Type.Union([Type.Literal('wav'), Type.Null()], { description: '"wav", or null without audio' }),
  sample_rate: Type.Union([Type.Integer(), Type.Null()], { description: 'Sample rate of the audio in Hz, or null without audio' }),
  exec_time: Type.Object({
    decode: Type.Number({ description: 'Seconds decoding the upload' }),
    stt: Type.Number({ description: 'Seconds in speech-to-text' }),
    emotion: Type.Number({ description: 'Seconds in emotion analysis' }),
    rag: Type.Number({ description: 'Seconds finding documents and writing the answer' }),
    tts: Type.Number({ description: 'Seconds of speech synthesis, from the first sentence handed to it to the last audio (it runs while the answer is written)' }),
    total: Type.Number({ description: 'Seconds for the whole request' })
  }, { description: 'Time spent per stage, in seconds' }),
  warnings: Type.Array(Type.String(), { description: 'What degraded (emotion fell back to neutral, speech synthesis failed…); empty when all went well' })
}, { description: 'The answer to a spoken question' })

export type VoiceResponseBody = Static<typeof VoiceResponse>

/** POST /v1/audio with `Accept: text/event-stream` (documented in the OpenAPI document, see src/plugins/openapi-document.ts). */
export const VOICE_EVENT_STREAM = {
  description: 'Server-sent events, each `event: <name>` then `data: <JSON>`: `transcript` ({text}), `emotion` ({label}), ' +
    '`token` ({text}) for each piece of the answer as it is written, `audio` ({index, sentence, language, voice, audio (base64 WAV), audio_format}) ' +
    'for each sentence as soon as it is spoken (`language`: the sentence\'s, "id" or "en", which the local espeak-ng picks its voice by; ' +
    '`voice`: the configured voice that spoke it, absent for espeak-ng\'s own default voice), then `sources` ({sources}) and `done` (the full JSON response, ' +
    'whose `audio` repeats the sentences\' audio as one WAV; with `Prefer: return=minimal` it is left out when the `audio` events carried it all). A failure after ' +
    'the first event ends the stream with `error` (the error body, with `retryAfter`, the seconds a Retry-After header would ' +
    'have said, when retrying later may succeed); one before it is an ordinary JSON error with its status. ' +
    'Closing the connection cancels the work.',
  example: 'event: transcript\ndata: {"text":"Kapan ITB didirikan?"}\n\nevent: emotion\ndata: {"label":"neutral"}\n\n' +
    'event: token\ndata: {"text":"ITB didirikan pada 3 Juli 1920."}\n\n' +
    'event: audio\ndata: {"index":0,"sentence":"ITB didirikan pada 3 Juli 1920.","language":"id","voice":"id","audio":"UklGR…","audio_format":"wav"}\n\n' +
    'event: sources\ndata: {"sources":[{"title":"Sejarah Singkat ITB","url":"https://www.itb.ac.id/"}]}\n\n' +
    'event: done\ndata: {"transcript":"Kapan ITB didirikan?","emotion":"neutral","answer":"ITB didirikan pada 3 Juli 1920.","sources":[…],"mode":"extractive","language":"id","audio":"UklGR…",…}\n\n',
  headers: {
    'preference-applied': {
      description: '`return=minimal` on an event stream asked with `Prefer: return=minimal` (its `done` leaves out `audio`); absent otherwise, and on JSON answers',
      schema: { type: 'string', enum: ['return=minimal'] }
    },
    vary: {
      description: '`Origin` (CORS), then `Prefer` on every event stream, sent or not (its `done` depends on it), then `Accept` (the route answers JSON or ' +
        'an event stream by it); a JSON answer, which never depends on Prefer, says `Origin, Accept`',
      schema: { type: 'string', enum: ['Origin, Prefer, Accept', 'Origin, Accept'] }
    }
  }
}
