// The usual group of students. A question naming no group ("Berapa biaya kuliah di ITB?", "How do I
// apply to ITB?") asks about undergraduates on the national paths: a sentence from a document or
// section about postgraduates, the IUP, Seleksi Mandiri or KIP Kuliah, or naming one of them before a
// list of options ("… mendaftar KIP Kuliah bersamaan dengan pendaftaran SNBP, SNBT, atau Seleksi
// Mandiri ITB"), answers a part of it: adjustments.ts lowers it, and selection.ts never lets it follow the
// answer's first sentence. A question naming one group is answered for that one, not another, nor
// from the usual group's own paths (SNBP, SNBT, UTBK: "tes bahasa Inggris untuk S2"). Named
// among the options, a group does not narrow a sentence. The question names a group in its own words
// or, when they name none, in the alias table's ("graduate" → "pascasarjana"); international students
// ("mahasiswa asing") are asked about as the IUP's and the postgraduate programmes' applicants.
// A follow-up naming only a group ("Kalau untuk mahasiswa S2?" after "Berapa UKT di ITB?") asks its subject's question
// for that group: its student words are no topic (score.ts), and sentences without the subject's topic score less (adjustments.ts).
import type { Candidate } from './candidates.ts'
import { enumerated } from './lists.ts'
import { terms } from './terms.ts'
import type { StemMode } from './terms.ts'

/** Words of the narrower groups, per group. Not "graduate": its stem is also graduation's. */
const NARROWER_GROUPS: Readonly<Record<string, readonly string[]>> = {
  postgraduate: ['pascasarjana', 'magister', 'doktor', 's2', 's3', 'postgraduate', 'master', 'masters', 'doctoral', 'phd'],
  iup: ['iup'],
  mandiri: ['mandiri'],
  kip: ['kip']
}
/**
 * Words of the usual group's own paths: a sentence about them answers a question naming a narrower
 * group for the wrong students ("tes bahasa Inggris untuk S2" is not answered by UTBK's).
 */
const USUAL_GROUP = 'national'
const USUAL_WORDS = ['snbp', 'snbt', 'utbk']
/** International students are no group of their own: they apply to the IUP or a postgraduate programme. */
const INTERNATIONAL = ['internasional', 'international', 'asing']
const INTERNATIONAL_GROUPS = ['iup', 'postgraduate']
/**
 * A group's phrase and its other wordings: international students are "mahasiswa asing" and "mahasiswa
 * internasional" alike ("Ada beasiswa buat mahasiswa asing?" asks what the documents say of "mahasiswa internasional").
 */
export function groupWordings (phrase: string): string[] {
  const words = phrase.split(' ')
  const at = words.findIndex((word) => INTERNATIONAL.includes(word))
  if (at < 0) return [phrase]
  return [phrase, ...INTERNATIONAL.filter((word) => word !== words[at]).map((word) => [...words.slice(0, at), word, ...words.slice(at + 1)].join(' '))]
}
const internationalStems = { id: new Set(INTERNATIONAL.flatMap((word) => terms(word, 'id'))), en: new Set(INTERNATIONAL.flatMap((word) => terms(word, 'en'))) }
const groupStems = (mode: StemMode): Map<string, string> =>
  new Map(Object.entries({ ...NARROWER_GROUPS, [USUAL_GROUP]: USUAL_WORDS }).flatMap(([group, words]) => words.flatMap((word) => terms(word, mode).map((stem) => [stem, group] as const))))
const narrowerStems = { id: groupStems('id'), en: groupStems('en') }

/** The narrower groups of students that terms of a text name. */
function groupsIn (termsOfText: Iterable<string>, mode: StemMode): Set<string> {
  const groups = new Set<string>()
  for (const term of termsOfText) {
    const group = narrowerStems[mode].get(term)
    if (group !== undefined) groups.add(group)
  }
  return groups
}

/**
 * Whether terms name only a group of students ("mahasiswa S2", "international students"): a follow-up
 * made of them ("Kalau untuk mahasiswa S2?" after "Berapa UKT di ITB?") asks its subject's question for that group.
 */
export function namesOnlyGroups (termsOfText: readonly string[], mode: StemMode): boolean {
  return termsOfText.length > 0 && termsOfText.some((term) => narrowerStems[mode].has(term) || internationalStems[mode].has(term)) &&
    termsOfText.every((term) => narrowerStems[mode].has(term) || internationalStems[mode].has(term) || studentStems[mode].has(term))
}
/** A follow-up naming only a group ("Kalau untuk mahasiswa S2?"): its student words say no more than the group does. */
export function withoutStudentWords (own: readonly string[], mode: StemMode): string[] {
  return namesOnlyGroups(own, mode) ? own.filter((term) => !studentStems[mode].has(term)) : [...own]
}
const studentStems = { id: new Set(['mahasiswa', 'student', 'students'].flatMap((word) => terms(word, 'id'))), en: new Set(['mahasiswa', 'student', 'students'].flatMap((word) => terms(word, 'en'))) }

/**
 * The sentences about a group of students the question does not name: about any narrower group when
 * it names none, about another one when it names one ("tes bahasa Inggris untuk S2" is not answered
 * by the IUP's). The question names a group in its terms or, when they name none, in the alias
 * table's phrases for them (`aliasTerms`).
 */
