// How much something costs, as a question asks it ("berapa biaya", "Kalau biayanya?", "how much"), and
// where the documents point instead of giving a figure that changes: an ITB site, an announcement, the
// academic regulations. The cues that use them are in question-types.ts.
import { laterOnLine } from './linear-patterns.ts'

/**
 * A cost named with no question word ("Kalau biayanya?", "Biaya kuliahnya?", "What about the fees?")
 * asks what it is, as "berapa" would: not how to pay it, nor who to ask when one cannot.
 */
const BARE_COST = /^(?!.*\b(apa|apakah|bisa|boleh|bisakah|bolehkah|siapa|kapan|mana|bagaimana|gimana|mengapa|kenapa|which|who|when|where|why|what(?! about)|how(?! about))\b).*\b(biaya\p{L}*|ukt|harga\p{L}*|tarif\p{L}*|cost|costs|fees?|price|tuition)\b/iu
export const AMOUNT_QUESTION = new RegExp([
  laterOnLine(String.raw`\b(?:berapa|how much|what (?:is|are) the (?:cost|fees?|price|tuition))\b`, String.raw`\b(?:biaya\p{L}*|ukt|uang|harga\p{L}*|tarif\p{L}*|bayar\p{L}*|spp|cost|costs|fees?|price|tuition)\b`),
  laterOnLine(String.raw`\b(?:biaya\p{L}*|ukt|harga\p{L}*|tarif\p{L}*|cost|fees?|price|tuition)\b`, String.raw`\bberapa\b`),
  laterOnLine(String.raw`\bhow much\b`, String.raw`\b(?:cost|pay|charge)`), BARE_COST.source,
  // The highest or lowest of an amount is an amount ("What is the highest UKT?"), not another highest ("ITB's highest governing body").
  String.raw`\b(?:highest|lowest|most expensive|cheapest)\s+(?:ukt|tuition|fees?|costs?|price)\b`
].join('|'), 'iu')

/** Where the documents point instead of giving an amount that changes every year. */
export const PUBLISHED_ELSEWHERE = /\b(tidak mencantumkan|situs resmi|laman|(?<![a-z0-9.-])[a-z0-9-]+\.itb\.ac\.id|diumumkan|ditetapkan setiap|panduan|official|website|announced|check)\b/i

/** An amount the documents say is set anew or changes ("… dapat berubah setiap periode", "reviewed each year"). */
export const CHANGES = /\b(berubah|diperbarui|ditinjau|ditetapkan setiap|changes?|changing|reviewed|updated|set each)\b/i

/** A limit the documents leave to the academic regulations ("… batas masa studi maksimum yang ditetapkan dalam Peraturan Akademik ITB"). */
export const SET_BY_REGULATIONS = /\b(ditetapkan|diatur|dibatasi|tercantum) (dalam|oleh) peraturan\b|\b(set|governed) by (the )?academic regulations\b/i
