// A retrieved passage for the offline answerer's unit tests: a document of its own (knowledge/<id>.md)
// with the given title and text; `extra` sets the section, URL or path where a rule reads them.
import type { ExtractivePassage } from '../../../src/services/rag/extractive.ts'

export function passage (id: string, title: string, text: string, extra: Partial<ExtractivePassage> = {}): ExtractivePassage {
  return { id, text, title, url: 'https://www.itb.ac.id/', path: `knowledge/${id}.md`, score: 1, ...extra }
}
