// The local lexical index on Orama: BM25 over title, section and text with the Indonesian stemmer
// and stop words (text-analysis.ts); search, term lookups and membership go through
// orama-text-index.ts, which reads Orama's index data directly (its header says why).
import { create, count, getByID, insertMultiple, load, removeMultiple, save, search } from '@orama/orama'
import type { AnyOrama, RawData } from '@orama/orama'
import { assertIndexLayout, contains, createTextIndexComponent, documentFrequency, internalIdOf, matchingWords } from './orama-text-index.ts'
import { createTypoMemo } from './radix-typos.ts'
import { BoundedMap } from '../../bounded-map.ts'
import { TOKENIZER_CONFIG, language } from '../text-analysis.ts'
import { FIELDS, FIELD_BOOSTS } from './lexical.ts'
import type { Field, LexicalEntry, LexicalHit, LexicalIndex, LexicalSearch, StoredChunk } from './lexical.ts'

const SCHEMA = { title: 'string', section: 'string', text: 'string' } as const
const PROPERTIES: string[] = [...FIELDS]
/**
 * Orama's tokenizer caches every token it normalises (stop word test and stem) in a Map with no bound
 * (`normalizationCache`, @orama/orama 3.1): every distinct word, number or typo of every question
 * stayed in memory for the life of the process. The index has ~2,400 distinct words.
 */
export const TOKEN_CACHE_LIMIT = 10_000

export function createOramaLexicalIndex (saved?: unknown): LexicalIndex & { readonly tokenCacheSize: number } {
  // The search and the ranking's matched words walk a question's typos once (radix-typos.ts); any change forgets them.
  const typos = createTypoMemo()
  const db = create({
    schema: SCHEMA,
    components: { tokenizer: { ...TOKENIZER_CONFIG }, index: createTextIndexComponent(typos) }
  }) as AnyOrama
  assertIndexLayout(db, PROPERTIES)
  db.tokenizer.normalizationCache = new BoundedMap<string, string>(TOKEN_CACHE_LIMIT)
  // Loaded into a db created with the same tokenizer components, so queries are still stemmed.
  if (saved !== undefined) load(db, saved as RawData)

  const get = (id: string): StoredChunk | undefined => getByID(db, id) as StoredChunk | undefined
  const entryOf = (chunk: StoredChunk): LexicalEntry => {
    const internalId = internalIdOf(db, chunk.id)
    return { chunk, has: (fields: readonly Field[], word: string) => contains(db, internalId, fields as readonly string[] as string[], word) }
  }

  return {
    engine: 'orama',
    get size () { return count(db) },
    get tokenCacheSize () { return db.tokenizer.normalizationCache.size },
    insert (chunks) {
      if (chunks.length > 0) insertMultiple(db, chunks, 1000)
      typos.clear()
    },
    remove (ids) {
      const present = ids.filter((id) => get(id) !== undefined)
      if (present.length > 0) removeMultiple(db, present)
      typos.clear()
    },
    get,
    entry (id) {
      const chunk = get(id)
      return chunk === undefined ? undefined : entryOf(chunk)
    },
    terms (text) {
      return db.tokenizer.tokenize(text, language, undefined, true) as string[]
    },
    async search (query, terms, limit): Promise<LexicalSearch> {
      const results = await search(db, { term: query, properties: PROPERTIES, boost: FIELD_BOOSTS, limit }) as { hits: Array<{ document: unknown, score: number }> }
      return {
        hits: results.hits.map((hit): LexicalHit => ({ ...entryOf(hit.document as StoredChunk), score: hit.score })),
        words: terms.map((term) => matchingWords(db, PROPERTIES, term, false, typos))
      }
    },
    documentFrequency: (word) => documentFrequency(db, PROPERTIES, word),
    save: () => save(db)
  }
}
