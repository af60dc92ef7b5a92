// The demo client as a student uses it, in a real browser (Debian's chromium through playwright-core):
// on a first visit (where the key comes from; a failed question does not pile up in the log), in
// English after the toggle (the log relabelled), from the keyboard (one question per Enter, focus
// never lost to the page, a focus ring that can be seen on every background) and on a 360 px phone
// (long links wrap, in an answer and in a transcript, tap targets of 44 px, the footer in the page's
// column, a failed question's reason brought into view), and on a laptop (the question box on screen
// under a log that scrolls on its own). Answers whose shape matters (a long source URL) are served
// by page.route, so the page is tested against that stream.
import t from 'tap'
import type { Page, Route } from 'playwright-core'
import { TEST_API_KEY } from '../support/helpers/app.ts'
import { cspViolations } from '../support/helpers/browser.ts'
import { colorContrast, evaluateWithContrast } from '../support/helpers/contrast.ts'
import { demoBrowser, openDemo, pageStayedClean, QUESTION, recordQuestion, saveKey, shownError, startDemoApp, unexpectedProblems, WAIT } from '../support/helpers/demo-page.ts'

// The page's globals, for the functions evaluated in the browser (the project compiles without the DOM lib).
declare const document: any, window: any, getComputedStyle: any

const PHONE = { width: 360, height: 740 }
const LONG_URL = `https://admission.itb.ac.id/${'informasi-pendaftaran-'.repeat(12)}?utm_source=${'x'.repeat(60)}`

/** One whole answer as the service streams it: two tokens, its sources, done. */
function streamedAnswer (answer: string, sources: Array<{ title: string, url: string }>): string {
  const done = { answer, sources, conversation_id: 'c', mode: 'extractive', exec_time: { retrieval: 0, llm: 0, total: 0 } }
  const half = Math.floor(answer.length / 2)
  return [['token', { text: answer.slice(0, half) }], ['token', { text: answer.slice(half) }], ['sources', { sources }], ['done', done]]
    .map(([event, data]) => `event: ${event as string}\ndata: ${JSON.stringify(data)}\n\n`).join('')
}

async function serveAnswer (route: Route, answer: string, sources: Array<{ title: string, url: string }>): Promise<void> {
  await route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: streamedAnswer(answer, sources) })
}

async function answered (page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('.turn.assistant:not([aria-busy])').length >= n, count, WAIT)
}

/** Asks `questions` times, each answered with some 600 characters; `then(count)` after each answer. */
async function askLongQuestions (page: Page, questions: number, then = async (count: number): Promise<void> => {}): Promise<void> {
  await page.route('**/v1/chat', async (route) => { await serveAnswer(route, 'ITB didirikan pada 1920. '.repeat(25), []) })
  for (let count = 1; count <= questions; count++) {
    await page.fill('#question', QUESTION)
    await page.press('#question', 'Enter')
    await answered(page, count)
    await then(count)
  }
}

/** Which of the elements with these ids are not wholly on the screen. */
async function offScreen (page: Page, ...ids: string[]): Promise<string[]> {
  return await page.evaluate((all) => all.filter((id) => {
    const { top, bottom } = document.getElementById(id).getBoundingClientRect()
    return top < 0 || bottom > window.innerHeight
  }), ids)
}

