// The demo client as a screen reader presents it, in a real browser (Debian's chromium through
// playwright-core): an answer's words are marked with the language the API gives for it (lang="id",
// lang="en") whatever the UI's language, so that they are not read with the page's pronunciation,
// while the UI's own words (labels, "Answering…") and the visitor's question keep the page's
// language; a stored turn without a language is marked Indonesian, the service's; and the
// history restored after a reload goes into the log while its live region is off, and it stays off
// until the browser has drawn them (when Chromium passes changes on to assistive technology), so
// that it is not announced again. The live region's state at each insertion is read from a
// MutationObserver's records, in the order the page made its changes. A spoken answer's caption
// shows the sentence being heard, marked with that sentence's language (the audio event's), and the
// log marks each sentence of an answer that mixes languages the same way, spoken or written. The
// language toggle relabels the log's turns with its live region off: words changed, not news. The
// record button's name says what a press does; it is no toggle (a toggle's name must not change).
import t from 'tap'
import type { Page } from 'playwright-core'
import { TEST_API_KEY } from '../support/helpers/app.ts'
import { cspViolations } from '../support/helpers/browser.ts'
import { demoBrowser, openDemo, pageStayedClean, QUESTION, recordQuestion, saveKey, speechFakes, startDemoApp, unexpectedProblems, WAIT } from '../support/helpers/demo-page.ts'

// The page's globals, for the functions evaluated in the browser (the project compiles without the DOM lib).
declare const document: any, window: any, MutationObserver: any, requestAnimationFrame: any

interface Insertion { turn: string, live: string | null, drawn: string | null }
interface Caption { text: string, lang: string | null, at: number }

/**
 * Records, for every turn added to the log, the log's aria-live at that moment and when the next
 * frame is drawn. Records come in the order of the changes: an attribute record's oldValue is the
 * value before it, so the value after it is the next record's oldValue, or the attribute's value
 * now after the last one.
 */
async function recordInsertions (page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.insertions = []
    const observer = new MutationObserver((records: any[]) => {
      const log = document.getElementById('log')
      const changes = records.filter((record) => record.type === 'attributes' && record.target === log)
      let live = changes.length > 0 ? changes[0].oldValue : log?.getAttribute('aria-live')
      for (const record of records) {
        if (record.target !== log) continue
        if (record.type === 'attributes') {
          const next = changes[changes.indexOf(record) + 1]
          live = next === undefined ? log.getAttribute('aria-live') : next.oldValue
          continue
        }
        for (const node of record.addedNodes) {
          if (node.classList?.contains('turn') !== true) continue
          const insertion = { turn: node.className, live, drawn: null }
          window.insertions.push(insertion)
          requestAnimationFrame(() => { insertion.drawn = log.getAttribute('aria-live') })
        }
      }
    })
    observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-live'], attributeOldValue: true })
  })
}

/** Each turn's role, its text's lang attribute and the language its label is read in. */
async function languages (page: Page): Promise<Array<{ turn: string, text: string | null, label: string }>> {
  return await page.locator('#log .turn').evaluateAll((turns) => turns.map((turn: any) => ({
    turn: turn.className,
    text: turn.querySelector('.text').getAttribute('lang'),
    label: turn.querySelector('.who').closest('[lang]').getAttribute('lang')
  })))
}

