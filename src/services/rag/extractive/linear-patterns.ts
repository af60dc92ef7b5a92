// Pieces of the question patterns written so that a question of 5,000 characters (runs of spaces,
// a cue word repeated) costs one scan, not one per space or per cue word: the backtracking engine
// tries "\s*\??\s*$" from each space of a run, and "berapa.*biaya" from each "berapa".

/**
 * The end of a question: spaces, at most one question mark, spaces. Not "\s*\??\s*$", whose two runs
 * of spaces side by side split a run in every way before failing.
 */
export const QUESTION_END = String.raw`\s*(?:\?\s*)?$`

/**
 * `first`, then `then` later on the same line (".*" between them), as "first.*then" is, but looked
 * for from the first `first` of each line only: a later one on the same line finds nothing the first
 * does not. `first` is a pattern matching no line break.
 */
export function laterOnLine (first: string, then: string): string {
  return String.raw`(?:^|(?<=[\n\r\u2028\u2029]))(?:(?!${first}).)*${first}.*${then}`
}
