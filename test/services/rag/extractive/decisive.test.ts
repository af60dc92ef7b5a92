// "Kapan tes SNBT?" was answered "Tes yang digunakan dalam SNBT adalah Ujian Tulis Berbasis Komputer
// (UTBK).", which test and not when; "Which campus is civil engineering on?" with the Jatinangor campus's
// programmes, none of them civil engineering. A date is now required of a "kapan" question (a date, or
// where the schedule or the opening hours are published), and what the question cannot do without and
// the best sentence does not give, the most relevant sentence giving it gives (decisive.ts); the campus
// of "kampus mana" is what the answer names, not a word it must have (question-types.ts formWords).
import t from 'tap'
import type { Candidate } from '../../../../src/services/rag/extractive/candidates.ts'
import type { Cue } from '../../../../src/services/rag/extractive/cue.ts'
import { openDecisively } from '../../../../src/services/rag/extractive/decisive.ts'
import { SCHEDULE_ELSEWHERE } from '../../../../src/services/rag/extractive/measures.ts'
import { ask, declined } from '../offline-answers-fixture.ts'

t.test('when a test is held: its schedule, not which test', async (t) => {
  for (const question of ['Kapan tes SNBT?', 'When is the SNBT test?', 'Kapan ujian SNBT?']) {
    const { answer } = await ask(question)
    t.match(answer, /^[^.]*jadwal pendaftaran, pelaksanaan UTBK, dan pengumuman SNBT diumumkan/i, question)
    t.notMatch(answer, /Tes yang digunakan dalam SNBT/i, question)
  }
  const library = await ask('Jam buka perpustakaan pusat ITB kapan?')
  t.match(library.answer, /jam buka Perpustakaan Pusat ITB dapat berbeda/i, 'opening hours are given where they are published')
  const pointer = new RegExp(SCHEDULE_ELSEWHERE.source, 'i')
  t.ok(pointer.test('Jam buka Perpustakaan Pusat ITB dapat berbeda, sehingga pengguna memeriksa informasi terbaru di lib.itb.ac.id.'))
  t.notOk(pointer.test('Jam layanan dapat berbeda antarunit, sehingga pengunjung memeriksa informasi terbaru.'), 'a service\'s hours are no opening hours')
})

t.test('which campus a programme is on', async (t) => {
  const civil = await ask('Which campus is civil engineering on?')
  t.match(civil.answer, /^[^.]*FTSL berkegiatan di Kampus Ganesha/, civil.answer)
  t.notMatch(civil.answer, /Jatinangor campus hosts/)
  const architecture = await ask('Which campus is architecture on?')
  t.match(architecture.answer, /SAPPK berlokasi di Kampus Ganesha/, architecture.answer)
  const sipil = await ask('Teknik Sipil di kampus mana?')
  t.match(sipil.answer, /^[^.]*FTSL berkegiatan di Kampus Ganesha/, 'round 13\'s answer stays')
  t.ok(declined(await ask('Di mana kantor Direktorat Kemahasiswaan?')), 'a required place no sentence gives is still declined')
})

t.test('a sentence giving what the best one lacks opens the answer', async (t) => {
  const when: Cue = { question: /kapan/i, sentence: /jadwal/i, required: true, decisive: true }
  const sentence = (text: string, relevance: number): Candidate => ({ text, relevance, terms: new Set(['snbt']) }) as unknown as Candidate
  const which = sentence('Tes yang digunakan dalam SNBT adalah UTBK.', 1)
  const schedule = sentence('Jadwal pelaksanaan UTBK diumumkan di laman SNPMB.', 0.3)
  const context = { decisive: [when], answersDecisively: new Set<Candidate>(), gives: (cue: Cue, text: string) => cue.sentence.test(text), otherGroup: new Set<Candidate>(), namesFound: ['snbt'], match: (found: Set<string>, term: string) => found.has(term) ? 1 : 0, minRelevance: 0.25 }
  const ranked = [which, schedule]
  openDecisively(ranked, context)
  t.same(ranked.map((candidate) => candidate.text), [schedule.text, which.text], 'below half the best one\'s relevance, above the floor')
  const low = [which, sentence('Jadwal apa pun.', 0.1)]
  openDecisively(low, context)
  t.equal(low[0], which, 'not below the relevance floor')
  const optional = [which, schedule]
  openDecisively(optional, { ...context, decisive: [{ ...when, required: false }] })
  t.equal(optional[0], which, 'a cue the answer can do without keeps half the best relevance as its floor')
})
