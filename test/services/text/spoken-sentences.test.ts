import { test } from 'tap'
import { mixedSentenceLanguages, sentenceStream, speakableText, splitSpokenSentences } from '../../../src/services/text/spoken-sentences.ts'
import { ADVERSARIAL_TEXTS, GENEROUS_MS, timed } from '../../support/helpers/adversarial-text.ts'

async function collect (source: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = []
  for await (const item of source) out.push(item)
  return out
}

test('splits Indonesian sentences at . ! ? and line breaks', async (t) => {
  t.same(splitSpokenSentences('ITB didirikan tahun 1920. Kampusnya di Bandung! Mau tahu lebih? Tanya saja.'),
    ['ITB didirikan tahun 1920.', 'Kampusnya di Bandung!', 'Mau tahu lebih?', 'Tanya saja.'])
  t.same(splitSpokenSentences('Baris pertama\nBaris kedua\n\n  Baris ketiga  '), ['Baris pertama', 'Baris kedua', 'Baris ketiga'])
  t.same(splitSpokenSentences('Benarkah?! Ya... Itu benar.'), ['Benarkah?!', 'Ya...', 'Itu benar.'])
  t.same(splitSpokenSentences('Dia berkata, "Selamat datang." Lalu pergi.'), ['Dia berkata, "Selamat datang."', 'Lalu pergi.'])
  t.same(splitSpokenSentences('(Lihat lampiran.) Berikutnya.'), ['(Lihat lampiran.)', 'Berikutnya.'])
  t.same(splitSpokenSentences('Tunggu… Baik.'), ['Tunggu…', 'Baik.'])
  t.same(splitSpokenSentences(''), [])
  t.same(splitSpokenSentences('   \n\n '), [])
  t.same(splitSpokenSentences('Tanpa tanda baca di akhir'), ['Tanpa tanda baca di akhir'])
})

test('abbreviations, initials, numbers and addresses do not end a sentence', async (t) => {
  t.same(splitSpokenSentences('Kampus ITB ada di Jl. Ganesha No. 10, Bandung. Telp. 022-2500935.'),
    ['Kampus ITB ada di Jl. Ganesha No. 10, Bandung.', 'Telp. 022-2500935.'])
  t.same(splitSpokenSentences('Rektornya Prof. Dr. Ir. Budi Santoso. Beliau lulusan ITB.'),
    ['Rektornya Prof. Dr. Ir. Budi Santoso.', 'Beliau lulusan ITB.'])
  t.same(splitSpokenSentences('Dokternya dr. Andi di klinik. Buka pukul 08.00 WIB.'), ['Dokternya dr. Andi di klinik.', 'Buka pukul 08.00 WIB.'])
  t.same(splitSpokenSentences('Biayanya Rp. 12.500.000 per semester. Ada 3.000 mahasiswa baru dan 2.5 persen naik.'),
    ['Biayanya Rp. 12.500.000 per semester.', 'Ada 3.000 mahasiswa baru dan 2.5 persen naik.'])
  t.same(splitSpokenSentences('Presiden ketiga adalah B. J. Habibie. Ia alumnus ITB.'), ['Presiden ketiga adalah B. J. Habibie.', 'Ia alumnus ITB.'])
  t.same(splitSpokenSentences('Ada buku, pena, dll. dan semuanya gratis. Info di itb.ac.id. Terima kasih.'),
    ['Ada buku, pena, dll. dan semuanya gratis.', 'Info di itb.ac.id.', 'Terima kasih.'])
  t.same(splitSpokenSentences('Dosennya Budi, S.T., M.T. yang mengajar. Ia ramah.'), ['Dosennya Budi, S.T., M.T. yang mengajar.', 'Ia ramah.'])
  t.same(splitSpokenSentences('1. Fakultas Matematika\n2. Sekolah Teknik Elektro'), ['1. Fakultas Matematika', '2. Sekolah Teknik Elektro'])
  t.same(splitSpokenSentences('Langkahnya: 1. Daftar. 2. Bayar.'), ['Langkahnya: 1. Daftar.', '2. Bayar.'])
})

