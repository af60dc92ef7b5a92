// The demo client in a real browser (Debian's chromium through playwright-core) against the app
// and the project's fakes: a streamed text answer with sources, a spoken question from a fake
// microphone (an espeak-ng WAV) through STT to played audio (its numbers rewritten at once by the
// language toggle), the messages for a wrong key, another key's conversation, the rate limit and
// voice without speech-to-text, and no console errors or CSP violations on the way. It also takes the README's screenshots (phone and desktop). Turns that
// fail on the way are in demo-browser-failures.test.ts.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import type { Page } from 'playwright-core'
import { TEST_API_KEY } from '../support/helpers/app.ts'
import { cspViolations } from '../support/helpers/browser.ts'
import { evaluateWithContrast } from '../support/helpers/contrast.ts'
import { demoBrowser, openDemo, pageStayedClean, QUESTION, recordQuestion, saveKey, shownError, speechFakes, startDemoApp, unexpectedProblems, VIEWPORTS, WAIT } from '../support/helpers/demo-page.ts'

// The page's globals, for the functions evaluated in the browser (the project compiles without the DOM lib).
declare const document: any, window: any, location: any, getComputedStyle: any

/** Root-mean-square level of 16-bit PCM: speech is far above the fake device's silence. */
function loudness (pcm: Buffer): number {
  let sum = 0
  const samples = Math.floor(pcm.length / 2)
  for (let i = 0; i < samples; i++) sum += pcm.readInt16LE(i * 2) ** 2
  return samples === 0 ? 0 : Math.sqrt(sum / samples)
}

async function startApp (t: Test, env: Record<string, string> = {}): Promise<string> {
  return (await startDemoApp(t, env)).url
}

/**
 * The README's pictures of the page, at phone and desktop sizes. They go to a temporary folder so
 * that `npm test` leaves the checkout clean; UPDATE_SCREENSHOTS=1 writes them to docs/img.
 */
