// How synthesizers consume their sentences: lazily, one at a time, and an abort interrupts even a
// wait for the next sentence (the model may be slow to write it).
import { abortable } from '../abort.ts'
import { timedCall } from '../vendor-call.ts'
import type { TimedCallOptions } from '../vendor-call.ts'
import type { SpeechCallOptions, SynthesizedSentence } from './types.ts'

type SentenceSource = AsyncIterable<string> | Iterable<string>

function iteratorOf (source: SentenceSource): AsyncIterator<string> {
  // A bare string is one sentence, not a list of characters.
  if (typeof source === 'string') source = [source]
  if (Symbol.asyncIterator in source) return source[Symbol.asyncIterator]()
  const sync = source[Symbol.iterator]()
  return {
    next: async () => sync.next(),
    return: async (value?: unknown) => sync.return?.(value) ?? { done: true, value: undefined }
  }
}

/** The non-blank sentences of `source`, whitespace collapsed. */
export async function * readSentences (source: SentenceSource, signal?: AbortSignal): AsyncGenerator<string> {
  const iterator = iteratorOf(source)
  let exhausted = false
  try {
    for (;;) {
      const pending = iterator.next()
      pending.catch(() => {}) // still pending when an abort wins the race
      const result = await abortable(pending, signal)
      if (result.done === true) {
        exhausted = true
        return
      }
      const sentence = String(result.value).replace(/\s+/g, ' ').trim()
      if (sentence !== '') yield sentence
    }
  } finally {
    // Tell the producer to stop; not awaited, it may be stuck waiting on the model.
    if (!exhausted) iterator.return?.()?.catch(() => {})
  }
}

/** A synthesizer that makes one request per sentence (OpenAI speech, espeak-ng). */
export async function * synthesizeEach (
  source: SentenceSource,
  callOptions: SpeechCallOptions,
  call: Omit<TimedCallOptions, 'signal'>,
  synthesizeOne: (sentence: string, signal: AbortSignal) => Promise<Omit<SynthesizedSentence, 'sentence'>>
): AsyncGenerator<SynthesizedSentence> {
  for await (const sentence of readSentences(source, callOptions.signal)) {
    const spoken = await timedCall({ ...call, signal: callOptions.signal }, async (signal) => await synthesizeOne(sentence, signal))
    yield { sentence, ...spoken }
  }
}
