import t from 'tap'
import { createOutageReporter } from '../../src/services/outage.ts'

t.test('an outage is logged when it starts and when it ends; every failure is counted', async (t) => {
  const lines: Array<{ level: string, obj: Record<string, unknown>, msg?: string }> = []
  let counted = 0
  const outage = createOutageReporter({
    logger: { warn: (obj, msg) => lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }), info: (obj, msg) => lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }) },
    dependency: 'redis',
    failure: 'store down',
    recovery: 'store back',
    onFailure: () => { counted += 1 }
  })
  outage.succeeded()
  t.same(lines, [], 'nothing to say while it works')
  const error = new Error('connect ECONNREFUSED')
  for (let i = 0; i < 100; i++) outage.failed(error)
  t.equal(counted, 100)
  t.equal(outage.down, true)
  t.same(lines, [{ level: 'warn', obj: { err: error, dependency: 'redis' }, msg: 'store down' }])
  outage.succeeded()
  outage.succeeded()
  t.same(lines.slice(1), [{ level: 'info', obj: { dependency: 'redis', failures: 100 }, msg: 'store back' }])
  outage.failed(error)
  t.equal(lines.length, 3, 'a new outage is logged again')
})
