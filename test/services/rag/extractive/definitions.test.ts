// A definition question about a word ("Dosen wali itu apa?", "Apa itu dosen wali?"): the term asked
// about, read in either order, and, where no sentence defines it, the sentence saying what it does
// ("… memiliki dosen wali yang membantu merencanakan studi …") opening the answer rather than one
// that only mentions it ("Mahasiswa dapat menanyakan prosedur terbaru kepada dosen wali …").
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { termDefinition, termDescription } from '../../../../src/services/rag/extractive/definitions.ts'
import { GENEROUS_MS, repeated, timed } from '../../../support/helpers/adversarial-text.ts'
import { passage } from '../../../support/helpers/passages.ts'

t.test('the term of "X itu apa?" as of "Apa itu X?"', async (t) => {
  t.equal(termDefinition('Dosen wali itu apa?')?.source.startsWith('^dosen wali'), true)
  t.equal(termDefinition('himpunan tuh apa sih?')?.source.startsWith('^himpunan'), true)
  t.equal(termDefinition('Apa itu dosen wali?')?.source.startsWith('^dosen wali'), true)
  t.equal(termDefinition('ITB itu apa?'), undefined, 'an acronym: acronymDefinition')
  t.equal(termDefinition('Kalau asrama di Jatinangor itu apa?'), undefined, 'no lower-case term of three words or fewer')
  t.ok(termDescription('Dosen wali itu apa?')?.test('Mahasiswa TPB biasanya memiliki dosen wali yang membantu merencanakan studi.'))
  t.notOk(termDescription('Dosen wali itu apa?')?.test('Mahasiswa dapat menanyakan prosedur terbaru kepada dosen wali atau bagian akademik.'))
})

t.test('with no sentence defining it, what the documents say it does opens the answer', async (t) => {
  const passages = [
    passage('cuti', 'Cuti Akademik',
      'Mahasiswa sebaiknya berdiskusi dengan dosen wali terlebih dahulu sebelum mengajukan cuti akademik. ' +
      'Mahasiswa dapat menanyakan prosedur terbaru kepada dosen wali atau bagian akademik fakultas atau sekolah masing-masing.'),
    passage('konseling', 'Fasilitas Kesehatan, Konseling, dan Olahraga',
      'ITB juga menyediakan layanan bimbingan dan konseling bagi mahasiswa. Dosen wali juga dapat membantu mengarahkan mahasiswa ke layanan konseling jika diperlukan.'),
    passage('tpb', 'Tahap Persiapan Bersama (TPB)',
      'Mahasiswa TPB dibagi ke dalam kelas-kelas yang mencampurkan mahasiswa dari berbagai fakultas. Mahasiswa TPB biasanya memiliki dosen wali yang membantu merencanakan studi dan memantau kemajuan akademik.')
  ]
  const answerer = createExtractiveAnswerer()
  for (const question of ['Dosen wali itu apa?', 'Apa itu dosen wali?']) {
    const { answer } = answerer.answer({ question, passages, found: true })
    t.match(answer, /^Berdasarkan informasi yang tersedia, mahasiswa TPB biasanya memiliki dosen wali yang membantu/, question)
  }
})

t.test('a long question is read in one scan', async (t) => {
  const { ms } = await timed(() => [
    termDefinition(repeated('dosen ', 5000, ' itu apa?')), termDefinition(repeated('a-', 5000, ' itu apa?')),
    termDefinition(repeated(' ', 5000, 'x itu apa?', 'Dosen')), termDescription(repeated('wali ', 5000, ' tuh apa?'))
  ])
  t.ok(ms < GENEROUS_MS, `${Math.round(ms)} ms`)
})
