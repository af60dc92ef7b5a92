// The demo client when the visitor does something while the page waits, in a real browser (Debian's
// chromium through playwright-core): the next question typed while an answer streams stays in its
// box; a conversation's history that arrives after the visitor moved on (arrow keys on the picker,
// "Baru") stays out of the log, and one that arrives after a question goes before it. Late
// answers are held by page.route (the server has answered; the page gets it when the test says);
// that the page has read one is seen from a count its JSON reads leave behind.
import t from 'tap'
import type { Page, Route } from 'playwright-core'
import { TEST_API_KEY } from '../support/helpers/app.ts'
import { demoBrowser, openDemo, pageStayedClean, QUESTION, saveKey, startDemoApp, WAIT } from '../support/helpers/demo-page.ts'

// The page's globals, for the functions evaluated in the browser (the project compiles without the DOM lib).
declare const document: any, window: any, Response: any

/** A route's answer, held until the test lets it go. */
function holdBack (): { held: Promise<void>, release: () => void } {
  let release = (): void => {}
  const held = new Promise<void>((resolve) => { release = resolve })
  return { held, release }
}

/**
 * Counts the conversation histories the page has read, once the page's own code after the read has
 * run: the count goes up in a task queued when the JSON is parsed, after the microtasks awaiting it.
 */
async function countHistoryReads (page: Page): Promise<void> {
  const count = (): void => {
    window.historyReads = 0
    const json = Response.prototype.json
    Response.prototype.json = function (this: any) {
      const parsed = json.call(this)
      if (this.url.includes('/v1/conversations/')) parsed.then(() => setTimeout(() => { window.historyReads++ }), () => {})
      return parsed
    }
  }
  // In the page open now, and in the page after a reload.
  await page.evaluate(count)
  await page.addInitScript(count)
}

/** Sends the request on now and hands the server's answer to the page once `held` resolves. */
async function late (route: Route, held: Promise<void>): Promise<void> {
  const response = await route.fetch()
  await held
  await route.fulfill({ response })
}

async function historyReads (page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => window.historyReads >= n, count, WAIT)
}

async function ask (page: Page, question: string, answers: number): Promise<void> {
  await page.fill('#question', question)
  await page.press('#question', 'Enter')
  await page.waitForFunction((n) => document.querySelectorAll('.turn.assistant:not([aria-busy])').length >= n, answers, WAIT)
}

/** Saves the key and waits for its check: a check that ends later reads the history again. */
async function saveCheckedKey (page: Page): Promise<void> {
  await saveKey(page, TEST_API_KEY)
  await page.waitForSelector('#status[data-kind="info"]:has-text("Kunci valid")', WAIT)
}

const questions = async (page: Page): Promise<string[]> => await page.locator('.turn.user .text').allTextContents()

const demo = await demoBrowser(t, 'itb-demo-meanwhile-')
if (demo !== undefined) {
  const { browser } = demo

  t.test('the next question, typed while an answer streams, is still in the box when the answer ends', async (t) => {
    const { url } = await startDemoApp(t)
    const { page, record } = await openDemo(browser, url)
    await saveCheckedKey(page)
    const { held, release } = holdBack()
    await page.route('**/v1/chat', async (route) => { await held; await route.continue() })
    await page.fill('#question', QUESTION)
    await page.press('#question', 'Enter')
    await page.waitForSelector('.turn.assistant[aria-busy="true"]', WAIT)
    await page.fill('#question', 'Berapa biaya kuliah di ITB?')
    release()
    await page.waitForSelector('.turn.assistant:not([aria-busy])', WAIT)
    // Before: the box was emptied when the answer ended, and the question typed meanwhile was lost.
    t.equal(await page.inputValue('#question'), 'Berapa biaya kuliah di ITB?')

    // The question answered, still in the box, goes when its answer ends.
    await page.unroute('**/v1/chat')
    await ask(page, 'Berapa biaya kuliah di ITB?', 2)
    t.equal(await page.inputValue('#question'), '')

    pageStayedClean(t, record)
  })

  t.test('a history that arrives late fills only the conversation it belongs to, and goes before a question asked meanwhile', async (t) => {
    const { url } = await startDemoApp(t)
    const { page, record } = await openDemo(browser, url)
    await countHistoryReads(page)
    await saveCheckedKey(page)
    await ask(page, 'Kapan ITB didirikan?', 1)
    await page.click('#conversation-new')
    await ask(page, 'Di mana kampus ITB?', 1)
    await page.click('#conversation-new')
    // The picker: the new conversation, then the one about the campus, then the one about the founding.
    const [, campus, founding] = await page.locator('#conversation option').evaluateAll((options) => options.map((option: any) => option.value))

    // Down arrow twice: the campus conversation's history is slow, the founding one's is not.
    const slowFirst = holdBack()
    await page.route(`**/v1/conversations/${campus as string}`, async (route) => { await late(route, slowFirst.held) })
    await page.focus('#conversation')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    t.equal(await page.inputValue('#conversation'), founding)
    await historyReads(page, 1)
    t.same(await questions(page), ['Kapan ITB didirikan?'])
    slowFirst.release()
    await historyReads(page, 2)
    // Before: the campus conversation's turns came in under the founding one's.
    t.same(await questions(page), ['Kapan ITB didirikan?'], 'the history of the conversation left stays out')

    // "Baru" while the history of the conversation left is on its way: the new one stays empty.
    const again = holdBack()
    await page.route(`**/v1/conversations/${founding as string}`, async (route) => { await late(route, again.held) })
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('ArrowDown')
    await historyReads(page, 3)
    await page.click('#conversation-new')
    again.release()
    await historyReads(page, 4)
    t.same(await questions(page), [], 'a new conversation has no history')

    // A question asked while the history is on its way: the history goes before it.
    await page.selectOption('#conversation', founding)
    await historyReads(page, 5)
    const slow = holdBack()
    await page.unroute(`**/v1/conversations/${founding as string}`)
    await page.route(`**/v1/conversations/${founding as string}`, async (route) => { await late(route, slow.held) })
    await page.reload()
    await page.waitForSelector('html[data-ready="true"]', WAIT)
    await ask(page, 'Siapa pendirinya?', 1)
    slow.release()
    await historyReads(page, 1)
    // Before: the earlier question came after the one just asked.
    t.same(await questions(page), ['Kapan ITB didirikan?', 'Siapa pendirinya?'])
    t.equal(await page.locator('.turn').count(), 4)

    pageStayedClean(t, record)
  })
}
