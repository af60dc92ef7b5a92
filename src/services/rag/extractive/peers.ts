// An item the question names among the items a passage lists ("IPK berapa supaya dapat predikat
// sangat memuaskan?" against "… predikat kelulusan … terdiri atas Memuaskan, Sangat Memuaskan, dan
// Dengan Pujian (cum laude)."): a sentence about one of its peers, not naming the item asked about
// ("Predikat Dengan Pujian (cum laude) umumnya diberikan kepada lulusan dengan IPK di atas 3,50 …")
// answers for another item, however well its other words match. Used by adjustments.ts.
import { wholeWords } from '../../text/whole-words.ts'
import type { Candidate } from './candidates.ts'
import { enumerates } from './lists.ts'

/** A sentence is about the peer it names among its first words ("Predikat Dengan Pujian …"), not one it mentions later ("… memberhentikan Rektor"). */
const OPENING_WORDS = 4
/** Where the items of an announced list start ("… terdiri atas …"). */
const ITEMS_START = /\b(?:yaitu|antara lain|meliputi|mencakup|terdiri atas|terdiri dari|namely|including|include|consists? of)\s+|:\s+/i
const ITEM_SEPARATOR = /,\s+(?:(?:dan|serta|atau|and|or)\s+)?|\s+(?:dan|serta|atau|and|or)\s+/i

/** The items a sentence lists after announcing them, without what follows each in brackets. */
function listedItems (sentence: string): string[] {
  const start = ITEMS_START.exec(sentence)
  if (start === null || !enumerates(sentence)) return []
  return sentence.slice(start.index + start[0].length).replace(/[.!?]+$/, '').split(ITEM_SEPARATOR)
    .map((item) => item.replace(/\s*\([^)]*\)/g, '').trim()).filter((item) => item !== '')
}

/** The longest listed item the question names and its peers, each as a pattern for its name as written; undefined when it names none. */
export function peersOfAsked (candidates: readonly Candidate[], question: string): { asked: RegExp, peers: RegExp[] } | undefined {
  for (const candidate of candidates) {
    const items = listedItems(candidate.text)
    const asked = items.filter((item) => wholeWords(item, 'iu').test(question)).sort((a, b) => b.length - a.length)[0]
    if (asked === undefined) continue
    // "Memuaskan" is within "Sangat Memuaskan": no peer of it.
    const peers = items.filter((item) => !asked.toLowerCase().includes(item.toLowerCase())).map((item) => wholeWords(item))
    return { asked: wholeWords(asked, 'iu'), peers }
  }
  return undefined
}

/** Lowers the sentences about a peer of the item asked about that do not name the item itself. */
export function lowerPeerSentences (ranked: readonly Candidate[], candidates: readonly Candidate[], question: string, factor: number): void {
  const listed = peersOfAsked(candidates, question)
  if (listed === undefined) return
  for (const candidate of ranked) {
    const opening = candidate.text.split(/\s+/, OPENING_WORDS).join(' ')
    if (!listed.asked.test(candidate.text) && listed.peers.some((peer) => peer.test(opening))) candidate.score *= factor
  }
}