test('markdown and citation marks are not read out', async (t) => {
  t.same(splitSpokenSentences('## Fakultas\n- **FMIPA** menaungi [prodi matematika](https://itb.ac.id/fmipa) [1].\n* `STEI` ada di kampus Ganesha [2, 3].'),
    ['Fakultas', 'FMIPA menaungi prodi matematika.', 'STEI ada di kampus Ganesha.'])
  t.equal(speakableText('> Kutipan **penting** [^4] di sini .'), 'Kutipan penting di sini.')
  t.same(splitSpokenSentences('---\n***\n...'), [], 'pieces without letters or digits are skipped')
})

test('sentences longer than maxLength are cut at a comma, else at a space', async (t) => {
  const clause = 'Institut Teknologi Bandung memiliki banyak fakultas dan sekolah'
  const long = `${clause}, ${clause}, ${clause}, ${clause}, ${clause} yang tersebar.`
  const pieces = splitSpokenSentences(long)
  t.ok(long.length > 280)
  t.ok(pieces.length > 1)
  t.ok(pieces.every((piece) => piece.length <= 280), pieces.map((p) => p.length).join(','))
  t.ok(pieces.slice(0, -1).every((piece) => piece.endsWith(',')), 'cut after commas')
  t.equal(pieces.join(' '), long, 'nothing lost')

  const words = new Array(40).fill('kata').join(' ') + '.'
  const short = splitSpokenSentences(words, { maxLength: 50 })
  t.ok(short.every((piece) => piece.length <= 50 && !piece.startsWith(' ')))
  t.equal(short.join(' '), words)
  const unbroken = 'x'.repeat(120)
  t.same(splitSpokenSentences(unbroken, { maxLength: 50 }), ['x'.repeat(50), 'x'.repeat(50), 'x'.repeat(20)], 'hard cut without spaces')
})

test('an opening clause in the other language is spoken as a piece of its own', async (t) => {
  // Before, the whole sentence took one voice: the English one for "… (in Indonesian), ITB berada di
  // Kota Bandung, Jawa Barat." (3.5 English to 1.5), the Indonesian one for the English framing of most.
  t.same(splitSpokenSentences('According to the available information (in Indonesian), ITB berada di Kota Bandung, Jawa Barat. Kampus utama ITB adalah Kampus Ganesha.'), [
    'According to the available information (in Indonesian),',
    'ITB berada di Kota Bandung, Jawa Barat.',
    'Kampus utama ITB adalah Kampus Ganesha.'
  ])
  t.same(splitSpokenSentences('Berdasarkan informasi yang tersedia, undergraduates admitted through SNBP pay a single tuition fee.'),
    ['Berdasarkan informasi yang tersedia,', 'undergraduates admitted through SNBP pay a single tuition fee.'])
  for (const sentence of [
    'According to the available information, ITB was founded in 1920.', // one language
    'Berdasarkan informasi yang tersedia, ITB didirikan pada 1920.',
    'Kampus Ganesha, the main campus, is in Bandung.', // a clause of names only
    'Ya, ITB.' // a rest without evidence
  ]) t.same(splitSpokenSentences(sentence), [sentence], sentence)
  const streamed = await collect(sentenceStream(['According to the available information ', '(in Indonesian), ITB berada ', 'di Kota Bandung. The end.']))
  t.same(streamed, ['According to the available information (in Indonesian),', 'ITB berada di Kota Bandung.', 'The end.'], 'streamed alike')
})

test('sentenceStream yields a sentence while the tokens are still arriving', async (t) => {
  const pending: Array<(token: string | undefined) => void> = []
  const provided: string[] = []
  async function * tokens (): AsyncGenerator<string> {
    for (;;) {
      const token = await new Promise<string | undefined>((resolve) => pending.push(resolve))
      if (token === undefined) return
      provided.push(token)
      yield token
    }
  }
  const push = async (token: string | undefined): Promise<void> => {
    while (pending.length === 0) await new Promise((resolve) => setImmediate(resolve))
    pending.shift()?.(token)
  }
  const stream = sentenceStream(tokens())
  const first = stream.next()
  for (const token of ['ITB ', 'didirikan ', 'tahun 1920', '.', ' Kampusnya']) await push(token)
  t.same(await first, { done: false, value: 'ITB didirikan tahun 1920.' })
  t.equal(provided.length, 5, 'the full stop was confirmed by the next word')
  const second = stream.next()
  for (const token of [' di Jl.', ' Ganesha', '.\n', 'Sekian']) await push(token)
  t.same(await second, { done: false, value: 'Kampusnya di Jl. Ganesha.' })
  const third = stream.next()
  await push(undefined)
  t.same(await third, { done: false, value: 'Sekian' }, 'the remainder at the end')
  t.same(await stream.next(), { done: true, value: undefined })
})

