// The local store's vector index: cosine order, dimension check, snapshot round trip.
import { test } from 'tap'
import { VectorIndex } from '../../../../src/services/retrieval/local/vector.ts'

test('nearest vectors come first by cosine, whatever their length', async (t) => {
  const index = new VectorIndex()
  index.set('east', [10, 0, 0])
  index.set('north-east', [1, 1, 0])
  index.set('north', [0, 0.5, 0])
  const found = index.search([2, 0.1, 0], 2)
  t.same(found.map(([id]) => id), ['east', 'north-east'])
  t.ok(Math.abs(found[0][1] - 0.9988) < 0.001, 'similarity is the cosine')
  t.ok(Math.abs((index.similarity([0, 3, 0], 'north') ?? 0) - 1) < 1e-6)
  t.equal(index.similarity([0, 3, 0], 'missing'), undefined)
  t.same(index.search([1, 0], 5), [], 'a query of another dimension finds nothing')
})

test('an embedding of another dimension is refused; a snapshot restores the same vectors', async (t) => {
  const index = new VectorIndex()
  t.same(index.save(), {}, 'no vectors: nothing saved')
  index.set('a', [3, 4])
  index.set('b', [0, 1])
  t.throws(() => { index.set('c', [1, 2, 3]) }, /3 dimensions, the local index has 2/)
  index.delete('b')
  const restored = new VectorIndex(JSON.parse(JSON.stringify(index.save())))
  t.equal(restored.size, 1)
  t.notOk(restored.has('b'))
  t.same(restored.search([3, 4], 1).map(([id]) => id), ['a'])
  t.ok(Math.abs((restored.similarity([3, 4], 'a') ?? 0) - 1) < 1e-6, 'stored normalised, restored exactly')
})
