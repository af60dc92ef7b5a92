import t from 'tap'
import { errorsOf } from '../../../bench/loadtest/figures.ts'
import type { Sample } from '../../../bench/loadtest/users.ts'

let nextId = 0
const sample = (status: number | string, start: number, end: number, instance = 'A'): Sample =>
  ({ id: nextId++, kind: 'text', instance, conversation: 'c', start, end, status, ok: status === 200 })

t.test('errors are counted by status', async (t) => {
  t.equal(errorsOf([sample(200, 1, 2)]), 'none')
  t.equal(errorsOf([sample(200, 1, 2), sample('503 OVERLOADED', 3, 3.1), sample('503 OVERLOADED', 4, 4.1)]), '503 OVERLOADED×2')
  t.equal(errorsOf([sample('sse 503 LLM_UNAVAILABLE', 3, 3.1)]), 'sse 503 LLM_UNAVAILABLE×1', 'an SSE error event was an answer')
})

t.test('a turn the client got no answer for says when, to which instance and after how long', async (t) => {
  const text = errorsOf([sample('ECONNRESET', 812.34, 812.75, 'B'), sample('503 OVERLOADED', 5, 5.1), sample('timeout', 20, 80)])
  t.match(text, /ECONNRESET×1/)
  t.match(text, /\(text to B 812\.3 s into the run, after 0\.41 s; text to A 20\.0 s into the run, after 60\.00 s\)$/)
  t.notMatch(text, /5\.0 s into/, 'answered errors are only counted')
})

t.test('at most five are placed', async (t) => {
  const text = errorsOf(Array.from({ length: 8 }, (_, i) => sample('ECONNRESET', i, i + 1)))
  t.equal(text.match(/into the run/g)?.length, 5)
})
