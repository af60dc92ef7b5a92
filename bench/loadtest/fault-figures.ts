// The figures of a run, part two: a row per fault phase (Redis restart, primary model down, speech and
// emotion down, SIGTERM), the ledger read back after the run, and the whole run (HTTP 500s, timeouts,
// the services' error log lines, the load generator's own health).
import { fmt } from '../helpers.ts'
import { LLM_MS, LLM_TIMEOUT_S, RECOVERY_TARGET_S } from './config.ts'
import { errorsOf, latencyOf, maxOf, pct, seconds, statuses, successRate, type Row, type RunData } from './figures.ts'
import { within as withinAll, type Phase } from './phases.ts'
import { tally } from './toolkit.ts'
import { isStatus, type Kind, type Sample } from './users.ts'
import { protocolViolations } from './vendors.ts'

export function faultRows (run: RunData, stallBound: Record<Kind, number>): Row[] {
  const { instances, samples, ticks, warmup, soak, finalLedger, loadEnded, cpuUsed, loopDelay } = run
  const { redisPhase, readyPolls, redisLedger, llmPhase, failovers, sttPhase, ttsPhase, emotionPhase, sigtermPhase, victim, inFlightAtKill } = run.faults
  const rows: Row[] = []
  const within = (from: number, to: number, filter?: (s: Sample) => boolean): Sample[] => withinAll(samples, from, to, filter)
  // Redis restart
  {
    const downAt = redisPhase.marks.down
    const backAt = redisPhase.marks.back
    // A turn is affected when it failed, or succeeded but took longer than stallBound (well past the
    // soak's p99). Requests are "normal again" after the last affected turn ended, counted from when Redis was back.
    const affected = (s: Sample): boolean => !s.ok || s.end - s.start > stallBound[s.kind]
    const around = within(redisPhase.start - 60, redisPhase.end, (s) => s.end <= redisPhase.end)
    const affectedAfter = around.filter((s) => affected(s) && s.end > backAt)
    const recovery = Math.max(0, ...affectedAfter.map((s) => s.end - backAt))
    const firstOk = Math.min(...within(backAt, redisPhase.end, (s) => s.ok).map((s) => s.end)) - backAt
    const stalled = around.filter((s) => s.ok && s.end > backAt && s.end - s.start > stallBound[s.kind])
    const failedAfter = affectedAfter.filter((s) => !s.ok)
    const outageErrors = around.filter((s) => !s.ok && s.end >= downAt - 0.5)
    const duringOutage = readyPolls.filter((p) => p.t >= downAt + 0.25 && p.t + 0.25 < backAt)
    const ready503 = duringOutage.filter((p) => p.status === 503).length
    // /ready is 200 again from the first 200 after Redis is back on each instance, and stays 200.
    const readyAgain = instances.map((instance) => {
      const polls = readyPolls.filter((p) => p.instance === instance.name && p.t >= backAt)
      const lastNot200 = polls.filter((p) => p.status !== 200).at(-1)
      const first200 = polls.find((p) => p.status === 200 && (lastNot200 === undefined || p.t > lastNot200.t))
      return first200 === undefined ? Number.POSITIVE_INFINITY : Math.max(0, first200.t - backAt)
    })
    const check = redisLedger
    rows.push({
      check: 'Fault: Redis restarted (AOF, 2 s down)',
      figures: `acknowledged turns lost: ${check.missing} of ${check.turns} (${check.conversations} conversations active in the phase read back${check.failedReads > 0 ? `, ${check.failedReads} reads failed` : ''})` +
        `${check.examples.length > 0 ? ` [${check.examples.join('; ')}]` : ''}; ` +
        `Redis served writes again ${fmt(backAt - redisPhase.marks.listening, 1)} s after it listened (replaying its append-only file); ` +
        `requests normal again ${fmt(recovery, 1)} s after Redis is back (first 200 after ${fmt(firstOk, 1)} s; ${failedAfter.length} errors ended after it was back, the last after ${fmt(maxOf(failedAfter.map((s) => s.end - backAt)), 1)} s; ` +
        `${stalled.length} turns ending after it was back took > ${fmt(stallBound.text, 1)} s (text) / ${fmt(stallBound.voice, 1)} s (voice), up to ${fmt(maxOf(seconds(stalled)), 1)} s); ` +
        `errors around the outage: ${statuses(outageErrors)}; ` +
        `/ready 503 in ${ready503}/${duringOutage.length} polls during the outage, 200 again ${readyAgain.map((t) => `${fmt(t, 1)} s`).join(' / ')} after Redis was back (A / B)`,
      target: `0 lost; normal ≤ ${RECOVERY_TARGET_S} s after; /ready 503 while down`,
      pass: check.missing === 0 && check.conversations > 0 && recovery <= RECOVERY_TARGET_S &&
        duringOutage.length > 0 && ready503 === duringOutage.length && readyAgain.every((t) => t <= RECOVERY_TARGET_S)
    })
  }

  // Primary LLM down
  {
    const m = llmPhase.marks
    const failing = within(m.failing, m.hanging)
    const hanging = within(m.hanging, m.restored)
    const all = [...failing, ...hanging]
    // Latency: turns that stayed inside their half (a turn crossing into the hanging half waits for the timeout).
    const textOk = (list: Sample[]): Sample[] => list.filter((s) => s.kind !== 'voice' && s.ok && (list !== failing || s.end <= m.hanging))
    const hangLimit = 2 * (LLM_TIMEOUT_S + 2 * LLM_MS / 1000) + 3 // two calls, each: primary timeout, then the fallback; plus slack
    const count = failovers.after - failovers.before
    rows.push({
      check: 'Fault: primary LLM down (HTTP 500, then hanging)',
      figures: `answering 500: ${failing.length} turns, ${pct(successRate(failing))} ok, text ${latencyOf(textOk(failing))}; ` +
        `hanging: ${hanging.length} turns, ${pct(successRate(hanging))} ok, text ${latencyOf(textOk(hanging))} (LLM_TIMEOUT ${LLM_TIMEOUT_S} s per call); ` +
        `itb_llm_failovers_total +${count}; errors: ${errorsOf(all)}`,
      target: '≥ 99 % ok through the fallback; failovers counted',
      pass: all.length > 0 && successRate(all) >= 0.99 && count > 0 && seconds(textOk(hanging)).every((s) => s < hangLimit)
    })
  }

  // Dependencies down. A voice turn is judged when it started after the fault began and ended before it
  // was repaired (so its call to the dependency certainly met the fault).
  const dependencyRow = (p: Phase, check: string, halves: [string, string], target: string, judge: (s: Sample) => boolean, describe: (voices: Sample[]) => string): void => {
    const m = p.marks
    const judged = (from: number, to: number): Sample[] => within(from, to, (s) => s.kind === 'voice' && s.end <= m.restored)
    const first = judged(m.failing, m.second)
    const second = judged(m.second, m.restored)
    const voices = [...first, ...second]
    const texts = within(m.failing, m.restored, (s) => s.kind !== 'voice')
    const recovered = within(m.restored + 0.5, p.end, (s) => s.kind === 'voice')
    const maxVoice = maxOf(seconds(voices))
    rows.push({
      check,
      figures: `${halves[0]}: ${first.length} voice turns, ${describe(first)}; ${halves[1]}: ${second.length} voice turns, ${describe(second)}; ` +
        `voice ${latencyOf(voices)}, max ${fmt(maxVoice, 1)} s; text meanwhile: ${texts.length} turns, ${pct(successRate(texts))} ok` +
        `${texts.some((s) => !s.ok) ? ` (${errorsOf(texts)})` : ''}; voice after repair: ${recovered.length} turns, ${pct(successRate(recovered))} ok`,
      target,
      pass: first.length > 0 && second.length > 0 && voices.every(judge) && maxVoice < 20 && successRate(texts) === 1 &&
        recovered.length > 0 && successRate(recovered) === 1
    })
  }
  dependencyRow(sttPhase, 'Fault: speech-to-text down', ['closing with 1011', 'stopped'], 'voice 502/503, fast; text unaffected',
    (s) => isStatus(s.status, 502) || isStatus(s.status, 503),
    (voices) => `${statuses(voices)}, ${latencyOf(voices)}`)
  dependencyRow(ttsPhase, 'Fault: speech synthesis down', ['closing with 1011', 'stopped'], 'voice 200, audio null + warning',
    (s) => s.ok && s.audioNull === true && /synthesis/i.test(s.warnings ?? ''),
    (voices) => `${statuses(voices)}, audio null in ${voices.filter((s) => s.audioNull === true).length}, synthesis warning in ${voices.filter((s) => /synthesis/i.test(s.warnings ?? '')).length}`)
  dependencyRow(emotionPhase, 'Fault: emotion down', ['HTTP 500', 'answering after 5 s'], 'voice 200, emotion neutral',
    (s) => s.ok && s.emotion === 'neutral' && /emotion/i.test(s.warnings ?? ''),
    (voices) => `${statuses(voices)}, emotion ${tally(voices.map((s) => s.emotion ?? '-'))}`)

  // SIGTERM
  {
    const killedAt = sigtermPhase.marks.sigterm
    const killed = new Set(inFlightAtKill)
    const drained = samples.filter((s) => killed.has(s.id))
    const others = within(killedAt, sigtermPhase.end)
    const exit = victim.exit
    const killedByTimeout = victim.service.output().includes('killed by timeout')
    const lastDrained = maxOf(drained.map((s) => s.end)) - killedAt
    rows.push({
      check: 'Fault: SIGTERM to instance B with requests in flight',
      figures: `${inFlightAtKill.length} in flight at SIGTERM (${tally(drained.map((s) => s.kind))}): ${drained.filter((s) => s.ok).length} completed 200 ` +
        `(${statuses(drained)}), the last ${fmt(lastDrained, 1)} s after SIGTERM; process exit code ${exit?.code ?? 'none'}${exit?.signal !== null && exit?.signal !== undefined ? ` (signal ${exit.signal})` : ''} ` +
        `${fmt((exit?.at ?? Number.NaN) - killedAt, 1)} s after SIGTERM${killedByTimeout ? ' — close-with-grace "killed by timeout": shutdown did not finish within SHUTDOWN_TIMEOUT (10 s)' : ''}; ` +
        `instance A meanwhile: ${others.length} turns, ${pct(successRate(others))} ok`,
      target: 'every in-flight request completes; exit 0; A unaffected',
      pass: inFlightAtKill.length > 0 && drained.length === inFlightAtKill.length && drained.every((s) => s.ok) && exit?.code === 0 && others.length > 0 && successRate(others) === 1
    })
  }

  // Ledger, whole run
  rows.push({
    check: 'Ledger: every acknowledged turn stored',
    figures: `${finalLedger.conversations} of ${run.conversations} conversations read back after the run, ${finalLedger.turns} acknowledged turns, ${finalLedger.missing} missing` +
      `${finalLedger.failedReads > 0 ? `, ${finalLedger.failedReads} reads failed` : ''}${finalLedger.examples.length > 0 ? ` [${finalLedger.examples.join('; ')}]` : ''}`,
    target: '0 missing',
    pass: finalLedger.missing === 0 && finalLedger.conversations === run.verified
  })
  const errorMessages: string[] = []
  for (const instance of instances) {
    for (const line of instance.service.output().split('\n')) {
      if (!line.includes('"level":50')) continue
      try {
        const entry = JSON.parse(line) as { msg?: string, err?: { message?: string } }
        errorMessages.push(`${entry.msg ?? ''}: ${(entry.err?.message ?? '').slice(0, 70)}`)
      } catch {}
    }
  }
  const http500 = samples.filter((s) => isStatus(s.status, 500))
  rows.push({
    check: 'Whole run',
    figures: `${samples.length} turns in ${fmt(loadEnded / 60, 1)} min (${tally(samples.map((s) => s.kind))}); HTTP 500s: ${http500.length}` +
      `${http500.length > 0 ? ` (${tally(http500.map((s) => phaseAt(s.start)))})` : ''}; client timeouts: ${samples.filter((s) => s.status === 'timeout').length}; ` +
      `service error log lines: ${errorMessages.length === 0 ? 'none' : tally(errorMessages, 4)}; ` +
      `load generator: event-loop delay p99 ${fmt(loopDelay.percentile(99) / 1e6, 0)} ms, ${pct((cpuUsed.user + cpuUsed.system) / 1e6 / loadEnded)} of a core, RSS max ${fmt(maxOf(ticks.map((t) => t.loadgenRss)), 0)} MB; ` +
      `fake protocol violations: ${protocolViolations(run.vendors)}`,
    target: 'no HTTP 500, no hang',
    pass: http500.length === 0 && samples.every((s) => s.status !== 'timeout')
  })
  function phaseAt (t: number): string {
    const phases = [warmup, soak, redisPhase, llmPhase, sttPhase, ttsPhase, emotionPhase, sigtermPhase]
    return phases.find((p) => t >= p.start && t < p.end)?.name ?? 'wind-down'
  }
  return rows
}
