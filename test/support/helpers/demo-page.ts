// The demo client's browser tests share these steps: start the app on a port, open /demo/ in a
// fresh context, save a key, record from the fake microphone, and tell the console errors a test
// caused on purpose (a non-2xx fetch) from real ones.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import type { Browser, Page } from 'playwright-core'
import { startFakeEmotion } from '../fakes/emotion.ts'
import { startFakeProsaStt } from '../fakes/prosa-stt.ts'
import { startFakeProsaTts } from '../fakes/prosa-tts.ts'
import { build } from './app.ts'
import { speak } from './audio-fixtures.ts'
import { cspViolations, hasChromium, launchBrowser, openPage, type ConsoleRecord } from './browser.ts'

// The page's globals, for the functions evaluated in the browser (the project compiles without the DOM lib).
declare const document: any

export const QUESTION = 'Kapan ITB didirikan?'
/** Generous: Chromium and ffmpeg share two busy cores with other test files. */
export const WAIT = { timeout: 60_000 }
export const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } }

/**
 * Chromium with a fake microphone that speaks QUESTION, and a scratch folder; undefined (the file's
 * plan ended) when chromium is missing outside CI. CI installs it (.ci/run): there a missing browser
 * fails the file.
 */
export async function demoBrowser (t: Test, prefix: string): Promise<{ browser: Browser, work: string } | undefined> {
  if (!hasChromium()) {
    if (process.env.CI === 'true') t.fail('chromium is not installed (CI=true): the demo client cannot be tested')
    else t.plan(0, 'chromium is not installed: the demo client tests need it (apt-get install chromium)')
    return undefined
  }
  // Real-browser scenarios with ffmpeg and espeak-ng take a minute or two on a loaded two-core
  // machine: more than the suite's per-file default. Each wait inside has its own bound (WAIT).
  t.setTimeout(360_000)
  const work = await mkdtemp(join(tmpdir(), prefix))
  t.teardown(async () => { await rm(work, { recursive: true, force: true }) })
  const microphone = join(work, 'question.wav')
  await writeFile(microphone, await speak(QUESTION))
  const browser = await launchBrowser(t, {
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${microphone}`, '--autoplay-policy=no-user-gesture-required']
  })
  return { browser, work }
}

/** Fake Prosa speech-to-text (hearing `transcript`) and text-to-speech and a fake emotion API, and the app's env for them. */
export async function speechFakes (t: Test, transcript: (audio: Buffer) => string, emotionLabel: string) {
  const stt = await startFakeProsaStt({ apiKey: 'stt-key', transcript })
  const tts = await startFakeProsaTts({ apiKey: 'tts-key' })
  const emotion = await startFakeEmotion({ label: emotionLabel })
  t.teardown(async () => { await stt.close(); await tts.close(); await emotion.close() })
  const env = { PROSA_STT_API_KEY: 'stt-key', PROSA_STT_URL: stt.url, PROSA_TTS_API_KEY: 'tts-key', PROSA_TTS_URL: tts.url, EMOTION_ANALYSIS_URL: emotion.url }
  return { stt, tts, env }
}

export async function startDemoApp (t: Test, env: Record<string, string> = {}): Promise<{ url: string, closeConnections: () => void }> {
  const { app } = await build(t, env)
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  return { url: `${address}/demo/`, closeConnections: () => { app.server.closeAllConnections() } }
}

export async function openDemo (browser: Browser, url: string): Promise<{ page: Page, record: ConsoleRecord }> {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop })
  const opened = await openPage(context)
  await opened.page.goto(url)
  await opened.page.waitForSelector('html[data-ready="true"]', WAIT)
  return opened
}

export async function saveKey (page: Page, key: string): Promise<void> {
  await page.fill('#api-key', key)
  await page.click('#key-form button[type="submit"]')
}

export async function recordQuestion (page: Page, seconds: number): Promise<void> {
  await page.click('#record')
  await page.waitForFunction((min) => Number(document.getElementById('recording')?.dataset.seconds ?? 0) >= min, seconds, WAIT)
  await page.click('#record')
}

/** The error the page shows (the status box, role=alert), once it is visible. */
export async function shownError (page: Page): Promise<string> {
  await page.waitForSelector('#status[data-kind="error"]', WAIT)
  return await page.textContent('#status') ?? ''
}

/** Chromium logs every non-2xx fetch as a console error; those the test caused on purpose are expected. */
export function unexpectedProblems (record: ConsoleRecord, ...expectedStatuses: number[]): string[] {
  return record.problems.filter((line) => !expectedStatuses.some((status) => line.includes(`status of ${status}`)))
}

/**
 * The page ended as it should: no uncaught error, no CSP violation, no console problem but the
 * responses of `expectedStatuses` the test caused on purpose.
 */
export function pageStayedClean (t: Test, record: ConsoleRecord, ...expectedStatuses: number[]): void {
  t.same(record.pageErrors, [], 'no uncaught error in the page')
  t.same(cspViolations(record), [], 'no Content-Security-Policy violation')
  t.same(unexpectedProblems(record, ...expectedStatuses), [], 'no console problem the test did not cause')
}
