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

t.test('affixes are weaker evidence than function words', async (t) => {
  t.same(languageScores('dipelajari'), { id: 0.5, en: 0 })
  t.same(languageScores('information'), { id: 0, en: 0.5 })
  t.equal(detectLanguage('menyelenggarakan perkuliahan'), 'id')
  t.equal(detectLanguage('engineering information management'), 'en')
  t.equal(detectLanguage("doesn't"), 'en')
  t.equal(detectLanguage("'' ITB ''"), 'id')
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
