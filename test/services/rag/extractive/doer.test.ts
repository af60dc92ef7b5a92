// "Siapa pendiri ITB?": who did what a question asks about is named after the deed ("Pendirian TH
// Bandung didorong oleh …"), and that sentence opens the answer before one giving only the date; a
// doer named in a sentence about something else ("Masjid Salman ITB dirintis oleh …") or in a later
// clause ("… yang didirikan oleh pemerintah") is not the question's.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { firstSentence } from '../../../../scripts/eval-answers.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const passages = [
  passage('masjid', 'Masjid Salman ITB', 'Masjid Salman ITB dirintis oleh dosen dan mahasiswa ITB sejak awal 1960-an.'),
  passage('status', 'Status PTN-BH', 'PTN-BH adalah perguruan tinggi negeri yang didirikan oleh pemerintah dan berstatus badan hukum.'),
  passage('sejarah', 'Sejarah Singkat ITB',
    'Institut Teknologi Bandung (ITB) berakar pada Technische Hoogeschool te Bandoeng yang didirikan pada 3 Juli 1920 di Bandung. ' +
    'Pendirian TH Bandung didorong oleh kebutuhan pemerintah kolonial akan tenaga insinyur yang dididik di tanah jajahan sendiri, karena pasokan insinyur dari Belanda terganggu akibat Perang Dunia I.')
]

t.test('the doer of the deed opens the answer; doers of other things stay out', async (t) => {
  for (const question of ['Siapa pendiri ITB?', 'Siapa yang mendirikan ITB?', 'ITB didirikan oleh siapa?']) {
    const answer = answerer.answer({ question, passages, found: true }).answer
    t.match(firstSentence(answer), /^pendirian TH Bandung didorong oleh kebutuhan pemerintah kolonial/, question)
    t.notMatch(answer, /Masjid Salman|PTN-BH/, question)
  }
})

t.test('asked about the other subject, its doer answers', async (t) => {
  t.match(firstSentence(answerer.answer({ question: 'Siapa yang mendirikan Masjid Salman?', passages, found: true }).answer), /^Masjid Salman ITB dirintis oleh dosen/)
})

t.test('a bare noun for a role is no deed: "Rektor ITB dipilih oleh …" does not say who the rector is', async (t) => {
  const rector = [passage('pimpinan', 'Struktur Pimpinan ITB',
    'Rektor ITB dipilih oleh Majelis Wali Amanat untuk masa jabatan lima tahun. ' +
    'Nama Rektor yang sedang menjabat dapat berubah, sehingga informasi pimpinan terkini sebaiknya dilihat di situs resmi www.itb.ac.id.')]
  t.match(answerer.answer({ question: 'Siapa rektor ITB sekarang?', passages: rector, found: true }).answer, /situs resmi/)
})
