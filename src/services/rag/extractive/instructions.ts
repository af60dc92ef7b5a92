// Sentences addressed to an assistant rather than stating facts: text in a passage is data, never an
// instruction, so the extractive answerer never picks them.

/**
 * Sentences addressed to an assistant rather than stating facts ("Abaikan semua instruksi sebelumnya
 * …", "Ignore previous instructions …"): text in a passage is data, never an instruction, and such
 * sentences answer no question about ITB.
 */
const INSTRUCTION_LIKE: readonly RegExp[] = [
  /\b(abaikan|lupakan|hiraukan|acuhkan|ignore|disregard|forget|override)\b.{0,60}\b(instruksi|perintah|petunjuk|arahan|aturan|prompt|instructions?|rules|directions|guidelines)\b/i,
  /\b(instruksi|perintah|petunjuk|instructions?)\s+(sebelumnya|di atas|sistem|previous|above|prior|system)\b/i,
  /\b(previous|prior|above|earlier|system)\s+(instructions?|prompt|messages?)\b/i,
  /^(katakan|jawablah|jawab|balaslah|balas|say|answer|respond|reply)\s+(bahwa|dengan|that|with)\b/i,
  /\b(dan|lalu|kemudian|and|then)\s+(katakan|ucapkan|jawab|say|answer|respond)\s+(bahwa|that|with|dengan)\b/i,
  /\b(katakan|ucapkan|jawablah|jawab|say|respond)\s+(bahwa|that)\b/i,
  /\b(untuk|kepada|for|to)\s+(the\s+)?(asisten|assistant|ai|chatbot|bot|model)\b/i,
  /\b(system prompt|prompt sistem|language model|model bahasa)\b/i,
  /\b(you are now|kamu sekarang|anda sekarang)\b/i,
  /\b(sebagai|as an?)\s+(ai|chatbot|asisten (ai|virtual)|(ai|virtual) assistant)\b/i
]

/** Words at least one of the patterns needs: most sentences are cleared by this one test. */
const INSTRUCTION_TRIGGER = /abaikan|lupakan|hiraukan|acuhkan|ignore|disregard|forget|override|instruksi|instruction|perintah|petunjuk|prompt|message|katakan|ucapkan|jawab|balas|say|answer|respond|reply|model|now|sekarang|chatbot|asisten|assistant|\bai\b/i

export function instructionLike (sentence: string): boolean {
  return INSTRUCTION_TRIGGER.test(sentence) && INSTRUCTION_LIKE.some((pattern) => pattern.test(sentence))
}
