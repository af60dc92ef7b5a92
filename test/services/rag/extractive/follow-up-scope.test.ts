// What a follow-up naming only a unit or a degree level is answered with (follow-up-scope.ts, moved out of
// score.ts in round 17): its subject's question asked of that unit or level, or nothing; a question
// following nothing keeps to sentences of the level it names.
import t from 'tap'
import { collectCandidates } from '../../../../src/services/rag/extractive/candidates.ts'
import type { Candidate } from '../../../../src/services/rag/extractive/candidates.ts'
import { givesCue } from '../../../../src/services/rag/extractive/cue.ts'
import { withinFollowUpScope } from '../../../../src/services/rag/extractive/follow-up-scope.ts'
import { terms } from '../../../../src/services/rag/extractive/terms.ts'
import { unitAsked } from '../../../../src/services/rag/extractive/units.ts'

const passages = [
  { id: 'ukt', title: 'Uang Kuliah Tunggal', url: 'u', text: 'UKT di ITB dibayar setiap semester oleh mahasiswa program sarjana.' },
  { id: 'fti', title: 'Fakultas Teknologi Industri', url: 'f', text: 'Fakultas Teknologi Industri, disingkat FTI, adalah fakultas di Kampus Ganesha.' },
  { id: 'sks', title: 'Sistem Kredit Semester', url: 's', text: 'Program sarjana (S1) mensyaratkan minimal 144 SKS untuk lulus. Program magister (S2) mensyaratkan minimal 36 SKS untuk lulus.' }
]
const { candidates } = collectCandidates(passages, 'id')
const scope = (question: string, earlier?: string): Candidate[] | undefined => withinFollowUpScope(candidates, {
  unit: earlier === undefined ? undefined : unitAsked(terms(question, 'id'), 'id'),
  subjectText: earlier,
  formal: question,
  subjectTopical: earlier === undefined ? [] : terms(earlier, 'id').filter((term) => !terms(question, 'id').includes(term)),
  candidates,
  passages,
  givesOfLevel: givesCue,
  match: (found, term) => found.has(term) ? 1 : 0,
  mode: 'id',
  language: 'id'
})
const texts = (scoped: Candidate[] | undefined): string[] | undefined => scoped?.map((candidate) => candidate.text)

t.test('a follow-up naming a unit keeps the sentences saying the earlier topic of it, or none', async (t) => {
  t.equal(scope('Kalau di FTI?', 'Berapa UKT di ITB?'), undefined, 'FTI\'s sentence says no UKT: declined')
})

t.test('a follow-up naming another degree level keeps the sentences of that level', async (t) => {
  t.same(texts(scope('Kalau S2?', 'Berapa SKS untuk lulus S1?')), ['Program magister (S2) mensyaratkan minimal 36 SKS untuk lulus.'])
  t.equal(scope('Kalau S3?', 'Berapa SKS untuk lulus S1?'), undefined, 'no sentence of the doctorate: declined')
})

t.test('a question following nothing keeps to the level it names, and sentences naming none', async (t) => {
  t.same(texts(scope('Berapa SKS untuk lulus S2?')), ['Fakultas Teknologi Industri, disingkat FTI, adalah fakultas di Kampus Ganesha.', 'Program magister (S2) mensyaratkan minimal 36 SKS untuk lulus.'])
  t.equal(scope('Berapa SKS ITB?')?.length, candidates.length, 'naming none, it keeps every sentence')
})
