// Which sentences an extractive answer has, in which order: the best sentence (with the items of a
// count it announces: "… dua jenis manfaat …", then "Manfaat pertama …", "Manfaat kedua …"), then up to
// a few close followers about the same subject (never a sentence opening with another unit's name, nor
// the same head with another qualifier, nor one about a group of students the question does not name),
// in reading order, within the length budget.
import { documentOf, pointsBackToSubject } from './candidates.ts'
import type { Candidate } from './candidates.ts'
import { followingInPassage, givenInTurn, restatesQuestion } from './continuation.ts'
import { givesCue } from './cue.ts'
import { cuesOf } from './question-types.ts'
import type { Scored } from './score.ts'
import { finish } from './sentence-form.ts'
import { commonPrefix, institutionTerm, NAME_INTRODUCERS, namesIn, sentenceSubject, termFactor, terms, WORD } from './terms.ts'

export interface CompositionLimits {
  maxSentences: number
  maxChars: number
  /** Longest answer to a list question that one enumerating sentence answers. */
  maxListChars: number
}

/** A further sentence must score at least this share of the best one (more from another document) … */
const FOLLOWER_RATIO = 0.6
const FOLLOWER_RATIO_OTHER_DOCUMENT = 0.8
/** … and contain at least this share of the best one's relevance. */
const FOLLOWER_RELEVANCE = 0.5
const DUPLICATE_JACCARD = 0.6
const DUPLICATE_CONTAINMENT = 0.8
/** Stems of ordinals, which enumerate what the best sentence announced. */
const ORDINAL = /^(tama|dua|tiga|empat|lima|first|second|third|fourth|fifth|lain|other)$/
/** An item of a list announced by count: "Manfaat pertama …" after "… dua jenis manfaat utama". */
const ORDINAL_ITEM = /^(\p{Lu}\p{Ll}+) (pertama|kedua|ketiga|keempat|kelima)\b/u
const COUNT = /\b(dua|tiga|empat|lima)\b/i
/** A sentence opening with a unit's acronym ("SITH-S", "STEI-K"). */
const UNIT_OPENING = /^\p{Lu}[\p{Lu}\d]+(?:-\p{Lu}+)?(?![\p{L}\p{N}-])/u
/** A sentence's first lowercase word: after its subject's name, its verb ("SITH-S (SITH Sains) menaungi …"). */
const FIRST_LOWERCASE = /(?<![\p{L}\p{N}-])\p{Ll}[\p{L}-]*/u
/** Stems sharing this many first letters (apply/applicant) may be one word: not another qualifier. */
const MIN_SHARED_STEM = 4

/** Both sets are non-empty: a chosen sentence has at least one of the question's terms. */
function nearDuplicate (a: Set<string>, b: Set<string>): boolean {
  let shared = 0
  for (const term of a) if (b.has(term)) shared += 1
  const union = a.size + b.size - shared
  return shared / union >= DUPLICATE_JACCARD || shared / Math.min(a.size, b.size) >= DUPLICATE_CONTAINMENT
}

/**
 * The best sentence, then the next best that are close to it: in the same language, about the same
 * subject, naming what it names, giving the kind of answer it gives (a date …), not repeating a
 * chosen sentence, and fitting the length budget. An enumerating sentence answers a list alone.
 */
