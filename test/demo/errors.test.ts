// The demo's failure messages (src/demo/errors.js), run in Node: every status the OpenAPI document
// lists for the endpoints the demo calls, and every error code the service's source can raise, gets
// a sentence of its own in Indonesian (and English), never the server's English message or a name
// meant for operators (but for models refusing the configuration: see its test). A new status or code
// without a sentence fails here.
import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { raisedFailures, type Failure } from '../support/helpers/raised-errors.ts'

// Plain browser modules without types: loaded by URL, so they come back as `any`.
const load = async (file: string): Promise<any> => await import(new URL(`../../src/demo/${file}`, import.meta.url).href)
const { describeFailure, describeMicrophoneFailure } = await load('errors.js')
const { ApiError } = await load('api.js')
const { setLanguage } = await load('i18n.js')

const ENDPOINTS = ['/v1/chat', '/v1/audio', '/v1/conversations/{id}']
/** A setting or code name (REQUEST_TIMEOUT, ANSWER_TIMEOUT): for operators, not visitors. */
const IDENTIFIER = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/

function documentedFailures (): Failure[] {
  const document = JSON.parse(readFileSync(new URL('../../schemas/openapi.json', import.meta.url), 'utf8'))
  const failures: Failure[] = []
  for (const path of ENDPOINTS) {
    for (const operation of Object.values(document.paths[path]) as Array<{ responses: Record<string, any> }>) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue
        // One example per code the route answers with this status (src/plugins/openapi-document.ts).
        const examples = Object.values(response.content?.['application/json']?.examples ?? {}) as Array<{ value: Failure }>
        for (const { value } of examples) failures.push({ status: Number(status), code: value.code, message: value.message })
      }
    }
  }
  return failures
}

/** The statuses the OpenAPI document gives a Retry-After header (src/plugins/openapi-document.ts). */
const RETRY_STATUSES = new Set([409, 429, 503])

function messages (failure: Failure): { id: string, en: string } {
  // As the API sends them: a documented outage with its Retry-After.
  const error = new ApiError(failure.status, { code: failure.code, message: failure.message, requestId: 'req-1' }, RETRY_STATUSES.has(failure.status) ? '10' : null)
  setLanguage('en')
  const en = describeFailure(error)
  setLanguage('id')
  return { id: describeFailure(error), en }
}

