// The written-text sentence splitter the extractive answerer reads passages with.
import t from 'tap'
import { splitSentences } from '../../../src/services/text/sentences.ts'
import { ADVERSARIAL_TEXTS, GENEROUS_MS, timed } from '../../support/helpers/adversarial-text.ts'

t.test('splitSentences', async (t) => {
  t.same(splitSentences('Alamat ITB adalah Jalan Ganesa No. 10, Bandung. Kampus lain ada di Jatinangor.'), [
    'Alamat ITB adalah Jalan Ganesa No. 10, Bandung.',
    'Kampus lain ada di Jatinangor.'
  ], 'No.')
  t.same(splitSentences('Alamatnya Jalan Let. Jen. Purn. Dr. (HC) Mashudi No. 1, Jatinangor. Kampus ini baru.'), [
    'Alamatnya Jalan Let. Jen. Purn. Dr. (HC) Mashudi No. 1, Jatinangor.',
    'Kampus ini baru.'
  ], 'titles and ranks')
  t.same(splitSentences('Kantornya di Jl. Tamansari. Dipimpin oleh Prof. Reini Wirahadikusumah. Ia dibantu dr. Sinta di klinik.'), [
    'Kantornya di Jl. Tamansari.',
    'Dipimpin oleh Prof. Reini Wirahadikusumah.',
    'Ia dibantu dr. Sinta di klinik.'
  ], 'Jl., Prof., dr.')
  t.same(splitSentences('Ia lulus dengan gelar S.T. dari ITB. IPK minimal 3.50 atau 2,75 sesuai aturan. Selesai.'), [
    'Ia lulus dengan gelar S.T. dari ITB.',
    'IPK minimal 3.50 atau 2,75 sesuai aturan.',
    'Selesai.'
  ], 'degrees and decimals')
  t.same(splitSentences('Nilai yang dipakai adalah A, AB, B, C, D, dan E. Setiap nilai punya bobot. Tokohnya J. H. Smith.'), [
    'Nilai yang dipakai adalah A, AB, B, C, D, dan E.',
    'Setiap nilai punya bobot.',
    'Tokohnya J. H. Smith.'
  ], 'a letter closing a list, initials')
  t.same(splitSentences('SNBT terbuka bagi lulusan SMA serta lulusan Paket C. Siswa yang sudah diterima melalui SNBP tidak dapat mengikuti SNBT.'), [
    'SNBT terbuka bagi lulusan SMA serta lulusan Paket C.',
    'Siswa yang sudah diterima melalui SNBP tidak dapat mengikuti SNBT.'
  ], 'a letter naming one of a kind ends a sentence')
  t.same(splitSentences('Lihat https://admission.itb.ac.id/. Situs lain adalah https://six.itb.ac.id/, untuk mahasiswa.'), [
    'Lihat admission.itb.ac.id.',
    'Situs lain adalah six.itb.ac.id, untuk mahasiswa.'
  ], 'URLs become host names and can end a sentence')
  t.same(splitSentences('Benarkah? Ya! Tentu saja… Lalu buku, pena, dll. Mahasiswa senang. Kata "bagus." Lalu pulang.'), [
    'Benarkah?',
    'Ya!',
    'Tentu saja…',
    'Lalu buku, pena, dll.',
    'Mahasiswa senang.',
    'Kata "bagus."',
    'Lalu pulang.'
  ], 'other punctuation')
  t.same(splitSentences('Ini kalimat... dan lanjutannya. Selesai.'), ['Ini kalimat... dan lanjutannya.', 'Selesai.'], 'an ellipsis before lowercase')
  t.same(splitSentences('J. Smith adalah dosen tamu. Ia mengajar.'), ['J. Smith adalah dosen tamu.', 'Ia mengajar.'], 'an initial first')
  t.same(splitSentences('Nilai lulus adalah A, B. Setiap nilai dicatat.'), ['Nilai lulus adalah A, B.', 'Setiap nilai dicatat.'], 'a letter after a comma')
  t.same(splitSentences('Gelar M.Sc. Budi diperoleh di Belanda.'), ['Gelar M.Sc. Budi diperoleh di Belanda.'], 'a dotted abbreviation before a name')
  t.same(splitSentences('. Hanya titik.'), ['.', 'Hanya titik.'])
  t.same(splitSentences([
    '---',
    'title: Contoh',
    '---',
    '# Judul',
    '',
    'Judul Setext',
    '============',
    '',
    'Paragraf **tebal** dan *miring* serta __tebal__ dan _miring_ dan `kode` dan ~~coret~~.',
    '',
    '![hanya gambar](foto.png)',
    '',
    'Baris kedua paragraf dengan [tautan](https://example.org/x) dan ![gambar](x.png) serta [rujukan][1] dan catatan[^1].',
    '',
    '> Kutipan yang cukup panjang untuk dijadikan kalimat.',
    '',
    '1. Langkah pertama yang cukup panjang sekali',
    '   dengan lanjutan di baris berikutnya:',
    '2. Pendek',
    '- Poin dengan tanda baca akhir sendiri.',
    '',
    '***',
    '',
    '~~~',
    'kode = 1',
    '~~~',
    '',
    '| a | b |',
    '',
    'Teks <b>HTML</b> dengan <https://www.itb.ac.id/berita> di dalamnya.',
    'Nama snake_case_name tetap utuh.'
  ].join('\n')), [
    'Paragraf tebal dan miring serta tebal dan miring dan kode dan coret.',
    'Baris kedua paragraf dengan tautan dan serta rujukan dan catatan.',
    'Kutipan yang cukup panjang untuk dijadikan kalimat.',
    'Langkah pertama yang cukup panjang sekali dengan lanjutan di baris berikutnya.',
    'Poin dengan tanda baca akhir sendiri.',
    'Teks HTML dengan www.itb.ac.id di dalamnya.',
    'Nama snake_case_name tetap utuh.'
  ], 'Markdown')
  t.same(splitSentences(''), [])
  t.same(splitSentences('Tanpa titik akhir'), ['Tanpa titik akhir'])
})

t.test('a passage with a long run of punctuation is split in time proportional to it', async (t) => {
  // Each regex for a run of marks at a token's end ("([.!?…]+)…$", a URL's "[.,;:!?]+$", a host
  // name's last label "[a-z0-9-]{2,}$") read the run from each of its marks: 20–71 s for 150,000
  // characters before.
  const cases: Array<[keyof typeof ADVERSARIAL_TEXTS, (sentences: string[]) => boolean]> = [
    ['punctuationRun', (sentences) => sentences.length === 1 && sentences[0].endsWith('?x y')],
    ['url', (sentences) => sentences.length === 1 && sentences[0] === 'a.b y'],
    ['hostName', (sentences) => sentences.length === 1 && sentences[0].endsWith('a.b. Lalu')]
  ]
  for (const [name, expected] of cases) {
    const { value, ms } = await timed(() => splitSentences(ADVERSARIAL_TEXTS[name](150_000)))
    t.ok(expected(value), name)
    t.ok(ms < GENEROUS_MS, `${name}: ${ms.toFixed(1)} ms`)
  }
})
