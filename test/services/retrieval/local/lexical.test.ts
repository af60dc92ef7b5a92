// The lexical index contract fusion.ts relies on, for each engine: stemmed terms, candidates with
// the words each term matches, document frequencies, membership by field, removal, save and load.
import { test } from 'tap'
import { createOramaLexicalIndex } from '../../../../src/services/retrieval/local/orama-lexical.ts'
import { createMiniSearchLexicalIndex } from '../../../../src/services/retrieval/local/minisearch-lexical.ts'
import type { LexicalIndex, StoredChunk } from '../../../../src/services/retrieval/local/lexical.ts'

function stored (id: string, title: string, section: string, text: string): StoredChunk {
  return { id, title, section, text, path: `knowledge/${id}.md`, source: `https://www.itb.ac.id/${id}`, position: 0, language: 'id' }
}

const CHUNKS = [
  stored('aktuaria', 'FMIPA', 'Aktuaria', 'Program studi Aktuaria mempelajari risiko dan asuransi di kampus.'),
  stored('pendaftaran', 'Admisi', 'Pendaftaran', 'Calon mahasiswa mendaftar melalui jalur seleksi nasional di kampus.'),
  stored('asrama', 'Asrama', 'Fasilitas', 'Asrama mahasiswa baru berada dekat kampus Jatinangor.')
]

const engines: Array<[string, (saved?: unknown) => LexicalIndex]> = [
  ['orama', createOramaLexicalIndex],
  ['minisearch', createMiniSearchLexicalIndex]
]

for (const [name, create] of engines) {
  test(`${name}: terms, candidates, frequencies and membership`, async (t) => {
    const index = create()
    index.insert(CHUNKS)
    t.equal(index.size, 3)
    t.same(index.terms('Pendaftaran mahasiswa'), index.terms('mendaftar mahasiswa'), 'both sides stemmed alike; stop words dropped')
    t.equal(index.documentFrequency(index.terms('kampus')[0]), 3)
    t.equal(index.documentFrequency(index.terms('asuransi')[0]), 1)
    t.equal(index.documentFrequency('tidakada'), 0)

    const query = 'aktuari asuransi'
    const terms = index.terms(query)
    const { hits, words } = await index.search(query, terms, 10)
    t.equal(hits[0].chunk.id, 'aktuaria')
    t.equal(hits[0].chunk.text, CHUNKS[0].text, 'the stored chunk comes back whole')
    t.ok(hits[0].score > 0)
    t.equal(words.length, terms.length)
    t.ok(words[0].some(({ word, weight }) => word !== terms[0] && word.startsWith(terms[0]) && weight < 1), 'aktuari expands to the indexed aktuaria')
    const aktuaria = words[0].find(({ word }) => word !== terms[0])?.word ?? ''
    t.ok(hits[0].has(['section'], aktuaria), 'found in the section heading')
    t.notOk(hits[0].has(['title'], aktuaria), 'not in the title')

    const asrama = index.entry('asrama')
    t.ok(asrama?.has(['title', 'section', 'text'], index.terms('Jatinangor')[0]))
    t.notOk(asrama?.has(['title', 'section', 'text'], terms[1]))
    t.equal(index.entry('missing'), undefined)
  })

  test(`${name}: removal and a saved index that loads the same`, async (t) => {
    const index = create()
    index.insert(CHUNKS)
    index.remove(['asrama', 'missing'])
    t.equal(index.size, 2)
    t.equal(index.get('asrama'), undefined)
    t.equal(index.documentFrequency(index.terms('kampus')[0]), 2, 'frequencies follow removals')
    const restored = create(JSON.parse(JSON.stringify(index.save())))
    t.equal(restored.size, 2)
    t.equal(restored.documentFrequency(index.terms('kampus')[0]), 2)
    const terms = restored.terms('mendaftar')
    const { hits } = await restored.search('mendaftar', terms, 5)
    t.same(hits.map((hit) => hit.chunk.id), ['pendaftaran'], 'a restored index still stems its queries')
  })
}
