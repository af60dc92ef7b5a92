// Answers that go on where the best sentence leaves off, in its passage's order. A "how to" question
// answered under a heading naming a procedure ("Prosedur Pengajuan", Cue.section) gets the steps from
// the first, not the best-scored step alone. Used by score.ts (the first step) and compose.ts (the
// sentences that follow).
import type { Candidate } from './candidates.ts'

/**
 * When the best of `ranked` is a step of a procedure (`isStep`), the first step of its passage that
 * qualifies opens the answer instead; whether the answer is a procedure's steps.
 */
export function openWithFirstStep (ranked: Candidate[], isStep: (candidate: Candidate) => boolean, minRelevance: number): boolean {
  const [best] = ranked
  if (best === undefined || !isStep(best)) return false
  const first = ranked.reduce((earliest, candidate) =>
    candidate.passage === best.passage && candidate.position < earliest.position && isStep(candidate) && candidate.relevance >= minRelevance ? candidate : earliest, best)
  if (first !== best) ranked.unshift(...ranked.splice(ranked.indexOf(first), 1))
  return true
}

/** The sentences after `best` in its passage, in order: what a first step goes on with. */
export function followingInPassage (candidates: readonly Candidate[], best: Candidate): Candidate[] {
  return candidates.filter((candidate) => candidate.passage === best.passage && candidate.position > best.position && candidate.language === best.language)
    .sort((a, b) => a.position - b.position)
}
