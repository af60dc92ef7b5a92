// The demo client when a turn goes wrong, in a real browser (Debian's chromium through
// playwright-core): an answer that breaks off mid-stream (the model fails, the server's deadline,
// the connection drops) is marked as interrupted and can be sent again, since the server keeps no
// such turn; every message is in the UI's language with no server text or setting name in it (but
// for models refusing the configuration, where the server's message names them and waiting will not help); and
// a microphone the visitor refused says so in Indonesian. An answer the visitor stops (Escape, or
// the stop button) is marked the same way.
import t from 'tap'
import type { Page } from 'playwright-core'
import type { ChatRequest, Reply } from '../support/fakes/openai-chat.ts'
import { TEST_API_KEY } from '../support/helpers/app.ts'
import { cspViolations } from '../support/helpers/browser.ts'
import { honestModel } from '../support/helpers/chat.ts'
import { demoBrowser, openDemo, pageStayedClean, QUESTION, recordQuestion, saveKey, shownError, speechFakes, startDemoApp, unexpectedProblems, WAIT } from '../support/helpers/demo-page.ts'
import { startModelPair } from '../support/helpers/models.ts'

declare const navigator: any, DOMException: any, document: any

const PARTIAL = 'ITB didirikan pada tahun 1920 sebagai sekolah teknik pertama di Hindia Belanda dan kemudian berkembang'
const INTERRUPTED_NOTE = 'Jawaban terputus: tidak lengkap dan tidak disimpan.'
const STOPPED_NOTE = 'Jawaban dihentikan sebelum selesai.'

/** How the scripted model behaves for the next question. */
type Behaviour = 'breaks' | 'stalls' | 'honest'

function scriptedModel (behaviour: () => Behaviour) {
  return (request: ChatRequest): Reply => {
    switch (behaviour()) {
      // A few words, then the connection to the model drops: 503 LLM_UNAVAILABLE as an error event.
      case 'breaks': return { content: PARTIAL, interrupt: { afterChunks: 4, mode: 'destroy' } }
      // A few words, then nothing: the server's deadline ends the turn with 504 ANSWER_TIMEOUT.
      case 'stalls': return { content: PARTIAL, interrupt: { afterChunks: 4, mode: 'hang' } }
      case 'honest': return honestModel(request)
    }
  }
}

/** Asks by text and waits until the answer has its first streamed words. */
async function askAndWaitForWords (page: Page, answers: number): Promise<void> {
  await page.fill('#question', QUESTION)
  await page.press('#question', 'Enter')
  await page.waitForSelector(`.turn.assistant:nth-child(${answers * 2})[data-tokens]`, WAIT)
}

/** The last answer's state: its text, note, whether it is still busy and marked interrupted. */
async function lastAnswer (page: Page): Promise<{ text: string, note: string, busy: boolean, interrupted: boolean, retry: string }> {
  const answer = page.locator('.turn.assistant').last()
  return {
    text: await answer.locator('.text').textContent() ?? '',
    note: await answer.locator('.note').textContent().catch(() => '') ?? '',
    busy: await answer.getAttribute('aria-busy') !== null,
    interrupted: await answer.evaluate((item) => item.classList.contains('interrupted')),
    retry: await answer.locator('button.retry').textContent().catch(() => '') ?? ''
  }
}

