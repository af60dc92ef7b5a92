// The one stemmer stack: the index stems with both languages, the answerer with the question's.
import t from 'tap'
import { informalRoot, stemBilingual, stemEnglish, stemIndonesian } from '../../../src/services/text/stemming.ts'

t.test('informal active verbs lose their nge-/ng- prefix, other words keep theirs', async (t) => {
  t.equal(informalRoot('ngekos'), 'kos')
  t.equal(informalRoot('ngecek'), 'cek')
  t.equal(informalRoot('ngulang'), 'ulang')
  t.equal(informalRoot('nganga'), 'anga', 'ng + vowel')
  t.equal(informalRoot('ngeri'), 'eri', 'ng + vowel when too short for nge + root (the same on both sides of the index)')
  t.equal(informalRoot('nyanyi'), 'nyanyi')
  t.equal(informalRoot('nge'), 'nge')
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
