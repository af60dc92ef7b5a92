// "Berapa lama maksimal kuliah S1 di ITB?" asks the longest a study may last, not how long it is
// planned to: "Program sarjana ITB dirancang untuk diselesaikan dalam delapan semester" gives a
// duration, "… sampai batas masa studi maksimum yang ditetapkan dalam Peraturan Akademik ITB" the one
// asked, though it says less of the question ("kuliah", "S1" are in the sentence before it). Where a
// question asks a bound of a measure (Cue.measured: how long, how many), the best sentence giving the
// measure with the bound said opens the answer, as a date does for "kapan" (score.ts).

/** The bounds a question asks, each with the words a sentence says it with. */
const BOUNDS: ReadonlyArray<{ asked: RegExp, said: RegExp }> = [
  { asked: /\b(maksimal|maksimum|paling lama|paling banyak|maximum|at most)\b/i, said: /\b(maksimal|maksimum|paling lama|paling banyak|batas|dibatasi|maximum|at most|up to|limit(ed)?)\b/i },
  { asked: /\b(minimal|minimum|paling sedikit|sekurang-kurangnya|at least)\b/i, said: /\b(minimal|minimum|paling sedikit|sekurang-kurangnya|setidaknya|di atas|lebih dari|batas|at least|above|more than)\b/i },
  // "What is the normal study period?": the length it is planned for, not the limit ("… batas masa studi maksimum …").
  { asked: /\b(normal|normalnya|standar|standard|typical|normally|typically)\b/i, said: /\b(dirancang|umumnya|biasanya|normal|designed|generally|typically|usually)\b/i }
]
/** The words asking such a bound, which sentences say otherwise ("normal": "dirancang untuk diselesaikan dalam …"): no topic of the question. */
export const USUAL_BOUND_WORDS = ['normal', 'normalnya', 'standar', 'standard', 'typical', 'normally', 'typically']

/**
 * What a sentence must say to give a measure of `question` (the bound's words), or undefined when the
 * question asks no bound or no sentence of `texts` says it (then a measure without it is all there is).
 */
export function boundAsked (question: string, texts: readonly string[]): RegExp | undefined {
  const bound = BOUNDS.find(({ asked }) => asked.test(question))
  return bound !== undefined && texts.some((text) => bound.said.test(text)) ? bound.said : undefined
}

/**
 * The index in `ranked` of the first sentence that gives the measure (`measures`) with the bound said,
 * at least `floor` relevant: -1 when there is none or no bound is asked, 0 when the best already is.
 */
export function boundedMeasure<T extends { text: string, relevance: number }> (ranked: readonly T[], bound: RegExp | undefined, measures: (candidate: T) => boolean, floor: number): number {
  if (bound === undefined) return -1
  return ranked.findIndex((candidate) => bound.test(candidate.text) && measures(candidate) && candidate.relevance >= floor)
}