const demo = await demoBrowser(t, 'itb-demo-failures-')
if (demo !== undefined) {
  const { browser } = demo

  t.test('a text answer that breaks off mid-stream is marked interrupted, the reason is in Indonesian, and it can be sent again', async (t) => {
    let behaviour: Behaviour = 'breaks'
    const models = await startModelPair(t, { primary: scriptedModel(() => behaviour), fallback: () => ({ status: 500 }), llmTimeout: '30' })
    const { url, closeConnections } = await startDemoApp(t, { ...models.env, REQUEST_TIMEOUT: '4' })
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, TEST_API_KEY)

    // The model fails after its first words.
    await askAndWaitForWords(page, 1)
    t.equal(await shownError(page), 'Model bahasa sedang tidak tersedia. Coba lagi sebentar lagi.')
    let answer = await lastAnswer(page)
    t.ok(PARTIAL.startsWith(answer.text.trim()) && answer.text.trim() !== '', `the words that arrived stay readable: "${answer.text}"`)
    t.match(answer, { note: INTERRUPTED_NOTE, busy: false, interrupted: true, retry: 'Kirim ulang' })

    // The server's deadline ends the answer: no English, no setting name.
    behaviour = 'stalls'
    await askAndWaitForWords(page, 2)
    t.equal(await shownError(page), 'Jawaban terlalu lama sehingga dihentikan oleh server. Coba lagi.')
    answer = await lastAnswer(page)
    t.match(answer, { note: INTERRUPTED_NOTE, busy: false, interrupted: true })

    // The connection drops while the answer streams.
    await askAndWaitForWords(page, 3)
    closeConnections()
    t.equal(await shownError(page), 'Koneksi ke server terputus sebelum jawaban selesai. Coba lagi.')
    answer = await lastAnswer(page)
    t.match(answer, { note: INTERRUPTED_NOTE, busy: false, interrupted: true })

    // Sending it again replaces the interrupted turn with a whole answer.
    behaviour = 'honest'
    await page.locator('.turn.assistant').last().locator('button.retry').click()
    await page.waitForSelector('.turn.assistant:last-child:not([aria-busy]):not(.interrupted) .sources a', WAIT)
    t.equal(await page.locator('#status').isVisible(), false, 'the error went with the retry')
    t.equal(await page.locator('.turn.assistant.interrupted').count(), 2, 'the retried turn left the log, the two others stay marked')
    t.equal(await page.locator('.turn.user').count(), 3)
    t.equal(await page.inputValue('#question'), '', 'the question box is cleared once the question is answered')
    // Only the whole answer was stored: the history after a reload holds that one turn.
    await page.reload()
    await page.waitForSelector('.turn.assistant .sources a', WAIT)
    t.equal(await page.locator('.turn').count(), 2)

    t.same(record.pageErrors, [])
    t.same(cspViolations(record), [])
    t.same(unexpectedProblems(record).filter((line) => !line.includes('ERR_INCOMPLETE_CHUNKED_ENCODING')), [], 'nothing but the stream the test cut')
  })

  t.test('an answer that takes too long can be stopped, with Escape or the stop button, and asked again', async (t) => {
    let behaviour: Behaviour = 'stalls'
    const models = await startModelPair(t, { primary: scriptedModel(() => behaviour), fallback: () => ({ status: 500 }), llmTimeout: '30' })
    const { url } = await startDemoApp(t, { ...models.env, REQUEST_TIMEOUT: '60' })
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, TEST_API_KEY)
    t.equal(await page.isVisible('#stop'), false, 'nothing to stop before a question')

    // The model stalls after its first words; the visitor presses Escape.
    await askAndWaitForWords(page, 1)
    t.equal(await page.textContent('#stop'), 'Hentikan jawaban')
    await page.keyboard.press('Escape')
    await page.waitForSelector('#status[data-kind="info"]', WAIT)
    t.equal(await page.textContent('#status'), 'Jawaban dihentikan.')
    t.match(await lastAnswer(page), { note: STOPPED_NOTE, busy: false, interrupted: true, retry: 'Kirim ulang' })
    t.equal(await page.isVisible('#stop'), false, 'the stop button goes with the answer')
    t.equal(await page.isEnabled('#ask'), true)

    // Again, stopped with the button this time, then asked again with an answering model.
    await askAndWaitForWords(page, 2)
    await page.click('#stop')
    await page.waitForSelector('.turn.assistant:nth-child(4).interrupted', WAIT)
    t.match(await lastAnswer(page), { note: STOPPED_NOTE, busy: false })
    behaviour = 'honest'
    await page.locator('.turn.assistant').last().locator('button.retry').click()
    await page.waitForSelector('.turn.assistant:last-child:not([aria-busy]):not(.interrupted) .sources a', WAIT)
    t.equal(await page.locator('.turn.assistant.interrupted').count(), 1)

    t.same(record.pageErrors, [])
    t.same(cspViolations(record), [])
    t.same(unexpectedProblems(record), [], 'no console errors or warnings')
  })

  t.test('a spoken answer that breaks off is marked interrupted, and sending again re-sends the recording', async (t) => {
    let behaviour: Behaviour = 'breaks'
    const models = await startModelPair(t, { primary: scriptedModel(() => behaviour), fallback: () => ({ status: 500 }), llmTimeout: '30' })
    const { stt, env } = await speechFakes(t, () => QUESTION, 'neutral')
    const { url } = await startDemoApp(t, { ...models.env, ...env })
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, TEST_API_KEY)
    await recordQuestion(page, 1.5)
    t.equal(await shownError(page), 'Model bahasa sedang tidak tersedia. Coba lagi sebentar lagi.')
    t.match(await lastAnswer(page), { note: INTERRUPTED_NOTE, busy: false, interrupted: true, retry: 'Kirim ulang' })
    t.equal(await page.textContent('#transcript'), QUESTION)

    behaviour = 'honest'
    await page.locator('.turn.assistant').last().locator('button.retry').click()
    await page.waitForSelector('#timings li:nth-child(5)', WAIT)
    t.equal(stt.sessions.length, 2, 'the same recording went to speech-to-text again')
    t.equal(await page.locator('.turn.assistant.interrupted').count(), 0)
    t.equal(await page.locator('.turn').count(), 2)

    t.same(record.pageErrors, [])
    t.same(cspViolations(record), [])
    t.same(unexpectedProblems(record), [], 'no console errors or warnings')
  })

  t.test('models that refuse the server\'s configuration: no "try again shortly", the server\'s message instead, by text (a JSON 503) and by voice (an error event)', async (t) => {
    // A 404 from both APIs: a model name they do not serve. The server answers 503 LLM_UNAVAILABLE without Retry-After.
    const models = await startModelPair(t, { primary: () => ({ status: 404 }), fallback: () => ({ status: 404 }) })
    const { env } = await speechFakes(t, () => QUESTION, 'neutral')
    const { url } = await startDemoApp(t, { ...models.env, ...env })
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, TEST_API_KEY)
    const refused = 'Model bahasa di server tidak dapat menjawab, dan mencoba lagi tidak akan membantu; beri tahu pengelola server. ' +
      'Pesan server: “No language model provider could answer (together: HTTP 404; openai: HTTP 404). The answering service is not available.”'
    await page.fill('#question', QUESTION)
    await page.press('#question', 'Enter')
    // Before: 'Model bahasa sedang tidak tersedia. Coba lagi sebentar lagi.' for every LLM_UNAVAILABLE.
    t.equal(await shownError(page), refused, 'text: the JSON 503 had no Retry-After')
    await recordQuestion(page, 1.5)
    await page.waitForFunction((text) => document.querySelector('#status')?.textContent === text && document.querySelector('#transcript')?.textContent !== '—', refused, WAIT)
    t.pass('voice: the error event, after the transcript, had no retryAfter')

    pageStayedClean(t, record, 503)
  })

  t.test('a microphone the visitor refused, and a voice question the server cannot take, are explained in Indonesian', async (t) => {
    const { url } = await startDemoApp(t)
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, TEST_API_KEY)
    // Without speech-to-text the server refuses the recording before transcribing anything.
    await recordQuestion(page, 0.5)
    t.equal(await shownError(page), 'Suara tidak tersedia: speech-to-text belum dikonfigurasi di server.')
    t.equal(await page.textContent('#transcript'), '—', 'no transcript: not a "…" that waits forever')
    t.equal(await page.textContent('#emotion'), '—')

    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = async () => { throw new DOMException('Permission denied', 'NotAllowedError') }
    })
    await page.reload()
    await page.waitForSelector('html[data-ready="true"]', WAIT)
    await page.click('#record')
    t.equal(await shownError(page), 'Izin memakai mikrofon ditolak. Izinkan mikrofon untuk halaman ini di peramban, lalu coba lagi.')
    t.equal(await page.textContent('#record'), 'Tanya dengan suara', 'not recording')

    pageStayedClean(t, record, 503)
  })
}
