// What a saved local index holds (local-index.json, written by index-file.ts): the chunk ids of each
// document, the passage vectors (vector.ts) and the lexical index's own state. SNAPSHOT_FORMAT is
// also in the manifest's settings, so an index saved in another format is rebuilt, never misread.
import type { SavedVectors } from './vector.ts'

/** 3: the lexical index is MiniSearch's (`lexical`); 2 held Orama's (`orama`) and is rebuilt. */
export const SNAPSHOT_FORMAT = 3

export interface LocalIndexSnapshot extends SavedVectors {
  format: number
  /** Chunk ids of each document path, in position order. */
  documents: Record<string, string[]>
  /** The lexical index (minisearch-lexical.ts). */
  lexical: unknown
}

export function checkSnapshot (snapshot: LocalIndexSnapshot): void {
  if (snapshot.format !== SNAPSHOT_FORMAT) throw new Error(`unsupported local index format ${snapshot.format}`)
}
