// Whether a sentence is about the question's subject (subject.ts): here, the text in which to look
// for what the question asks, without the long forms of the question's own short names.
import t from 'tap'
import type { Candidate } from '../../../../src/services/rag/extractive/candidates.ts'
import { subjectChecks } from '../../../../src/services/rag/extractive/subject.ts'
import { ADVERSARIAL_TEXTS, GENEROUS_MS, timed } from '../../../support/helpers/adversarial-text.ts'

const checks = subjectChecks({
  formal: 'Di mana Sabuga?', subjectText: '', names: new Set(), query: [], mode: 'id', match: () => 0, tableAliases: new Map(), candidates: [], decisive: []
})
const cueText = (text: string): string => checks.cueText({ text } as Candidate)

t.test('the long form of a short name the question has is not what it asks for', async (t) => {
  t.equal(cueText('Wisuda digelar di Sasana Budaya Ganesha (Sabuga) setiap tahun.'), 'Wisuda digelar di  setiap tahun.')
  t.equal(cueText('Rapat di Gedung Serba Guna (GSG) kampus.'), 'Rapat di Gedung Serba Guna (GSG) kampus.', 'another short name stays')
  t.equal(cueText('di xSasana Budaya Ganesha (Sabuga).'), 'di x.', 'a long form starts at its first word\'s first capital')
})

t.test('a long word of capitals is read in time proportional to it', async (t) => {
  // The long form was tried from each capital, each reading the word to its end: 25 s for 150,000
  // characters before.
  const text = ADVERSARIAL_TEXTS.capitals(150_000)
  const { value, ms } = await timed(() => cueText(text))
  t.equal(value, text)
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})
