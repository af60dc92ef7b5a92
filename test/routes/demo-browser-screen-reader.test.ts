// The demo client as a screen reader presents it, in a real browser (Debian's chromium through
// playwright-core): an answer's words are marked as Indonesian (lang="id") whatever the UI's
// language, so that they are not read with English pronunciation after the toggle, while the UI's
// own words (labels, "Answering…") and the visitor's question keep the page's language.
import t from 'tap'
import type { Page } from 'playwright-core'
import { TEST_API_KEY } from '../support/helpers/app.ts'
import { cspViolations } from '../support/helpers/browser.ts'
import { demoBrowser, openDemo, QUESTION, saveKey, startDemoApp, unexpectedProblems, WAIT } from '../support/helpers/demo-page.ts'

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

  t.test('in English, answers are marked Indonesian and the rest is not', async (t) => {
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
    release()
    await page.waitForSelector('.turn.assistant:not([aria-busy]) .sources a', WAIT)
    const marked = [
      { turn: 'turn user', text: null, label: 'en' },
      { turn: 'turn assistant', text: 'id', label: 'en' }
    ]
    t.same(await languages(page), marked, 'the answer is Indonesian; the question and the labels inherit the page\'s English')

    await page.reload()
    await page.waitForSelector('.turn.assistant .sources a', WAIT)
    t.same(await languages(page), marked, 'the restored turns are marked alike')

    t.same(record.pageErrors, [])
    t.same(cspViolations(record), [])
    t.same(unexpectedProblems(record), [])
  })
}
