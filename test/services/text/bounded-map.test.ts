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

// Each drop used to ask a new iterator for the oldest key: V8 steps over every slot deleted since it
// last rebuilt the table, so a drop cost in proportion to the drops before it (11.5 µs at a limit of
// 10,000, 0.7 µs at 500). A drop's cost must not depend on the limit: the ratio below was ~20× before (11.5 µs against 0.5 µs), 1.5× after.
t.test('dropping the oldest entry costs about the same in a large map as in a small one', async (t) => {
  const DROPS = 20_000
  const perDrop = (limit: number): number => {
    const keys = Array.from({ length: limit + DROPS }, (_, i) => `w${i}`)
    const map = new BoundedMap<string, number>(limit)
    for (let i = 0; i < limit; i++) map.set(keys[i] as string, i)
    const started = performance.now()
    for (let i = limit; i < keys.length; i++) map.set(keys[i] as string, i)
    return (performance.now() - started) / DROPS
  }
  let small = Infinity
  let large = Infinity
  for (let round = 0; round < 3; round++) { // alternating, best of three: the machine's load weighs on both
    small = Math.min(small, perDrop(500))
    large = Math.min(large, perDrop(40_000))
  }
  t.ok(large < small * 10, `per drop: ${(large * 1e6).toFixed(0)} ns at 40,000 entries, ${(small * 1e6).toFixed(0)} ns at 500`)
})
