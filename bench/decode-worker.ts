// node bench/decode-worker.ts — CPU time of the in-process decode worker's stages, on this thread
// (no pool): the whole task (read the WAV, resample to 16 kHz, FLAC encode, build the result), and
// the resampler and the FLAC encoder alone, for the 10 s espeak-ng question of bench/voice.ts at its
// own 22.05 kHz and re-encoded at 16, 44.1 and 48 kHz. CPU time of the process (this thread does
// the work; process.cpuUsage() counts in whole scheduler ticks on Linux, too coarse here), not
// wall clock, so figures survive a busy machine; medians of ROUNDS rounds of PER_ROUND calls.
// A/B: BENCH_DECODE_OTHER=dir (a copy of another version's src/services/speech) is measured in the
// same rounds, interleaved, so both see the same load.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadavg } from 'node:os'
import { wavSamples } from '../src/services/speech/wav.ts'
import { encode, speak, trimWav } from '../test/support/helpers/audio-fixtures.ts'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 5)

interface Speech {
  decodeUpload: (task: { data: Uint8Array, format: 'wav', sampleRate: number, maxSeconds: number }) => Promise<unknown>
  resampleToInt16: (input: never, fromRate: number, toRate: number) => Int16Array | null
  encodeFlac: (samples: Int16Array, sampleRate: number) => Uint8Array
}

async function load (dir: string): Promise<Speech> {
  const at = (file: string): string => pathToFileURL(resolve(dir, file)).href
  const worker = await import(at('audio-decode-worker.ts')) as { default: Speech['decodeUpload'] }
  const resample = await import(at('audio-resample.ts')) as Pick<Speech, 'resampleToInt16'>
  const flac = await import(at('audio-flac-encoder.ts')) as Pick<Speech, 'encodeFlac'>
  return { decodeUpload: worker.default, resampleToInt16: resample.resampleToInt16, encodeFlac: flac.encodeFlac }
}

const versions: Array<[string, Speech]> = [['this', await load(new URL('../src/services/speech/', import.meta.url).pathname)]]
if (process.env.BENCH_DECODE_OTHER !== undefined) versions.push(['other', await load(process.env.BENCH_DECODE_OTHER)])

const question = trimWav(await speak(
  'Selamat pagi. Saya ingin bertanya tentang Institut Teknologi Bandung. Kapan sebenarnya ITB didirikan, ' +
  'dan apa nama sekolah itu ketika pertama kali dibuka di kota Bandung? Terima kasih banyak atas jawabannya.',
  { wordsPerMinute: 120 }), 10)
const inputs: Array<[string, Buffer, number]> = [['22.05 kHz', question, 22050]]
for (const rate of [44100, 48000]) inputs.push([`${rate / 1000} kHz`, await encode(question, 'wav', { codec: ['-ar', String(rate)] }), rate])
inputs.push(['16 kHz', await encode(question, 'wav', { codec: ['-ar', '16000'] }), 16000])

function cpuMs (run: () => unknown): number {
  const before = process.cpuUsage()
  for (let i = 0; i < PER_ROUND; i++) run()
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000 / PER_ROUND
}

async function cpuMsAsync (run: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage()
  for (let i = 0; i < PER_ROUND; i++) await run()
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000 / PER_ROUND
}

function floats (wav: Buffer): Float32Array {
  return Float32Array.from(new Int16Array(Uint8Array.from(wavSamples(wav)).buffer), (s) => s / 32768)
}

const samples = new Map<string, number[]>()
function record (key: string, ms: number): void { samples.set(key, [...(samples.get(key) ?? []), ms]) }
const pcm16k = new Int16Array(Uint8Array.from(wavSamples(inputs[3]?.[1] as Buffer)).buffer)

const load0 = loadavg()[0]
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, wav, rate] of inputs) {
    const input = floats(wav)
    for (const [version, speech] of round % 2 === 0 ? versions : [...versions].reverse()) {
      record(`${version} | whole task, ${name}`, await cpuMsAsync(async () => await speech.decodeUpload({ data: new Uint8Array(wav), format: 'wav', sampleRate: 16000, maxSeconds: 60 })))
      if (rate !== 16000) record(`${version} | resample, ${name}`, cpuMs(() => speech.resampleToInt16(input as never, rate, 16000)))
    }
  }
  for (const [version, speech] of versions) record(`${version} | FLAC encode, 10 s at 16 kHz`, cpuMs(() => speech.encodeFlac(pcm16k, 16000)))
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
console.log(`load average ${load0.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after; ${ROUNDS} rounds × ${PER_ROUND}; CPU ms per call, median (min)`)
for (const [key, values] of [...samples].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`${key.padEnd(40)} ${median(values).toFixed(2).padStart(7)} (${Math.min(...values).toFixed(2)})`)
}
