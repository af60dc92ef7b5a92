// "Kampus Cirebon ada jurusan apa aja?": the documents give no list of the campus's programmes, only
// where it is published ("Daftar program studi yang dibuka di Kampus Cirebon dapat berubah …"), which
// answers it (lists.ts aboutListOf: "jurusan" is "program studi" in the alias table's words), before a
// sentence listing something else of the campus ("… mengikuti kurikulum, standar akademik, dan aturan
// yang sama …"). "Kampus Cirebon" opening the question is a name, as it is later in one (terms.ts nameTerms).
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { nameTerms } from '../../../../src/services/rag/extractive/terms.ts'
import { firstSentence } from '../../../../scripts/eval-answers.ts'
import { passagesOf } from '../extractive-fixture.ts'

t.test('the campus\'s programmes are answered by where their list is published', async (t) => {
  const answerer = createExtractiveAnswerer()
  const passages = passagesOf('kampus-cirebon.md')
  for (const question of ['Kampus Cirebon ada jurusan apa aja?', 'Jurusan apa saja yang ada di Kampus Cirebon?', 'Program studi apa saja yang ada di Kampus Cirebon?']) {
    const { answer } = answerer.answer({ question, passages, found: true })
    t.match(firstSentence(answer), /daftar program studi yang dibuka di Kampus Cirebon/i, question)
  }
})

t.test('a question opening with a name has it among its names, not the institution\'s', async (t) => {
  t.same([...nameTerms('Kampus Cirebon ada jurusan apa aja?', 'id')], ['kampus', 'cirebon'])
  t.same([...nameTerms('Jurusan apa saja yang ada di Kampus Cirebon?', 'id')], ['kampus', 'cirebon'])
  t.same([...nameTerms('Kampus ITB ada di mana?', 'id')], [], 'ITB is the institution')
  t.same([...nameTerms('Apa itu SNBP?', 'id')], ['snbp'], 'a question word opens no name')
  t.same([...nameTerms('Syarat SNBP apa?', 'id')], ['snbp'], 'nor a word before an acronym')
  t.same([...nameTerms('Masjid Salman dibangun kapan?', 'id')], ['masjid', 'salman'])
})
