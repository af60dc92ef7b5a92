// How the demo cuts a spoken answer into its sentences' languages (src/demo/sentence-languages.js),
// run in Node: the parts are the answer's own text, whole, each with the language of the spoken
// sentence it holds; an answer in one language, or one that speech did not cover, is not cut.
import t from 'tap'

interface Part { text: string, language: string }
const { sentenceLanguages } = await import(new URL('../../src/demo/sentence-languages.js', import.meta.url).href) as {
  sentenceLanguages: (answer: string, spoken: Array<{ sentence: string, language: string }>) => Part[] | null
}

const FRAMING = 'According to the available information (in Indonesian), '

t.test('an English framing and Indonesian sentences: one part each, the spaces between kept', async (t) => {
  const answer = `${FRAMING}ITB didirikan pada 3 Juli 1920. Kampusnya di Bandung.`
  const parts = sentenceLanguages(answer, [
    { sentence: 'According to the available information (in Indonesian),', language: 'en' },
    { sentence: 'ITB didirikan pada 3 Juli 1920.', language: 'id' },
    { sentence: 'Kampusnya di Bandung.', language: 'id' }
  ])
  t.same(parts, [
    { text: FRAMING, language: 'en' },
    { text: 'ITB didirikan pada 3 Juli 1920. ', language: 'id' },
    { text: 'Kampusnya di Bandung.', language: 'id' }
  ])
  t.equal(parts?.map((part) => part.text).join(''), answer, 'nothing lost or repeated')
})

t.test('what speech leaves out (markdown, citation marks, a link\'s target) stays in the sentence it is in', async (t) => {
  const answer = `**${FRAMING.trim()}** ITB didirikan [1] pada 1920 ([sejarah](https://www.itb.ac.id/sejarah)).\n\n- Kampusnya di *Bandung*. [2]`
  const parts = sentenceLanguages(answer, [
    { sentence: 'According to the available information (in Indonesian),', language: 'en' },
    { sentence: 'ITB didirikan pada 1920 (sejarah).', language: 'id' },
    { sentence: 'Kampusnya di Bandung.', language: 'id' }
  ])
  t.same(parts?.map((part) => part.language), ['en', 'id', 'id'])
  t.equal(parts?.[1]?.text, 'ITB didirikan [1] pada 1920 ([sejarah](https://www.itb.ac.id/sejarah)).\n\n')
  t.equal(parts?.map((part) => part.text).join(''), answer)
})

t.test('not cut: one language, speech stopped before the end, a sentence not in the answer, nothing spoken', async (t) => {
  const answer = `${FRAMING}ITB didirikan pada 1920. Kampusnya di Bandung.`
  const framing = { sentence: FRAMING.trim(), language: 'en' }
  t.equal(sentenceLanguages('ITB didirikan pada 1920. Kampusnya di Bandung.', [
    { sentence: 'ITB didirikan pada 1920.', language: 'id' },
    { sentence: 'Kampusnya di Bandung.', language: 'id' }
  ]), null, 'one language: the answer\'s mark is enough')
  t.equal(sentenceLanguages(answer, [framing, { sentence: 'ITB didirikan pada 1920.', language: 'id' }]), null,
    'the last sentence was never spoken: its language is not known')
  t.equal(sentenceLanguages(answer, [framing, { sentence: 'Gedung Sate di Bandung.', language: 'id' }]), null)
  t.equal(sentenceLanguages(answer, []), null)
})
