// The in-process saver's thread bookkeeping on its own (the saver's behaviour is in
// memory-saver.test.ts and turn-expiry.test.ts): threads with a turn in progress are neither evicted
// nor expired, and the count exceeds maxThreads only by them, whatever the interleaving.
import t from 'tap'
import { MemoryThreads } from '../../../src/services/conversations/memory-saver-threads.ts'

function table (maxThreads: number, ttlMs = 60_000) {
  let now = 1_000_000
  const threads = new MemoryThreads<string>({ maxThreads, ttlMs, now: () => now })
  return { threads, advance: (ms: number) => { now += ms } }
}

t.test('eviction skips held threads, oldest first among the others', async (t) => {
  const { threads } = table(3)
  for (const id of ['a', 'b', 'c']) threads.writable(id, () => id)
  const release = threads.hold('a')
  threads.get('b') // b used after a's hold: c is the least recently used thread not held
  threads.writable('d', () => 'd')
  t.same(threads.ids(), ['a', 'b', 'd'], 'c evicted, a kept though older')
  threads.writable('e', () => 'e')
  t.same(threads.ids(), ['a', 'd', 'e'], 'then b')
  release() // the end of a turn is a use: a becomes the most recently used
  threads.writable('f', () => 'f')
  t.same(threads.ids(), ['e', 'a', 'f'], 'd evicted')
  threads.writable('g', () => 'g')
  threads.writable('h', () => 'h')
  t.same(threads.ids(), ['f', 'g', 'h'], 'released, a is evicted in its turn')
})

t.test('a thread held before it exists (a new conversation\'s first turn) is protected once written', async (t) => {
  const { threads, advance } = table(1, 1_000)
  const release = threads.hold('new')
  t.equal(threads.get('new'), undefined, 'nothing stored yet')
  threads.writable('new', () => 'first')
  threads.writable('other', () => 'other')
  t.same(threads.ids(), ['new', 'other'], 'exceeds maxThreads rather than evicting it')
  advance(5_000)
  t.equal(threads.get('new'), 'first', 'nor expires while held')
  release()
  advance(1_000)
  t.equal(threads.size, 0, 'both expired once released')
})

t.test('random turns and writes: no held thread is ever lost, the count stays bounded', async (t) => {
  const maxThreads = 4
  const { threads, advance } = table(maxThreads)
  let seed = 42
  const random = (n: number): number => { seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; return seed % n }
  const turns = new Map<string, () => void>() // thread id -> release of its turn in progress
  let lost = 0
  let overBound = 0
  let notShrunk = 0
  let exceeded = 0
  let peakTurns = 0
  for (let step = 0; step < 5_000; step++) {
    const id = `t${random(12)}`
    const isNew = threads.get(id, false) === undefined
    const action = random(3)
    let wrote = true
    if (action === 0 && !turns.has(id)) {
      turns.set(id, threads.hold(id))
      threads.writable(id, () => id) // the turn's write
    } else if (action === 1 && turns.has(id)) {
      turns.get(id)?.()
      turns.delete(id)
      wrote = false
    } else {
      threads.writable(id, () => id)
    }
    advance(random(100))
    peakTurns = Math.max(peakTurns, turns.size)
    for (const held of turns.keys()) if (threads.get(held, false) === undefined) lost += 1
    const count = threads.ids().length
    if (count > Math.max(maxThreads, peakTurns + 1)) overBound += 1
    if (isNew && wrote && turns.size < maxThreads && count > maxThreads) notShrunk += 1
    if (count > maxThreads) exceeded += 1
  }
  t.equal(lost, 0, 'every thread with a turn in progress is kept')
  t.equal(overBound, 0, 'the count never exceeds max(maxThreads, turns in flight at their peak + 1)')
  t.equal(notShrunk, 0, 'a new thread added while fewer than maxThreads turns run brings the count back within maxThreads')
  t.ok(exceeded > 0, 'the case of every thread held did occur')
})
