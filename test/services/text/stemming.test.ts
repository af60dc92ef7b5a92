// The one stemmer stack: the index stems with both languages, the answerer with the question's.
import t from 'tap'
import { STEM_CACHE_LIMIT, informalRoot, restoredT, stemBilingual, stemCacheSize, stemEnglish, stemIndonesian } from '../../../src/services/text/stemming.ts'

t.test('informal active verbs lose their nge-/ng- prefix, other words keep theirs', async (t) => {
  t.equal(informalRoot('ngekos'), 'kos')
  t.equal(informalRoot('ngecek'), 'cek')
  t.equal(informalRoot('ngulang'), 'ulang')
  t.equal(informalRoot('nganga'), 'anga', 'ng + vowel')
  t.equal(informalRoot('ngeri'), 'eri', 'ng + vowel when too short for nge + root (the same on both sides of the index)')
  t.equal(informalRoot('nyanyi'), 'nyanyi')
  t.equal(informalRoot('nge'), 'nge')
})

t.test('the answerer\'s Indonesian stems keep the root\'s t that meN-/peN- replaced', async (t) => {
  for (const word of ['penurunan', 'menurunkan', 'diturunkan']) t.equal(stemIndonesian(word), 'turun', word)
  t.equal(stemIndonesian('penulisan'), stemIndonesian('tulis'))
  t.equal(stemIndonesian('penentuan'), stemIndonesian('ditentukan'))
  t.equal(restoredT('mengajar', 'ajar'), 'ajar', 'a vowel-initial root takes meng-: no t')
  t.equal(stemIndonesian('penuh'), 'penuh', 'a root that only looks prefixed keeps its stem')
  t.equal(stemIndonesian('pendaftaran'), 'daftar')
  t.equal(stemBilingual('penurunan'), 'urun', 'the search index keeps its terms: an index built before still matches')
})

t.test('each stemmer in its language, the bilingual one for the mixed index', async (t) => {
  t.equal(stemIndonesian('pendaftaran'), 'daftar')
  t.equal(stemIndonesian('ngulang'), stemIndonesian('mengulang'), 'informal and formal forms meet')
  t.equal(stemEnglish('applications'), 'applic')
  t.equal(stemEnglish('pendaftaran'), stemEnglish('pendaftaran'), 'deterministic')
  t.equal(stemBilingual('pendaftaran'), 'daftar')
  t.equal(stemBilingual('campuses'), 'campus')
  t.equal(stemBilingual('di'), 'di', 'never empty')
  for (const word of ['ITB', 'x']) t.type(stemBilingual(word.toLowerCase()), 'string')
})

t.test('the stemmers\' caches stay bounded however many distinct words come (issue 10)', async (t) => {
  // Every question of the load test ends with its own number ("(#123)"): a distinct word each.
  const distinct = STEM_CACHE_LIMIT + 5000
  for (let i = 0; i < distinct; i++) {
    for (const stem of [stemIndonesian, stemEnglish, stemBilingual]) stem(`${i}x`)
  }
  t.ok(stemCacheSize() <= 3 * STEM_CACHE_LIMIT, `${stemCacheSize()} entries after ${distinct} distinct words per stemmer`)
  t.equal(stemIndonesian('penurunan'), 'turun', 'a word stemmed again after its entry was dropped')
  t.equal(stemBilingual('mahasiswa'), stemBilingual('mahasiswa'))
})
