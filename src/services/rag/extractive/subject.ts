// Whether what a sentence gives (a date, a place) is about the question's subject: not when the
// sentence opens with another subject's name ("Pendaftaran KIP Kuliah … sebelum … pendaftaran SNBP"),
// nor in a clause contrasting another subject ("…, sedangkan Seleksi Mandiri ITB … dibuka setelah …"),
// or with another head before the question's word ("Pendaftaran wisuda … sesuai jadwal …"), nor when
// the place is the question's own name ("di Sasana Budaya Ganesha (Sabuga)"); and whether a sentence
// uses a word of a question's compound in another phrase ("bukti potensi akademik" for "cuti
// akademik"); whether a sentence of a faculty's own document answers "Fakultas apa …" through the
// document's title; and whether it names who did what the question asks about ("Siapa pendiri …").
// Used by score.ts on every candidate sentence.
import type { Candidate } from './candidates.ts'
import type { Cue } from './cue.ts'
import { fixedTerms, sentenceSubject, termFactor, terms, WORD } from './terms.ts'
import type { StemMode } from './terms.ts'

/** The run of capitalised words a sentence opens with ("Aula Barat dan Aula Timur"). */
const OPENING_NAME = /^(?:\p{Lu}[\p{L}\p{N}-]*(?:\s+(?:dan|and|of|the)\b)?\s+)*\p{Lu}[\p{L}\p{N}-]*/u

/** Most words between a deed and its doer: "Pendirian TH Bandung didorong oleh …". */
const DOER_DISTANCE = 4
/** Most words between a sentence's opening name and its deed ("The Bosscha Observatory was built by …"). */
const DEED_SLACK = 2

/**
 * A name followed by its short form: "Sasana Budaya Ganesha (Sabuga)". The name starts at a word's
 * first capital; the letters before it are read from the word's start (the first group), not tried
 * from each capital (each read the word to its end: quadratic in a long word of capitals).
 */
const LONG_FORM = /(?<![\p{L}\p{N}-])([\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{N}-]*)((?:\p{Lu}[\p{L}\p{N}-]*\s+(?:(?:dan|and|of|the)\s+)?){1,8})\((\p{Lu}[\p{L}\p{N}-]*)\)/gu

/** A clause contrasting another subject with the sentence's own: "…, sedangkan Seleksi Mandiri ITB …". */
const CONTRAST = /,?\s+(?:sedangkan|whereas)\s+/iu

/** Heads naming an event as itself: its ceremony, its holding ("Upacara wisuda …", "Pelaksanaan OSKM …"). */
const EVENT_HEAD = /^(upacara|acara|prosesi|pelaksanaan|penyelenggaraan|ceremony|ceremonies)$/i

export interface SubjectContext {
  /** The question and its subject's question, informal words in their formal form. */
  formal: string
  subjectText: string
  /** The question's name terms and all its terms. */
  names: Set<string>
  query: string[]
  mode: StemMode
  /** How much of `term` a text with the terms `termsOfText` has (0 to 1). */
  match: (termsOfText: Set<string>, term: string) => number
  /** Question term → the alias table's phrases for it. */
  tableAliases: Map<string, string[][]>
  candidates: readonly Candidate[]
  /** The question's cues whose answer must open the answer ("kapan", "di mana"). */
  decisive: readonly Cue[]
}

export interface SubjectChecks {
  /** Lowercase words of the question and of the question it follows up. */
  askedWords: Set<string>
  breaksCompound: (candidate: Candidate) => boolean
  /** The text of a sentence in which to look for what the question asks for ('' when it is about another subject). */
  cueText: (candidate: Candidate) => string
  anotherHead: (text: string) => boolean
  /** Whether a sentence has what `cue` asks for through its document's title (Cue.kindWords) or its section's heading (Cue.section). */
  givenByTitle: (cue: Cue, candidate: Candidate) => boolean
  /** Whether a sentence names the doer of the question's deed (Cue.doer). */
  namesDoer: (candidate: Candidate) => boolean
}

