// src/wiring/shutdown.ts: SHUTDOWN_TIMEOUT and SHUTDOWN_TURN_SETTLE become the drain's milliseconds,
// and the bound past which a server process or the cluster primary gives up.
import { test } from 'tap'
import { loadConfig } from '../../src/config.ts'
import { shutdownSettings } from '../../src/wiring/shutdown.ts'
import { SHUTDOWN_MARGIN } from '../../schemas/env.ts'

const config = (env: Record<string, string>) => loadConfig({ env: { API_KEYS: 'wiring-test-key', ...env }, dotenvPath: false })

test('the defaults: 10 s to drain, 2 s for a cancelled turn to settle, 5 s of margin in all', async (t) => {
  t.same(shutdownSettings(config({})), { deadlineMs: 10_000, settleMs: 2000, giveUpMs: 15_000 })
})

test('each setting in milliseconds; the settle comes out of the margin, which stays as it is', async (t) => {
  t.same(shutdownSettings(config({ SHUTDOWN_TIMEOUT: '30', SHUTDOWN_TURN_SETTLE: '0.5' })), { deadlineMs: 30_000, settleMs: 500, giveUpMs: 35_000 })
  const longest = shutdownSettings(config({ SHUTDOWN_TURN_SETTLE: String(SHUTDOWN_MARGIN - 1) }))
  t.equal(longest.settleMs, 4000)
  t.ok(longest.giveUpMs - longest.deadlineMs - longest.settleMs >= 1000, 'at least 1 s of the margin is left to close Redis')
})
