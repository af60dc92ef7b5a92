// The words of questions and sentences (terms.ts): here, the name a sentence opens with, and the terms of texts that recur.
import t from 'tap'
import { acronymAliases, fixedTerms, nameTerms, sentenceSubject, terms } from '../../../../src/services/rag/extractive/terms.ts'
import { ADVERSARIAL_TEXTS, GENEROUS_MS, timed } from '../../../support/helpers/adversarial-text.ts'
import { REQUIREMENT_WORDS } from '../../../../src/services/rag/extractive/what-it-takes.ts'

t.test('the opening run of capitalised words, up to a comma or a full stop', async (t) => {
  t.same(sentenceSubject('Tahap Persiapan Bersama, disingkat TPB, berlangsung setahun.'), { names: ['persiapan', 'bersama'], initials: 'tpb' })
  t.same(sentenceSubject('"Sasana Budaya Ganesha" (Sabuga) adalah gedung.'), { names: ['budaya', 'ganesha'], initials: 'sbg' })
})

t.test('an acronym the passages define, however they say it', async (t) => {
  // Round 14: ", yang biasa disingkat PWK," was no definition, so "PWK di fakultas apa?" did not find SAPPK's "Perencanaan Wilayah dan Kota".
  for (const sentence of [
    'Program Studi Perencanaan Wilayah dan Kota, yang biasa disingkat PWK, mempelajari perencanaan.',
    'Program Studi Perencanaan Wilayah dan Kota, disingkat PWK, mempelajari perencanaan.',
    'Program Studi Perencanaan Wilayah dan Kota (PWK) mempelajari perencanaan.'
  ]) t.same(acronymAliases([sentence], ['pwk'], 'id').get('pwk'), [terms('Perencanaan Wilayah dan Kota', 'id')], sentence)
})

t.test('a sentence opening with a word closed by a long run of marks is read in time proportional to it', async (t) => {
  // "[)\"'”’,.;:!?]+$" read the run from each of its marks: 20 s for 150,000 characters before.
  const { value, ms } = await timed(() => sentenceSubject(ADVERSARIAL_TEXTS.openingWord(150_000)))
  t.same(value, { names: [], initials: '' })
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})

t.test('host names are no terms, and a run of hyphenated or dotted labels is read in time proportional to it', async (t) => {
  t.same(terms('Informasi terbaru di https://lib.itb.ac.id/ dan stei.itb.ac.id.', 'id'), ['informasi', 'baru', 'https'])
  // From each label of the run the host pattern read the run to its end: 4 s for 80,000 characters before.
  for (const text of [ADVERSARIAL_TEXTS.hyphenRun(150_000), 'a.'.repeat(75_000)]) {
    const { ms } = await timed(() => terms(text, 'id'))
    t.ok(ms < GENEROUS_MS, `${text.slice(0, 24)}…: ${ms.toFixed(1)} ms`)
  }
})

t.test('a letter grade is one term ("nilai-c"), and a name of the question; a long run of "nilai" is read in time proportional to it', async (t) => {
  t.same(terms('Nilai C itu lulus gak?', 'id'), ['nila', 'nilai-c', 'lulus'])
  t.ok(nameTerms('Nilai C itu lulus gak?', 'id').has('nilai-c'))
  t.same(terms('nilai apa saja', 'id'), ['nila'], 'no letter: "apa" is no grade')
  const { ms } = await timed(() => terms('nilai '.repeat(50_000) + 'C', 'id'))
  t.ok(ms < GENEROUS_MS, `${Math.round(ms)} ms`)
})

t.test('the terms of a recurring text (a word list, a title) are those of terms(), read once per mode and shared read-only', async (t) => {
  for (const text of [REQUIREMENT_WORDS, 'Jalur Masuk Program Sarjana ITB', 'Persyaratan Umum', '']) {
    for (const mode of ['id', 'en'] as const) {
      const first = fixedTerms(text, mode)
      t.same(first, terms(text, mode), `${mode}: ${text}`)
      t.equal(fixedTerms(text, mode), first, `${mode}: the same array again, not read again`)
      t.ok(Object.isFrozen(first), 'no caller can change what the others read')
    }
  }
  // Each mode stems its own way: "requirements" is "requirements" to the Indonesian stemmer, "requir" to Porter's.
  t.notSame(fixedTerms(REQUIREMENT_WORDS, 'id'), fixedTerms(REQUIREMENT_WORDS, 'en'))
  t.same(fixedTerms('requirements', 'en'), terms('requirements', 'en'))
  t.same(fixedTerms('requirements', 'id'), terms('requirements', 'id'))
})
