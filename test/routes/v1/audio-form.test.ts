// The form around the recording of POST /v1/audio: small text fields beside it are fine; a second
// file is refused (400 AUDIO_TOO_MANY_FILES) at its part head, never read, so a client that sent two
// recordings is told instead of getting an answer to one; the form must end within the upload deadline.
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { build, TEST_API_KEY } from '../../support/helpers/app.ts'
import { speak } from '../../support/helpers/audio-fixtures.ts'
import { BOUNDARY, partHead, unfinishedUpload, voiceEnv } from '../../support/helpers/uploads.ts'

const QUESTION = 'Kapan ITB didirikan?'
const question = await speak(QUESTION)

type Part = [field: string, value: string | Buffer]

/** A multipart body of these parts in order: a Buffer is a file, a string a text field. */
function form (parts: Part[], end = `--${BOUNDARY}--\r\n`): Buffer {
  return Buffer.concat([
    ...parts.flatMap(([field, value]) => typeof value === 'string'
      ? [Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${value}\r\n`)]
      : [Buffer.from(partHead(BOUNDARY, field)), value, Buffer.from('\r\n')]),
    Buffer.from(end)
  ])
}

t.test('one recording with text fields beside it is answered; a second file or a fifth field is refused', async (t) => {
  const { app } = await build(t, await voiceEnv(t, QUESTION))
  const cases: Array<[string, Buffer, number, string | undefined]> = [
    ['fields before and after the file', form([['lang', 'id'], ['audio', question], ['client', 'test'], ['note', 'x']]), 200, undefined],
    ['two recordings', form([['audio', question], ['audio', question]]), 400, 'AUDIO_TOO_MANY_FILES'],
    ['a recording and another file', form([['audio', question], ['image', Buffer.alloc(100, 1)]]), 400, 'AUDIO_TOO_MANY_FILES'],
    ['a second file after a field', form([['audio', question], ['lang', 'id'], ['file', question]]), 400, 'AUDIO_TOO_MANY_FILES'],
    ['five fields after the file', form([['audio', question], ...['a', 'b', 'c', 'd', 'e'].map((name): Part => [name, '1'])]), 400, 'AUDIO_TOO_MANY_PARTS'],
    ['a form that ends after the file without its closing boundary', form([['audio', question]], `--${BOUNDARY}`), 400, 'AUDIO_MALFORMED_UPLOAD']
  ]
  for (const [name, payload, status, code] of cases) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/audio',
      headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'form', 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload
    })
    t.equal(response.statusCode, status, `${name}: ${response.body.slice(0, 200)}`)
    if (code !== undefined) t.match(response.json(), { statusCode: 400, error: 'Bad Request', code, message: String, requestId: String }, name)
  }
  const twice = await app.inject({
    method: 'POST',
    url: '/v1/audio',
    headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'form', 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload: form([['audio', question], ['audio', question]])
  })
  t.equal(twice.json().message, 'More than one file: send one recording per request')
})

t.test('a second file is refused at its part head, before its bytes arrive', async (t) => {
  const { app } = await build(t, await voiceEnv(t, QUESTION))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  // The second file's head and its first bytes; the rest (1 MB announced) never comes.
  const sent = Buffer.concat([form([['audio', question]], ''), Buffer.from(partHead(BOUNDARY, 'audio', 'second.wav')), Buffer.alloc(1000, 1)])
  const upload = await unfinishedUpload(port, sent, 'second-file')
  t.teardown(() => { upload.socket.destroy() })
  const { status, body } = await upload.response
  t.equal(status, 400, body.slice(0, 200))
  t.match(JSON.parse(body), { code: 'AUDIO_TOO_MANY_FILES', requestId: String })
})

t.test('the form after the recording must arrive within the upload deadline too', async (t) => {
  const { app } = await build(t, { ...await voiceEnv(t, QUESTION), AUDIO_UPLOAD_TIMEOUT: '1.5' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  // The whole file and the start of a text field after it; the form's end never comes.
  const sent = Buffer.concat([form([['audio', question]], ''), Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="lang"\r\n\r\ni`)])
  const upload = await unfinishedUpload(port, sent, 'slow-end', 100)
  t.teardown(() => { upload.socket.destroy() })
  const { status, body } = await upload.response
  t.equal(status, 408, body.slice(0, 200))
  t.match(JSON.parse(body), { code: 'AUDIO_UPLOAD_TOO_SLOW', requestId: String })
})