function checkMessages (t: Test, failures: Failure[]): void {
  for (const failure of failures) {
    const { id, en } = messages(failure)
    const name = `${failure.status} ${failure.code}`
    t.notMatch(id, /^Terjadi kesalahan \(kode/, `${name}: a sentence of its own, not the fallback ("${id}")`)
    t.not(id, en, `${name}: translated ("${id}")`)
    t.notMatch(id, IDENTIFIER, `${name}: no setting or code name`)
    if (failure.message !== '') t.notOk(id.includes(failure.message), `${name}: not the server's message`)
  }
}

t.test('every status the OpenAPI document lists for /v1/chat, /v1/audio and /v1/conversations has an Indonesian sentence', async (t) => {
  const failures = documentedFailures()
  t.ok(failures.length > 25, `${failures.length} documented failures`)
  t.ok(failures.some((failure) => failure.status === 504 && failure.code === 'ANSWER_TIMEOUT'), 'the 504 ANSWER_TIMEOUT is among them')
  t.ok(failures.every((failure) => failure.code !== '' && failure.message !== ''), 'each with its code and message')
  checkMessages(t, failures)
  // The same statuses with a code the demo does not know (a proxy's error page has none at all).
  checkMessages(t, failures.map((failure) => ({ status: failure.status, code: '', message: '' })))
})

t.test('every error code the service raises has an Indonesian sentence', async (t) => {
  const failures = raisedFailures()
  const codes = failures.map((failure) => failure.code)
  for (const code of ['ANSWER_TIMEOUT', 'LLM_UNAVAILABLE', 'AUDIO_NO_SPEECH', 'STT_TIMEOUT', 'TTS_AUTH', 'STORE_UNAVAILABLE', 'AUDIO_BUSY']) {
    t.ok(codes.includes(code), `${code} found in the source`)
  }
  checkMessages(t, failures)
})

t.test('the messages the tester met, word for word', async (t) => {
  const of = (status: number, body: Record<string, string> = {}): string => describeFailure(new ApiError(status, body))
  t.equal(of(504, { code: 'ANSWER_TIMEOUT', message: 'The answer took longer than this server allows (5 s). Try again.' }),
    'Jawaban terlalu lama sehingga dihentikan oleh server. Coba lagi.')
  t.equal(describeFailure(new ApiError(503, { code: 'LLM_UNAVAILABLE' }, '10')), 'Model bahasa sedang tidak tersedia. Coba lagi sebentar lagi.')
  t.equal(of(400, { code: 'VALIDATION_ERROR', message: 'body/message must NOT have fewer than 1 characters' }), 'Pertanyaan tidak dapat diterima. Periksa isinya lalu kirim lagi.')
  t.equal(of(503, { code: 'VOICE_UNAVAILABLE', message: 'Voice is unavailable: speech-to-text not configured. See README, "Voice: configuring speech".' }),
    'Suara tidak tersedia: speech-to-text belum dikonfigurasi di server.')
  t.equal(of(0, { message: 'Failed to fetch' }), 'Tidak dapat menghubungi server. Periksa koneksi Anda lalu coba lagi.')
  t.equal(of(0, { code: 'STREAM_INTERRUPTED', message: 'network error' }), 'Koneksi ke server terputus sebelum jawaban selesai. Coba lagi.')
  t.equal(describeFailure(new ApiError(429, { code: 'RATE_LIMITED' }, '12')), 'Batas permintaan tercapai. Coba lagi dalam 12 detik.')
  t.equal(of(500, { code: 'INTERNAL_ERROR', requestId: 'req-9' }), 'Terjadi kesalahan tak terduga di server. Coba lagi nanti; jika terulang, laporkan dengan ID permintaan req-9.')
  t.equal(of(418), 'Terjadi kesalahan (kode 418). Coba lagi nanti.', 'an undocumented status still says nothing in English')
  t.equal(describeFailure(new TypeError('Cannot read properties of undefined')), 'Terjadi kesalahan di halaman ini. Muat ulang halaman lalu coba lagi.')
})

t.test('models refusing the configuration (LLM_UNAVAILABLE without Retry-After): the server\'s message, not "try again shortly"', async (t) => {
  const message = 'No language model provider could answer (custom: HTTP 404). The answering service is not available.'
  const refused = new ApiError(503, { code: 'LLM_UNAVAILABLE', message, requestId: 'req-2' })
  // Before: 'Model bahasa sedang tidak tersedia. Coba lagi sebentar lagi.' whatever the server said.
  t.equal(describeFailure(refused), `Model bahasa di server tidak dapat menjawab, dan mencoba lagi tidak akan membantu; beri tahu pengelola server. Pesan server: “${message}”`)
  setLanguage('en')
  t.equal(describeFailure(refused), `The server's language model cannot answer, and trying again will not help; tell the server's operator. The server says: “${message}”`)
  setLanguage('id')
  t.equal(describeFailure(new ApiError(503, { code: 'LLM_UNAVAILABLE', message: 'No language model provider could answer (custom: HTTP 503). Please try again shortly.' }, '10')),
    'Model bahasa sedang tidak tersedia. Coba lagi sebentar lagi.', 'with Retry-After: an outage')
})

t.test('a refused or missing microphone is explained by the kind of refusal, not the browser\'s English', async (t) => {
  const refusal = (name: string): string => describeMicrophoneFailure(new DOMException('Permission denied', name))
  t.equal(refusal('NotAllowedError'), 'Izin memakai mikrofon ditolak. Izinkan mikrofon untuk halaman ini di peramban, lalu coba lagi.')
  t.equal(refusal('NotFoundError'), 'Tidak ada mikrofon yang ditemukan di perangkat ini.')
  t.equal(refusal('NotReadableError'), 'Mikrofon tidak dapat dibuka; mungkin sedang dipakai aplikasi lain.')
  t.equal(describeMicrophoneFailure(new Error('odd')), 'Mikrofon tidak dapat dipakai.')
})
