// Debian's Chromium driven by playwright-core, for the tests that need a real browser (Swagger UI,
// the demo client). No browser download: the binary is the system package `chromium`, which
// `.ci/run` installs. The flags keep Chromium off the network this machine does not have
// (background services, component updates) and let it run as root in a container.
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** True when Debian's chromium is installed (CI installs it; a developer machine may not have it). */
export function hasChromium (): boolean {
  return existsSync(CHROMIUM_PATH)
}

interface Teardown { teardown: (fn: () => unknown) => void }

export interface BrowserOptions {
  /** Extra Chromium switches, e.g. `--host-resolver-rules=MAP itb-chatbot.test 127.0.0.1`. */
  args?: string[]
}

/** Launches a headless Chromium (a fresh temporary profile, made by playwright) closed on teardown. */
export async function launchBrowser (t: Teardown, options: BrowserOptions = {}): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.args ?? [])
    ]
  })
  t.teardown(async () => { await browser.close() })
  return browser
}

export interface ConsoleRecord {
  /** Console errors and warnings, CSP violations among them. */
  problems: string[]
  /** Uncaught page errors. */
  pageErrors: string[]
}

/** Opens a page that records console errors/warnings and uncaught errors (CSP violations land there). */
export async function openPage (context: Browser | BrowserContext): Promise<{ page: Page, record: ConsoleRecord }> {
  const page = await context.newPage()
  const record: ConsoleRecord = { problems: [], pageErrors: [] }
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' || message.type() === 'warning') record.problems.push(`${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error: Error) => { record.pageErrors.push(error.message) })
  return { page, record }
}

/** The problems that are CSP violations. */
export function cspViolations (record: ConsoleRecord): string[] {
  return record.problems.filter((line) => /Content Security Policy|Refused to (load|apply|execute|connect)/i.test(line))
}
