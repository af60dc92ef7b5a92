// In-process decoding (worker threads, WebAssembly decoders): same outputs and the same error
// mapping as the ffmpeg decoder, ffmpeg only for what the pool does not read.
import { readdir } from 'node:fs/promises'
import t from 'tap'
import { createAudioDecoder } from '../../../src/services/speech/audio-decoder.ts'
import type { AudioDecoder } from '../../../src/services/speech/audio-decoder.ts'
import { createPooledAudioDecoder } from '../../../src/services/speech/audio-pool-decoder.ts'
import { LOWEST_PRIORITY } from '../../../src/services/speech/niceness.ts'
import { ServiceError } from '../../../src/services/errors.ts'
import { checkDecoded, encode, niceOf, silenceFlac, speak, tone, toPcm, truncate, wavInfo } from '../../support/helpers/audio-fixtures.ts'
import { listInfo, riffChunk, riffWave, wavChunks } from '../../support/helpers/riff-chunks.ts'

const speech = await speak('Selamat datang di Institut Teknologi Bandung. Kampus Ganesha terletak di kota Bandung, Jawa Barat.', { voice: 'id' })
const speechSeconds = wavInfo(speech).durationSeconds

/** The ffmpeg decoder with a count of what reached it. */
function countingFallback (): AudioDecoder & { calls: number } {
  const ffmpeg = createAudioDecoder({ maxSeconds: 60 })
  const fallback = {
    calls: 0,
    decode: async (...args: Parameters<AudioDecoder['decode']>) => { fallback.calls++; return await ffmpeg.decode(...args) },
    close: async () => { await ffmpeg.close() }
  }
  return fallback
}

async function rejection (promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(() => { throw new Error('expected a rejection') }, (error: unknown) => error)
  if (!(error instanceof ServiceError)) throw error
  return error
}

/** The largest normalised cross-correlation of two s16le signals within ±`lag` samples. */
function similarity (a: Buffer, b: Buffer, lag = 400): number {
  const x = new Int16Array(a.buffer, a.byteOffset, a.length >> 1)
  const y = new Int16Array(b.buffer, b.byteOffset, b.length >> 1)
  const n = Math.min(x.length, y.length) - lag
  let best = 0
  for (let shift = -lag; shift <= lag; shift += 1) {
    let xy = 0
    let xx = 0
    let yy = 0
    for (let i = lag; i < n; i += 4) {
      const u = x[i] as number
      const v = y[i + shift] as number
      xy += u * v
      xx += u * u
      yy += v * v
    }
    best = Math.max(best, xy / Math.sqrt(xx * yy))
  }
  return best
}

t.test('WAV, MP3, FLAC, Ogg Opus, Ogg Vorbis and WebM Opus decode in-process to what ffmpeg hears', async (t) => {
  const fallback = countingFallback()
  const decoder = createPooledAudioDecoder({ maxSeconds: 60, fallback })
  t.teardown(decoder.close)
  const cases: Array<[string, Buffer]> = [
    ['wav 22.05 kHz', speech],
    ['wav 48 kHz stereo float', await encode(speech, 'wav', { codec: ['-ar', '48000', '-ac', '2', '-c:a', 'pcm_f32le'] })],
    ['mp3', await encode(speech, 'mp3')],
    ['flac', await encode(speech, 'flac')],
    ['ogg opus', await encode(speech, 'ogg')],
    ['ogg vorbis', await encode(speech, 'ogg', { codec: ['-c:a', 'libvorbis'] })],
    ['webm opus', await encode(speech, 'webm')],
    ['webm opus as MediaRecorder writes it', await encode(speech, 'webm', { live: true })]
  ]
  for (const [name, file] of cases) {
    const decoded = await decoder.decode(file)
    await checkDecoded(t, decoded, speechSeconds)
    const reference = await toPcm(file, 16000)
    const score = similarity(decoded.wav.subarray(44), reference)
    t.ok(score > 0.9, `${name}: correlation with ffmpeg's decoding ${score.toFixed(3)}`)
  }
  t.equal(fallback.calls, 0, 'ffmpeg was not needed')
})

