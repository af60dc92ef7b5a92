import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { detectLanguage, languageScores } from '../../../src/services/text/language.ts'
import { splitSentences } from '../../../src/services/text/sentences.ts'
import { ADVERSARIAL_TEXTS, GENEROUS_MS, timed } from '../../support/helpers/adversarial-text.ts'

t.test('formal and colloquial Indonesian', async (t) => {
  const questions = [
    'Kapan ITB didirikan?',
    'kapan sih ITB berdiri?',
    'gimana cara daftar?',
    'Di mana alamat Kampus Ganesha ITB?',
    'Berapa SKS minimal untuk lulus program sarjana di ITB?',
    'Bokap baru kena PHK, bisa minta turunin biaya kuliah nggak?',
    'Pengen kuliah ngoding dan bikin software di ITB, daftarnya ke mana?',
    'Apa itu IA-ITB?',
    'Siapa arsitek yang merancang Masjid Salman ITB?',
    'Mahasiswa ITB kalau sakit bisa berobat di klinik apa?',
    'Institut Teknologi Bandung berakar pada Technische Hoogeschool te Bandoeng yang didirikan pada 3 Juli 1920.'
  ]
  for (const question of questions) t.equal(detectLanguage(question), 'id', question)
})

t.test('English', async (t) => {
  const questions = [
    'When was ITB founded?',
    "What does ITB's motto mean?",
    'Where is the main campus located?',
    'How do I apply for a master program at ITB?',
    'Is the International Undergraduate Program taught in English?',
    'Who designed the West Hall and East Hall?',
    'How many faculties and schools does ITB have?',
    'Which study programs belong to STEI?',
    'The Ganesha campus is ITB\'s main and oldest campus, located in the northern part of the city.'
  ]
  for (const question of questions) t.equal(detectLanguage(question), 'en', question)
})

t.test('names, acronyms and short or empty text default to Indonesian', async (t) => {
  for (const text of ['', 'ITB', 'SNBT', 'Ganesha', 'ITB STEI FMIPA', '2024', '?!']) {
    t.equal(detectLanguage(text), 'id', JSON.stringify(text))
  }
})

t.test('ties go to Indonesian', async (t) => {
  const scores = languageScores('ITB the yang')
  t.equal(scores.id, scores.en)
  t.equal(detectLanguage('ITB the yang'), 'id')
})

t.test('affixes: an Indonesian circumfix counts as a function word, a bare prefix or an English suffix half', async (t) => {
  t.same(languageScores('dipelajari'), { id: 1, en: 0 })
  t.same(languageScores('menyelenggarakan'), { id: 1, en: 0 })
  t.same(languageScores('berkumpul'), { id: 0.5, en: 0 })
  t.same(languageScores('information'), { id: 0, en: 0.5 })
  t.equal(detectLanguage('menyelenggarakan perkuliahan'), 'id')
  t.equal(detectLanguage('engineering information management'), 'en')
  t.equal(detectLanguage("doesn't"), 'en')
  t.equal(detectLanguage("'' ITB ''"), 'id')
})

// Sentences of the knowledge base and of the eval answers (eval/ANSWERS.md), or as they would be
// written, with a name or term of the other language. Speech reads each with its voice.
const INDONESIAN_AROUND_ENGLISH = [
  'SBM ITB menawarkan Master of Business Administration.',
  'SBM ITB menyelenggarakan program Master of Business Administration (MBA) dengan beberapa kelas.',
  'Program MBA diselenggarakan oleh School of Business and Management.',
  'Master of Business Administration ditawarkan oleh SBM ITB.',
  'Kelas berbahasa Inggris, yaitu International Undergraduate Program (IUP), diterima melalui seleksi yang diselenggarakan ITB sendiri.',
  'International Undergraduate Program diajarkan dalam bahasa Inggris.',
  'Sekretariat banyak unit berada di Campus Center (CC) Barat dan CC Timur.',
  'Mahasiswa berkumpul di Campus Center Timur.',
  'Motto ITB adalah In Harmonia Progressio.',
  'ITB memperingati Dies Natalis setiap tanggal 2 Maret.',
  'Presiden Soekarno meresmikan Institut Teknologi Bandung pada 2 Maret 1959.',
  'Kuliah umum Leadership in the Digital Era digelar di Aula Barat.',
  'Beasiswa Fulbright Scholarship Program tersedia untuk lulusan S1.',
  'Informasinya ada di Student Service Center.'
]
const ENGLISH_AROUND_INDONESIAN = [
  'The Ganesha campus is in Bandung.',
  'The Salman Mosque (Masjid Salman ITB) stands just across the street from the main gate.',
  'Undergraduates apply through Seleksi Nasional Berdasarkan Prestasi (SNBP).',
  "ITB's student union is Keluarga Mahasiswa ITB.",
  'The first year is Tahap Persiapan Bersama.',
  'Graduation is held at Sasana Budaya Ganesha.',
  'Students live in Asrama Kidang Pananjung.',
  'It is called Sarana Olahraga Ganesha.',
  'Sabuga stands on Jalan Tamansari.',
  "International applicants are welcome in ITB's graduate programs.",
  'Tuition is the Uang Kuliah Tunggal (UKT).',
  'Kampus Jatinangor is east of Bandung.',
  "What's the ITB motto?",
  'How do I get to Kampus Ganesha?',
  'STEI stands for Sekolah Teknik Elektro dan Informatika.',
  'FMIPA is Fakultas Matematika dan Ilmu Pengetahuan Alam.'
]

