// What a saved local index holds (local-index.json, written by index-file.ts): the chunk ids of each
// document, the passage vectors (vector.ts) and the lexical index's own state. SNAPSHOT_FORMAT is
// also in the manifest's settings, so an index saved in another format is rebuilt, never misread.
import type { SavedVectors } from './vector.ts'

export const SNAPSHOT_FORMAT = 2

export interface LocalIndexSnapshot extends SavedVectors {
  format: number
  /** Chunk ids of each document path, in position order. */
  documents: Record<string, string[]>
  /** The Orama index (orama-lexical.ts). */
  orama: unknown
}

export function checkSnapshot (snapshot: LocalIndexSnapshot): void {
  if (snapshot.format !== SNAPSHOT_FORMAT) throw new Error(`unsupported local index format ${snapshot.format}`)
}
