// Follow-up questions without a language model. "Kalau biayanya?", "And how much does it cost?" or
// "Letaknya di mana?" mean little alone: their subject is the conversation's, so retrieval searches
// with the subject's question added, and the answerer weighs the subject's terms next to the
// follow-up's own. A question that names its own topic is not a follow-up, however short. The
// search text is built here too ("Apa arti ITB?" searches for "ITB", see meaningAsked; "Apa beda
// SNBP dan SNBT?" for each of the two, see comparedItems).
// The LangGraph graph imports these for its retrieve-first path; keep the names stable.
import { aliasesIn, replaceInformal } from '../../retrieval/aliases.ts'
import { detectLanguage } from '../../text/language.ts'
import { restatedRequirement } from './admission-asked.ts'
import { namesOnlyGroups } from './groups.ts'
import { campusFacultiesSearch } from './housing.ts'
import { QUESTION_END } from './linear-patterns.ts'
import { terms } from './terms.ts'
import { namesOnlyUnits } from './units.ts'

/** Words that open a question leaning on the previous one ("kalau …?", "and …?", "what about …?"). */
const OPENING = /^\s*(kalau|kalo|klo|lalu|terus|trus|lantas|bagaimana dengan|gimana dengan|gimana kalau|bagaimana kalau|sedangkan|and|but|what about|how about|so|then|also)\b/i

