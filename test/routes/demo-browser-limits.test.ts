// The demo client knows the limits of a recording before the visitor records (GET /v1/me's
// `limits`), in a real browser (Debian's chromium through playwright-core) with a fake microphone:
// the record button says the longest, recording counts the time left down, a screen reader hears
// once that it is ending, and the page stops and sends the recording itself, a little before the
// server's limit of time or of size, so the server takes it. The page's clock (Playwright's) drives the long recording;
// a server that does not tell the limits leaves recording as it was. Escape cancels a recording:
// nothing sent, the microphone released, the record button focused again, and said politely.
import t from 'tap'
import type { Page } from 'playwright-core'
import { TEST_API_KEY } from '../support/helpers/app.ts'
import { demoBrowser, openDemo, pageStayedClean, QUESTION, saveKey, shownError, speechFakes, startDemoApp, unexpectedProblems, WAIT } from '../support/helpers/demo-page.ts'

// The page's globals, for the functions evaluated in the browser (the project compiles without the DOM lib).
declare const document: any, window: any, MutationObserver: any

/** The record button's accessible description: what a screen reader reads with its name. */
async function recordDescription (page: Page): Promise<string> {
  return await page.evaluate(() => (document.getElementById('record').getAttribute('aria-describedby') ?? '').split(' ')
    .map((id: string) => document.getElementById(id)?.textContent ?? '').join(' ').trim())
}

/** Keeps every text the recording's announcement region (role=status) is given, in `window.notices`. */
async function collectNotices (page: Page): Promise<void> {
  await page.evaluate(() => {
    const notice = document.getElementById('recording-notice')
    window.notices = []
    new MutationObserver(() => { window.notices.push(notice.textContent) }).observe(notice, { childList: true, characterData: true, subtree: true })
  })
}

/** Starts recording, and waits until the fake microphone has given `seconds` of it. */
async function startRecording (page: Page, seconds: number): Promise<void> {
  await page.click('#record')
  await page.waitForFunction((min) => Number(document.getElementById('recording')?.dataset.seconds ?? 0) >= min, seconds, WAIT)
}

