// Words a sentence has through its section's heading. Under a heading over who may apply ("Siapa yang
// Dapat Mendaftar") or over the requirements ("Persyaratan Umum", "General Requirements"), a sentence
// giving what a requirement question asks for states a requirement of that heading's subject: "SNBT
// terbuka bagi lulusan …" says who may register for SNBT, which "Apa syarat daftar SNBT?" asks, without
// the words "syarat" or "daftar"; "Applicants for a master's program typically need …" gives the master's
// admission requirements that "What about master's?" asks after "What are the requirements for
// undergraduate admission?". For a question naming a degree level, only a sentence naming it: "Minimum
// scores and accepted tests are listed …" under the graduate programmes' "General Requirements" says
// nothing of a bachelor's degree, nor more of the master's than of the doctorate (score.ts). A sentence giving it of each of
// what its document's title names has the title's words (each-of-title.ts: "… persyaratan setiap jalur …" in "Jalur Masuk Program Sarjana ITB").
import type { Cue } from './cue.ts'
import { degreeLevels, sentenceLevels } from './degrees.ts'
import { cuesOf } from './question-types.ts'
import { eachOfTitle } from './each-of-title.ts'
import { fixedTerms } from './terms.ts'
import type { StemMode } from './terms.ts'
import { REQUIREMENT_WORDS } from './what-it-takes.ts'

interface HeadedSentence { text: string, passage: { section?: string, title: string } }

/**
 * For a question (and `earlier`, the one it follows, whose cues a follow-up asks for too: "What about
 * master's?"), the words a sentence has through its heading: the heading's and the requirement words,
 * when a cue reads them there (Cue.ofSection) and the sentence gives it, naming a degree level the
 * question (or else the earlier one) names if it names any; none otherwise.
 */
export function headingReader (cues: readonly Cue[], asked: { question: string, earlier: string },
  gives: (cue: Cue, text: string) => boolean, mode: StemMode): (sentence: HeadedSentence) => readonly string[] {
  const reading = [...cues, ...cuesOf(asked.earlier)].filter((cue) => cue.ofSection !== undefined)
  if (reading.length === 0) return () => []
  const own = degreeLevels(asked.question)
  const levels = own.size > 0 ? own : degreeLevels(asked.earlier)
  return (sentence) => {
    const section = sentence.passage.section ?? ''
    const giving = reading.filter((cue) => gives(cue, sentence.text))
    // Or, speaking of each of what its document's title names, the title's words (each-of-title.ts).
    const titled = giving.length === 0 ? [] : eachOfTitle(sentence.text, sentence.passage.title, mode)
    if (titled.length > 0) return levels.size > 0 && ![...sentenceLevels(sentence.text, sentence.passage.title)].some((level) => levels.has(level)) ? [] : titled
    if (!giving.some((cue) => cue.ofSection?.test(section) === true)) return []
    // Asked of a level, a sentence naming none is about any of its document's.
    if (levels.size > 0 && ![...sentenceLevels(sentence.text, '')].some((level) => levels.has(level))) return []
    return fixedTerms(`${section} ${REQUIREMENT_WORDS}`, mode)
  }
}
