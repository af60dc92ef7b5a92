// Phrases matched as whole words: no letter or digit right before or after, so "fee" is not found
// in "coffee" nor "IP" in "IPK". The phrase is taken literally (its regular-expression characters
// escaped), whatever it holds.

/** `text` with its regular-expression characters escaped, to be matched literally. */
export function escapeRegExp (text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** A RegExp finding `phrase` as whole words. */
export function wholeWords (phrase: string, flags = 'u'): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(phrase)}(?![\\p{L}\\p{N}])`, flags)
}