t.test('a WAV in another chunk order decodes in-process as in the usual one: data before fmt, LIST/INFO anywhere', async (t) => {
  // ffmpeg cannot: reading from a pipe, it needs fmt first ("found no 'fmt ' tag before the 'data' tag").
  const fallback = countingFallback()
  const decoder = createPooledAudioDecoder({ maxSeconds: 60, fallback })
  t.teardown(decoder.close)
  const chunks = wavChunks(speech)
  const fmt = chunks.get('fmt ') as Buffer
  // espeak-ng streams its WAV with a placeholder size (to the end of the file): stated here, as a data
  // chunk before fmt must.
  const data = riffChunk('data', (chunks.get('data') as Buffer).subarray(8))
  const usual = await decoder.decode(riffWave([fmt, data]))
  const orders: Array<[string, Buffer[]]> = [['data, fmt', [data, fmt]], ['data, LIST, fmt', [data, listInfo(), fmt]], ['fmt, LIST, data', [fmt, listInfo(), data]]]
  for (const [order, parts] of orders) {
    const decoded = await decoder.decode(riffWave(parts))
    t.ok(decoded.wav.equals(usual.wav), `${order}: the same samples`)
    t.equal(decoded.durationSeconds, usual.durationSeconds)
  }
  t.equal(fallback.calls, 0, 'ffmpeg was not needed')
})

t.test('M4A, Vorbis in WebM and WAV encodings the pool does not read go to ffmpeg', async (t) => {
  const fallback = countingFallback()
  const decoder = createPooledAudioDecoder({ maxSeconds: 60, fallback })
  t.teardown(decoder.close)
  for (const file of [
    await encode(speech, 'm4a'),
    await encode(speech, 'webm', { codec: ['-c:a', 'libvorbis'] }),
    await encode(speech, 'wav', { codec: ['-c:a', 'adpcm_ms'] })
  ]) {
    await checkDecoded(t, await decoder.decode(file), speechSeconds)
  }
  t.equal(fallback.calls, 3)
})

t.test('the same rejections as the ffmpeg decoder, decided in-process', async (t) => {
  const fallback = countingFallback()
  const decoder = createPooledAudioDecoder({ maxSeconds: 2, fallback })
  t.teardown(decoder.close)
  t.match(await rejection(decoder.decode(Buffer.alloc(0))), { kind: 'bad_request', code: 'AUDIO_EMPTY' })
  t.match(await rejection(decoder.decode(Buffer.from('bukan audio sama sekali, hanya teks'.repeat(10)))), { code: 'AUDIO_UNSUPPORTED' })
  const long = tone(3)
  for (const format of ['wav', 'mp3', 'flac', 'ogg', 'webm'] as const) {
    const file = format === 'wav' ? long : await encode(long, format)
    t.match(await rejection(decoder.decode(file)), { code: 'AUDIO_TOO_LONG' }, `${format} too long`)
    t.match(await rejection(decoder.decode(truncate(file, 300))), { code: 'AUDIO_UNDECODABLE' }, `${format} truncated to nothing`)
  }
  t.equal(fallback.calls, 0)
})

t.test('a decompression bomb stops at the duration limit', async (t) => {
  const decoder = createPooledAudioDecoder({ maxSeconds: 60, fallback: countingFallback() })
  t.teardown(decoder.close)
  // An hour of silence compresses to a few hundred KB of FLAC (~1.4 GB as 48 kHz float PCM).
  const bomb = await silenceFlac(3600)
  t.ok(bomb.length < 2_000_000, `bomb of ${bomb.length} bytes`)
  const before = process.memoryUsage().rss
  t.match(await rejection(decoder.decode(bomb)), { code: 'AUDIO_TOO_LONG' })
  t.ok(process.memoryUsage().rss - before < 300 * 1024 * 1024, 'memory did not follow the decoded length')
})

t.test('an abort rejects with its reason', async (t) => {
  const decoder = createPooledAudioDecoder({ maxSeconds: 60, fallback: countingFallback() })
  t.teardown(decoder.close)
  const controller = new AbortController()
  controller.abort(new Error('client gone'))
  await t.rejects(decoder.decode(speech, { signal: controller.signal }))
})

