// Text built to make a backtracking regex take time quadratic in its length: runs of spaces, a cue
// word repeated, one long word, a long run of punctuation. The engine tries a pattern from each
// position and, on such text, reads on to the end of the run from each. Used by the tests that bound
// the time each reader of text takes, and by bench/text-analysis.ts, which prints how that time grows.

/**
 * The bound a test holds such a reading to: generous (a few seconds on a busy machine), there to
 * catch a blow-up (seconds to minutes before), not to measure. The figures are in docs/benchmarks.md.
 */
export const GENEROUS_MS = 5000

/** What `read` gives, and the milliseconds it took. */
export async function timed<T> (read: () => T | Promise<T>): Promise<{ value: T, ms: number }> {
  const started = performance.now()
  const value = await read()
  return { value, ms: performance.now() - started }
}

/** `head`, spaces, then `tail`: `length` characters. */
export function spaces (head: string, length: number, tail = 'x'): string {
  return head + ' '.repeat(length - head.length - tail.length) + tail
}

/** `head`, then `word` repeated, cut to `length` characters ending in `tail`. */
export function repeated (word: string, length: number, tail = '\n', head = ''): string {
  return (head + word.repeat(Math.ceil(length / word.length))).slice(0, length - tail.length) + tail
}

/** Questions of `length` characters built against the question patterns (cue words, comparisons, a question's end). */
export function adversarialQuestions (length: number): string[] {
  return [
    spaces('beda', length), spaces('beda x dan y', length, '!x'), spaces('what is the difference between', length, ''),
    spaces('x dan y bedanya', length), spaces('apa beda x', length, ''), repeated('x dan ', length, '\n', 'beda '),
    repeated('x and ', length, '\n', 'what is the difference between '), repeated('berapa ', length, ''), repeated('how much ', length),
    repeated('who ', length, ''), repeated('current ', length, ''), repeated('what does ', length), spaces('x itu apa', length),
    spaces('apa arti ITB', length, ''), spaces('apa itu x', length, 'X'), spaces('negeri atau swasta', length), repeated('wajib ', length, ''),
    spaces('apa', length, 'wajib'), 'A'.repeat(length)
  ]
}

/**
 * For each reader of text outside the question, inputs of about `length` characters that one of its
 * regexes backtracked on (time quadratic in the length, cubic for the heading) before it was made linear.
 */
export const ADVERSARIAL_TEXTS = {
  /** A model's answer with a run of spaces not followed by punctuation (citations.ts). */
  answer: (length: number): string => spaces('Jawaban', length),
  /** A long word, then a sentence that goes on after a full stop (spoken-sentences.ts: the word before the stop's word). */
  spokenAnswer: (length: number): string => 'a'.repeat(length) + ' b x. Y',
  /** "yaitu" and a run of spaces (lists.ts). */
  enumeration: (length: number): string => spaces('Ada dua, yaitu', length),
  /** One long word of capitals (subject.ts: a long form before its short one). */
  capitals: (length: number): string => 'A'.repeat(length),
  /** A sentence opening with a word closed by a long run of punctuation (terms.ts). */
  openingWord: (length: number): string => 'A' + '?'.repeat(length) + 'x',
  /** A passage with a token of question marks (sentences.ts: a sentence's end). */
  punctuationRun: (length: number): string => 'x' + '?'.repeat(length) + 'x y',
  /** A word with a long run of apostrophes inside (language.ts: the quotes around a word). */
  apostropheWord: (length: number): string => 'x' + "'".repeat(length - 2) + 'x',
  /** Title Case words joined by "of", one name to the end (language.ts: the words held until a name ends). */
  nameRun: (length: number): string => repeated('Master of ', length, ''),
  /** A URL whose path is a run of question marks (sentences.ts: its trailing punctuation). */
  url: (length: number): string => 'https://a.b/' + '?'.repeat(length) + 'x y',
  /** A host name with a long label before a one-letter one (sentence-boundary.ts). */
  hostName: (length: number): string => 'a'.repeat(length) + '.b. Lalu',
  /** A front matter value with a run of tabs before a word (loaders.ts: the value's comment). */
  frontMatter: (length: number): string => `---\ntitle: x${'\t'.repeat(length)}x\n---\nIsi.`,
  /** A heading with a run of spaces inside (loaders.ts: the heading without its closing hashes). */
  heading: (length: number): string => `# a${' '.repeat(length)}b\n\nIsi.`,
  /** A sentence with a long run of hyphenated one-letter words (amounts.ts: an ITB web address, read from each word). */
  hyphenRun: (length: number): string => `Jam buka perpustakaan ${'x-'.repeat(Math.floor(length / 2))}x.`,
  /** A sentence with a run of commas inside, to be shortened (compose.ts: the marks before the cut). */
  commaRun: (length: number): string => `Biaya kuliah ITB ditetapkan${','.repeat(length)}x setiap tahun untuk setiap program studi sarjana.`,
  // HTML nothing closes (html.ts): from each opening, a tag pattern read to the end of the file.
  /** "<", never closed (any tag). */
  openAngles: (length: number): string => '<'.repeat(length),
  /** "<!--", never closed (comments). */
  openComments: (length: number): string => repeated('<!--', length),
  /** "<script ", never closed (scripts, styles and the like). */
  openScripts: (length: number): string => repeated('<script ', length),
  /** "<h1>", never closed (headings). */
  openHeadings: (length: number): string => repeated('<h1>', length),
  /** "<p ", without ">" (block tags). */
  openBlockTags: (length: number): string => repeated('<p ', length),
  /** "<title ", without ">" (the title). */
  openTitles: (length: number): string => repeated('<title ', length),
  /** "<link ", without ">" (the canonical link). */
  openLinks: (length: number): string => repeated('<link ', length),
  /** "<meta ", without ">" (the og:url). */
  openMetas: (length: number): string => repeated('<meta ', length),
  /** "<html ", without ">" (the language). */
  openHtmlTags: (length: number): string => repeated('<html ', length),
  // Inline Markdown and HTML nothing closes (inline-markup.ts): from each opening, a pattern read to
  // the closing mark it needs, or to the end of the passage.
  /** "![", never closed (images). */
  openImages: (length: number): string => repeated('![', length),
  /** "![" repeated before one "]" that no "(" follows (images: each start reads to that "]"). */
  imagesBeforeBracket: (length: number): string => repeated('![', length, ']x)'),
  /** "![a](", never closed (an image's address). */
  openImageTargets: (length: number): string => repeated('![a](', length),
  /** "[^", never closed (footnotes). */
  openFootnotes: (length: number): string => repeated('[^', length),
  /** "[x", never closed (links' text). */
  openLinkTexts: (length: number): string => repeated('[x', length),
  /** "[a](", never closed (a link's address). */
  openLinkTargets: (length: number): string => repeated('[a](', length),
  /** "**a ", never closed after a word (strong emphasis). */
  openStrong: (length: number): string => repeated('**a ', length),
  /** "__a ", never closed after a word (strong emphasis). */
  openUnderscores: (length: number): string => repeated('__a ', length),
  /** "<a", without ">" (inline tags). */
  openInlineTags: (length: number): string => repeated('<a', length),
  /** "<http://a", without ">" (a URL in angle brackets). */
  openAutolinks: (length: number): string => repeated('<http://a', length)
}