const demo = await demoBrowser(t, 'itb-demo-screen-reader-')
if (demo !== undefined) {
  const { browser } = demo

  t.test('in English, answers are marked Indonesian and the rest is not; restored history is not announced again', async (t) => {
    const { url } = await startDemoApp(t)
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, TEST_API_KEY)
    await page.click('#language')
    t.equal(await page.getAttribute('html', 'lang'), 'en')

    // While the answer is on its way the entry shows the UI's "Answering…": English, unmarked.
    let release = (): void => {}
    const held = new Promise<void>((resolve) => { release = resolve })
    await page.route('**/v1/chat', async (route) => {
      await held
      await route.continue()
    })
    await page.fill('#question', QUESTION)
    await page.press('#question', 'Enter')
    const waiting = page.locator('.turn.assistant[aria-busy="true"] .text')
    await waiting.waitFor(WAIT)
    t.equal(await waiting.textContent(), 'Answering…')
    t.equal(await waiting.getAttribute('lang'), null, '"Answering…" is in the page\'s language')
    await page.click('#language')
    t.equal(await waiting.textContent(), 'Sedang menjawab…', 'and follows it')
    await page.click('#language')
    release()
    await page.waitForSelector('.turn.assistant:not([aria-busy]) .sources a', WAIT)
    const marked = [
      { turn: 'turn user', text: null, label: 'en' },
      { turn: 'turn assistant', text: 'id', label: 'en' }
    ]
    t.same(await languages(page), marked, 'the answer is Indonesian; the question and the labels inherit the page\'s English')

    await recordInsertions(page)
    await page.reload()
    await page.waitForSelector('.turn.assistant .sources a', WAIT)
    t.same(await languages(page), marked, 'the restored turns are marked alike')
    await page.waitForSelector('#log[aria-live="polite"]', WAIT)
    t.same(await page.evaluate(() => window.insertions), [
      { turn: 'turn user', live: 'off', drawn: 'off' },
      { turn: 'turn assistant', live: 'off', drawn: 'off' }
    ], 'the restored turns went in while the live region was off, still off when drawn')

    // The live region is back on for the next question and its answer.
    await page.fill('#question', 'Kalau biayanya?')
    await page.press('#question', 'Enter')
    await page.waitForFunction(() => document.querySelectorAll('.turn.assistant:not([aria-busy])').length === 2, undefined, WAIT)
    t.same((await page.evaluate(() => window.insertions) as Insertion[]).slice(2), [
      { turn: 'turn user', live: 'polite', drawn: 'polite' },
      { turn: 'turn assistant', live: 'polite', drawn: 'polite' }
    ], 'a new turn is announced')

    pageStayedClean(t, record)
  })
  t.test('an English answer is marked English, in the Indonesian UI too, streamed and restored; a stored turn without a language is Indonesian', async (t) => {
    const { url } = await startDemoApp(t)
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, TEST_API_KEY)
    t.equal(await page.getAttribute('html', 'lang'), 'id')
    const ask = async (question: string, answers: number): Promise<void> => {
      await page.fill('#question', question)
      await page.press('#question', 'Enter')
      await page.waitForFunction((n) => document.querySelectorAll('.turn.assistant:not([aria-busy]) .sources a').length >= n, answers, WAIT)
    }
    await ask('When was ITB founded?', 1)
    await ask(QUESTION, 2)
    const marked = [
      { turn: 'turn user', text: null, label: 'id' },
      { turn: 'turn assistant', text: 'en', label: 'id' },
      { turn: 'turn user', text: null, label: 'id' },
      { turn: 'turn assistant', text: 'id', label: 'id' }
    ]
    t.same(await languages(page), marked, 'each answer in the language of its done event')
    await page.reload()
    await page.waitForFunction(() => document.querySelectorAll('.turn.assistant .sources a').length >= 2, undefined, WAIT)
    t.same(await languages(page), marked, 'restored: from the stored turns')

    // A conversation stored before the API gave an answer's language: its turns have none.
    await page.route('**/v1/conversations/**', async (route) => {
      const response = await route.fetch()
      const body = await response.json() as { turns: Array<{ language?: string }> }
      for (const turn of body.turns) delete turn.language
      await route.fulfill({ response, json: body })
    })
    await page.reload()
    await page.waitForFunction(() => document.querySelectorAll('.turn.assistant .sources a').length >= 2, undefined, WAIT)
    t.same((await languages(page)).map((turn) => turn.text), [null, 'id', null, 'id'], 'no language stored: Indonesian')

    pageStayedClean(t, record)
  })

  t.test('switching the UI\'s language relabels the log quietly: its turns are not read out again', async (t) => {
    const { url } = await startDemoApp(t)
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, TEST_API_KEY)
    await page.fill('#question', QUESTION)
    await page.press('#question', 'Enter')
    await page.waitForSelector('.turn.assistant:not([aria-busy]) .sources a', WAIT)
    await page.waitForSelector('#log[aria-live="polite"]', WAIT)
    // Every change inside the log, with its live region's state then and when the next frame is drawn.
    await page.evaluate(() => {
      const log = document.getElementById('log')
      window.relabels = []
      new MutationObserver((records: any[]) => {
        for (const change of records) {
          if (change.target === log && change.type === 'attributes') continue
          const relabel = { text: change.target.textContent, live: log.getAttribute('aria-live'), drawn: null }
          window.relabels.push(relabel)
          requestAnimationFrame(() => { relabel.drawn = log.getAttribute('aria-live') })
        }
      }).observe(log, { childList: true, characterData: true, subtree: true, attributes: true })
    })
    await page.click('#language')
    t.equal(await page.textContent('.turn.user .who'), 'You')
    await page.waitForSelector('#log[aria-live="polite"]', WAIT)
    const relabels = await page.evaluate(() => window.relabels) as Array<{ text: string, live: string, drawn: string }>
    t.ok(relabels.some((relabel) => relabel.text === 'Sources:'), `the labels changed (${relabels.length} changes)`)
    // Before: "You", "ITB Chatbot", "Sources:" and each "(opens in a new tab)" went in with the log polite.
    t.same(relabels.filter((relabel) => relabel.live !== 'off' || relabel.drawn !== 'off'), [], 'every change made, and drawn, with the live region off')

    // The next answer is announced.
    await page.fill('#question', 'Kalau biayanya?')
    await page.press('#question', 'Enter')
    await page.waitForSelector('.turn.assistant:nth-child(4):not([aria-busy])', WAIT)
    t.equal(await page.getAttribute('#log', 'aria-live'), 'polite')

    pageStayedClean(t, record)
  })

  t.test('the record button says what a press does, and is no toggle whose name changes', async (t) => {
    const { url } = await startDemoApp(t)
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, TEST_API_KEY)
    t.equal(await page.locator('#record').ariaSnapshot(), '- button "Tanya dengan suara"')
    await page.click('#record')
    await page.waitForFunction(() => document.getElementById('recording').textContent !== '', undefined, WAIT)
    // Before: '- button "Berhenti dan kirim" [pressed]', read as "stop and send, pressed".
    t.equal(await page.locator('#record').ariaSnapshot(), '- button "Berhenti dan kirim"')
    await page.click('#record')
    await page.waitForSelector('#status[data-kind="error"]', WAIT)
    t.equal(await page.locator('#record').ariaSnapshot(), '- button "Tanya dengan suara"')

    t.same(record.pageErrors, [])
    t.same(cspViolations(record), [])
    t.same(unexpectedProblems(record, 503), [], 'no speech-to-text here: the recording is refused')
  })

  t.test('a written answer that mixes languages is marked sentence by sentence, as a spoken one is: the English framing, then the Indonesian sentences', async (t) => {
    const { url } = await startDemoApp(t)
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, TEST_API_KEY)
    await page.fill('#question', 'Where is the Bosscha Observatory?')
    await page.press('#question', 'Enter')
    await page.waitForSelector('.turn.assistant:not([aria-busy]) .sources a', WAIT)
    const answer = page.locator('.turn.assistant .text')
    t.equal(await answer.getAttribute('lang'), 'id', 'the answer\'s own language, from its done event')
    const parts = await answer.evaluate((text: any) => [...text.childNodes].map((node: any) => ({ text: node.textContent, lang: node.lang })))
    t.match(parts[0], { text: 'According to the available information (in Indonesian), ', lang: 'en' }, 'the framing')
    t.match(parts[1], { text: /^Observatorium Bosscha/, lang: 'id' }, 'the sentence after it')
    t.same(parts.slice(1).map((part) => part.lang), parts.slice(1).map(() => 'id'), `every part a marked span (${parts.length})`)
    t.equal(parts.map((part) => part.text).join(''), await answer.textContent(), 'the marks take nothing away')

    pageStayedClean(t, record)
  })

  t.test('a spoken answer\'s caption is the sentence being heard, marked with its language: the English framing, then the Indonesian sentence', async (t) => {
    const { env } = await speechFakes(t, () => 'Where is the Bosscha Observatory?', 'neutral')
    const { url } = await startDemoApp(t, env)
    const { page, record } = await openDemo(browser, url)
    // Every caption the page shows, with its lang and when (the page's clock).
    await page.evaluate(() => {
      const caption = document.getElementById('caption')
      window.captions = []
      new MutationObserver(() => {
        const last = window.captions.at(-1)
        const now = { text: caption.textContent, lang: caption.getAttribute('lang'), at: performance.now() }
        if (last?.text !== now.text || last?.lang !== now.lang) window.captions.push(now)
      }).observe(caption, { childList: true, characterData: true, subtree: true, attributes: true, attributeFilter: ['lang'] })
    })
    await saveKey(page, TEST_API_KEY)
    t.equal(await page.textContent('#caption'), '—')
    await recordQuestion(page, 1)
    await page.waitForFunction(() => window.captions.length >= 2, undefined, WAIT)
    const [framing, sentence] = await page.evaluate(() => window.captions) as Caption[]
    t.match(framing, { text: 'According to the available information (in Indonesian),', lang: 'en' }, 'English, in the Indonesian UI')
    t.match(sentence, { text: /^Observatorium Bosscha/, lang: 'id' })
    // The fake speaks ~60 ms per character: the framing is heard for about 3 s, however soon the next
    // sentence's audio arrived.
    const heard = (sentence?.at ?? 0) - (framing?.at ?? 0)
    t.ok(heard > 2000, `the next caption came when the framing had been heard (${Math.round(heard)} ms)`)
    t.equal(await page.locator('#caption').evaluate((caption: any) => caption.closest('[aria-live]')), null, 'not announced: it would talk over the audio')

    // In the log, the answer is marked Indonesian (its done event's language), and each sentence with its own.
    await page.waitForSelector('#timings li:nth-child(5)', WAIT)
    const answer = page.locator('.turn.assistant .text')
    t.equal(await answer.getAttribute('lang'), 'id')
    const parts = await answer.evaluate((text: any) => [...text.childNodes].map((node: any) => ({ text: node.textContent, lang: node.lang })))
    t.match(parts[0], { text: 'According to the available information (in Indonesian), ', lang: 'en' }, 'the framing')
    t.match(parts[1], { text: /^Observatorium Bosscha/, lang: 'id' }, 'the sentence after it')
    t.same(parts.slice(1).map((part) => part.lang), parts.slice(1).map(() => 'id'), `every part a marked span (${parts.length})`)

    // Stopping the spoken answer (Escape) ends its caption.
    await page.keyboard.press('Escape')
    await page.waitForFunction(() => document.getElementById('caption').textContent === '—', undefined, WAIT)
    t.equal(await page.getAttribute('#caption', 'lang'), null, 'no sentence: the dash is the page\'s')

    // The marks take nothing away: the text is the stored answer's (a restored turn has no sentences).
    const spoken = await answer.textContent()
    await page.reload()
    await page.waitForSelector('.turn.assistant .sources a', WAIT)
    t.equal(await answer.textContent(), spoken)
    t.equal(await answer.evaluate((text: any) => text.children.length), 0, 'restored: one language, the answer\'s')

    pageStayedClean(t, record)
  })
}
