// Offline mode end to end on the real knowledge folder, shared by offline-answers*.test.ts: the local
// store retrieves (a follow-up with its conversation's subject, as the graph does) and the extractive
// answerer answers. Each test file builds the local index once (about a second), in its own folder.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { createKnowledgeBase } from '../../../src/services/retrieval/index.ts'
import { conversationSubject, createExtractiveAnswerer, NO_ANSWER, searchTexts } from '../../../src/services/rag/extractive.ts'
import type { ExtractiveAnswer } from '../../../src/services/rag/extractive.ts'

const dataDir = await mkdtemp(join(tmpdir(), 'offline-answers-'))
const kb = await createKnowledgeBase({ store: 'local', knowledgeDir: join(import.meta.dirname, '../../../knowledge'), dataDir })
t.teardown(async () => {
  await kb.close()
  await rm(dataDir, { recursive: true, force: true })
})
await kb.check()
const answerer = createExtractiveAnswerer()

export async function ask (question: string, previous: string[] = []): Promise<ExtractiveAnswer> {
  const retrievals = await Promise.all(searchTexts(question, previous).map(async (text) => await kb.retrieve(text)))
  const previousQuestion = conversationSubject(question, previous)
  const passages = retrievals.flatMap((retrieval) => retrieval.found ? retrieval.passages : [])
  return answerer.answer({ question, passages, found: retrievals.some((retrieval) => retrieval.found), ...(previousQuestion !== undefined ? { previousQuestion } : {}) })
}

export const declined = (result: ExtractiveAnswer): boolean => result.answer === NO_ANSWER.id || result.answer === NO_ANSWER.en
