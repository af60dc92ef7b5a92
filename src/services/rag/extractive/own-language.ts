// An answer in the question's language when its passages say what the best sentence says in the other.
// The knowledge base tells many things in both languages, but not in the same sentences: the English
// overview packs into one sentence ("… pay a single tuition fee each semester, the Uang Kuliah Tunggal
// (UKT), whose amount … published at admission.itb.ac.id") what an Indonesian document says in a
// sentence and its title ("Besaran biaya kuliah … kelompok UKT … diumumkan di admission.itb.ac.id"
// under "Pembayaran Biaya Kuliah dan Registrasi Semester"), so the sentence with more of the question's
// words was in the other language. A sentence in the question's language leads instead when its
// passage (title and section included) has as much of the question as the best sentence, it gives what
// the question asks for when the best does (a cue), and it has the question's names. Only where most
// sentences are in the question's language: the knowledge base's English documents are overviews of
// its Indonesian ones, so an English question is often best answered by an Indonesian sentence.
import type { Language } from '../../text/language.ts'
import type { Candidate } from './candidates.ts'

/** How far a sentence in the question's language is put above the best one in the other. */
const OWN_LANGUAGE_MARGIN = 0.01

export interface OwnLanguage {
  language: Language
  candidates: readonly Candidate[]
  /** Whether a sentence may lead at all: the question's names, not another group's. */
  eligible: (candidate: Candidate) => boolean
}

/** Puts the best sentence in the question's language first when its passage says as much as the best one (see above). */
export function preferOwnLanguage (ranked: readonly Candidate[], { language, candidates, eligible }: OwnLanguage): void {
  if (ranked.length === 0) return
  const best = ranked.reduce((a, b) => b.score > a.score ? b : a)
  if (best.language === language) return
  const inLanguage = candidates.filter((candidate) => candidate.language === language).length
  if (inLanguage * 2 <= candidates.length) return
  let own: Candidate | undefined
  for (const candidate of ranked) {
    if (candidate.language !== language || (best.cue && !candidate.cue) || candidate.info.coverage < best.relevance || !eligible(candidate)) continue
    if (own === undefined || candidate.score > own.score) own = candidate
  }
  if (own !== undefined) own.score = best.score + OWN_LANGUAGE_MARGIN
}
