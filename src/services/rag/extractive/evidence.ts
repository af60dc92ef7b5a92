// Whether the best sentence is evidence enough to answer with: above the relevance floor, with what
// a question about live information needs (tomorrow's weather, who holds an office now), with two of
// the question's topical terms or half their weight (or, when it gives what the question asks for,
// its document has them), with the question's key words in some passage unless it is compelling,
// and with what the value asked is for ("Berapa IPK minimal agar tidak di-DO?" is not answered by the
// IPK to graduate), and with what a date is asked of besides its event ("Kapan pendaftaran beasiswa
// dibuka?" is not answered by the dormitory's registration). Otherwise the question is declined. A schedule's pointer gives what the schedule
// dates ("dibuka", "dimulai"), which its document need not name. Used by score.ts on the best sentence;
// for a follow-up, again with its subject's topical terms when its own are not enough.
import { documentOf } from './candidates.ts'
import type { Candidate, PassageInfo } from './candidates.ts'
import { publishedAfter } from './continuation.ts'
import type { Cue } from './cue.ts'
import { DATED_EVENTS, NAMED_EVENTS, SCHEDULE_ELSEWHERE, SCHEDULED_EVENTS } from './measures.ts'
import { fixedTerms, purposeTerms, terms } from './terms.ts'
import type { StemMode } from './terms.ts'

const SCHEDULE_POINTER = new RegExp(SCHEDULE_ELSEWHERE.source, 'i')
/** With a question word no passage has, the best sentence needs this share of the question's weight. */
const MISSING_TERM_RELEVANCE = 0.4
/** The best sentence must contain two of the question's topical terms, or half of their weight. */
const MIN_MATCHED_TERMS = 2
const MIN_TERM_SHARE = 0.5
const MIN_PASSAGE_TERM_SHARE = 0.9

export interface Evidence {
  best: Candidate
  cues: readonly Cue[]
  /** Whether a text gives what `cue` asks for. */
  gives: (cue: Cue, text: string) => boolean
  /** The cues a sentence has only through its document's title (Cue.kindWords). */
  titled: ReadonlyMap<Candidate, Cue[]>
  /** The question's topical terms, all its terms and their weights (in the order of `query`). */
  topical: readonly string[]
  query: readonly string[]
  weights: readonly number[]
  candidates: readonly Candidate[]
  infos: readonly PassageInfo[]
  match: (termsOfText: Set<string>, term: string) => number
  /** The question, informal words in their formal form. */
  formal: string
  /** The registration's or announcement's words a date question asks the date of (datedEventsAsked). */
  datedEvents: readonly string[]
  mode: StemMode
  minRelevance: number
}

/**
 * The events a date question asks the date of when it names a registration or an announcement
 * ("Kapan pengumuman SNBP?", NAMED_EVENTS), its opening too ("Kapan pendaftaran Seleksi Mandiri
 * dibuka?": "Seleksi Mandiri ITB biasanya dibuka …"); none for "Kapan semester ganjil dimulai?".
 */
export function datedEventsAsked (formal: string, mode: StemMode): string[] {
  const asked = [...new Set(terms(formal, mode))]
  const named = new Set(fixedTerms(NAMED_EVENTS, mode))
  const dated = new Set(fixedTerms(DATED_EVENTS, mode))
  return asked.some((term) => named.has(term)) ? asked.filter((term) => dated.has(term)) : []
}

/**
 * Whether a sentence's date is that of an event asked (`events`): it names some of them, or it is a
 * schedule's pointer, which dates each event of its subject. "Siswa yang diterima di ITB melalui SNBP
 * akan menjalani TPB pada tahun pertama sebelum ditempatkan …" dates TPB, not SNBP's announcement.
 */
export function datesEvent (text: string, events: readonly string[], mode: StemMode): boolean {
  if (events.length === 0 || SCHEDULE_POINTER.test(text)) return true
  const said = new Set(terms(text, mode))
  return events.some((term) => said.has(term))
}

