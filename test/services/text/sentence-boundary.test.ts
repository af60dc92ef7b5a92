// One rule for where a full stop ends a sentence: the passages' splitter and the spoken answers'
// splitter (batch and streaming) cut the same texts at the same places.
import t from 'tap'
import { ABBREVIATIONS, periodEndsSentence } from '../../../src/services/text/sentence-boundary.ts'
import { splitSentences } from '../../../src/services/text/sentences.ts'
import { sentenceStream, splitSpokenSentences } from '../../../src/services/text/spoken-sentences.ts'
import { GENEROUS_MS, timed } from '../../support/helpers/adversarial-text.ts'

t.test('the abbreviations of both former lists end no sentence', async (t) => {
  // Once only the passages' list knew "Let."/"Purn."/"dkk", only the speech list "Gg."/"Hlm."/"Kp." (its "Kota" was a word: "… Wilayah dan Kota. Sekolah …" ends there).
  for (const abbreviation of ['Jl', 'Gg', 'Let', 'Purn', 'Kp', 'Hlm', 'Telp', 'Dkk', 'Jend', 'Univ']) {
    t.ok(ABBREVIATIONS.has(abbreviation.toLowerCase()), abbreviation)
    t.notOk(periodEndsSentence(abbreviation, 'di', 'Budi'), `${abbreviation}. Budi`)
  }
  t.ok(periodEndsSentence('dll', 'pena,', 'Mahasiswa'), 'dll. before a capital ends one')
  t.notOk(periodEndsSentence('dll', 'pena,', 'dan'), 'anything before lowercase goes on')
  t.ok(periodEndsSentence('www.itb.ac.id', 'di', 'Situs'), 'a host name ends one')
  t.notOk(periodEndsSentence('S.T', 'gelar', 'Budi'), 'a dotted degree does not')
  t.notOk(periodEndsSentence('B', 'adalah', 'J'), 'an initial after a word')
  t.ok(periodEndsSentence('E', 'dan', 'Setiap'), 'a letter closing a list')
  t.ok(periodEndsSentence('B', 'A,', 'Setiap'), 'a letter after a comma')
  t.ok(periodEndsSentence('C', 'Paket', 'Siswa'), 'a letter naming one of a kind (Paket C)')
  t.ok(periodEndsSentence('I', 'Dunia', 'Pada'), 'a Roman numeral after a name (Perang Dunia I)')
  t.notOk(periodEndsSentence('B', 'Presiden', 'J'), 'an initial after a title')
  t.notOk(periodEndsSentence('2', 'Langkahnya:', 'Bayar'), 'a list number after a colon')
  t.ok(periodEndsSentence('Bandung', 'di', 'Kampus'))
  t.ok(periodEndsSentence('Kota', 'dan', 'Sekolah'), 'Kota is a word, not an abbreviation')
})

t.test('passages and spoken answers are cut alike, however the tokens arrive', async (t) => {
  const texts = [
    'Kampus Ganesha di Jl. Ganesa No. 10, Kec. Coblong, Kota Bandung. Rektornya Prof. Reini Wirahadikusumah.',
    'Alamatnya Gg. Sadang Hlm. 3 dan Jalan Let. Jen. Purn. Dr. Mashudi No. 1, Jatinangor. Kampus ini baru.',
    'Presiden ketiga adalah B. J. Habibie. Nilai yang dipakai adalah A, AB, B, C, D, dan E. Setiap nilai punya bobot.',
    'SNBT terbuka bagi lulusan Paket C. Siswa yang sudah diterima melalui SNBP tidak dapat mengikuti SNBT. Sesudah Perang Dunia I. Pada awalnya kecil.',
    'Ia lulus dengan gelar S.T. dari ITB pada 2020. Buku, pena, dll. dan tas dibawa. Lihat www.itb.ac.id. Selesai.'
  ]
  for (const text of texts) {
    const written = splitSentences(text)
    t.same(splitSpokenSentences(text), written, text)
    const streamed: string[] = []
    for await (const sentence of sentenceStream(text.match(/.{1,3}/gs) ?? [])) streamed.push(sentence)
    t.same(streamed, written, `streamed in 3-character tokens: ${text}`)
  }
})

t.test('a host name with a long label is read in time proportional to it', async (t) => {
  // "[a-z0-9-]{2,}$" (the last label has two letters or more) was read from each letter of the long
  // label before a one-letter one: 27 s for 150,000 characters before.
  const { value, ms } = await timed(() => periodEndsSentence('a'.repeat(150_000) + '.b', 'di', 'Lalu'))
  t.equal(value, false, 'a one-letter last label is no host name')
  t.equal(periodEndsSentence('a'.repeat(150_000) + '.id', 'di', 'Lalu'), true, 'a two-letter one is')
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})
