// The bounded map behind the caches keyed by what users type (stems, Orama's normalised tokens).
import t from 'tap'
import { BoundedMap } from '../../../src/services/text/bounded-map.ts'

t.test('holds at most its limit, dropping the entry set longest ago', async (t) => {
  const map = new BoundedMap<string, number>(3)
  for (const [i, key] of ['a', 'b', 'c', 'd', 'e'].entries()) map.set(key, i)
  t.equal(map.size, 3)
  t.same([...map.keys()], ['c', 'd', 'e'])
  t.equal(map.get('e'), 4)
  t.equal(map.get('a'), undefined)
})

t.test('setting a key it holds replaces the value and drops nothing', async (t) => {
  const map = new BoundedMap<string, number>(2)
  map.set('a', 1).set('b', 2).set('a', 3)
  t.same([...map.entries()], [['a', 3], ['b', 2]])
})

t.test('a limit below one holds one entry', async (t) => {
  const map = new BoundedMap<string, number>(0)
  map.set('a', 1).set('b', 2)
  t.same([...map.keys()], ['b'])
})