const demo = await demoBrowser(t, 'itb-demo-limits-')
if (demo !== undefined) {
  const { browser } = demo

  t.test('MAX_AUDIO_SECONDS=2: the page stops the recording itself before 2 s, sends it, says so, and the server takes it', async (t) => {
    const heard: number[] = []
    // Prosa is sent 16 kHz 16-bit mono: its bytes are the seconds the server decoded.
    const { env } = await speechFakes(t, (audio) => { heard.push(audio.length / 32_000); return QUESTION }, 'neutral')
    const { url } = await startDemoApp(t, { ...env, MAX_AUDIO_SECONDS: '2' })
    const { page, record } = await openDemo(browser, url)
    await saveKey(page, TEST_API_KEY)
    await page.waitForSelector('#record-limit:not([hidden])', WAIT)
    t.equal(await recordDescription(page), 'Paling lama 2 s', 'the longest recording, told before recording')

    await page.click('#record')
    await page.waitForSelector('#status[data-kind="info"]', WAIT)
    // Before: nothing stopped the recording, and the server refused it past 2 s (AUDIO_TOO_LONG).
    t.equal(await page.textContent('#status'), 'Rekaman mencapai batas 2 detik, jadi dihentikan dan dikirim.')
    t.equal(await page.textContent('#record'), 'Tanya dengan suara', 'not recording any more')
    await page.waitForSelector('#timings li', WAIT)
    t.equal(await page.textContent('#transcript'), QUESTION, 'the server took the recording')
    t.equal(heard.length, 1)
    t.ok(heard[0] <= 2, `under the server's limit: ${heard[0]} s`)
    t.equal(await page.getAttribute('#status', 'data-kind'), 'info', 'no error after it')

    pageStayedClean(t, record)
  })

  t.test('MAX_CONTENT_LENGTH=40000: the page stops the recording itself before it outgrows the upload limit, and the server takes it', async (t) => {
    const { env } = await speechFakes(t, () => QUESTION, 'neutral')
    const { url } = await startDemoApp(t, { ...env, MAX_CONTENT_LENGTH: '40000' })
    const { page, record } = await openDemo(browser, url)
    // The size of each recording sent: what MAX_CONTENT_LENGTH counts (a form's body is not shown to the test).
    await page.addInitScript(() => {
      const send = window.fetch
      window.uploads = []
      window.fetch = async (url: unknown, init?: { body?: any }) => {
        if (init?.body instanceof window.FormData) window.uploads.push(init.body.get('audio').size)
        return await send(url, init)
      }
    })
    await page.reload()
    await saveKey(page, TEST_API_KEY)
    await page.waitForSelector('#record-limit:not([hidden])', WAIT)
    await page.click('#record')
    await page.waitForSelector('#status[data-kind="info"]', WAIT)
    t.equal(await page.textContent('#status'), 'Rekaman mencapai ukuran terbesar yang diterima, jadi dihentikan dan dikirim.')
    await page.waitForSelector('#timings li', WAIT)
    t.equal(await page.textContent('#transcript'), QUESTION, 'the server took the recording')
    const uploads: number[] = await page.evaluate(() => window.uploads)
    t.equal(uploads.length, 1)
    t.ok(uploads[0] <= 40_000, `under the limit: ${uploads[0]} bytes`)
    t.same(record.pageErrors, [])
    t.same(unexpectedProblems(record), [])
  })

  t.test('the default 60 s, on the page\'s clock: the time left shown, one announcement 10 s before the end, read again after a reload', async (t) => {
    const { env } = await speechFakes(t, () => QUESTION, 'neutral')
    const { url } = await startDemoApp(t, env)
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (error) => { pageErrors.push(error.message) })
    await page.clock.install()
    await page.goto(url)
    await page.waitForSelector('html[data-ready="true"]', WAIT)
    await saveKey(page, TEST_API_KEY)
    await page.waitForSelector('#record-limit:not([hidden])', WAIT)
    // A reload reads them again, without a word: the saved key's check is not said again.
    await page.reload()
    await page.waitForSelector('#record-limit:not([hidden])', WAIT)
    t.equal(await recordDescription(page), 'Paling lama 60 s')
    t.equal(await page.isHidden('#status'), true, 'nothing said on opening')
    await page.click('#language')
    t.equal(await recordDescription(page), 'At most 60 s', 'in the page\'s language')
    await page.click('#language')

    await collectNotices(page)
    await startRecording(page, 0.5)
    await page.clock.runFor(45_000)
    await page.waitForFunction(() => Number(document.getElementById('recording').dataset.seconds) >= 45, undefined, WAIT)
    t.match(await page.textContent('#recording'), /^Merekam… 4\d,\d\d s, sisa 1[0-4] s$/, 'the time left to the page\'s stop, at 59 s')
    t.same(await page.evaluate(() => window.notices), [], '45 s in: nothing announced, the timer is not a live region')
    t.equal(await page.getAttribute('#recording', 'role'), 'timer')
    t.equal(await page.getAttribute('#recording', 'aria-live'), null, 'role=timer is not read out as it changes')

    await page.clock.runFor(5_000)
    await page.waitForFunction(() => window.notices.length > 0, undefined, WAIT)
    t.same(await page.evaluate(() => window.notices), ['Rekaman berhenti dan dikirim dalam 10 detik.'], '10 s before the stop, once')
    t.equal(await page.getAttribute('#recording-notice', 'role'), 'status')

    await page.clock.runFor(10_000)
    await page.waitForSelector('#status[data-kind="info"]', WAIT)
    t.equal(await page.textContent('#status'), 'Rekaman mencapai batas 60 detik, jadi dihentikan dan dikirim.')
    t.same(await page.evaluate(() => window.notices), ['Rekaman berhenti dan dikirim dalam 10 detik.', ''], 'cleared when the recording ends, not repeated')
    await page.waitForSelector('#timings li', WAIT)
    t.equal(await page.textContent('#transcript'), QUESTION)
    t.same(pageErrors, [])
    await context.close()
  })

  t.test('Escape while recording: the recording stops unsent, focus returns to the record button, and it is said politely', async (t) => {
    const heard: string[] = []
    const { env } = await speechFakes(t, () => { heard.push(QUESTION); return QUESTION }, 'neutral')
    const { url } = await startDemoApp(t, env)
    const { page, record } = await openDemo(browser, url)
    // The microphone's tracks, to see them released; every recording the page uploads.
    await page.addInitScript(() => {
      const devices = window.navigator.mediaDevices
      const getUserMedia = devices.getUserMedia.bind(devices)
      window.tracks = []
      devices.getUserMedia = async (constraints: unknown) => {
        const stream = await getUserMedia(constraints)
        window.tracks.push(...stream.getTracks())
        return stream
      }
      const send = window.fetch
      window.uploads = 0
      window.fetch = async (address: unknown, init?: { body?: any }) => {
        if (init?.body instanceof window.FormData) window.uploads += 1
        return await send(address, init)
      }
    })
    await page.reload()
    await saveKey(page, TEST_API_KEY)
    await page.waitForSelector('#record-limit:not([hidden])', WAIT)
    await collectNotices(page)
    await startRecording(page, 0.5)
    // Wherever the focus is (typing a question meanwhile), Escape reaches the recording.
    await page.focus('#question')
    await page.keyboard.press('Escape')
    // Before: Escape only stopped an answer, and the recording went on.
    await page.waitForFunction(() => window.tracks.length > 0 && window.tracks.every((track: any) => track.readyState === 'ended'), undefined, WAIT)
    t.equal(await page.getAttribute('#record', 'data-recording'), null, 'not recording any more')
    t.equal(await page.textContent('#record'), 'Tanya dengan suara')
    t.equal(await page.textContent('#recording'), '', 'no time shown')
    t.equal(await page.evaluate(() => document.activeElement?.id), 'record', 'the focus is back on the record button')
    t.same(await page.evaluate(() => window.notices), ['Rekaman dibatalkan dan tidak dikirim.'], 'said once, in the recording\'s region')
    t.equal(await page.getAttribute('#recording-notice', 'role'), 'status', 'which is polite: it waits for the screen reader to finish')
    t.equal(await page.isHidden('#status'), true, 'no alert')
    t.equal(await page.evaluate(() => window.uploads), 0, 'nothing sent')
    t.equal(await page.isDisabled('#ask'), false, 'the page is ready for the next question')

    // The next recording is sent as usual: the server hears that one only. (The time recorded is the
    // cancelled one's until the new one's first data.)
    await page.evaluate(() => { delete document.getElementById('recording').dataset.seconds })
    await startRecording(page, 0.5)
    await page.click('#record')
    await page.waitForSelector('#timings li', WAIT)
    t.equal(await page.evaluate(() => window.uploads), 1)
    t.same(heard, [QUESTION], 'the server heard one recording, the one sent')
    pageStayedClean(t, record)
  })

  t.test('a server that does not tell the limits: no limit of the page\'s own, the server refuses the long recording as before', async (t) => {
    const { env } = await speechFakes(t, () => QUESTION, 'neutral')
    const { url } = await startDemoApp(t, { ...env, MAX_AUDIO_SECONDS: '2' })
    const { page, record } = await openDemo(browser, url)
    // An older server: /v1/me without `limits`.
    await page.route('**/v1/me', async (route) => { await route.fulfill({ json: { key_id: 'id', rate_limit: null } }) })
    await saveKey(page, TEST_API_KEY)
    await page.waitForFunction(() => document.getElementById('status').textContent === 'Kunci valid, tersimpan untuk tab ini.', undefined, WAIT)
    t.equal(await page.isHidden('#record-limit'), true)
    t.equal(await recordDescription(page), '')
    await startRecording(page, 2.5)
    t.equal(await page.getAttribute('#record', 'data-recording'), 'true', 'still recording past the server\'s limit')
    t.match(await page.textContent('#recording'), /^Merekam… \d,\d\d s$/, 'no time left shown')
    await page.click('#record')
    t.equal(await shownError(page), 'Rekaman terlalu panjang. Ajukan pertanyaan yang lebih singkat.')
    t.same(record.pageErrors, [])
    t.same(unexpectedProblems(record, 400), [])
  })
}