/** Words pointing back at a subject named earlier ("Which one teaches computer science?": one of the faculties asked about). */
const POINTER = /\b(\p{L}+(nya)|tersebut|itu|ini|di sana|ke sana|dari sana|sana|situ|yang mana|which ones?|it|its|it's|they|them|their|there|that|this|those|these|he|she|his|her)\b/iu

/**
 * Words that carry no topic of their own in a question: question words, pointers, light verbs and
 * fillers, in both languages. What remains of a question is its own topic.
 */
const NON_TOPIC = new Set([
  // Indonesian
  'apa', 'apakah', 'siapa', 'kapan', 'di', 'ke', 'dari', 'mana', 'dimana', 'berapa', 'bagaimana', 'gimana',
  'mengapa', 'kenapa', 'yang', 'saja', 'aja', 'itu', 'ini', 'tersebut', 'sana', 'situ', 'kalau', 'kalo', 'klo',
  'lalu', 'terus', 'trus', 'lantas', 'dengan', 'sedangkan', 'juga', 'ada', 'adalah', 'bisa', 'boleh', 'harus',
  'perlu', 'mau', 'ya', 'sih', 'dong', 'deh', 'nih', 'kah', 'pun', 'dan', 'atau', 'untuk', 'buat', 'saya', 'aku',
  'kamu', 'anda', 'dia', 'ia', 'mereka', 'caranya', 'cara', 'bagaimanakah', 'tentang', 'soal', 'lagi', 'sudah',
  'udah', 'belum', 'tadi', 'dulu', 'pada', 'oleh', 'sama', 'biasanya', 'tolong', 'jelaskan', 'sebutkan',
  'ceritakan', 'terasa', 'terlalu', 'lebih', 'lengkap', 'detail', 'rinci', 'lokasinya', 'letaknya', 'alamatnya', 'tempatnya',
  'ga', 'gak', 'nggak', 'ngga', 'enggak', 'engga', 'kagak', 'nda', 'ndak', 'tidak', // the tag of "Wajib ikut ga?"
  // English
  'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'is', 'are', 'was', 'were', 'be', 'do',
  'does', 'did', 'can', 'could', 'should', 'would', 'will', 'i', 'you', 'we', 'it', 'its', 'they', 'them', 'their',
  'there', 'that', 'this', 'those', 'these', 'he', 'she', 'his', 'her', 'the', 'a', 'an', 'of', 'to', 'in', 'on',
  'at', 'for', 'and', 'but', 'so', 'then', 'also', 'about', 'much', 'many', 'long', 'exactly', 'please', 'tell',
  'me', 'more', 'else', 'get', 'have', 'has', 'named', 'after', 'called', 'cost', 'costs', 'located', 'built', 'one', 'ones'
])

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu

/** The question's own topic words: what is left without question words, pointers and fillers. */
function topicWords (question: string): string[] {
  return [...question.toLowerCase().matchAll(WORD)]
    .map((match) => match[0].replace(/['’]s$/, ''))
    .filter((word) => !NON_TOPIC.has(word) && !/^\p{L}+nya$/u.test(word) && word.length > 1)
}

/**
 * Whether a question leans on an earlier one for its subject. One naming only a group of students
 * ("Kalau buat mahasiswa IUP?", "What about international students?" after "Berapa UKT di ITB?") asks
 * the earlier question for that group (groups.ts), one naming only a faculty, school or campus ("Kalau
 * di FTI?", "What about the Cirebon campus?") asks it of that unit (units.ts), though they name it in capitals.
 */
export function isFollowUp (question: string): boolean {
  const own = topicWords(question)
  if (own.length === 0) return true
  const namesOnly = (mode: 'id' | 'en'): boolean => {
    const found = terms(own.join(' '), mode)
    return namesOnlyGroups(found, mode) || namesOnlyUnits(found, mode)
  }
  if (OPENING.test(question) && (['id', 'en'] as const).some(namesOnly)) return true
  if (/\p{Lu}{2,}|\p{Lu}\p{Ll}+\s+\p{Lu}/u.test(question.replace(/^\s*\S+/, ''))) return false // names its subject
  if (own.length <= 3 && (OPENING.test(question) || POINTER.test(question))) return true
  return own.length <= 2 && question.trim().split(/\s+/).length <= 5
}

/**
 * The earlier question that gives a follow-up its subject: the latest one that is not itself a
 * follow-up (so "Letaknya di mana?" after "Kalau biayanya?" after "Apa itu IUP?" still means the
 * IUP). Undefined when `question` is not a follow-up or there is nothing before it.
 */
export function conversationSubject (question: string, previousQuestions: readonly string[]): string | undefined {
  if (previousQuestions.length === 0 || !isFollowUp(question)) return undefined
  for (let index = previousQuestions.length - 1; index >= 0; index--) {
    if (!isFollowUp(previousQuestions[index])) return previousQuestions[index]
  }
  return previousQuestions[previousQuestions.length - 1]
}

/** "Apa arti …?", "What does … mean?" about one word matching `word`; only the question words are matched in any case. */
const meaningOf = (word: string): RegExp => new RegExp(String.raw`^\s*(?i:apa arti(?:nya)?|what does) (${word})(?i: mean)?${QUESTION_END}`, 'u')

const ABBREVIATION = String.raw`\p{Lu}[\p{Lu}\d-]+`
/** The abbreviation in capitals. */
export const ABBREVIATION_MEANING = meaningOf(ABBREVIATION)
/** An abbreviation, or a word in lower case (perhaps an abbreviation typed so: "apa arti itb?"). */
const WORD_MEANING = meaningOf(String.raw`${ABBREVIATION}|\p{Ll}[\p{Ll}\d-]+`)

/**
 * "Apa arti ITB?", "Apa artinya SKS?", "What does UKT mean?", "apa arti perwalian?": the word whose
 * meaning is asked, or undefined for any other question, for a name ("Apa arti Ganesha?" asks what
 * it stands for) and for a pointer ("What does it mean?"). What an abbreviation means is what it
 * stands for, and it is searched for alone: with "arti" or "mean" the search finds the documents'
 * "berarti" / "meaning" sentences about other things (the motto's meaning for ITB). A word in lower
 * case is searched for both ways, as only the passages tell an abbreviation typed in lower case
 * (extractive.ts answers with the documents' capitals).
 */
export function meaningAsked (question: string): string | undefined {
  const word = WORD_MEANING.exec(question)?.[1]
  return word === undefined || NON_TOPIC.has(word) ? undefined : word
}

const ABBREVIATION_WORD = new RegExp(`^(?:${ABBREVIATION})$`, 'u')

/** Whether `word` is written as an abbreviation. */
export function isAbbreviation (word: string): boolean {
  return ABBREVIATION_WORD.test(word)
}

/**
 * The text to search with: a follow-up joined to its subject's question (and the alias table's
 * phrases its words make with the subject's), the abbreviation alone for a question about what it
 * means, any other question as is.
 */
export function standaloneQuestion (question: string, previousQuestions: readonly string[]): string {
  const meant = meaningAsked(question)
  if (meant !== undefined && isAbbreviation(meant)) return meant
  const subject = conversationSubject(question, previousQuestions)
  if (subject === undefined) return question
  // Its words said of the subject, as the alias table has them ("masuk himpunan" for "Cara masuknya gimana?" after "Himpunan itu apa?").
  const own = new Set(aliasesIn(replaceInformal(question)).map((match) => match.said))
  const ofSubject = aliasesIn(replaceInformal(question), replaceInformal(subject)).filter((match) => !own.has(match.said))
  return [subject, question, ...ofSubject.map((match) => match.said)].join(' ')
}

/**
 * "Apa beda SNBP dan SNBT?", "Apa perbedaan antara IP dengan IPK?", "SNBP sama SNBT bedanya apa?",
 * "What is the difference between SNBP and SNBT?": the two things compared.
 * Linear on any question (a run of 5,000 spaces took 40 s, see `pair`). An item of spaces only
 * ("Apa beda   dan y?" gave " ") is no longer one.
 */
const ITEM = String.raw`(?=\S).+?(?<=\S)`
const LINE_BREAK = String.raw`[\n\r\u2028\u2029]`
const ASKED_DIFFERENCE = String.raw`\s+(?:apa\s+)?(?:bedanya|perbedaannya)(?:\s+apa)?(?:\s+sih)?${QUESTION_END}`

/**
 * Item `a`, one of the words `joining` between spaces, item `b`, then `end`. The items open and end
 * with a non-space and `end` follows a non-space, so a run of spaces is crossed once, not once per
 * space in it. An item holds no line break: when the line goes on from `a` without reaching `end`,
 * only a separator holding the line break is tried (else `b` was read to the line break after each "dan").
 */
function pair (joining: string, end: string): string {
  const and = String.raw`\s+(?:${joining})\s+`
  const lineReachesEnd = String.raw`(?=[^\n\r\u2028\u2029]*?(?<=\S)${end})`
  const andOverLineBreak = String.raw`(?=\s*${LINE_BREAK}|\s+(?:${joining})\s*${LINE_BREAK})`
  return String.raw`(?=\S)(?:${lineReachesEnd}(?<a>${ITEM})${and}(?<b>${ITEM})|(?!${lineReachesEnd})(?<a>${ITEM})${andOverLineBreak}${and}(?<b>${ITEM}))${end}`
}

const JOINING = String.raw`dan|dengan|sama|vs\.?`
const COMPARISON = [
  new RegExp(String.raw`^\s*(?:apa(?:kah)?\s+)?(?:sih\s+)?(?:beda|bedanya|perbedaan)\s+(?:antara\s+)?${pair(JOINING, QUESTION_END)}`, 'i'),
  new RegExp(String.raw`^\s*${pair(JOINING, ASKED_DIFFERENCE)}`, 'i'),
  new RegExp(String.raw`^\s*what(?:'s|\s+is|\s+are)\s+the\s+differences?\s+between\s+${pair('and', QUESTION_END)}`, 'i')
]

/** The two things a question compares, or undefined when it compares nothing. */
export function comparedItems (question: string): [string, string] | undefined {
  for (const pattern of COMPARISON) {
    const groups = pattern.exec(question)?.groups
    if (groups?.a !== undefined && groups.b !== undefined) return [groups.a, groups.b]
  }
  return undefined
}

/** The names in a question: its capitalised words after the first ("ITB", "S2", "International Undergraduate Program"), not "I". */
function namesOf (question: string): string[] {
  return [...question.matchAll(WORD)].slice(1).map((match) => match[0]).filter((word) => /^\p{Lu}/u.test(word) && word !== 'I')
}

/**
 * What to search with: each of the two things a question compares (a search for both finds the
 * sentences naming them together, not what each is), a word in lower case whose meaning is asked
 * both with the question and alone, else the standalone question. A follow-up with a topic of its
 * own ("What about the fees?" after "Which faculties does ITB have?") is searched for also with
 * only its subject's names ("What about the fees? ITB"): joined to the whole earlier question, the
 * earlier topic outweighs its own and finds only the passages about both (one faculty's fees). So is
 * one in another language than its subject ("Kalau biayanya?" after "How much is the tuition?"):
 * joined to the earlier question, the other language's words find only that language's documents,
 * and the answerer has no sentence in the question's language to answer with (own-language.ts).
 */
export function searchTexts (question: string, previousQuestions: readonly string[]): string[] {
  const compared = comparedItems(question)
  if (compared !== undefined) return compared
  const standalone = standaloneQuestion(question, previousQuestions)
  const meant = meaningAsked(question)
  if (meant !== undefined && !isAbbreviation(meant)) return [standalone, meant]
  const subject = conversationSubject(question, previousQuestions)
  // "What do I need to study at ITB as an undergraduate?" is searched as what it asks too: "What are the requirements to get into ITB as an undergraduate?" (admission-asked.ts);
  // "Which faculties are at ITB Jatinangor?" as the documents say them, "study programs on the Jatinangor campus" (housing.ts).
  const restated = restatedRequirement(standalone)
  if (subject === undefined && restated !== standalone) return [standalone, restated]
  const campusFaculties = subject === undefined ? campusFacultiesSearch(standalone, detectLanguage) : undefined
  if (campusFaculties !== undefined) return [standalone, campusFaculties]
  if (subject === undefined || (topicWords(question).length === 0 && detectLanguage(question) === detectLanguage(subject))) return [standalone]
  return [standalone, [question, ...namesOf(subject)].join(' ')]
}
