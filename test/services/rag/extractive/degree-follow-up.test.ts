// "Kalau S2?" after "Berapa SKS untuk lulus S1?" was answered "… program sarjana (S1) di ITB umumnya
// mensyaratkan minimal 144 SKS untuk lulus.", and after "Berapa IPK minimal untuk lulus S1?" with the
// master's admission requirements: a follow-up naming another degree level than its earlier question is
// answered only by a sentence (or a document's title) naming that level and giving what was asked, a
// number of what is counted (degrees.ts, score.ts); the documents give no SKS or IPK for the master's.
import t from 'tap'
import { degreeLevels, levelsSwapped, notOfOtherLevels, sentenceLevels } from '../../../../src/services/rag/extractive/degrees.ts'
import { ask, declined } from '../offline-answers-fixture.ts'

t.test('a follow-up for another degree level is not answered for the earlier one', async (t) => {
  for (const [question, previous] of [
    ['Kalau S2?', 'Berapa SKS untuk lulus S1?'],
    ['Kalau S2?', 'Berapa IPK minimal untuk lulus S1?'],
    ['What about a master\'s?', 'How many credits to graduate with a bachelor\'s degree?']
  ]) {
    const result = await ask(question, [previous])
    t.ok(declined(result), `${question} after ${previous}: ${result.answer}`)
  }
})

t.test('the new level is answered where a sentence of it gives what was asked', async (t) => {
  const doctorate = await ask('Kalau S3?', ['Berapa lama kuliah S2 di ITB?'])
  t.match(doctorate.answer, /program doktor umumnya dirancang untuk diselesaikan dalam tiga sampai empat tahun/)
  const master = await ask('Kalau S2?', ['Berapa lama kuliah S1 di ITB?'])
  t.match(master.answer, /Program magister di ITB umumnya dirancang untuk diselesaikan dalam dua tahun/i)
  const bachelor = await ask('Kalau S1?', ['Berapa lama kuliah S2 di ITB?'])
  t.match(bachelor.answer, /delapan semester atau empat tahun/)
})

t.test('a follow-up for another level is answered with what the earlier question asked of it, or declined', async (t) => {
  // Round 13: each got a sentence of the new level about something else (graduation SKS, online registration, funding).
  const master = await ask('Kalau S2?', ['Apa syarat daftar S3?'])
  t.match(master.answer, /^[^.]*persyaratan umum penerimaan program magister/i, master.answer)
  const english = await ask('What about a master\'s?', ['What are the requirements for a PhD?'])
  t.match(english.answer, /^According to the available information, applicants for a master's program typically need/, english.answer)
  // Round 15: declined, the documents giving no admission requirements of S1 to compare the master's with.
  const afterBachelor = await ask('Kalau S2?', ['Apa syarat daftar S1?'])
  t.match(afterBachelor.answer, /^[^.]*persyaratan umum penerimaan program magister/i, afterBachelor.answer)
  t.match((await ask('Kalau S3?', ['Apa syarat daftar S1?'])).answer, /^[^.]*persyaratan umum penerimaan program doktor/i)
  for (const [question, previous] of [['Kalau S1?', 'Apa syarat daftar S2?'], ['Kalau S3?', 'Berapa biaya kuliah S2?'], ['Kalau S2?', 'Apa syarat lulus S1?']]) {
    const result = await ask(question, [previous])
    t.ok(declined(result), `${question} after ${previous}: ${result.answer}`)
  }
})

t.test('the degree levels a text names', async (t) => {
  t.same([...degreeLevels('program sarjana (S1)')], [1])
  t.same([...degreeLevels('Penerimaan Mahasiswa Pascasarjana (S2 dan S3)')], [2, 3])
  t.same([...degreeLevels('How many credits to graduate?')], [], '"graduate" alone is the verb')
  t.same([...degreeLevels('Applications for graduate study')], [2, 3])
  t.same([...sentenceLevels('Persyaratan umum penerimaan program magister ITB meliputi ijazah sarjana dan transkrip nilai.', 'X')], [2], 'not the degree it requires')
  t.same([...sentenceLevels('Applicants for a doctoral program typically need a master\'s degree.', 'Graduate Admissions (Master\'s and Doctoral Programs)')], [3])
  t.same([...sentenceLevels('Pendaftaran dilakukan secara daring.', 'Penerimaan Mahasiswa Pascasarjana (S2 dan S3)')], [2, 3], 'naming none, its title\'s')
  t.same([...levelsSwapped('Kalau S2?', 'Berapa SKS untuk lulus S1?') ?? []], [2])
  t.equal(levelsSwapped('Kalau S2?', 'Berapa UKT di ITB?'), undefined, 'no level before')
  t.equal(levelsSwapped('Kalau S3?', 'Apa itu program pascasarjana?'), undefined, 'the earlier question names it too')
})

t.test('a question naming a degree level is not answered for another', async (t) => {
  // "Berapa SKS untuk lulus S2?" was answered "… program sarjana (S1) di ITB umumnya mensyaratkan minimal 144 SKS untuk lulus."
  for (const question of ['Berapa SKS untuk lulus S2?', 'Berapa IPK minimal lulus S2?']) {
    const result = await ask(question)
    t.ok(declined(result), `${question}: ${result.answer}`)
  }
  const bachelor = await ask('Berapa SKS untuk lulus S1?')
  t.match(bachelor.answer, /minimal 144 SKS untuk lulus/)
  const sentences = [{ text: 'Program sarjana (S1) mensyaratkan 144 SKS.' }, { text: 'Program magister meliputi ijazah sarjana.' }, { text: 'Pendaftaran dilakukan secara daring.' }]
  t.same(notOfOtherLevels(sentences, 'Berapa SKS S2?'), sentences.slice(1))
  t.same(notOfOtherLevels(sentences, 'Berapa SKS?'), sentences, 'no level asked')
})