/** Whether `best` answers the question well enough; when not, the question is declined. */
export function enoughEvidence ({ best, cues, gives, titled, topical: asked, query, weights, candidates, infos, match, formal, datedEvents, mode, minRelevance }: Evidence): boolean {
  if (best.relevance < minRelevance) return false
  // "Kapan pendaftaran SNBP dibuka?": a schedule's pointer ("Jadwal … SNBP dapat berubah setiap tahun, … laman SNPMB") gives its opening too.
  const events = SCHEDULE_POINTER.test(best.text) ? new Set(fixedTerms(SCHEDULED_EVENTS, mode)) : undefined
  const topical = events === undefined ? asked : asked.filter((term) => !events.has(term))
  // Live information (tomorrow's weather, who holds an office now) the documents cannot give.
  if (cues.some((cue) => cue.required === true && !gives(cue, best.text))) return false
  // One matching word out of three or more is weak evidence, however rare the word.
  // One that answers through its document's title has the title's words too ("Fakultas … (FTSL)").
  const bestTerms = titled.has(best) ? new Set([...best.terms, ...best.info.label]) : best.terms
  const matchedTopical = topical.filter((term) => match(bestTerms, term) > 0).length
  const topicalWeight = (subset: readonly string[]): number => subset.reduce((sum, term) => sum + weights[query.indexOf(term)], 0)
  const topicalShare = topicalWeight(topical.filter((term) => match(bestTerms, term) > 0)) / topicalWeight(topical)
  // When it gives what the question asks for (a date …), the retrieved text of its document may
  // carry the rest ("Penjurusan biasanya dilakukan pada akhir tahun pertama", in the document about
  // choosing a study programme).
  const documentTerms = new Set(candidates.filter((candidate) => documentOf(candidate.passage) === documentOf(best.passage)).flatMap((candidate) => [...candidate.info.terms]))
  const passageShare = topicalWeight(topical.filter((term) => match(documentTerms, term) > 0)) / topicalWeight(topical)
  const givesWhatIsAsked = cues.some((cue) => cue.strong === true && (gives(cue, best.text) || titled.get(best)?.includes(cue) === true || publishedAfter(candidates, best, [cue]) !== undefined))
  if (topical.length > 0 && matchedTopical < MIN_MATCHED_TERMS && topicalShare < MIN_TERM_SHARE &&
    !(givesWhatIsAsked && passageShare >= MIN_PASSAGE_TERM_SHARE)) return false
  // "Kapan pendaftaran beasiswa dibuka?": a date asked of something (beasiswa) besides the event ("pendaftaran",
  // "dibuka") is given by a sentence having some of it, itself or in its passage's title or section, not by
  // one having only the event's words: "Pendaftaran asrama ITB biasanya dibuka …" dates the dormitory's.
  if (cues.some((cue) => cue.given !== undefined)) {
    const events = new Set(fixedTerms(DATED_EVENTS, mode))
    const whose = asked.filter((term) => !events.has(term))
    const labelled = new Set([...best.terms, ...best.info.label])
    if (whose.length > 0 && !whose.some((term) => match(labelled, term) > 0)) return false
    // And the event's date is given, or where it is published: "IUP ITB dibuka untuk calon mahasiswa …" says to whom it is open, not when.
    if (datedEvents.length > 0 && !cues.some((cue) => cue.given !== undefined && (gives(cue, best.text) || publishedAfter(candidates, best, [cue]) !== undefined))) return false
  }
  // A key word of the question that no passage has ("cuaca … besok"): the passages are about something near it; decline unless the rest is compelling.
  const missing = topical.filter((term) => !infos.some((info) => match(info.terms, term) > 0))
  if (missing.length > 0 && best.relevance < MISSING_TERM_RELEVANCE) return false
  // Nor does a document without what the value asked is for ("Berapa IPK minimal agar tidak di-DO?": the IPK to graduate);
  // a question asking no value ("Bagaimana cara mendaftar KIP Kuliah supaya bisa kuliah gratis?") is answered by its steps.
  return !(cues.some((cue) => cue.required === true) &&
    purposeTerms(formal, mode).some((term) => topical.includes(term) && match(documentTerms, term) === 0))
}
