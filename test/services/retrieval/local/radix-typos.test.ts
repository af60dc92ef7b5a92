// Typos in the local index (radix-typos.ts): a query term in no document matches the indexed words one
// edit away, partly; a term the documents have, or a short one, does not.
import { test } from 'tap'
import { LocalStore } from '../../../../src/services/retrieval/index.ts'
import { chunkId } from '../../../../src/services/retrieval/chunking.ts'
import { createTypoMemo, typoWords } from '../../../../src/services/retrieval/local/radix-typos.ts'
import type { RadixNode } from '../../../../src/services/retrieval/local/radix-typos.ts'
import type { Chunk } from '../../../../src/services/retrieval/types.ts'

function chunk (path: string, text: string, title: string): Chunk {
  return { id: chunkId(path, 0), text, metadata: { source: `https://www.itb.ac.id/${path}`, path, title, section: '', position: 0, language: 'id' } }
}

/** A radix tree as Orama builds it (one letter per edge is a valid one), with one document per word. */
function tree (words: string[]): RadixNode {
  const node = (s: string, w: string): RadixNode => ({ c: new Map(), s, e: false, w, d: new Set() })
  const root = node('', '')
  words.forEach((word, id) => {
    let at = root
    for (let i = 0; i < word.length; i++) {
      const next = at.c.get(word[i]) ?? node(word[i], word.slice(0, i + 1))
      at.c.set(word[i], next)
      at = next
    }
    at.e = true
    at.d.add(id)
  })
  return root
}

test('the indexed words one edit from a term no document has', async (t) => {
  const root = tree(['beasiswa', 'beasiswi', 'asrama', 'agama', 'kalender', 'ukm'])
  t.same(typoWords([root], 'beasiwa'), ['beasiswa'], 'a letter left out')
  t.same(typoWords([root], 'baesiswa').sort(), ['beasiswa'], 'two neighbours swapped')
  t.same(typoWords([root], 'kalendre'), ['kalender'], 'swapped at the end')
  t.same(typoWords([root], 'asramaa'), ['asrama'], 'a letter added')
  t.same(typoWords([root], 'beasiswo').sort(), ['beasiswa', 'beasiswi'], 'every word one edit away')
  t.same(typoWords([root], 'beasiswa'), [], 'an indexed word has no typo')
  t.same(typoWords([root], 'ukt'), [], 'too short: "ukt" and "ukm" are both real')
  t.same(typoWords([root], 'agamaa'), ['agama'])
  t.same(typoWords([root], 'asgamu'), [], 'two edits from either')
  t.same(typoWords([tree(['aula']), root], 'beasiwa'), ['beasiswa'], 'in any of the trees')
})

test('a misspelt word finds the documents with the word it misspells', async (t) => {
  // "beasiwa": in no document, it matched nothing and the question was declined.
  const store = new LocalStore()
  store.replaceDocument('knowledge/beasiswa.md', [chunk('knowledge/beasiswa.md', 'Mahasiswa ITB dapat memperoleh beasiswa dari berbagai sumber.', 'Beasiswa')])
  for (const place of ['perpustakaan', 'asrama', 'masjid', 'kantin']) {
    store.replaceDocument(`knowledge/${place}.md`, [chunk(`knowledge/${place}.md`, `Gedung ${place} terbuka bagi mahasiswa ITB setiap hari.`, place)])
  }
  const hits = await store.searchPassages('beasiwa', { k: 5 })
  t.equal(hits[0]?.chunk.metadata.path, 'knowledge/beasiswa.md')
  t.ok(hits[0].coverage > 0.5 && hits[0].coverage < 1, `a partial match (${hits[0]?.coverage})`)
  t.same(await store.searchPassages('tokyo', { k: 5 }), [], 'a word with no neighbour finds nothing')
})

test('a memo walks a term once until it is cleared', async (t) => {
  const root = tree(['beasiswa', 'asrama'])
  const memo = createTypoMemo()
  const first = memo.words(['text'], [root], 'beasiwa')
  t.same(first, ['beasiswa'])
  t.equal(memo.words(['text'], [root], 'beasiwa'), first, 'the same words, not walked again')
  t.same(memo.words(['title', 'text'], [tree(['beasiwx']), root], 'beasiwa').sort(), ['beasiswa', 'beasiwx'], 'per set of fields')
  // A word added to the tree: the memo's words are stale until cleared.
  const more = tree(['beasiswa', 'asrama', 'beasiwi'])
  memo.clear()
  t.same(memo.words(['text'], [more], 'beasiwa').sort(), ['beasiswa', 'beasiwi'])
})

test('once the documents have the word, a search no longer takes it for a typo', async (t) => {
  // The typo walk is kept per index until it changes: a word added later is its own, not a typo.
  const store = new LocalStore()
  store.replaceDocument('knowledge/beasiswa.md', [chunk('knowledge/beasiswa.md', 'Mahasiswa ITB dapat memperoleh beasiswa dari berbagai sumber.', 'Beasiswa')])
  store.replaceDocument('knowledge/asrama.md', [chunk('knowledge/asrama.md', 'Gedung asrama terbuka bagi mahasiswa ITB setiap hari.', 'Asrama')])
  t.equal((await store.searchPassages('beasiwa', { k: 5 }))[0]?.chunk.metadata.path, 'knowledge/beasiswa.md', 'a typo of beasiswa')
  store.replaceDocument('knowledge/beasiwa.md', [chunk('knowledge/beasiwa.md', 'Beasiwa adalah nama sebuah desa di pegunungan.', 'Desa')])
  const hits = await store.searchPassages('beasiwa', { k: 5 })
  t.same(hits.map((hit) => hit.chunk.metadata.path), ['knowledge/beasiwa.md'], 'the word itself, no typo of it')
})
