// Which of ITB's campuses a text names, and the campus a way asked for leads to. "Cara ke kampus ITB naik
// apa?" asks the way to ITB, which is its main campus, Ganesha: not "Informasi tentang … transportasi di
// sekitar Kampus Cirebon …", which a question naming no campus matched as well as Ganesha's access
// sentence. A sentence about the way to another campus than the one asked (named in its words or, naming
// none, in its document's title: "ITB juga menyediakan layanan transportasi antarkampus …" under "Kampus
// ITB Jatinangor") does not answer; with none about the campus asked, the question is declined (score.ts).
import { CAMPUS_NAMES } from './units.ts'

/** The campus "ITB" means when a question names none: the main and oldest one. */
export const MAIN_CAMPUS = 'ganesha'

const CAMPUS = new RegExp(String.raw`\b(?:${CAMPUS_NAMES.join('|')})\b`, 'gi')

/** The campuses `text` names, in lower case. */
export function campusesNamed (text: string): Set<string> {
  return new Set(text.match(CAMPUS)?.map((campus) => campus.toLowerCase()))
}

/**
 * For a question asking the way to a place (`asked`, without where one sets out from: Cue.notAsked),
 * whether a sentence (`text`, in its document titled `title`) is about another campus than the one it
 * leads to: the campuses the question names, or the main campus when it names none. Never otherwise.
 */
export function ofAnotherCampus (asked: string, wayThere: boolean): (text: string, title: string) => boolean {
  if (!wayThere) return () => false
  const named = campusesNamed(asked)
  const destination = named.size > 0 ? named : new Set([MAIN_CAMPUS])
  return (text, title) => {
    const own = campusesNamed(text)
    const about = own.size > 0 ? own : campusesNamed(title)
    return about.size > 0 && ![...about].some((campus) => destination.has(campus))
  }
}
