// How a chosen sentence is written in the answer: with its closing mark, and (the first one) in
// sentence case after the framing, unless its first word is a name the passages use as one.
import { escapeRegExp } from '../../text/whole-words.ts'
import type { Candidate } from './candidates.ts'
import { NAME_INTRODUCERS, STOPWORDS } from './terms.ts'

/**
 * Sentence case after the framing. Before another capitalised word the first word may start a name
 * ("Institut Teknologi …", "Program Studi …"), so it is lowercased only when it is a function word,
 * introduces a name ("Nama Institut …"), or the passages write the name after it without it and
 * never the two together ("Hubungan Soekarno …" after "… tempat Soekarno …"). Before a lowercase word it is lowercased unless the
 * passages use it as a name, capitalised after a lowercase word ("… disingkat Saraga, …"); "Mahasiswa
 * program …" becomes "mahasiswa program …".
 */
export function afterFraming (sentence: string, candidates: readonly Candidate[]): string {
  const match = /^(\p{Lu}\p{Ll}*),?\s+(\S+)/u.exec(sentence)
  if (match === null || match[1] === 'I') return sentence
  const word = match[1]
  const lower = word.toLowerCase()
  if (STOPWORDS.has(lower) || NAME_INTRODUCERS.has(lower)) return lower + sentence.slice(word.length)
  // A name appears capitalised after a lowercase word somewhere ("… disingkat Saraga, …"), not as
  // the first word of a longer name ("… di Kampus Ganesha" leaves "Kampus utama …" a common noun),
  // nor as a later word of one ("Keluarga Mahasiswa (KM)" leaves "Mahasiswa yang …" one).
  const name = new RegExp(`(?<![\\p{L}\\p{N}-])\\p{Ll}[\\p{L}\\p{N}-]* ${word}(?![\\p{L}\\p{N}]| \\p{Lu})`, 'u')
  const usedAsName = candidates.some((candidate) => name.test(candidate.text))
  if (/^\p{Lu}\p{Ll}/u.test(match[2])) {
    // A name's next word ("Institut Teknologi …"), unless the passages write the name after it
    // without it ("… tempat Soekarno …", "melalui Seleksi Mandiri ITB") and never the pair:
    // "Hubungan Soekarno …", "Pendaftaran Seleksi Mandiri …" open with a common noun. The name runs
    // over "dan"/"of" between capitalised words: "Sekolah Ilmu dan Teknologi Hayati" is not "… dan Ilmu Pengetahuan Alam".
    const rest = /^(?:\p{Lu}[\p{L}\p{N}-]*\s+(?:(?:dan|and|of)\s+(?=\p{Lu}))?)*\p{Lu}[\p{L}\p{N}-]*/u.exec(sentence.slice(match[0].length - match[2].length))?.[0] ?? match[2]
    const after = (name: string): RegExp => new RegExp(`(?<![\\p{L}\\p{N}-])\\p{Ll}[\\p{L}\\p{N}-]* ${escapeRegExp(name)}(?![\\p{L}\\p{N}-])`, 'u')
    const alone = after(rest)
    const pair = after(`${word} ${rest.split(/\s+/)[0]}`)
    const common = candidates.some((candidate) => alone.test(candidate.text)) && !candidates.some((candidate) => pair.test(candidate.text))
    // "Soekarno, Presiden pertama …": a word set off before a capitalised apposition is a name.
    return common && !usedAsName && !match[0].includes(',') ? lower + sentence.slice(word.length) : sentence
  }
  return usedAsName ? sentence : lower + sentence.slice(word.length)
}

/** The sentence with its closing mark: a full stop when it has none (a clause mark at its end gives way). */
export function finish (sentence: string): string {
  const trimmed = sentence.trim()
  return /[.!?…]["'”’)]?$/.test(trimmed) ? trimmed : trimmed.replace(/[:;,]$/, '') + '.'
}
