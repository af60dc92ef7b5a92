// "And how much does it cost?" after "How do I apply for a master's program?": the alias table's
// words for a cost (cost, price, tuition …) mean "biaya" in the Indonesian documents and "fee" in the
// English ones, so "Application schedules, fees, and requirements change …" answers it.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../../src/services/rag/extractive.ts'

const answerer = createExtractiveAnswerer()

function passage (id: string, section: string, text: string): ExtractivePassage {
  return { id, text, title: 'Graduate Admissions at ITB', section, url: 'https://admission.itb.ac.id/', path: 'knowledge/graduate-admissions-en.md', score: 1 }
}

const passages = [
  passage('apply', 'How to Apply', 'Applications for graduate study at ITB are submitted online through https://admission.itb.ac.id/. Applicants choose a study program and upload the required documents.'),
  passage('funding', 'Funding', 'Graduate students can be self-funded or supported by scholarships. Application schedules, fees, and requirements change from period to period, so applicants should always follow the official announcements on https://admission.itb.ac.id/.')
]

t.test('a cost is asked about through the English documents\' fees', async (t) => {
  const { answer } = answerer.answer({ question: 'And how much does it cost?', previousQuestion: "How do I apply for a master's program?", passages, found: true })
  t.match(answer, /^According to the available information, application schedules, fees, and requirements change/)
})
