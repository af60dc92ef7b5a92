// Words that carry no topic, for the search index and for the extractive answerer: Orama's
// Indonesian and English stop words plus the particles and informal function words of everyday
// Indonesian chat ("sih", "dong", "gimana", "udah"). The answerer also drops question and request
// words ("apa", "saja", "jelaskan", "tell"; "one" of "which one") that only shape a question; the index keeps them, as a
// saved index must keep its tokenizer.
import { stopwords as indonesianStopwords } from '@orama/stopwords/indonesian'
import { stopwords as englishStopwords } from '@orama/stopwords/english'

/** Conversational particles and informal function words that carry no topic. */
export const INFORMAL_STOPWORDS: readonly string[] = [
  'sih', 'dong', 'deh', 'nih', 'tuh', 'ya', 'yah', 'yuk', 'lho', 'loh', 'kah', 'mah', 'dah', 'doang', 'aja',
  'gitu', 'gini', 'gimana', 'kayak', 'kaya', 'banget', 'emang', 'emangnya', 'nggak', 'ngga', 'gak', 'ga',
  'kagak', 'tak', 'nya', 'yg', 'dgn', 'utk', 'dg', 'gue', 'gua', 'gw', 'saya', 'aku', 'kamu', 'lu', 'lo',
  'pengen', 'pengin', 'kalo', 'klo', 'udah', 'udh', 'blm', 'biar', 'pas', 'tau', 'tahu', 'bang', 'kak', 'min',
  'punya', 'lewat', 'apakah', 'bagaimanakah', 'tolong', 'mohon', 'bisakah', 'please', 'hi', 'halo', 'hai'
]

/** Question words and request words: they shape a question, not its topic (the answerer's only). */
export const QUESTION_STOPWORDS: readonly string[] = [
  'dimana', 'kemana', 'darimana', 'sebutkan', 'jelaskan', 'ceritakan', 'tell', 'explain', 'describe', 'list',
  'need', 'want', 'exactly', 'actually', 'like', 'dulu', 'itu', 'namanya', 'apa', 'saja', 'bisa', 'cara',
  'caranya', 'via', 'terasa', 'merasa', 'rasanya', 'terlalu', 'available', 'offered', 'exist', 'one', 'ones'
]

/**
 * Function words Orama's lists lack ("untuk", "secara"; "near"; "terus", "lantas", which open a
 * follow-up as "lalu" does): a question's "untuk S2" is no word of its topic that a sentence's
 * "dirancang untuk diselesaikan" matches, nor "a mosque near ITB" a hall's "near the Ganesha campus",
 * nor "Terus biayanya?" a topic "terus" that no passage has (the answerer's only; the search index
 * keeps its tokenizer, which its saved files were built with).
 */
const MISSING_FUNCTION_WORDS: readonly string[] = ['untuk', 'secara', 'near', 'nearby', 'terus', 'trus', 'lantas']

/** Orama's Indonesian and English stop words and the informal ones: what the search index drops. */
export const STOPWORDS: ReadonlySet<string> = new Set([...indonesianStopwords, ...englishStopwords, ...INFORMAL_STOPWORDS])

/** The stop words, the missing function words and the question words: what the extractive answerer drops. */
export const ANSWER_STOPWORDS: ReadonlySet<string> = new Set([...STOPWORDS, ...MISSING_FUNCTION_WORDS, ...QUESTION_STOPWORDS])