t.test('a name of the other language does not change a sentence\'s language', async (t) => {
  // Before, six of these took the other voice: the English name's "of", "in the", "-ness", "-tion"
  // outweighed one Indonesian verb ("SBM ITB menawarkan …" scored 2 to ½ for English), an Indonesian
  // name's "dan" or "Sekolah" an English "is" or "for".
  for (const sentence of INDONESIAN_AROUND_ENGLISH) t.equal(detectLanguage(sentence), 'id', sentence)
  for (const sentence of ENGLISH_AROUND_INDONESIAN) t.equal(detectLanguage(sentence), 'en', sentence)
})

t.test('how a name is read', async (t) => {
  t.same(languageScores('SBM ITB menawarkan Master of Business Administration.'), { id: 1, en: 0 }, 'Title Case words and their joiners: neither')
  t.same(languageScores('Kampus Ganesha dan ITB'), { id: 1, en: 0 }, 'a joiner before an acronym is a word')
  t.same(languageScores('The Ganesha campus'), { id: 0, en: 1 }, 'an opening function word counts')
  t.same(languageScores('Menyelenggarakan kuliah'), { id: 1, en: 0 }, 'an opening word before a lower-case word counts')
  t.same(languageScores('How do I apply'), { id: 0, en: 4 }, '"I" is not a name')
  t.same(languageScores('di Seleksi Nasional Berdasarkan Prestasi'), { id: 1.5, en: 0 }, 'an Indonesian circumfix in a name: ½')
  t.same(languageScores("ITB's motto"), { id: 0, en: 1 }, 'a possessive counts')
  t.same(languageScores('A. The'), { id: 0, en: 2 }, 'after a full stop, an opening again')
})

t.test('sentence by sentence (how speech picks its voice), every sentence of the knowledge corpus is its document\'s language', async (t) => {
  const dir = fileURLToPath(new URL('../../../knowledge/', import.meta.url))
  const wrong: string[] = []
  let counted = 0
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.md') && name !== 'README.md')) {
    const language = file.endsWith('-en.md') ? 'en' : 'id'
    const body = readFileSync(join(dir, file), 'utf8').replace(/^---[\s\S]*?---/, '')
    for (const paragraph of body.split(/\n\s*\n/).filter((text) => !text.startsWith('#'))) {
      for (const sentence of splitSentences(paragraph.replace(/\s+/g, ' '))) {
        counted++
        if (detectLanguage(sentence) !== language) wrong.push(`${file} (${language}): ${sentence}`)
      }
    }
  }
  t.ok(counted > 500, `${counted} sentences`)
  t.same(wrong, [])
})

t.test('a word with a long run of apostrophes inside is read in time proportional to it', async (t) => {
  // The quotes around a word were stripped with /^'+|'+$/, whose '+$ read the run from each of its
  // apostrophes: 18 s for 150,000 of them before.
  const { value, ms } = await timed(() => detectLanguage(ADVERSARIAL_TEXTS.apostropheWord(150_000)))
  t.equal(value, 'id')
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})

t.test('a long name is read in time proportional to it', async (t) => {
  const { value, ms } = await timed(() => languageScores(ADVERSARIAL_TEXTS.nameRun(150_000)))
  // Only the first 120 words are read: the 120th, "of", has no name after it within them, so it is a word.
  t.same(value, { id: 0, en: 1 })
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})