export function subjectChecks (context: SubjectContext): SubjectChecks {
  const { formal, subjectText, names, query, mode, match, tableAliases, candidates, decisive } = context
  const askedWords = new Set(`${formal} ${subjectText}`.toLowerCase().match(WORD))
  // Two-word compounds of the question that the passages use ("cuti akademik"): a sentence with one
  // of their words in another phrase ("bukti potensi akademik") but not the compound, nor both words,
  // is about something else.
  const questionWords = formal.toLowerCase().match(WORD) ?? []
  const compounds: Array<{ phrase: string, parts: string[] }> = []
  for (let i = 0; i + 1 < questionWords.length; i++) {
    const parts = [...terms(questionWords[i], mode), ...terms(questionWords[i + 1], mode)]
    const phrase = `${questionWords[i]} ${questionWords[i + 1]}`
    if (parts.length === 2 && parts.every((term) => termFactor(term) === 1) &&
      candidates.some((candidate) => candidate.text.toLowerCase().includes(phrase))) compounds.push({ phrase, parts })
  }
  const breaksCompound = (candidate: Candidate): boolean => compounds.some(({ phrase, parts }) =>
    !candidate.text.toLowerCase().includes(phrase) && parts.some((term) => candidate.terms.has(term)) && !parts.every((term) => match(candidate.terms, term) > 0))
  // A sentence opening with a name is about something else than the question when neither a word
  // of that name, its initials, nor the whole name (an acronym's expansion, "Keluarga Mahasiswa …"
  // for KM ITB; an alias, "Aula Barat" for the West Hall) is one the question asks about.
  // The question's names stand for its subject; a question without any names none to compare with
  // ("Where does ITB hold its graduation ceremonies?" is answered by "The Sasana Budaya Ganesha …").
  const subjectTerms = [...names].filter((term) => termFactor(term) === 1)
  // Its acronyms and short names: "ITB", "KM", and "Sabuga" ("Sasana Budaya Ganesha, yang biasa disingkat Sabuga, …").
  const askedAcronyms = [...new Set(`${formal} ${subjectText}`.match(/\b\p{Lu}{2,}\b|(?<=\S\s+)\p{Lu}[\p{Ll}\p{N}]+\b/gu) ?? [])].map((word) => word.toLowerCase())
  // A name the alias table gives for the question's words ("ospek" → OSKM) is the question's too.
  const aliasTerms = new Set([...tableAliases.values()].flat(2))
  const aliasName = (word: string): boolean => {
    const termsOfWord = terms(word, mode)
    return termsOfWord.length > 0 && termsOfWord.every((term) => aliasTerms.has(term))
  }
  // The long form of an acronym or short name the question has: "Keluarga Mahasiswa Institut Teknologi
  // Bandung (KM ITB)", "Lembaga Penelitian dan Pengabdian kepada Masyarakat (LPPM)" (letters, digits
  // and hyphens: nothing to escape). Made once per question.
  const spelledOut = askedAcronyms.length === 0 ? undefined : new RegExp(`(\\(|disingkat |or )(${askedAcronyms.join('|')})\\b`, 'i')
  const aboutAnotherSubject = (text: string): boolean => {
    const opening = sentenceSubject(text)
    if (subjectTerms.length === 0 || opening.names.length === 0 || opening.names.some((name) => askedWords.has(name))) return false
    if (askedAcronyms.some((acronym) => opening.initials.startsWith(acronym)) || spelledOut?.test(text) === true) return false
    const whole = new Set(terms(OPENING_NAME.exec(text)?.[0] ?? '', mode))
    return !subjectTerms.some((term) => match(whole, term) > 0)
  }
  // "SNBP dan SNBT adalah seleksi nasional …, sedangkan Seleksi Mandiri ITB … dibuka setelah pengumuman
  // SNBT": the contrasted clause says its own subject's date, not the question's (for "Kapan SNBP dibuka?").
  const withoutOtherClause = (text: string): string => {
    const at = CONTRAST.exec(text)
    return at !== null && aboutAnotherSubject(text.slice(at.index + at[0].length)) ? text.slice(0, at.index) : text
  }
  // A head naming the event itself ("Upacara wisuda ITB diselenggarakan di Sabuga": the graduation
  // ceremony is the graduation) is no other head.
  // A sentence whose subject is another head before the question's word ("Pendaftaran wisuda …
  // sesuai jadwal yang diumumkan" for "Kapan wisuda ITB?", "Pengajuan penyesuaian UKT … sebelum batas
  // akhir pembayaran" for "Kapan UKT harus dibayar?") gives the date of that, not of the subject;
  // a head that is itself what is asked for ("Alamat kampus …", "Jadwal …") is no other head.
  const anotherHead = (text: string): boolean => {
    const [head = '', next = '', third = ''] = text.split(/[\s,]+/, 3)
    if (/^\p{Lu}/u.test(next)) return false // one name: "Observatorium Bosscha …"
    const headTerms = new Set(terms(head, mode))
    if (headTerms.size === 0 || EVENT_HEAD.test(head) || query.some((term) => match(headTerms, term) > 0) || decisive.some((cue) => cue.sentence.test(head))) return false
    // "Keluarga wisudawan …": a word of the question's stem ("wisuda") is asked too.
    const asked = (word: string): boolean => terms(word, mode).some((term) => termFactor(term) === 1 && query.some((other) => match(new Set([term]), other) > 0))
    // The head's own qualifier may come first ("Pengajuan penyesuaian UKT"), when it is no word of the question.
    return asked(next) || (!query.some((term) => match(new Set(terms(next, mode)), term) > 0) && asked(third))
  }
  // What the question asks for must be something else than the question's own names ("asrama di
  // Kampus Jatinangor" does not say where Kampus Jatinangor is).
  // Nor does a date or a place in a sentence about another subject: one opening with a name the
  // question does not have ("Pendaftaran KIP Kuliah dilakukan … sebelum … pendaftaran SNBP" does not
  // say when SNBP registration is).
  // The question's names go with their long forms ("di Sasana Budaya Ganesha (Sabuga)" does not say
  // where Sabuga is).
  const cueText = (candidate: Candidate): string =>
    aboutAnotherSubject(candidate.text)
      ? ''
      : withoutOtherClause(candidate.text)
        .replace(LONG_FORM, (whole: string, before: string, _long: string, short: string) => askedWords.has(short.toLowerCase()) ? before : whole)
        .replace(/\p{Lu}[\p{L}\p{N}-]*/gu, (word) => askedWords.has(word.toLowerCase()) || aliasName(word) ? '' : word)

  // A faculty's own document answers "Fakultas apa …" in its sentences that say of it what the
  // question asks: a word of the question besides the kind asked for, not in the faculty's name
  // (the title's): "… bidang tertua …", not "Penerimaan … SITH …" for "… mengurusi ilmu hayati?".
  // Under a heading naming what is asked for, about the question's topic ("Cuti Akademik: Prosedur
  // Pengajuan" for how to take one), each sentence gives it, unless one of them gives it in words
  // (the channel of "Cara Membayar": "… melalui bank mitra …").
  const givenByTitle = (cue: Cue, candidate: Candidate): boolean => {
    if (cue.section?.test(candidate.passage.section ?? '') === true) {
      return query.some((term) => termFactor(term) === 1 && match(candidate.info.label, term) > 0) && !aboutAnotherSubject(candidate.text) &&
        !candidates.some((other) => other.passage === candidate.passage && cue.sentence.test(other.text))
    }
    if (cue.kindWords === undefined || !cue.sentence.test(candidate.passage.title) || aboutAnotherSubject(candidate.text)) return false
    const kind = new Set(cue.kindWords.flatMap((word) => fixedTerms(word, mode)))
    const name = new Set(fixedTerms(candidate.passage.title, mode))
    const said = new Set([...candidate.terms].filter((term) => !name.has(term)))
    return query.some((term) => termFactor(term) === 1 && !kind.has(term) && match(said, term) > 0)
  }

  // The doer of what the question asks about: "oleh"/"by" a few words after a word of its deed that
  // opens the sentence ("Pendirian TH Bandung didorong oleh …") or follows its subject, the
  // question's ("Observatorium Bosscha dibangun oleh …"); not in a sentence about something else
  // ("Masjid Salman ITB dirintis oleh …") nor in a later clause ("ITB mendorong … perusahaan rintisan
  // (startup) yang dibangun oleh …", "PTN-BH adalah … yang didirikan oleh pemerintah" for "Siapa
  // pendiri ITB?"). The deed is a word the question derives from its stem ("pendiri", "mendirikan",
  // "founded"), not a name nor a bare noun for a role ("Siapa rektor ITB sekarang?": "Rektor ITB
  // dipilih oleh …" says who chooses the rector, not who the rector is).
  const deeds = (formal.match(WORD) ?? []).flatMap((word) => {
    const [stem] = terms(word, mode)
    const derived = stem !== undefined && stem.length + 1 < word.toLowerCase().replace(/(nya|lah|kah|ku|mu)$/, '').length
    return derived && termFactor(stem) === 1 && !names.has(stem) ? [stem] : []
  })
  const isDeed = (word: string): boolean => {
    const termsOfWord = new Set(terms(word, mode))
    return deeds.some((term) => match(termsOfWord, term) > 0)
  }
  const namesDoer = (candidate: Candidate): boolean => {
    const words = candidate.text.split(/\s+/)
    const opening = sentenceSubject(candidate.text).names
    if (opening.length > 0 && !opening.some((name) => askedWords.has(name)) && !isDeed(words[0])) return false
    const subjectLength = (OPENING_NAME.exec(candidate.text)?.[0] ?? '').split(/\s+/).length
    return words.slice(0, subjectLength + DEED_SLACK).some((word, i) => isDeed(word) && words.slice(i + 1, i + 1 + DOER_DISTANCE).some((next) => /^(oleh|by)$/i.test(next)))
  }

  return { askedWords, breaksCompound, cueText, anotherHead, givenByTitle, namesDoer }
}
