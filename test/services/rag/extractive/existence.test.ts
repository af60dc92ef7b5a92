// Whether something exists at ITB ("Ada asrama di ITB?", "Is there a dormitory at ITB?"): the sentence
// saying ITB provides or has it, naming it right after the verb, opens the answer; not one about
// what it has or how it is run, nor, for a question naming more ("… asrama di Jatinangor?"), the
// institution's general sentence.
import t from 'tap'
import { createExtractiveAnswerer, NO_ANSWER } from '../../../../src/services/rag/extractive.ts'
import { EXISTENCE_QUESTION, existingAsked, groupAskedFor, providesAsked } from '../../../../src/services/rag/extractive/existence.ts'
import { GENEROUS_MS, repeated, spaces, timed } from '../../../support/helpers/adversarial-text.ts'
import { passage } from '../../../support/helpers/passages.ts'

t.test('questions whether something exists', async (t) => {
  for (const question of ['Ada asrama di ITB?', 'Apakah ada asrama?', 'Is there a dormitory at ITB?', 'Are there dorms?', 'Does ITB have dorms?', 'Apakah ITB punya asrama?']) {
    t.ok(EXISTENCE_QUESTION.test(question), question)
  }
  for (const question of ['Asrama ITB bayar ga?', 'Di mana asrama ITB?', 'Where is there a dorm?']) t.notOk(EXISTENCE_QUESTION.test(question), question)
})

t.test('the sentence providing it names it right after the verb', async (t) => {
  const asked = (termsOfWord: string[]): boolean => termsOfWord.includes('asrama')
  t.ok(providesAsked('ITB menyediakan asrama mahasiswa sebagai pilihan tempat tinggal.', asked, 'id'))
  t.ok(providesAsked('ITB memiliki asrama di sekitar Kampus Ganesha.', asked, 'id'))
  t.notOk(providesAsked('Asrama ITB biasanya memiliki pengelola dan pendamping penghuni.', asked, 'id'))
  t.notOk(providesAsked('ITB menyediakan layanan kesehatan melalui asrama.', asked, 'id'), 'a service, not the thing asked')
})

const passages = [
  passage('asrama', 'Asrama Mahasiswa ITB',
    'Pendaftaran asrama ITB biasanya dibuka bagi mahasiswa baru setelah pengumuman penerimaan. ' +
    'Asrama ITB biasanya memiliki pengelola dan pendamping penghuni yang menyelenggarakan kegiatan kebersamaan dan pembinaan. ' +
    'ITB memiliki asrama di sekitar Kampus Ganesha di Bandung, misalnya Asrama Kidang Pananjung dan Asrama Sangkuriang, serta asrama di Kampus Jatinangor.')
]

t.test('it opens the answer', async (t) => {
  const answerer = createExtractiveAnswerer()
  for (const question of ['Ada asrama di ITB?', 'Is there a dormitory at ITB?']) {
    const { answer } = answerer.answer({ question, passages, found: true })
    t.match(answer, /^(Berdasarkan informasi yang tersedia|According to the available information \(in Indonesian\)), ITB memiliki asrama/, question)
  }
})

t.test('the thing asked about must be in the answer, not a list of what else is there', async (t) => {
  t.same(existingAsked('Ada klinik ga di kampus Jatinangor?', 'id'), ['klinik'])
  t.same(existingAsked('Is there a swimming pool at ITB?', 'en'), ['swim', 'pool'])
  t.same(existingAsked('Ada beasiswa untuk mahasiswa baru?', 'id'), ['beasiswa'], 'for whom is not the thing')
  t.same(existingAsked('Di mana klinik ITB?', 'id'), [], 'no existence question')
  const answerer = createExtractiveAnswerer()
  const campuses = [
    passage('kampus-jatinangor', 'Kampus ITB Jatinangor',
      'Kampus ITB Jatinangor dilengkapi gedung kuliah, laboratorium, perpustakaan, fasilitas olahraga, dan asrama mahasiswa. ' +
      'Sebagian mahasiswa tahun pertama ITB juga menjalani Tahap Persiapan Bersama (TPB) di Kampus Jatinangor.', { section: 'Fasilitas' }),
    passage('fasilitas-kesehatan-dan-olahraga', 'Fasilitas Kesehatan, Konseling, dan Olahraga',
      'Klinik kampus ITB, yang dikenal dengan nama Bumi Medika Ganesha, memberikan layanan pemeriksaan kesehatan umum.', { score: 0.7 })
  ]
  for (const question of ['Ada klinik ga di kampus Jatinangor?', 'Is there a clinic at the Jatinangor campus?']) {
    t.equal(answerer.answer({ question, passages: campuses, found: true }).answer, NO_ANSWER[/^Is/.test(question) ? 'en' : 'id'], question)
  }
  t.match(answerer.answer({ question: 'Ada perpustakaan di Jatinangor?', passages: campuses, found: true }).answer, /dilengkapi gedung kuliah, laboratorium, perpustakaan/, 'a thing it lists')
  t.match(answerer.answer({ question: 'Ada klinik di ITB?', passages: campuses, found: true }).answer, /Bumi Medika Ganesha/)
})