t.test('every thread is started before the first upload, and stays after idle; none when not warm', async (t) => {
  // A thread started on demand would compile its modules in the middle of the burst that needed it.
  const warm = createPooledAudioDecoder({ maxSeconds: 60, threads: 3, idleTimeoutMs: 50, fallback: countingFallback() })
  t.teardown(warm.close)
  t.equal(warm.threads, 3, 'all three started at once')
  await Promise.all([warm.decode(speech), warm.decode(speech), warm.decode(speech)])
  await new Promise((resolve) => setTimeout(resolve, 300)) // six idle timeouts
  t.equal(warm.threads, 3, 'none left after idling')

  const cold = createPooledAudioDecoder({ maxSeconds: 60, threads: 2, warm: false, fallback: countingFallback() })
  t.teardown(cold.close)
  t.equal(cold.threads, 0, 'not warm: no thread until needed')
  await cold.decode(speech)
  t.ok(cold.threads >= 1, 'started on demand')
})

// At the lowest priority already, new threads start at the level they would be lowered to.
const own = await niceOf('/proc/self/stat')
t.test('the decoder threads run the nice levels given below the event loop', { skip: own >= LOWEST_PRIORITY ? 'this process runs at the lowest priority' : false }, async (t) => {
  /** Threads of this process at `level`. */
  const threadsAt = async (level: number): Promise<number[]> => {
    const ids = (await readdir('/proc/self/task')).map(Number)
    const levels = await Promise.all(ids.map(async (id) => await niceOf(`/proc/self/task/${id}/stat`).catch(() => -1)))
    return ids.filter((_, index) => levels[index] === level)
  }
  const level = Math.min(LOWEST_PRIORITY, own + 6) // below this process, wherever it runs
  const before = await threadsAt(level)
  const decoder = createPooledAudioDecoder({ maxSeconds: 60, threads: 2, niceness: 6, fallback: countingFallback() })
  t.teardown(decoder.close)
  await Promise.all([decoder.decode(speech), decoder.decode(speech), decoder.decode(speech)])
  const lowered = async (): Promise<number[]> => (await threadsAt(level)).filter((id) => !before.includes(id))
  for (let waited = 0; (await lowered()).length < 2 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20))
  const threads = await lowered()
  t.equal(threads.length, 2, 'both decoder threads')
  t.notOk(threads.includes(process.pid), 'not the event loop\'s thread')
  t.throws(() => createPooledAudioDecoder({ maxSeconds: 60, niceness: 20, fallback: countingFallback() }), TypeError)
  t.throws(() => createPooledAudioDecoder({ maxSeconds: 60, niceness: -1, fallback: countingFallback() }), TypeError)
})

t.test('a damaged upload writes nothing to the service\'s stderr: the decoders\' own error lines stay in their thread', async (t) => {
  // An ID3 tag before pseudo-random bytes: mpg123-decoder printed a line per bad frame to the
  // worker's console, which Node forwards to the process's stderr (2,913 unstructured lines for
  // one 16 MiB upload). The errors come back in the decoders' results as well (the detail's count).
  let seed = 12345
  const noise = Buffer.alloc(1 << 20, 0).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16)
  const damaged = Buffer.concat([Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x0a', 'latin1'), Buffer.alloc(10), noise])
  const decoder = createPooledAudioDecoder({ maxSeconds: 60, threads: 1, fallback: countingFallback() })
  t.teardown(decoder.close)
  const written: string[] = []
  const write = process.stderr.write.bind(process.stderr)
  process.stderr.write = ((chunk: string | Uint8Array) => { written.push(String(chunk)); return true }) as typeof process.stderr.write
  t.teardown(() => { process.stderr.write = write })
  const outcome = await decoder.decode(damaged).then(() => 'decoded', (error: unknown) => error instanceof ServiceError ? error.code : error)
  // A decode of a valid file on the same (only) thread after it: anything the first one wrote has arrived by then.
  await decoder.decode(speech)
  process.stderr.write = write
  t.ok(['decoded', 'AUDIO_UNDECODABLE', 'AUDIO_TOO_LONG'].includes(String(outcome)), `an answer for the damaged file (${String(outcome)})`)
  t.same(written.filter((text) => /decoder|MPG123/.test(text)), [], 'no decoder line on stderr')
})
