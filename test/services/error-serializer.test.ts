// How errors appear in log lines: a vendor's error quoting a web page or a long body is bounded.
import t from 'tap'
import { boundedMessage, htmlPageIn, MAX_MESSAGE_LENGTH, serializeError } from '../../src/services/error-serializer.ts'
import { GENEROUS_MS, timed } from '../support/helpers/adversarial-text.ts'

t.test('an HTML page in a message is named by its title (or first heading) and length, not copied', async (t) => {
  const page = `<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>${'<p>secret-ish page text</p>'.repeat(50)}</body></html>`
  t.equal(boundedMessage(`404 ${page}`), `404 [an HTML page titled "404 Not Found", ${page.length} characters]`)
  t.equal(boundedMessage('<html><body><h1>Welcome to <b>nginx</b>!</h1></body></html>'), '[an HTML page titled "Welcome to nginx!", 59 characters]')
  t.equal(boundedMessage('502 <html><body>bad gateway</body></html>'), '502 [an HTML page, 37 characters]')
  t.match(serializeError(new Error(`404 ${page}`)), { message: /^404 \[an HTML page titled "404 Not Found"/ })
  t.notMatch(JSON.stringify(serializeError(new Error('outer', { cause: new Error(page) }))), 'secret-ish', 'causes too')
})

t.test('a long message is cut with what was left out counted; a short one is kept as it is', async (t) => {
  const long = 'x'.repeat(MAX_MESSAGE_LENGTH + 1234)
  t.equal(boundedMessage(long), `${'x'.repeat(MAX_MESSAGE_LENGTH)}…[1234 characters]`)
  t.equal(boundedMessage('connect ECONNREFUSED 127.0.0.1:6379'), 'connect ECONNREFUSED 127.0.0.1:6379')
  t.equal(serializeError('a thrown string').message, 'a thrown string')
})

t.test('a page is described in time linear in its length, whatever it holds (runs of tags a title never closes)', async (t) => {
  const length = 150_000
  const pages = {
    openTitles: `<html>${'<title>'.repeat(length / 7)}`,
    lessThans: `<html><title>${'<'.repeat(length)}</title>`,
    unclosedTags: `<html>${'<title'.repeat(length / 6)}`,
    headings: `<html><h1>${'<b'.repeat(length / 2)}</h1>`
  }
  for (const [name, page] of Object.entries(pages)) {
    const { value, ms } = await timed(() => boundedMessage(`404 ${page}`))
    t.ok(ms < GENEROUS_MS, `${name}: ${Math.round(ms)} ms`)
    t.match(value, /^404 \[an HTML page/, name)
  }
  t.equal(htmlPageIn('<html><title>Late</title>')?.title, 'Late')
  t.equal(htmlPageIn(`<html><title>${'x'.repeat(5000)}</title>`)?.title, undefined, 'a title that does not close within 4 KB is not read')
  t.equal(htmlPageIn('<HTML><TITLE>Upper <i>case</i></TITLE>')?.title, 'Upper case')
})