export function otherGroupSentences (candidates: readonly Candidate[], query: readonly string[], aliasTerms: readonly string[], mode: StemMode): Set<Candidate> {
  // The question's own words first: "bahasa Inggris" may mean the IUP, "S2" in the same question says otherwise.
  const own = groupsIn(query, mode)
  own.delete(USUAL_GROUP)
  const named = own.size > 0 ? own : groupsIn(aliasTerms, mode)
  named.delete(USUAL_GROUP)
  // Naming a narrower group, the question is not about the usual one's paths; naming none, it is.
  const narrower = named.size > 0
  if (own.size === 0 && [...query, ...aliasTerms].some((term) => internationalStems[mode].has(term))) for (const group of INTERNATIONAL_GROUPS) named.add(group)
  const other = new Set<Candidate>()
  for (const candidate of candidates) {
    const { strength, before } = enumerated(candidate.text)
    // A sentence enumerating nothing: its own terms, already stemmed.
    const lead = strength === 0 ? candidate.terms : terms(before, mode)
    const groups = [...groupsIn(candidate.info.label, mode), ...groupsIn(lead, mode)].filter((group) => narrower || group !== USUAL_GROUP)
    if (groups.length > 0 && !groups.some((group) => named.has(group))) other.add(candidate)
  }
  return other
}

/** A subject of one or two words qualified by a unit's acronym: "Calon mahasiswa FSRD …", "Mahasiswa FMIPA …". */
const UNIT_QUALIFIER = /^(?:\p{L}[\p{Ll}-]* ){1,2}(\p{Lu}[\p{Lu}\p{N}-]+)\b/u
/** The title of a unit's own document, with the unit's acronym: "Sekolah Bisnis dan Manajemen (SBM)". */
const UNIT_TITLE = /^(?:Fakultas|Sekolah|Faculty|School)\b[^()]*\((\p{Lu}[\p{Lu}\p{N}-]+)\)/u

/** Score factors of a sentence about one unit's people ("Calon mahasiswa FSRD …"), and of one about its own document's unit. */
const UNIT_PEOPLE_FACTOR = 0.85
const UNIT_DOCUMENT_FACTOR = 0.7

/** The unit a sentence is about and how much that narrows it: the one qualifying its subject, or its document's unit when it names it. */
function unitOf (candidate: Candidate): { unit: string, factor: number } | undefined {
  const qualifier = UNIT_QUALIFIER.exec(candidate.text)?.[1]
  if (qualifier !== undefined) return { unit: qualifier, factor: UNIT_PEOPLE_FACTOR }
  const own = UNIT_TITLE.exec(candidate.passage.title)?.[1]
  return own !== undefined && new RegExp(`(?<![\\p{L}\\p{N}-])${own}(?![\\p{L}\\p{N}-])`, 'u').test(candidate.text) ? { unit: own, factor: UNIT_DOCUMENT_FACTOR } : undefined
}

/**
 * Lowers the sentences about one unit's people ("Calon mahasiswa FSRD mendaftar melalui SNBP, SNBT,
 * atau Seleksi Mandiri ITB."), and more those about the unit of their own document ("Biaya kuliah dan
 * ketentuan penerimaan SBM …" in SBM's): for a question naming no unit they answer for that unit
 * only. The institution, and a unit the question names in its own words or the alias table's, are
 * no other unit.
 */
export function lowerOtherUnits (candidates: readonly Candidate[], askedWords: ReadonlySet<string>, aliasTerms: readonly string[], mode: StemMode): void {
  const asked = new Set(aliasTerms)
  for (const candidate of candidates) {
    const about = unitOf(candidate)
    if (about === undefined || about.unit === 'ITB' || askedWords.has(about.unit.toLowerCase()) || terms(about.unit, mode).some((term) => asked.has(term))) continue
    candidate.score *= about.factor
  }
}

/** "… untuk / bagi / buat (para) (calon) mahasiswa …": what a question asks for a group of students. */
const FOR_STUDENTS = /\b(?:untuk|bagi|buat) (?:para )?(?:calon )?mahasiswa\b/i
/** Score factor of a sentence without what is asked for the group, when another sentence has it. */
const ASKED_MISS_FACTOR = 0.8

export interface AskedForStudents {
  /** The group's words ("mahasiswa", "baru") weigh no more than the heaviest of what is asked for it. */
  capWeights: (query: readonly string[], weights: number[]) => void
  /** A sentence without what is asked counts less, when another sentence has it all. */
  lowerMisses: (ranked: readonly Candidate[], match: (termsOfText: Set<string>, term: string) => number) => void
}

/**
 * "Ada beasiswa untuk mahasiswa baru?" asks about scholarships, for new students: a sentence about new
 * students without scholarships ("Mahasiswa baru disarankan …") does not answer it, however rare
 * "baru" is among the passages and common "beasiswa". Undefined for a question asking nothing for a
 * group of students, or asking for one without a topical term before it (`topical`: the question's
 * own topical terms). Only students: "dokumen untuk daftar ulang" asks about the re-registration.
 */
export function askedForStudents (formal: string, topical: readonly string[], mode: StemMode): AskedForStudents | undefined {
  const at = formal.search(FOR_STUDENTS)
  if (at <= 0) return undefined
  const before = new Set(terms(formal.slice(0, at), mode))
  const asked = topical.filter((term) => before.has(term))
  if (asked.length === 0) return undefined
  const group = new Set(terms(formal.slice(at), mode).filter((term) => !before.has(term)))
  return {
    capWeights: (query, weights) => {
      const cap = Math.max(...asked.map((term) => weights[query.indexOf(term)]))
      query.forEach((term, i) => { if (group.has(term)) weights[i] = Math.min(weights[i], cap) })
    },
    lowerMisses: (ranked, match) => {
      const hasAsked = (candidate: Candidate): boolean => asked.every((term) => match(candidate.terms, term) > 0)
      if (!ranked.some(hasAsked)) return
      for (const candidate of ranked) if (!hasAsked(candidate)) candidate.score *= ASKED_MISS_FACTOR
    }
  }
}