test('sentenceStream gives the same sentences as splitSpokenSentences, however the text is chunked', async (t) => {
  const long = 'Penerimaan mahasiswa baru melalui jalur SNBP, SNBT, dan seleksi mandiri ITB dilaksanakan setiap tahun, dengan kuota yang berbeda untuk setiap fakultas, sekolah, dan program studi, sehingga calon mahasiswa perlu memeriksa laman resmi, membaca panduan, dan menyiapkan berkas sejak jauh hari sebelum pendaftaran dibuka secara resmi oleh panitia.'
  const texts = [
    'Kampus ITB ada di Jl. Ganesha No. 10, Bandung. Telp. 022-2500935! Rektornya Prof. Dr. Budi. Ada 3.000 mahasiswa... lalu? Ya.',
    '## Judul\n- **Satu** [1].\n- Dua: dll. dan lainnya. "Kutipan." (Catatan.) Akhir',
    `${long} ${long}`,
    'Ya. Tidak! Mungkin? B. J. Habibie. 1. Daftar. itb.ac.id. Selesai'
  ]
  let seed = 7
  const random = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
  for (const text of texts) {
    const expected = splitSpokenSentences(text)
    for (let round = 0; round < 30; round++) {
      const tokens: string[] = []
      for (let i = 0; i < text.length;) {
        const size = round === 0 ? 1 : 1 + Math.floor(random() * 12)
        tokens.push(text.slice(i, i + size))
        i += size
      }
      t.same(await collect(sentenceStream(tokens)), expected, `round ${round}`)
    }
    t.same(await collect(sentenceStream([text])), expected)
  }
  t.same(await collect(sentenceStream([])), [])
})

test('an answer with a long word is split in time proportional to it', async (t) => {
  // The word before each full stop's word was read with "(\S+)\s*$" over all the text before it,
  // from each letter of a long word, for each piece cut from the sentence: over 200 s for 150,000
  // characters before.
  const { value, ms } = await timed(() => splitSpokenSentences(ADVERSARIAL_TEXTS.spokenAnswer(150_000)))
  t.equal(value.at(-1), 'Y')
  t.ok(value.at(-2)?.endsWith('a b x.'), 'the full stop after "x" ends a sentence')
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})

test('a long answer without a sentence end is cut into pieces in time proportional to it', async (t) => {
  // Each 280-character piece read all the rest of the text for its sentence's end: 1,000,000
  // characters of question marks took 13 s before.
  const { value, ms } = await timed(() => splitSpokenSentences(ADVERSARIAL_TEXTS.punctuationRun(1_000_000)))
  // The pieces of question marks only are not spoken: the first and the last are.
  t.same(value.map((sentence) => sentence.length), [280, 124])
  t.ok(value[0].startsWith('x?') && value[1].endsWith('?x y'))
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})

test('mixedSentenceLanguages: the sentences with their languages only when there are two languages', async (t) => {
  const mixed = mixedSentenceLanguages('According to the available information (in Indonesian), Observatorium Bosscha berada di Lembang. Observatorium ini dikelola oleh ITB.')
  t.match(mixed, [
    { sentence: 'According to the available information (in Indonesian),', language: 'en' },
    { sentence: 'Observatorium Bosscha berada di Lembang.', language: 'id' },
    { sentence: 'Observatorium ini dikelola oleh ITB.', language: 'id' }
  ])
  t.equal(mixedSentenceLanguages('ITB didirikan pada tahun 1920. Kampus utamanya berada di Jalan Ganesha, Bandung.'), undefined, 'Indonesian throughout')
  t.equal(mixedSentenceLanguages('ITB was founded in 1920. Its main campus is on Jalan Ganesha in Bandung.'), undefined, 'English throughout')
  t.equal(mixedSentenceLanguages('ITB didirikan pada tahun 1920 sebagai Technische Hoogeschool te Bandoeng.'), undefined, 'one sentence, one language')
  t.equal(mixedSentenceLanguages(''), undefined, 'nothing')
})
