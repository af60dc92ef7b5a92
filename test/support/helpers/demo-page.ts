// The demo client's browser tests share these steps: start the app on a port, open /demo/ in a
// fresh context, save a key, record from the fake microphone, and tell the console errors a test
// caused on purpose (a non-2xx fetch) from real ones.
import type { Test } from 'tap'
import type { Browser, Page } from 'playwright-core'
import { build } from './app.ts'
import { openPage, type ConsoleRecord } from './browser.ts'

// The page's globals, for the functions evaluated in the browser (the project compiles without the DOM lib).
declare const document: any

export const QUESTION = 'Kapan ITB didirikan?'
/** Generous: Chromium and ffmpeg share two busy cores with other test files. */
export const WAIT = { timeout: 60_000 }
export const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } }

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
