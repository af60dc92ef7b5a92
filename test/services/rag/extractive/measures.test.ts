// The number, date and duration patterns on their own (measures.ts): what a question asks for and
// what a sentence gives, each read in one scan of a long adversarial text.
import t from 'tap'
import { countedWords, DURATION_QUESTION, FREQUENCY_QUESTION, GRADE_QUESTION, MEASURED_YES_NO, SCHEDULE_ELSEWHERE, WHEN_GIVEN } from '../../../../src/services/rag/extractive/measures.ts'
import { GENEROUS_MS, repeated, timed } from '../../../support/helpers/adversarial-text.ts'

t.test('questions: how long, how often, which grade, may it last so long', async (t) => {
  t.ok(DURATION_QUESTION.test('Berapa lama kuliah S1?'))
  t.notOk(DURATION_QUESTION.test('Berapa SKS minimal?'))
  t.ok(FREQUENCY_QUESTION.test('Kapan wisuda biasanya diadakan?'))
  t.notOk(FREQUENCY_QUESTION.test('Biasanya kapan wisuda diadakan?'), '"kapan … biasanya", in that order')
  t.ok(GRADE_QUESTION.test('Berapa nilai minimal lulus mata kuliah?'))
  t.ok(MEASURED_YES_NO.test('Apakah boleh cuti dua semester?'))
  t.notOk(MEASURED_YES_NO.test('Apakah boleh cuti?'))
})

t.test('sentences: a date or a time, a schedule published elsewhere', async (t) => {
  t.ok(WHEN_GIVEN.test('SBM ITB didirikan pada awal 2000-an.'))
  t.notOk(WHEN_GIVEN.test('Keluarga disarankan datang lebih awal.'), '"lebih awal" is no time')
  // A part of the when-cue's pattern, which reads sentences whatever their case.
  const scheduleElsewhere = new RegExp(SCHEDULE_ELSEWHERE.source, 'i')
  t.ok(scheduleElsewhere.test('Jadwal SNBP dapat berubah setiap tahun.'))
  t.notOk(scheduleElsewhere.test('Jadwal kuliah disusun per semester.'))
})

t.test('what a number counts', async (t) => {
  t.same(countedWords('ITB memiliki dua belas unit akademik setingkat fakultas.'), [' belas unit akademik setingkat fakultas'])
  t.same(countedWords('Himpunan beranggotakan mahasiswa satu program studi.'), [], '"satu" is no count')
})

t.test('a long run of a cue word is read in one scan', async (t) => {
  const { ms } = await timed(() => [FREQUENCY_QUESTION.test(repeated('kapan ', 100_000)), MEASURED_YES_NO.test(repeated('bisa ', 100_000)), countedWords(repeated('12 ', 100_000)).length])
  t.ok(ms < GENEROUS_MS, `${Math.round(ms)} ms`)
})