async function takeScreenshots (t: Test, page: Page, work: string): Promise<void> {
  const target = process.env.UPDATE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/img/', import.meta.url)) : work
  await mkdir(target, { recursive: true })
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport)
    t.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name}: no horizontal scrolling`)
    const png = await page.screenshot({ path: join(target, `demo-${name}.png`), fullPage: true })
    t.equal(png.subarray(1, 4).toString('latin1'), 'PNG')
    t.equal(png.readUInt32BE(16), viewport.width, `${name} screenshot width`)
  }
}

const demo = await demoBrowser(t, 'itb-demo-')
if (demo !== undefined) {
  const { browser, work } = demo

  t.test('a text question streams its answer and shows the sources as links; voice without speech-to-text says so', async (t) => {
    const url = await startApp(t)
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, TEST_API_KEY)
    await page.fill('#question', QUESTION)
    await page.press('#question', 'Enter')
    const answer = page.locator('.turn.assistant').last()
    await page.waitForSelector('.turn.assistant:not([aria-busy]) .sources a', WAIT)
    t.match(await answer.locator('.text').textContent(), /1920/)
    t.ok(Number(await answer.getAttribute('data-tokens')) > 1, 'the answer arrived in several token events')
    const links = await answer.locator('.sources a').evaluateAll((anchors) => anchors.map((a) => ({ href: a.href, text: a.textContent, rel: a.getAttribute('rel') })))
    t.ok(links.length > 0)
    for (const link of links) {
      t.match(link.href, /^https:\/\//)
      t.ok((link.text ?? '').length > 0)
      t.equal(link.rel, 'noopener noreferrer')
    }
    t.equal(await page.locator('.turn.user').last().textContent().then((text) => text?.includes(QUESTION)), true)

    // The conversation's history comes back from GET /v1/conversations/{id} after a reload.
    await page.reload()
    await page.waitForSelector('.turn.assistant .sources a', WAIT)
    t.equal(await page.locator('.turn').count(), 2, 'question and answer from the stored conversation')
    t.equal(await page.evaluate(() => location.href.includes(sessionStorage.getItem('itb-demo.key') ?? '')), false, 'the key is not in the URL')

    // A new conversation starts empty; deleting it forgets it and the list moves on.
    const first = await page.inputValue('#conversation')
    await page.click('#conversation-new')
    t.equal(await page.locator('.turn').count(), 0)
    t.not(await page.inputValue('#conversation'), first)
    await page.selectOption('#conversation', first)
    await page.waitForSelector('.turn.assistant', WAIT)
    await page.click('#conversation-delete')
    await page.waitForSelector('#status[data-kind="info"]', WAIT)
    t.equal(await page.locator(`#conversation option[value="${first}"]`).count(), 0, 'the deleted conversation left the list')
    t.same(unexpectedProblems(record), [], 'no console errors or warnings')

    // This app has no speech-to-text: a spoken question gets the message that says so.
    await recordQuestion(page, 0.5)
    await page.waitForSelector('#status[data-kind="error"]', WAIT)
    t.equal(await page.textContent('#status'), 'Suara tidak tersedia: speech-to-text belum dikonfigurasi di server.')

    t.same(record.pageErrors, [])
    t.same(cspViolations(record), [])
    t.same(unexpectedProblems(record, 503), [], 'nothing but the 503 itself')
  })

  t.test('a spoken question from the microphone reaches STT, shows the transcript and plays the answer', async (t) => {
    const { stt, tts, env } = await speechFakes(t, (pcm) => loudness(pcm) > 300 ? QUESTION : '(silence)', 'happy')
    const url = await startApp(t, env)
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, TEST_API_KEY)
    await page.fill('#question', 'Apa saja jalur masuk ITB?')
    await page.press('#question', 'Enter')
    await page.waitForSelector('.turn.assistant:not([aria-busy]) .sources a', WAIT)
    await recordQuestion(page, 2.5)

    await page.waitForSelector('#timings li:nth-child(5)', WAIT)
    t.equal(await page.textContent('#transcript'), QUESTION, 'the microphone\'s speech reached STT')
    t.equal(await page.textContent('#emotion'), 'happy')
    t.equal(stt.sessions.length, 1)
    t.same(stt.violations, [])
    t.same(tts.violations, [])
    t.same(await page.locator('#timings li').evaluateAll((items) => items.map((item) => item.dataset.stage)), ['decode', 'stt', 'emotion', 'rag', 'tts'])
    t.match(await page.locator('.turn.assistant').last().locator('.text').textContent(), /1920/)

    // Every sentence's WAV is played: the page adds each one's duration when it ends.
    const spoken = (tts.sessions[0]?.texts ?? []).length
    t.ok(spoken >= 1, `${spoken} sentences synthesized`)
    await page.waitForFunction(() => Number(document.getElementById('played')?.dataset.seconds) > 0.5, undefined, WAIT)
    const played = Number(await page.getAttribute('#played', 'data-seconds'))
    t.ok(played > 0.5, `played ${played} s of audio`)
    t.equal(await page.locator('.turn').count(), 4, 'text and voice turns share the conversation')

    await takeScreenshots(t, page, work)

    // The numbers take the new language's format with the toggle, not at their next update: read in
    // the click's own task, before another sentence's end could rewrite them.
    const numbers = await page.evaluate(() => {
      const shown = (): string[] => [document.getElementById('played'), ...document.querySelectorAll('#timings .bar-value')]
        .map((element: any) => `${element.textContent}=${element.dataset.seconds}`)
      const before = shown()
      document.getElementById('language').click()
      return { before, after: shown() }
    })
    const format = (locale: string) => (shown: string): string => {
      const [, seconds] = shown.split('=')
      return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(seconds))} s=${seconds}`
    }
    t.equal(numbers.after.length, 6, 'the audio played and the five stages')
    t.same(numbers.before, numbers.before.map(format('id-ID')), 'in Indonesian: "1,25 s"')
    t.same(numbers.after, numbers.after.map(format('en-GB')), 'in English at once: "1.25 s"')

    t.same(record.pageErrors, [])
    t.same(cspViolations(record), [])
    t.same(unexpectedProblems(record), [], 'no console errors or warnings')
  })

  t.test('a wrong key shows the 401 message, in Indonesian and in English', async (t) => {
    const url = await startApp(t)
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, 'not-the-key')
    await page.fill('#question', QUESTION)
    await page.click('#ask')
    await page.waitForSelector('#status[data-kind="error"]', WAIT)
    t.equal(await page.textContent('#status'), 'Kunci API salah. Periksa kunci Anda lalu simpan lagi.')
    t.equal(await page.locator('.turn.assistant').count(), 0, 'no half answer left behind')

    await page.click('#language')
    t.equal(await page.getAttribute('html', 'lang'), 'en')
    t.equal(await page.textContent('#ask'), 'Send')
    await page.click('#ask')
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Wrong API key') === true, undefined, WAIT)
    t.pass('the message follows the language')

    // Accessibility, checked on the page as it is now (error shown, English): every control has a
    // label or a name, and every piece of visible text has WCAG AA contrast against its background.
    const audit = await evaluateWithContrast(page, (contrast) => {
      const unnamed = [...document.querySelectorAll('input, select, textarea, button')]
        .filter((control: any) => control.labels?.length === 0 && control.textContent.trim() === '')
        .map((control: any) => control.id)
      const background = (element: any): number[] => {
        for (let node = element; node !== null; node = node.parentElement) {
          const color = contrast.opaque(getComputedStyle(node).backgroundColor)
          if (color !== null) return color
        }
        return [255, 255, 255]
      }
      const lowContrast: string[] = []
      let checked = 0
      for (const element of document.querySelectorAll('body *')) {
        const own = [...element.childNodes].some((node: any) => node.nodeType === 3 && node.textContent.trim() !== '')
        if (!own || element.getClientRects().length === 0 || element.closest('.visually-hidden, .skip') !== null) continue
        checked++
        const ratio = contrast.ratio(contrast.rgb(getComputedStyle(element).color), background(element))
        if (ratio < 4.5) lowContrast.push(`${element.tagName.toLowerCase()}#${element.id} "${element.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`)
      }
      return { unnamed, lowContrast, checked }
    })
    t.same(audit.unnamed, [], 'every control has a label or a name')
    t.same(audit.lowContrast, [], 'text contrast at least 4.5:1')
    t.ok(audit.checked >= 15, `${audit.checked} pieces of text checked`)
    // From the keyboard, the first Tab offers the skip link, which lands in the question box.
    await page.reload()
    await page.waitForSelector('html[data-ready="true"]', WAIT)
    await page.keyboard.press('Tab')
    t.equal(await page.evaluate(() => document.activeElement?.className), 'skip')
    t.not(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none', 'focus is visible')
    await page.keyboard.press('Enter')
    t.equal(await page.evaluate(() => document.activeElement?.id), 'question')

    t.same(record.pageErrors, [])
    t.same(cspViolations(record), [])
    t.same(unexpectedProblems(record, 401), [], 'nothing but the 401 responses themselves')
  })

  t.test('another key\'s conversation (404: conversations belong to the key using them), the rate limit (429) and every other documented failure have a clear message', async (t) => {
    const otherKey = 'other-key-0123456789abcdef'
    const url = await startApp(t, { API_KEYS: `${TEST_API_KEY},${otherKey}`, RATE_LIMIT_PER_HOUR: '2' })
    const { page, record } = await openDemo(browser, url)
    const failure = async (): Promise<string> => await shownError(page)
    await saveKey(page, TEST_API_KEY)
    await page.fill('#question', QUESTION)
    await page.click('#ask')
    await page.waitForSelector('.turn.assistant:not([aria-busy]) .sources a', WAIT)

    // Another key reading the conversation's history (GET /v1/conversations/{id}): to that key the
    // id is simply unknown, like a missing conversation.
    await saveKey(page, otherKey)
    t.equal(await failure(), 'Percakapan tidak ditemukan untuk kunci API ini (mungkin sudah kedaluwarsa). Mulai percakapan baru.')
    // The first key again: its history (its second request this hour), then a third request.
    await saveKey(page, TEST_API_KEY)
    await page.waitForSelector('.turn.assistant .sources a', WAIT)
    await page.fill('#question', QUESTION)
    await page.click('#ask')
    t.match(await failure(), /^Batas permintaan tercapai\. Coba lagi dalam \d+ detik\.$/)

    // The rest of the table: test/demo/errors.test.ts, for every documented status and code.

    pageStayedClean(t, record, 404, 429)
  })
}