export function chooseSentences (scored: Scored, limits: CompositionLimits, budget: number, listAnswer: boolean): Candidate[] {
  const { best, match, query, mode, names, topical } = scored
  const bestNames = [...names].filter((term) => match(best.terms, term) > 0)
  const bestTopical = topical.filter((term) => match(best.terms, term) > 0)
  const knownNames = new Set([...namesIn(scored.formal), ...namesIn(scored.subjectText), ...namesIn(best.text)])
  const knownWords = new Set([...scored.askedWords, ...(best.text.toLowerCase().match(WORD) ?? [])])
  const chosen: Candidate[] = [best]
  let used = finish(best.text).length
  // A best sentence whose subject points back ("Proses ini sering disebut perwalian.") comes after
  // the sentence it points to, the one before it in its passage, when both fit.
  // So does one that has what is asked for only through its document's title, after the sentence naming it.
  const antecedent = pointsBackToSubject(best.text) ? scored.candidates.find((other) => other.passage === best.passage && other.position === best.position - 1) : scored.namer
  const antecedentLength = antecedent === undefined ? 0 : finish(antecedent.text).length + 1
  if (antecedent !== undefined && limits.maxSentences > 1 && used + antecedentLength <= budget) {
    chosen.push(antecedent)
    used += antecedentLength
  }
  // A best sentence saying that what is asked changes is followed by where it is published (continuation.ts).
  const pointerLength = scored.pointer === undefined ? 0 : finish(scored.pointer.text).length + 1
  if (scored.pointer !== undefined && chosen.length < limits.maxSentences && used + pointerLength <= budget) {
    chosen.push(scored.pointer)
    used += pointerLength
  }
  // What is given sentence by sentence ("Apa syarat lulus …?", Cue.sequence) starts where the best
  // one's passage starts giving it about what the best is about ("… minimal 144 SKS. Selain jumlah
  // SKS, … IPK … 2,00." before "Mahasiswa sarjana juga wajib menyelesaikan tugas akhir …"), and goes on
  // while the next sentences give it (below, continuation.ts).
  // A sentence opening as the best does ("Persyaratan umum penerimaan program doktor …" after "… program
  // magister …") says it of another item: it neither starts nor goes on with what is asked.
  const cues = cuesOf(scored.formal)
  const sequence = cues.filter((cue) => cue.sequence === true)
  const figures = cues.flatMap((cue) => cue.figure?.test(best.text) === true ? [cue.figure] : [])
  const opening = (text: string): string => text.split(/\s+/, 2).join(' ').toLowerCase()
  const gives = (text: string): boolean => sequence.some((cue) => givesCue(cue, text)) && (text === best.text || opening(text) !== opening(best.text))
  // It goes on from the best before any other sentence follows ("Setelah dinyatakan lulus, …").
  if (gives(best.text)) {
    for (const earlier of givenInTurn(scored.candidates, best, gives, -1)) {
      const length = finish(earlier.text).length + 1
      if (!bestTopical.every((term) => match(earlier.terms, term) > 0) || chosen.length >= limits.maxSentences || used + length > budget) break
      chosen.push(earlier)
      used += length
    }
    for (const next of givenInTurn(scored.candidates, best, gives)) {
      const length = finish(next.text).length + 1
      if (chosen.length >= limits.maxSentences || used + length > budget) break
      chosen.push(next)
      used += length
    }
  }
  // A best sentence announcing a count ("KIP Kuliah memberikan dua jenis manfaat utama") is followed
  // by the items its passage then gives ("Manfaat pertama …", "Manfaat kedua …"), whatever their score.
  if (COUNT.test(best.text)) {
    for (const item of scored.candidates) {
      const noun = ORDINAL_ITEM.exec(item.text)?.[1].toLowerCase()
      const length = finish(item.text).length + 1
      if (item.passage !== best.passage || item.position <= best.position || noun === undefined || !best.text.toLowerCase().includes(noun) ||
        chosen.length >= limits.maxSentences || used + length > budget) continue
      chosen.push(item)
      used += length
    }
  }
  // A procedure's first step, or a topic sentence only restating the question ("Hubungan Soekarno
  // dengan ITB berlanjut …"), goes on with the sentences after it in its passage (continuation.ts).
  if (scored.steps || restatesQuestion(best, query, match, mode)) {
    for (const next of followingInPassage(scored.candidates, best)) {
      const length = finish(next.text).length + 1
      if (chosen.length >= limits.maxSentences || used + length > budget) break
      chosen.push(next)
      used += length
    }
  }
  // A list told in parallel sentences, one per unit ("SITH-S (SITH Sains) menaungi program studi sarjana
  // Biologi dan Mikrobiologi." beside "SITH-R (SITH Rekayasa) menaungi …"): the one next to the best,
  // opening with another unit's acronym, with its verb and the question's words and names the best has,
  // is the rest of the list.
  const verb = (text: string): string | undefined => FIRST_LOWERCASE.exec(text)?.[0]
  const bestUnit = UNIT_OPENING.exec(best.text)?.[0]
  if (listAnswer && bestUnit !== undefined) {
    for (const sibling of scored.candidates) {
      const length = finish(sibling.text).length + 1
      const unit = UNIT_OPENING.exec(sibling.text)?.[0]
      if (sibling.passage !== best.passage || Math.abs(sibling.position - best.position) !== 1 || unit === undefined || unit === bestUnit ||
        verb(sibling.text) === undefined || verb(sibling.text) !== verb(best.text) || chosen.length >= limits.maxSentences || used + length > budget ||
        ![...bestTopical, ...bestNames].every((term) => match(sibling.terms, term) > 0)) continue
      chosen.push(sibling)
      used += length
    }
  }
  for (const candidate of scored.ranked.slice(1)) {
    if (chosen.includes(candidate)) continue
    if (listAnswer || chosen.length >= limits.maxSentences || candidate.score < best.score * (best.ownShare ?? 1) * FOLLOWER_RATIO) break
    // Another document's sentence must be as good and about the same thing: every topical word
    // of the question the best sentence has ("jalur masuk … sarjana" keeps a UKT sentence out),
    // and no name that neither the question nor the best sentence mentions (SNBT: not "KIP Kuliah").
    if (documentOf(candidate.passage) !== documentOf(best.passage) &&
      (candidate.score < best.score * FOLLOWER_RATIO_OTHER_DOCUMENT || !bestTopical.every((term) => match(candidate.terms, term) > 0) ||
        [...namesIn(candidate.text)].some((name) => !knownNames.has(name)))) continue
    // Any sentence, from any document, must be about what the question is about: the name opening
    // it ("SBM ITB didirikan …" after "Kapan ITB didirikan?") is one the question or the best sentence has;
    // the institution's name inside another ("IA-ITB") does not make it the question's.
    const opening = sentenceSubject(candidate.text)
    if (opening.names.length > 0 && !knownWords.has(opening.initials) &&
      !opening.names.some((name) => knownWords.has(name) || query.some((term) => !institutionTerm(term) && match(new Set(terms(name, mode)), term) > 0))) continue
    // Nor the same head with another qualifier ("Semester genap dimulai …" after "Kapan semester
    // ganjil dimulai?"): a subject that shares a topical word with the question and adds one that
    // neither the question nor the best sentence has is another subject.
    // "Nama Rektor, …" is about the rector; "Nama "Salman" diambil dari …" about the name.
    const introduced = /^\p{Lu}\p{Ll}+ \p{Lu}/u.test(candidate.text)
    // An ordinal is no qualifier: "Manfaat pertama …, Manfaat kedua …" after "… dua jenis manfaat".
    const lead = [...candidate.lead].filter((term) => !(introduced && NAME_INTRODUCERS.has(term)) && !ORDINAL.test(term))
    if (lead.some((term) => termFactor(term) === 1 && query.includes(term)) &&
      lead.some((term) => termFactor(term) === 1 && !best.terms.has(term) && !query.some((asked) => commonPrefix(asked, term) >= MIN_SHARED_STEM))) continue
    // A question about the usual students is not answered further about postgraduates (or the IUP …).
    if (scored.otherGroup.has(candidate) && !scored.otherGroup.has(best)) continue
    if (candidate.relevance < best.relevance * FOLLOWER_RELEVANCE || candidate.language !== best.language) continue
    if ((best.cue && !candidate.cue) || !bestNames.every((term) => match(candidate.terms, term) > 0)) continue
    // After a figure, a sentence only pointing to where one is published points to another (Cue.figure).
    if (figures.some((figure) => !figure.test(candidate.text))) continue
    if (chosen.some((other) => nearDuplicate(other.terms, candidate.terms))) continue
    // "Proses ini sering disebut perwalian." says nothing without what it points back to, in its passage before it.
    if (pointsBackToSubject(candidate.text) && !chosen.some((other) => other.passage === candidate.passage && other.position < candidate.position)) continue
    const length = finish(candidate.text).length + 1
    if (used + length > budget) continue
    chosen.push(candidate)
    used += length
  }
  // What is given sentence by sentence ("Apa yang harus disiapkan …?", Cue.sequence) goes on in each
  // chosen sentence's passage while the next sentences give it too (continuation.ts).
  for (const sentence of chosen.filter((candidate) => gives(candidate.text))) {
    for (const next of givenInTurn(scored.candidates, sentence, gives)) {
      const length = finish(next.text).length + 1
      if (chosen.includes(next)) continue
      if (chosen.length >= limits.maxSentences || used + length > budget) break
      chosen.push(next)
      used += length
    }
  }
  // Reading order: the passage of the best sentence first, then by passage rank, then position; the
  // best sentence first of all when a date or a place is asked for ("FSRD berlokasi di Kampus Ganesha" before its passage's history).
  const group = (candidate: Candidate): number => scored.decisive && candidate === best ? -2 : candidate.passage === best.passage ? -1 : candidate.rank
  return chosen.sort((a, b) => group(a) - group(b) || a.position - b.position)
}
