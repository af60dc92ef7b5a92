// The relevance floor of the local store (fusion.ts) with the alias table's words: a word of the
// question no document uses, which the table gives the documents' word for, is had by a passage
// with that word. The ranking is left to the words the documents use.
import { test } from 'tap'
import { createKnowledgeBase } from '../../../../src/services/retrieval/index.ts'
import { createCorpus, markdownDocument } from '../fixtures.ts'

const PLACES = ['Perpustakaan', 'Kantin', 'Masjid', 'Laboratorium', 'Wisuda', 'Asrama', 'Kolam', 'Taman']

test('an English word no document has, aliased to the documents\' word, passes the floor with a passage saying it', async (t) => {
  // "counseling" → "konseling": the English word weighed most (no document has it), so the counseling
  // passage, matching one informative word ("konseling"; "mahasiswa" is in every document), was dropped.
  const corpus = await createCorpus({
    'knowledge/konseling.md': markdownDocument({ title: 'Layanan Mahasiswa' }, '# Layanan Mahasiswa\n\nITB menyediakan layanan konseling bagi mahasiswa.\n'),
    ...Object.fromEntries(PLACES.map((place) =>
      [`knowledge/${place.toLowerCase()}.md`, markdownDocument({ title: place }, `# ${place}\n\nGedung ${place.toLowerCase()} terbuka bagi mahasiswa setiap hari.\n`)]))
  })
  t.teardown(corpus.cleanup)
  const kb = await createKnowledgeBase({ store: 'local', knowledgeDir: corpus.knowledgeDir, dataDir: corpus.dataDir })
  t.teardown(kb.close)
  const result = await kb.retrieve('Is there counseling for students?')
  t.equal(result.found, true)
  t.equal(result.passages[0]?.path, 'knowledge/konseling.md')
  // A word the documents do use keeps its own evidence: nothing here is about a Tokyo clinic.
  t.equal((await kb.retrieve('Is there a Tokyo clinic for students?')).found, false)
})
