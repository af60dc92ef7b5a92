// The bounded map behind the service's caches: those keyed by what users type (stems, Orama's
// normalised tokens), the answerer's, retrieval's memo, the resampler's filters, the ETags of Swagger UI's pages.
import t from 'tap'
import { BoundedMap } from '../../src/services/bounded-map.ts'

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

t.test('an entry deleted and set again on use is the newest: the least recently used goes first', async (t) => {
  const map = new BoundedMap<string, number>(3)
  map.set('a', 1).set('b', 2).set('c', 3)
  map.delete('a')
  map.set('a', 1) // refreshed, as the answerer's passage cache and retrieval's memo do on a hit
  map.set('d', 4)
  t.same([...map.keys()], ['c', 'a', 'd'])
  map.set('e', 5)
  t.same([...map.keys()], ['a', 'd', 'e'])
})

t.test('a limit below one holds one entry', async (t) => {
  const map = new BoundedMap<string, number>(0)
  map.set('a', 1).set('b', 2)
  t.same([...map.keys()], ['b'])
})

t.test('drops the oldest entry in the order they were set, across deletes, clears and V8 rebuilding its table', async (t) => {
  const map = new BoundedMap<number, number>(100)
  const expected: number[] = [] // keys oldest first, as the map should hold them
  let seed = 7
  const random = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n }
  for (let step = 0; step < 20_000; step++) {
    const key = random(400)
    if (random(10) === 0) {
      map.delete(key)
      if (expected.includes(key)) expected.splice(expected.indexOf(key), 1)
    } else if (step === 10_000) {
      map.clear()
      expected.length = 0
    } else {
      map.set(key, step)
      if (!expected.includes(key)) {
        if (expected.length >= 100) expected.shift()
        expected.push(key)
      }
    }
  }
  t.same([...map.keys()], expected)
})

// Each drop used to ask a new iterator for the oldest key: V8's iterator starts at the table's first
// slot and steps over every slot deleted since it last rebuilt the table, so a drop cost in
// proportion to the drops before it (11.5 µs at a limit of 10,000, 0.7 µs at 500; bench:heap's
// cache part prints the cost). No clock here: what made it slow was a new scan from the table's
// start for every drop, so the drops must read on through one iterator.
t.test('the drops read on through one iterator instead of scanning from the start each time', async (t) => {
  let scans = 0
  class Counted<K, V> extends BoundedMap<K, V> {
    override keys (): MapIterator<K> { scans += 1; return super.keys() }
  }
  const map = new Counted<string, number>(1000)
  for (let i = 0; i < 21_000; i++) map.set(`w${i}`, i)
  t.equal(map.size, 1000)
  t.same([...Map.prototype.keys.call(map)].slice(0, 2), ['w20000', 'w20001'], 'the oldest were dropped')
  t.equal(scans, 1, '20,000 drops, one scan')
})
