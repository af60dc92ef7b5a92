// What it takes to study somewhere, or to be one of its students, is what it takes to get in: "What do I need
// to study at ITB as an undergraduate?" asks the bachelor's admission requirements, as "What do I need to get
// into ITB as an undergraduate?" does, and "… as a master's student?" the master's, as "… as a master's?" does.
// Said so, "study" and "student" were the question's topic: "IUP students at ITB follow …" and "International
// students will also need a study permit …" had them, the requirements sentences not. "Apa yang dibutuhkan
// untuk kuliah S1 di ITB?" likewise asks what it takes to enter, not the 144 SKS to graduate. Restated for
// score.ts, after restatedNeed (what-it-takes.ts), only in a requirement question; and searched so too (follow-up.ts
// searchTexts): said as "study at ITB as an undergraduate", the search found only the IUP's passages.
import { REQUIREMENT_QUESTION, restatedNeed } from './what-it-takes.ts'

/** A degree level's words (degrees.ts names them for what a sentence is about). */
const LEVEL = String.raw`s[123]|sarjana|magister|doktor|pascasarjana|undergraduate|postgraduate|graduate|bachelor(?:['’]?s)?|master(?:['’]?s)?|doctoral|doctorate|ph\.?d`
/** "become a master's student at ITB", "menjadi mahasiswa ITB": becoming its student is getting in. */
const BECOMING_STUDENT = new RegExp(String.raw`\b(?:become|becoming) (?:an? )?(?:(?<itb>itb) )?(?:(?<level>${LEVEL}) )?students?\b|\b(?:men)?jadi mahasiswa(?: di\b)?(?= (?:itb|${LEVEL})\b)`, 'giu')
/** "a master's student", "PhD students": the level's student is the level. */
const LEVEL_STUDENT = new RegExp(String.raw`\b(${LEVEL}) students?\b`, 'giu')
/** "(to) study at/in …", "study for a master's", "study as …": to study there is to get in. */
const STUDY_THERE = /\bstudy(?: (?:at|in|for))?(?= (?:at|in|for|as|itb|a|an)\b)/giu
/** "kuliah (di) ITB", "berkuliah di ITB", "kuliah S2", "belajar di ITB": to study there is to enter ("masuk"). */
const KULIAH_THERE = new RegExp(String.raw`\b(?:(?:ber)?kuliah(?: di| ke)?|belajar di)(?= (?:itb|${LEVEL}|program)\b)`, 'giu')

/** A requirement question asking what it takes to study somewhere or be its student, restated as getting in; any other as it is. */
export function restatedAdmission (question: string): string {
  if (!REQUIREMENT_QUESTION.test(question)) return question
  return question.replace(BECOMING_STUDENT, (...found: unknown[]) => {
    const { itb, level } = found.at(-1) as { itb?: string, level?: string }
    return /^(?:men)?jadi/i.test(found[0] as string) ? 'masuk' : ['get into', itb, level === undefined ? undefined : `a ${level}`].filter((word) => word !== undefined).join(' ')
  })
    .replace(LEVEL_STUDENT, '$1').replace(STUDY_THERE, 'get into').replace(KULIAH_THERE, 'masuk')
}

/** What one needs, restated as the requirements (restatedNeed), and studying somewhere as getting in: the question score.ts reads. */
export function restatedRequirement (question: string): string {
  return restatedAdmission(restatedNeed(question))
}