t.test('a long question is read in one scan', async (t) => {
  const { ms } = await timed(() => [EXISTENCE_QUESTION.test(spaces('', 5000)), EXISTENCE_QUESTION.test(repeated('apakah ', 5000)),
    providesAsked(`ITB ${' '.repeat(5000)}x`, () => true, 'id'), existingAsked(repeated('ada ', 200_000), 'id'), existingAsked(`Is there ${repeated('a ', 200_000)}`, 'en'),
    groupAskedFor(`ada x untuk ${repeated('mahasiswa ', 200_000)}`, ['mahasiswa mahasiswa'], 'id')])
  t.ok(ms < GENEROUS_MS, `${Math.round(ms)} ms`)
})

t.test('"Ada X untuk mahasiswa internasional?" needs a passage saying it is for them, not one with the words apart', async (t) => {
  const answerer = createExtractiveAnswerer()
  const funding = passage('beasiswa-itb', 'Beasiswa untuk Mahasiswa ITB', 'Mahasiswa magister dan doktor dapat memperoleh beasiswa dari berbagai lembaga. ' +
    'Mahasiswa pascasarjana juga dapat memperoleh pendanaan dari proyek penelitian dosen, atau dari program beasiswa pemerintah dan lembaga internasional lainnya.')
  const iup = passage('program-iup', 'International Undergraduate Program (IUP) ITB', 'IUP ITB dibuka untuk calon mahasiswa Indonesia maupun calon mahasiswa internasional.')
  const dorms = passage('asrama-mahasiswa', 'Asrama Mahasiswa ITB', 'Karena kapasitas asrama terbatas, ITB dapat memberikan prioritas kepada kelompok tertentu, misalnya mahasiswa dari luar kota atau mahasiswa internasional.')
  t.same(groupAskedFor('Ada beasiswa untuk mahasiswa internasional?', [iup.text], 'id'), ['mahasiswa internasional'])
  t.equal(groupAskedFor('Ada beasiswa untuk mahasiswa baru?', ['beasiswa untuk mahasiswa baru'], 'id'), undefined, 'the usual students: no group')
  t.equal(answerer.answer({ question: 'Ada beasiswa untuk mahasiswa internasional?', passages: [funding, iup], found: true }).answer, NO_ANSWER.id)
  t.match(answerer.answer({ question: 'Ada asrama untuk mahasiswa internasional?', passages: [dorms, iup], found: true }).answer, /atau mahasiswa internasional\./)
})

t.test('"Ada beasiswa buat mahasiswa asing?" is asked of "mahasiswa internasional", the documents\' wording', async (t) => {
  // No document says "mahasiswa asing": the group was not looked for, and "… lembaga internasional lainnya"
  // (institutions, through the alias table's "internasional") answered with LPDP.
  const answerer = createExtractiveAnswerer()
  const funding = passage('beasiswa-itb', 'Beasiswa untuk Mahasiswa ITB', 'Beasiswa pascasarjana yang banyak digunakan oleh mahasiswa ITB adalah beasiswa dari LPDP. ' +
    'Mahasiswa pascasarjana juga dapat memperoleh pendanaan dari program beasiswa pemerintah dan lembaga internasional lainnya.')
  const iup = passage('program-iup', 'International Undergraduate Program (IUP) ITB', 'IUP ITB dibuka untuk calon mahasiswa Indonesia maupun calon mahasiswa internasional.')
  const dorms = passage('asrama-mahasiswa', 'Asrama Mahasiswa ITB', 'Karena kapasitas asrama terbatas, ITB dapat memberikan prioritas kepada kelompok tertentu, misalnya mahasiswa dari luar kota atau mahasiswa internasional.')
  t.same(groupAskedFor('Ada beasiswa buat mahasiswa asing?', [funding.text, iup.text], 'id'), ['mahasiswa internasional'])
  t.equal(answerer.answer({ question: 'Ada beasiswa buat mahasiswa asing?', passages: [funding, iup], found: true }).answer, NO_ANSWER.id)
  t.match(answerer.answer({ question: 'Ada asrama buat mahasiswa asing?', passages: [dorms, iup], found: true }).answer, /atau mahasiswa internasional\./)
})
