import { Type, type Static } from 'typebox'

export const CONVERSATION_ID_PATTERN = '^[A-Za-z0-9_-]{1,128}$'
export const MAX_MESSAGE_LENGTH = 5000

export const ConversationId = Type.String({
  pattern: CONVERSATION_ID_PATTERN,
  description: 'Conversation id chosen by the client: 1–128 letters, digits, "_" or "-". Reuse it for follow-up questions.',
  examples: ['c0a8012e-7f3b-4f7e-9d7a-2b1f6c9e5d11']
})

export const ConversationHeaders = Type.Object({
  'x-conversation-id': ConversationId
})

export const ChatRequestBody = Type.Object({
  message: Type.String({
    minLength: 1,
    maxLength: MAX_MESSAGE_LENGTH,
    description: 'The question, 1–5,000 characters after trimming whitespace, control characters (Unicode Cc, e.g. U+0000) and invisible format characters (Unicode Cf, e.g. U+200B) from both ends; Unicode text (an unpaired surrogate, such as a lone \\ud800 escape, is a 400). Indonesian or English.',
    examples: ['Kapan ITB didirikan?']
  })
}, { additionalProperties: false })

export const Source = Type.Object({
  title: Type.String({ description: 'Title of the document the answer used', examples: ['Sejarah Singkat ITB'] }),
  url: Type.String({ description: 'Official page the document comes from', examples: ['https://www.itb.ac.id/'] })
})

export const AnswerMode = Type.Union([Type.Literal('generative'), Type.Literal('extractive')], {
  description: '"generative": written by a language model from the retrieved documents; "extractive": sentences picked from the documents (no language model configured)'
})

const ANSWER_LANGUAGE = 'The language the answer is written in: "id" (Indonesian) or "en" (English), judged from the answer\'s own text, ' +
  'not from the question\'s (an English question may get an Indonesian answer); a "not found" answer has one too. For a ' +
  'front end\'s `lang` attribute or the choice of a speech voice.'

export const AnswerLanguage = Type.Union([Type.Literal('id'), Type.Literal('en')], { description: ANSWER_LANGUAGE, examples: ['id'] })

export const Sources = Type.Array(Source, { description: 'Documents the answer used, deduplicated, in order of use' })

export const ChatResponse = Type.Object({
  answer: Type.String({ description: 'Short answer in Indonesian (or the language of the question; `language` says which), one spoken-friendly paragraph' }),
  sources: Sources,
  conversation_id: Type.String({ description: 'The X-Conversation-Id of the request' }),
  mode: AnswerMode,
  language: AnswerLanguage,
  sentences: Type.Optional(Type.Array(Type.Object({
    sentence: Type.String({ description: 'The sentence as it is spoken: the answer\'s words without Markdown or citation marks' }),
    language: Type.Union(AnswerLanguage.anyOf, { description: 'The sentence\'s language, "id" or "en"' })
  }), {
    description: 'Only when the answer mixes languages (an English framing before Indonesian sentences): its sentences in order, ' +
      'each with its language, for a front end to mark each part with its own `lang` (POST /v1/audio\'s `audio` events say the same)'
  })),
  exec_time: Type.Object({
    retrieval: Type.Number({ description: 'Seconds spent searching the knowledge base' }),
    llm: Type.Number({ description: 'Seconds spent in language-model calls' }),
    total: Type.Number({ description: 'Seconds for the whole turn' })
  }, { description: 'Time spent per stage, in seconds' })
}, { description: 'The answer to one question' })

export const ConversationParams = Type.Object({ id: ConversationId })

export const Turn = Type.Object({
  role: Type.Union([Type.Literal('user'), Type.Literal('assistant')], { description: 'Who said it' }),
  text: Type.String({ description: 'The question or the answer' }),
  sources: Sources,
  time: Type.String({ format: 'date-time', description: 'When the turn was stored (ISO 8601)' }),
  mode: Type.Optional(AnswerMode),
  language: Type.Optional(Type.Union(AnswerLanguage.anyOf, {
    description: `${ANSWER_LANGUAGE} On assistant turns; absent on answers stored before the service ` +
      'recorded it (a conversation expires CONVERSATION_TTL seconds after its last message).'
  }))
})

export const ConversationResponse = Type.Object({
  conversation_id: Type.String({ description: 'The conversation id' }),
  turns: Type.Array(Turn, { description: 'Every stored turn, oldest first' })
}, { description: 'A stored conversation' })

export type ChatResponseBody = Static<typeof ChatResponse>

/** POST /v1/chat with `Accept: text/event-stream` (documented in the OpenAPI document, see src/plugins/openapi-document.ts). */
export const CHAT_EVENT_STREAM = {
  description: 'Server-sent events, each `event: <name>` then `data: <JSON>`: `token` ({text}) for each piece of the answer ' +
    'as it is written, then `sources` ({sources}) and `done` (the full JSON response). A failure after the first event ends ' +
    'the stream with `error` (the error body, e.g. 503 LLM_UNAVAILABLE or 504 ANSWER_TIMEOUT, with `retryAfter`, the seconds a ' +
    'Retry-After header would have said, when retrying later may succeed); one before it is an ordinary ' +
    'JSON error with its status. Closing the connection cancels the work.',
  example: 'event: token\ndata: {"text":"ITB didirikan"}\n\nevent: token\ndata: {"text":" pada 3 Juli 1920."}\n\n' +
    'event: sources\ndata: {"sources":[{"title":"Sejarah Singkat ITB","url":"https://www.itb.ac.id/"}]}\n\n' +
    'event: done\ndata: {"answer":"ITB didirikan pada 3 Juli 1920.","sources":[{"title":"Sejarah Singkat ITB","url":"https://www.itb.ac.id/"}],' +
    '"conversation_id":"demo-1","mode":"generative","language":"id","exec_time":{"retrieval":0.02,"llm":1.1,"total":1.2}}\n\n'
}