const demo = await demoBrowser(t, 'itb-demo-usability-')
if (demo !== undefined) {
  const { browser } = demo

  t.test('from the keyboard: Enter sends a question once, and focus stays where the visitor can type', async (t) => {
    const { url } = await startDemoApp(t)
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, TEST_API_KEY)
    // The answer waits until the test lets it go: the visitor presses Enter again meanwhile.
    let release = (): void => {}
    const held = new Promise<void>((resolve) => { release = resolve })
    let calls = 0
    await page.route('**/v1/chat', async (route) => {
      calls++
      await held
      await route.continue()
    })
    await page.fill('#question', QUESTION)
    await page.press('#question', 'Enter')
    await page.waitForSelector('.turn.assistant[aria-busy="true"]', WAIT)
    await page.press('#question', 'Enter')
    await page.press('#question', 'Enter')
    t.equal(await page.locator('.turn.user').count(), 1, 'Enter while an answer streams sends nothing more')
    release()
    await answered(page, 1)
    t.equal(calls, 1, 'one request')

    // Sent with the Kirim button from the keyboard: the button is disabled while the answer streams,
    // and focus must not fall back to the page's start.
    await page.fill('#question', 'Kalau biayanya?')
    await page.focus('#ask')
    await page.keyboard.press('Enter')
    await answered(page, 2)
    t.equal(await page.evaluate(() => document.activeElement?.id), 'question', 'focus in the question box, ready for the next one')

    pageStayedClean(t, record)
  })

  t.test('first visit: the page says where a key comes from; a question that got no answer leaves the log and stays in the box', async (t) => {
    const { url } = await startDemoApp(t)
    const { page, record } = await openDemo(browser, url)
    t.match(await page.textContent('#key-help'), /pengelola/, 'a student learns who gives out keys')
    t.equal(await page.getAttribute('#api-key', 'aria-describedby'), 'key-help key-state')
    // The recording's elapsed time changes four times a second: no live region may read each out.
    t.equal(await page.evaluate(() => document.getElementById('recording').closest('[aria-live]:not([aria-live="off"])')), null, 'the recording timer is not announced')

    // Spaces are no key (the field's `required` lets them through), and a forgotten key is not "saved".
    await saveKey(page, '   ')
    t.equal(await shownError(page), 'Masukkan kunci API terlebih dahulu.')
    await saveKey(page, TEST_API_KEY)
    await page.waitForSelector('#status[data-kind="info"]', WAIT)
    await page.click('#key-forget')
    t.equal(await page.textContent('#status'), 'Kunci dilupakan: tab ini tidak lagi menyimpannya.')
    t.equal(await page.evaluate(() => document.activeElement?.id), 'api-key')

    await saveKey(page, TEST_API_KEY)
    await page.route('**/v1/chat', async (route) => { await route.abort('connectionrefused') })
    for (let attempt = 1; attempt <= 2; attempt++) {
      await page.fill('#question', QUESTION)
      await page.press('#question', 'Enter')
      t.equal(await shownError(page), 'Tidak dapat menghubungi server. Periksa koneksi Anda lalu coba lagi.')
      t.equal(await page.locator('.turn').count(), 0, `attempt ${attempt}: no unanswered question piles up in the log`)
      t.equal(await page.inputValue('#question'), QUESTION, 'the question waits in the box to be sent again')
      await page.evaluate(() => { document.getElementById('status').hidden = true; delete document.getElementById('status').dataset.kind })
    }
    t.same(record.pageErrors, [])
    t.same(cspViolations(record), [])
    t.same(record.problems.filter((line) => !line.includes('ERR_CONNECTION_REFUSED')), [])
  })

  t.test('switching to English relabels the turns already in the log; source links say they open a new tab', async (t) => {
    const { url } = await startDemoApp(t)
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, TEST_API_KEY)
    await page.route('**/v1/chat', async (route) => { await serveAnswer(route, 'ITB didirikan pada 1920.', [{ title: 'Sejarah Singkat ITB', url: 'https://www.itb.ac.id/' }]) })
    await page.fill('#question', QUESTION)
    await page.press('#question', 'Enter')
    await answered(page, 1)
    // A source opens in a new tab: a screen reader user hears so (the words are visually hidden).
    t.equal(await page.textContent('.turn.assistant .sources a'), 'Sejarah Singkat ITB (membuka tab baru)')
    await page.click('#language')
    t.equal(await page.textContent('.turn.assistant .sources a'), 'Sejarah Singkat ITB (opens in a new tab)')
    t.equal(await page.textContent('.turn.user .who'), 'You')
    t.equal(await page.textContent('.turn.assistant .sources > span'), 'Sources:')
    await page.click('#language')
    t.equal(await page.textContent('.turn.user .who'), 'Anda', 'and back')
    t.equal(await page.textContent('.turn.assistant .sources > span'), 'Sumber:')
    t.same(record.pageErrors, [])
    t.same(unexpectedProblems(record), [])
  })

  t.test('every control\'s focus ring has 3:1 contrast against what surrounds it (WCAG 1.4.11)', async (t) => {
    const { url } = await startDemoApp(t)
    const { page } = await openDemo(browser, url)
    const weak: string[] = []
    const seen = new Set<string>()
    for (let stop = 0; stop < 20; stop++) {
      await page.keyboard.press('Tab')
      const ring = await evaluateWithContrast(page, (contrast) => {
        const element = document.activeElement
        if (element === null || element === document.body) return null
        // What lies just outside the ring, at the element's left: the outline itself is not hit-tested.
        const box = element.getBoundingClientRect()
        let behind = document.elementFromPoint(Math.max(0, box.left - 3), box.top + box.height / 2)
        let background = [243, 245, 248]
        for (; behind !== null; behind = behind.parentElement) {
          const color = contrast.opaque(getComputedStyle(behind).backgroundColor)
          if (color !== null) { background = color; break }
        }
        const style = getComputedStyle(element)
        return { name: `${element.tagName.toLowerCase()}#${element.id} "${element.textContent.trim().slice(0, 20)}"`, style: style.outlineStyle, ratio: contrast.ratio(contrast.rgb(style.outlineColor), background) }
      })
      if (ring === null || seen.has(ring.name)) break
      seen.add(ring.name)
      if (ring.style === 'none' || ring.ratio < 3) weak.push(`${ring.name} ${ring.style} ${ring.ratio.toFixed(2)}`)
    }
    t.ok(seen.size >= 10, `${seen.size} controls reached with Tab`)
    t.equal(colorContrast().ratio([0, 0, 0], [255, 255, 255]), 21, 'the measure: black on white is 21:1')
    t.same(weak, [], 'a visible ring of 3:1 on each')
  })

  t.test('on a 360 px phone: a long source link wraps, in the answer and in a transcript, controls are 44 px tall, the footer keeps to the column', async (t) => {
    const { url } = await startDemoApp(t)
    const { page, record } = await openDemo(browser, url)
    await page.setViewportSize(PHONE)
    await saveKey(page, TEST_API_KEY)
    await page.route('**/v1/chat', async (route) => {
      await serveAnswer(route, `Informasi pendaftaran ada di ${LONG_URL} .`, [
        { title: '', url: LONG_URL },
        { title: `Panduan${'Pendaftaran'.repeat(8)}`, url: 'https://www.itb.ac.id/' }
      ])
    })
    await page.fill('#question', QUESTION)
    await page.press('#question', 'Enter')
    await answered(page, 1)
    t.equal(await page.locator('.turn.assistant .sources a').count(), 2)
    // A spoken question whose transcript holds the same address: the voice panel's facts wrap it too.
    const spoken = `Apa isi ${LONG_URL}?`
    await page.route('**/v1/audio', async (route) => {
      const done = { answer: 'Informasi pendaftaran.', sources: [], conversation_id: 'c', exec_time: { stt: 0.5, rag: 0.5, total: 1 } }
      const events = [['transcript', { text: spoken }], ['token', { text: done.answer }], ['done', done]]
      await route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: events.map(([event, data]) => `event: ${event as string}\ndata: ${JSON.stringify(data)}\n\n`).join('') })
    })
    await recordQuestion(page, 0.5)
    await answered(page, 2)
    t.equal(await page.textContent('#transcript'), spoken)
    // Before: the transcript's column widened to the address, 2,000 px past the screen's edge.
    const overflowing = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((element: any) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((element: any) => `${element.tagName.toLowerCase()}.${element.className}`))
    t.same(overflowing, [], 'nothing reaches past the screen\'s edge')
    t.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scrolling')

    const small = await page.evaluate(() => [...document.querySelectorAll('main button, main input, main select, main textarea, header button')]
      .filter((control: any) => control.getClientRects().length > 0 && control.getBoundingClientRect().height < 44)
      .map((control: any) => `${control.tagName.toLowerCase()}#${control.id} ${Math.round(control.getBoundingClientRect().height)} px`))
    t.same(small, [], 'every control at least 44 px tall')

    for (const viewport of [PHONE, { width: 1280, height: 900 }]) {
      await page.setViewportSize(viewport)
      const edges = await page.evaluate(() => {
        const column = document.querySelector('main .panel').getBoundingClientRect()
        const footer = document.querySelector('footer')
        const padding = Number.parseFloat(getComputedStyle(footer).paddingInlineStart)
        return { column: Math.round(column.left), footer: Math.round(footer.getBoundingClientRect().left + padding) }
      })
      t.equal(edges.footer, edges.column, `${viewport.width} px: the footer starts where the panels do`)
    }

    pageStayedClean(t, record)
  })

  t.test('on a phone, a question that fails says why in view, however long the conversation above', async (t) => {
    const { url } = await startDemoApp(t)
    const { page, record } = await openDemo(browser, url)
    await page.setViewportSize(PHONE)
    await saveKey(page, TEST_API_KEY)
    await askLongQuestions(page, 3)
    await page.route('**/v1/chat', async (route) => { await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'busy', code: 'OVERLOADED' }) }) })
    await page.fill('#question', 'Kalau biayanya?')
    await page.press('#question', 'Enter')
    t.equal(await shownError(page), 'Server sedang sibuk. Coba lagi sebentar lagi.')
    // Before: the message was 2,000 px above the screen, and the question's turn had left the log.
    t.same(await offScreen(page, 'status'), [], 'the message is on the screen')
    t.equal(await page.inputValue('#question'), 'Kalau biayanya?', 'the question waits in the box')
    t.equal(await page.evaluate(() => document.activeElement?.id), 'question', 'and keeps the focus')

    pageStayedClean(t, record, 503)
  })

  t.test('on a laptop\'s screen the log scrolls on its own, and the question box stays on screen below it', async (t) => {
    const { url } = await startDemoApp(t)
    const { page, record } = await openDemo(browser, url)
    await page.setViewportSize({ width: 1366, height: 657 })
    await saveKey(page, TEST_API_KEY)
    await askLongQuestions(page, 3, async (count) => {
      // Before: after the first answer the box was at 737–803 px, under the 657 px screen.
      t.same(await offScreen(page, 'question', 'ask'), [], `answer ${count}: the question box and Kirim on screen`)
    })
    const newest = await page.evaluate(() => {
      const log = document.getElementById('log').getBoundingClientRect()
      const last = document.querySelector('#log .turn:last-child').getBoundingClientRect()
      return { log: Math.round(log.bottom), last: Math.round(last.bottom), screen: window.innerHeight }
    })
    t.ok(newest.last <= newest.log && newest.log <= newest.screen, `the newest answer's end in view (${JSON.stringify(newest)})`)

    pageStayedClean(t, record)
  })

  t.test('a key is checked when it is saved: a typo shows before any question, a right key its budget, unspent', async (t) => {
    const { url } = await startDemoApp(t, { RATE_LIMIT_PER_HOUR: '5' })
    const { page, record } = await openDemo(browser, url)
    const asked: string[] = []
    page.on('request', (request) => { if (request.url().includes('/v1/chat')) asked.push(request.url()) })
    await saveKey(page, `${TEST_API_KEY}x`)
    t.equal(await shownError(page), 'Kunci API salah. Periksa kunci Anda lalu simpan lagi.', 'said on saving')
    t.equal(await page.evaluate(() => document.activeElement?.id), 'api-key', 'the key field, to fix it')
    t.same(asked, [], 'no question was needed to find out')

    const valid = 'Kunci valid, tersimpan untuk tab ini: sisa 5 dari 5 permintaan jam ini.'
    await page.fill('#api-key', TEST_API_KEY)
    await page.press('#api-key', 'Enter')
    await page.waitForFunction((text) => document.getElementById('status')?.textContent === text, valid, WAIT)
    await page.click('#key-form button[type="submit"]')
    await page.waitForSelector('#status[data-kind="info"]', WAIT)
    await page.waitForFunction((text) => document.getElementById('status')?.textContent === text, valid, WAIT)
    t.pass('checking the key twice spent none of its budget')
    await page.click('#language')
    await page.click('#key-form button[type="submit"]')
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'Key valid and saved for this tab: 5 of 5 requests left this hour.', undefined, WAIT)
    t.pass('in English too')
    t.same(record.pageErrors, [])
    t.same(cspViolations(record), [])
    t.same(unexpectedProblems(record, 401), [], 'nothing but the wrong key\'s 401')
  })
}