t.test('the form before the recording must arrive within the upload deadline too', async (t) => {
  // REQUEST_TIMEOUT far above the upload deadline: a stall before the file must get the upload's 408, not the request's.
  const { app } = await build(t, { ...await voiceEnv(t, QUESTION), AUDIO_UPLOAD_TIMEOUT: '1.5', REQUEST_TIMEOUT: '60' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  // The start of a text field before the recording; nothing more comes.
  const upload = await unfinishedUpload(port, Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="lang"\r\n\r\ni`), 'slow-start', 100)
  t.teardown(() => { upload.socket.destroy() })
  const { status, body } = await upload.response
  t.equal(status, 408, body.slice(0, 200))
  t.match(JSON.parse(body), { code: 'AUDIO_UPLOAD_TOO_SLOW', requestId: String })
})

t.test('a body that is not multipart is one answer whatever its type: 400 AUDIO_MULTIPART_REQUIRED, the body never parsed', async (t) => {
  const { app } = await build(t, await voiceEnv(t, QUESTION))
  const bodies: Array<[contentType: string | undefined, payload: string | Buffer]> = [
    ['application/json', '{"audio":"x"}'],
    // Parsed as JSON before, these were a 400 BAD_REQUEST and a 413 PAYLOAD_TOO_LARGE the route does not document.
    ['application/json', '{"audio":'],
    ['application/json', `"${'a'.repeat(100_000)}"`],
    ['text/plain', 'hello'],
    // These were a 415 with the bare message "Unsupported Media Type".
    ['audio/wav', question],
    ['application/octet-stream', question],
    ['application/x-www-form-urlencoded', 'audio=x'],
    [undefined, question]
  ]
  for (const [contentType, payload] of bodies) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/audio',
      headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'not-multipart', ...(contentType === undefined ? {} : { 'content-type': contentType }) },
      payload
    })
    t.equal(response.statusCode, 400, `${contentType}: ${response.body.slice(0, 200)}`)
    t.match(response.json(), { statusCode: 400, code: 'AUDIO_MULTIPART_REQUIRED', message: /multipart\/form-data/, requestId: String }, String(contentType))
  }
})

t.test('a compressed upload (Content-Encoding other than identity) is 415, not read as if plain', async (t) => {
  const { app } = await build(t, await voiceEnv(t, QUESTION))
  for (const [encoding, payload] of [['gzip', gzipSync(form([['audio', question]]))], ['br', form([['audio', question]])]] as const) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/audio',
      headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'encoded', 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-encoding': encoding },
      payload
    })
    t.equal(response.statusCode, 415, `${encoding}: ${response.body.slice(0, 200)}`)
    t.match(response.json(), { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /Content-Encoding/, requestId: String }, encoding)
  }
})

t.test('a recording sent without a filename is told so: a part without one is a text field, not a file', async (t) => {
  const { app } = await build(t, await voiceEnv(t, QUESTION))
  const ask = async (parts: Part[], headOf: (field: string) => string) => await app.inject({
    method: 'POST',
    url: '/v1/audio',
    headers: { 'x-api-key': TEST_API_KEY, 'x-conversation-id': 'form', 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload: Buffer.concat([...parts.flatMap(([field, value]) => [Buffer.from(headOf(field)), Buffer.from(value), Buffer.from('\r\n')]), Buffer.from(`--${BOUNDARY}--\r\n`)])
  })
  // What `curl -F "audio=<question.wav"` and a file appended without a name send: it was "send the
  // recording … in a multipart field named audio", which the client had done.
  for (const field of ['audio', 'file']) {
    for (const type of ['', 'Content-Type: audio/wav\r\n']) {
      const response = await ask([[field, question]], (name) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n${type}\r\n`)
      t.equal(response.statusCode, 400, `${field} ${type.trim()}`)
      t.match(response.json(), { code: 'AUDIO_MISSING', message: `No audio file: the part "${field}" has no filename, so it is a text field. Send the recording as a file (a part with a filename; curl: -F "audio=@question.wav")` })
    }
  }
  // A text field of another name, and no file: the general message.
  const other = await ask([['lang', 'id']], (name) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`)
  t.match(other.json(), { code: 'AUDIO_MISSING', message: 'No audio file: send the recording as the first file, in a multipart field named "audio" (or "file")' })
})
