// Round 16: "Apa syarat daftar SNBT?" was declined: "SNBT terbuka bagi lulusan …" gives who may register, but only
// its heading ("Siapa yang Dapat Mendaftar") says registering and requirements, so it ranked under the relevance
// floor. "What about master's?" after "What are the requirements for undergraduate admission?" was declined too:
// "Applicants for a master's program typically need …" says "need", its heading "General Requirements". Under a
// heading over who may apply or the requirements, a sentence giving what a requirement question asks for has the
// heading's words and the requirement words (headings.ts); asked of a degree level, only a sentence naming it.
import t from 'tap'
import { headingReader } from '../../../../src/services/rag/extractive/headings.ts'
import { givesCue } from '../../../../src/services/rag/extractive/cue.ts'
import { cuesOf } from '../../../../src/services/rag/extractive/question-types.ts'
import type { StemMode } from '../../../../src/services/rag/extractive/terms.ts'

const sentence = (text: string, section: string, title = ''): { text: string, passage: { section: string, title: string } } => ({ text, passage: { section, title } })
const reader = (question: string, mode: StemMode = 'id', earlier = ''): ReturnType<typeof headingReader> =>
  headingReader(cuesOf(question), { question, earlier }, givesCue, mode)

t.test('a requirement given under a heading over who may apply has the heading\'s words', async (t) => {
  const words = reader('Apa syarat daftar SNBT?')(sentence('SNBT terbuka bagi lulusan SMA, MA, SMK, atau sederajat.', 'Siapa yang Dapat Mendaftar'))
  t.ok(words.includes('daftar'), words.join(' '))
  t.ok(words.includes('syarat'), 'and the requirement words')
  t.same(reader('Apa syarat daftar SNBT?')(sentence('Pendaftaran dilakukan secara daring melalui laman resmi.', 'Siapa yang Dapat Mendaftar')), [], 'a sentence giving no requirement has none')
  t.same(reader('Apa syarat daftar SNBT?')(sentence('SNBT terbuka bagi lulusan SMA.', 'Materi UTBK')), [], 'nor one under another heading')
  t.same(reader('Apa itu SNBT?')(sentence('SNBT terbuka bagi lulusan SMA.', 'Siapa yang Dapat Mendaftar')), [], 'nor for a question asking no requirements')
  t.same(reader('Apa syarat KIP Kuliah?')(sentence('Calon penerima KIP Kuliah umumnya adalah lulusan SMA.', 'Syarat dan Cara Mendaftar')), [], 'a heading of two subjects is not one over the requirements')
})

t.test('asked of a degree level, only a sentence naming it has the heading\'s words', async (t) => {
  const master = sentence("Applicants for a master's program typically need a bachelor's degree, proof of English proficiency and recommendation letters.", 'General Requirements')
  const scores = sentence('Minimum scores and accepted tests are listed in the admission guide.', 'General Requirements')
  const followUp = reader("What about master's?", 'en', 'What are the requirements for undergraduate admission?')
  t.ok(followUp(master).includes('requir'), 'a follow-up asks what its earlier question asks for')
  t.same(followUp(scores), [], 'a sentence naming no level is about any of its document\'s')
  t.same(reader("What are the requirements to apply for a bachelor's degree?", 'en')(master), [], 'a bachelor\'s degree it requires is not the level it is about')
  t.ok(reader('What are the requirements for admission?', 'en')(scores).includes('requir'), 'a question naming no level takes any')
})

t.test('a requirement said of each of what its document\'s title names has the title\'s words (round 17)', async (t) => {
  const pointer = sentence('Jadwal, daya tampung, dan persyaratan setiap jalur diumumkan setiap tahun di https://admission.itb.ac.id/.', 'Setelah Diterima', 'Jalur Masuk Program Sarjana ITB')
  for (const question of ['Apa syarat masuk S1?', 'Apa syarat daftar S1?']) {
    const words = reader(question)(pointer)
    t.ok(words.includes('masuk') && words.includes('sarjana'), `${question}: ${words.join(' ')}`)
  }
  t.same(reader('Apa syarat daftar S2?')(pointer), [], 'asked of another level than its title\'s, none')
  t.same(reader('Apa itu SNBP?')(pointer), [], 'nor for a question asking no requirements')
  t.same(reader('Apa syarat masuk S1?')(sentence('Di ketiga jalur masuk, calon mahasiswa memilih fakultas.', 'Setelah Diterima', 'Jalur Masuk Program Sarjana ITB')), [], 'nor for a sentence giving none')
})
