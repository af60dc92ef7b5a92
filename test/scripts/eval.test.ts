// `npm run eval` and `npm run eval:answers` print their figures and leave the checkout as it was:
// result files are written only with --write.
import { execFile } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { firstSentence, forbiddenTexts, missingFacts, offTopicSentences, type AnswerQuestion } from '../../scripts/eval-answers.ts'

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../..')

/** Modification time of a file, or undefined when it does not exist. */
async function modified (path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mtimeMs
  } catch {
    return undefined
  }
}

for (const [script, output, pattern] of [
  ['scripts/eval.ts', 'eval/RESULTS.md', /hit@1 \d\.\d{3}\s+hit@5 \d\.\d{3}/],
  ['scripts/eval-answers.ts', 'eval/ANSWERS.md', /correct answers \(every fact present\): \d+\/\d+ = \d\.\d{3}[\s\S]*refusal accuracy/]
] as const) {
  t.test(`${script} without --write prints its figures and writes nothing`, async (t) => {
    const before = await modified(join(root, output))
    const { stdout } = await run(process.execPath, [join(root, script)], { cwd: root, timeout: 120_000 })
    t.match(stdout, pattern)
    t.notMatch(stdout, /wrote /)
    t.equal(await modified(join(root, output)), before, `${output} untouched`)
  })
}

t.test('an answer is correct when it has every fact; "a|b" accepts either', async (t) => {
  const question: AnswerQuestion = { id: 'x', kind: 'list', lang: 'id', question: '?', facts: ['Ganesha', 'Jatinangor|Sumedang'] }
  t.same(missingFacts(question, 'Kampus Ganesha dan kampus di Sumedang.'), [])
  t.same(missingFacts(question, 'Kampus ganesha.'), ['Jatinangor|Sumedang'], 'case does not matter, a missing fact does')
})

t.test('a lead fact must be in the first sentence, after the framing', async (t) => {
  const question: AnswerQuestion = { id: 'x', kind: 'where', lang: 'id', question: 'Di mana Observatorium Bosscha?', facts: ['Bosscha'], leadFacts: ['Lembang'] }
  t.same(missingFacts(question, 'Berdasarkan informasi yang tersedia, Observatorium Bosscha terletak di Lembang. Ia memiliki teleskop.'), [])
  t.same(missingFacts(question, 'Berdasarkan informasi yang tersedia, Observatorium Bosscha memiliki teleskop. Ia terletak di Lembang.'), ['first sentence: Lembang'])
  t.same(missingFacts(question, 'According to the available information (in Indonesian), Observatorium Bosscha terletak di Lembang.'), [], 'either framing')
  t.equal(firstSentence('Berdasarkan informasi yang tersedia (dalam bahasa Inggris), the Bosscha Observatory is in Lembang. It has telescopes.'),
    'the Bosscha Observatory is in Lembang.', 'or the one of a quoted English sentence')
})

t.test('an answer with a sentence about another subject, or a text it must not contain, is found out', async (t) => {
  const question: AnswerQuestion = { id: 'x', kind: 'when', lang: 'id', question: 'Kapan ITB didirikan?', facts: ['1920'], mustNotContain: ['2000-an'] }
  const stray = 'Berdasarkan informasi yang tersedia, Institut Teknologi Bandung (ITB) berakar pada Technische Hoogeschool te Bandoeng yang didirikan pada 3 Juli 1920. ' +
    'SBM ITB didirikan pada awal 2000-an sebagai sekolah bisnis. Nama Institut Teknologi Bandung resmi digunakan sejak 2 Maret 1959.'
  t.same(offTopicSentences(question, stray), ['SBM ITB didirikan pada awal 2000-an sebagai sekolah bisnis.'])
  t.same(forbiddenTexts(question, stray), ['2000-an'])
  const clean = stray.replace(/SBM ITB[^.]*\. /, '')
  t.same(offTopicSentences(question, clean), [], 'the institution\'s own name and a common first word are no other subject')
  t.same(forbiddenTexts(question, clean), [])

  const tpb: AnswerQuestion = { id: 'y', kind: 'direct', lang: 'id', question: 'Apa itu TPB?', facts: [] }
  t.same(offTopicSentences(tpb, 'Berdasarkan informasi yang tersedia, tujuan TPB adalah memberi dasar. Tahap Persiapan Bersama berlangsung dua semester.'), [], 'a long form of a name the question has')
  const campus: AnswerQuestion = { id: 'z', kind: 'where', lang: 'id', question: 'Di mana kampus Jatinangor?', facts: [], previous: 'Apa saja kampus ITB?' }
  t.same(offTopicSentences(campus, 'Berdasarkan informasi yang tersedia, kampus Jatinangor terletak di Sumedang. Kampus Ganesha berada di Bandung utara.'), ['Kampus Ganesha berada di Bandung utara.'])
  const sith: AnswerQuestion = { id: 'u', kind: 'list', lang: 'id', question: 'Program studi apa saja di SITH?', facts: [] }
  t.same(offTopicSentences(sith, 'Berdasarkan informasi yang tersedia, SITH-S (SITH Sains) menaungi Biologi. SITH-R (SITH Rekayasa) menaungi Rekayasa Hayati.'), [], 'a unit\'s group is its unit\'s subject')
  t.same(offTopicSentences(sith, 'Berdasarkan informasi yang tersedia, SITH-S menaungi Biologi. STEI-K menaungi Teknik Informatika.'), ['STEI-K menaungi Teknik Informatika.'])
})
