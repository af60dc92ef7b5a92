// How the extractive answerer composes an answer: its language and framing, speech-friendly text,
// sources in order of use, length limits, and the sentences it joins (enumerations, counts, sentences
// pointing back) or leaves out (repeated, near-duplicate, cut off by overlapping chunks).
import t from 'tap'
import { createExtractiveAnswerer, DEFAULT_MAX_CHARS, NO_ANSWER } from '../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../src/services/rag/extractive.ts'
import { loadDoc, passagesOf, SPEECH_UNFRIENDLY, usedPaths } from './extractive-fixture.ts'

const answerer = createExtractiveAnswerer()

t.test('an enumerating sentence longer than a plain answer keeps all its items, asked or not as a list', async (t) => {
  // Not a list question: the plain budget used to cut "ITB has twelve faculties and schools: …" after ten.
  const result = answerer.answer({ question: 'Tell me about the faculties and schools of ITB.', passages: passagesOf('itb-overview-en.md'), found: true })
  t.match(result.answer, /twelve faculties and schools: [^.]*\(STEI\)[^.]*\(SAPPK\), and the School of Business and Management \(SBM\)\.$/)
})

t.test('a sentence whose subject points back ("Proses ini …") is read after what it points back to', async (t) => {
  // "Apa itu perwalian?": "wali" is also the stem of Majelis Wali Amanat, but only inside that name,
  // while "Proses ini sering disebut perwalian." has the question's word as written; it answers,
  // after the sentence before it in its passage, which says what the process is.
  const result = answerer.answer({ question: 'Apa itu perwalian?', passages: passagesOf('struktur-pimpinan-itb.md', 'pembayaran-biaya-kuliah.md'), found: true })
  t.match(result.answer, /^Berdasarkan informasi yang tersedia, rencana studi diisi melalui sistem informasi akademik ITB dan perlu disetujui oleh dosen wali\. Proses ini sering disebut perwalian\./, result.answer)
  t.notMatch(result.answer, /Majelis Wali Amanat/, result.answer)
  // Only when both fit: one sentence allowed, the one that names the term.
  const one = createExtractiveAnswerer({ maxSentences: 1 }).answer({ question: 'Apa itu perwalian?', passages: passagesOf('struktur-pimpinan-itb.md', 'pembayaran-biaya-kuliah.md'), found: true })
  t.equal(one.answer, 'Berdasarkan informasi yang tersedia, proses ini sering disebut perwalian.')
  // As a follower, it needs what it points back to before it: not after another passage's answer.
  const elsewhere: ExtractivePassage[] = [
    { id: 'a', title: 'Perwalian', url: 'https://a.example/', text: 'Perwalian adalah persetujuan rencana studi mahasiswa oleh dosen wali setiap semester.', score: 1 },
    { id: 'b', title: 'Perwalian', url: 'https://a.example/', text: 'Mahasiswa menemui dosen wali sebelum semester dimulai. Proses ini sering disebut perwalian.', score: 0.95 }
  ]
  const defined = answerer.answer({ question: 'Apa itu perwalian?', passages: elsewhere, found: true })
  t.equal(defined.answer, 'Berdasarkan informasi yang tersedia, perwalian adalah persetujuan rencana studi mahasiswa oleh dosen wali setiap semester.')
})

t.test('an English question gets an English answer from the English document', async (t) => {
  const passages = passagesOf('sejarah-itb.md', 'itb-overview-en.md')
  const result = answerer.answer({ question: 'When was ITB founded?', passages, found: true })
  t.match(result.answer, /^According to the available information, /)
  t.match(result.answer, /1920/)
  t.equal(usedPaths(result, passages)[0], 'knowledge/itb-overview-en.md', 'prefers the English passage')
  t.notMatch(result.answer, /didirikan|Berdasarkan/)
  t.notMatch(result.answer, SPEECH_UNFRIENDLY)
})

t.test('an English question answered from an Indonesian document: English framing that says the sentence is Indonesian', async (t) => {
  const passages = passagesOf('observatorium-bosscha.md')
  const result = answerer.answer({ question: 'Where is the Bosscha Observatory?', passages, found: true })
  t.match(result.answer, /^According to the available information \(in Indonesian\), Observatorium Bosscha .*Lembang/)
  t.notMatch(result.answer, /Berdasarkan/)
  const indonesian = answerer.answer({ question: 'Di mana Observatorium Bosscha?', passages, found: true })
  t.match(indonesian.answer, /^Berdasarkan informasi yang tersedia, Observatorium Bosscha [^.]*Lembang/, 'the place first, not the telescope "berada di bawah kubah"')
})

t.test('the language option overrides detection', async (t) => {
  const passages = passagesOf('sejarah-itb.md')
  const result = answerer.answer({ question: 'Kapan ITB didirikan?', passages, found: true, language: 'en' })
  t.match(result.answer, /^According to the available information \(in Indonesian\), /, 'English framing; the sentence is Indonesian')
  t.match(result.answer, /1920/)
})

t.test('an answer says its language: that of the sentences it quotes, whatever the framing\'s', async (t) => {
  const english = answerer.answer({ question: 'When was ITB founded?', passages: passagesOf('itb-overview-en.md'), found: true })
  t.match(english, { answer: /^According to the available information, .*1920/, language: 'en' })
  const quoted = answerer.answer({ question: 'Where is the Bosscha Observatory?', passages: passagesOf('observatorium-bosscha.md'), found: true })
  t.match(quoted, { answer: /^According to the available information \(in Indonesian\), Observatorium Bosscha/, language: 'id' }, 'English framing, Indonesian sentences')
  const passages: ExtractivePassage[] = [{ id: 'e', title: 'SNBT', url: 'https://e.example/', text: 'SNBT is a national admission path based on the results of a written test for all applicants.', score: 1 }]
  t.match(answerer.answer({ question: 'Apa itu SNBT?', passages, found: true }), { answer: /^Berdasarkan informasi yang tersedia \(dalam bahasa Inggris\), SNBT is /, language: 'en' },
    'Indonesian framing saying the sentence is English (it did not say so)')
  t.match(answerer.answer({ question: 'What is the difference between SNBP and SNBT?', passages: passagesOf('jalur-snbp.md', 'jalur-snbt.md'), found: true }),
    { answer: /^According to the available information \(in Indonesian\), Seleksi Nasional Berdasarkan Prestasi .* Seleksi Nasional Berdasarkan Tes/, language: 'id' }, 'each side of a comparison')
})

t.test('answers are speech-friendly: no Markdown, lists or URLs', async (t) => {
  const markdown: ExtractivePassage = {
    id: 'md',
    title: 'Panduan Pendaftaran',
    url: 'https://admission.itb.ac.id/',
    section: 'Pendaftaran',
    score: 1,
    text: [
      '## Cara Mendaftar',
      '',
      'Pendaftaran **Seleksi Mandiri** dilakukan secara _daring_ melalui [laman penerimaan](https://admission.itb.ac.id/seleksi/mandiri) ITB.',
      'Formulir pendaftaran diisi di https://admission.itb.ac.id/daftar, lalu biaya pendaftaran dibayar melalui bank mitra.',
      '',
      '- Pendaftar mengunggah dokumen pendaftaran dalam format PDF.',
      '* Ringkas',
      '',
      '| Tahap | Waktu |',
      '|---|---|',
      '| Pendaftaran | Juni |',
      '',
      '```',
      'pendaftaran = true',
      '```'
    ].join('\n')
  }
  const result = answerer.answer({ question: 'Bagaimana cara pendaftaran Seleksi Mandiri ITB?', passages: [markdown], found: true })
  t.notMatch(result.answer, SPEECH_UNFRIENDLY)
  t.match(result.answer, /Seleksi Mandiri dilakukan secara daring melalui laman penerimaan ITB/)
  t.notMatch(result.answer, /Ringkas|Tahap|pendaftaran = true/)
  t.same(result.sources, [{ title: 'Panduan Pendaftaran', url: 'https://admission.itb.ac.id/' }], 'the URL stays in the sources')

  for (const [question, files] of [
    ['Di mana mahasiswa mengakses sistem informasi akademik SIX?', ['kontak-dan-layanan-bantuan.md', 'sistem-informasi-akademik.md']],
    ['Apa itu Digilib ITB?', ['perpustakaan-pusat.md', 'sistem-informasi-akademik.md']],
    ['Where is the Ganesha campus?', ['campuses-en.md']]
  ] as const) {
    const answer = answerer.answer({ question, passages: passagesOf(...files), found: true }).answer
    t.notMatch(answer, SPEECH_UNFRIENDLY, question)
    t.not(answer, NO_ANSWER.id, question)
  }
})

t.test('sources are deduplicated and in order of use', async (t) => {
  const passages: ExtractivePassage[] = [
    { id: 'a1', title: 'Doc A', url: 'https://a.example/', text: 'Perpustakaan Pusat ITB melayani peminjaman buku teknik bagi mahasiswa.', score: 0.9 },
    { id: 'b1', title: 'Doc B', url: 'https://b.example/', text: 'Perpustakaan Pusat ITB melayani pengunjung umum di ruang baca lantai dua.', score: 0.8 },
    { id: 'a2', title: 'Doc A', url: 'https://a.example/', text: 'Perpustakaan Pusat ITB melayani akses jurnal elektronik melalui akun kampus.', score: 0.7 },
    // Same URL, another title: another source.
    { id: 'c1', title: 'Doc C', url: 'https://a.example/', text: 'Perpustakaan Pusat ITB melayani konsultasi penulisan karya ilmiah setiap pekan.', score: 0.6 }
  ]
  const result = createExtractiveAnswerer({ maxSentences: 4, maxChars: 1000 }).answer({ question: 'Apa layanan Perpustakaan Pusat ITB?', passages, found: true })
  t.same([...result.usedPassageIds].sort(), ['a1', 'a2', 'b1', 'c1'], 'all four passages are used, once each')
  const keys = result.sources.map((source) => `${source.url} ${source.title}`)
  t.equal(new Set(keys).size, keys.length, 'sources are unique')
  t.equal(result.sources.length, 3, 'Doc A is cited once')
  // Order of use: the sources follow the order of the sentences in the answer.
  const byPosition = passages
    .map((passage) => ({ title: passage.title, at: result.answer.indexOf(passage.text.slice(0, 40)) }))
    .sort((a, b) => a.at - b.at)
  t.ok(byPosition.every((entry) => entry.at > 0), 'every sentence is in the answer')
  t.same(result.sources.map((source) => source.title), [...new Set(byPosition.map((entry) => entry.title))])
  t.same(result.usedPassageIds, ['a1', 'b1', 'a2', 'c1'], 'by passage rank when all are equally relevant')
  t.same(result.sources, [
    { title: 'Doc A', url: 'https://a.example/' },
    { title: 'Doc B', url: 'https://b.example/' },
    { title: 'Doc C', url: 'https://a.example/' }
  ])
})

t.test('length limits', async (t) => {
  const passages = passagesOf('sejarah-itb.md', 'soekarno-dan-itb.md', 'itb-overview-en.md')
  const one = createExtractiveAnswerer({ maxSentences: 1 }).answer({ question: 'Kapan ITB didirikan?', passages, found: true })
  t.equal(one.answer.replace(/^Berdasarkan informasi yang tersedia, /, '').match(/[.!?](\s|$)/g)?.length, 1, 'one sentence')
  t.equal(one.usedPassageIds.length, 1)

  const defaults = answerer.answer({ question: 'Apa saja program studi sarjana di Fakultas Teknologi Industri ITB?', passages: passagesOf('fakultas-fti.md', 'daftar-fakultas-itb.md'), found: true })
  t.ok(defaults.answer.length <= DEFAULT_MAX_CHARS)

  for (const maxChars of [150, 250, 400]) {
    const limited = createExtractiveAnswerer({ maxChars }).answer({ question: 'Apa saja program studi sarjana di Fakultas Teknologi Industri ITB?', passages: passagesOf('fakultas-fti.md'), found: true })
    t.ok(limited.answer.length <= maxChars, `${limited.answer.length} ≤ ${maxChars}`)
    t.match(limited.answer, /\.$/)
    t.notMatch(limited.answer, SPEECH_UNFRIENDLY)
  }
  // A long enumeration keeps its main clause.
  const list = createExtractiveAnswerer({ maxChars: 200 }).answer({ question: 'How many faculties and schools does ITB have?', passages: passagesOf('itb-overview-en.md'), found: true })
  t.equal(list.answer, 'According to the available information, ITB has twelve faculties and schools.')
  // Without a clause boundary in the second half, the cut is at a word.
  const long: ExtractivePassage = {
    id: 'long',
    title: 'L',
    url: 'https://l.example/',
    text: 'Perpustakaan Pusat ITB menyediakan ' + Array.from({ length: 40 }, (_, i) => `koleksi${i}`).join(' ') + ' untuk mahasiswa.'
  }
  const words = createExtractiveAnswerer({ maxChars: 150 }).answer({ question: 'Apa yang disediakan Perpustakaan Pusat ITB?', passages: [long], found: true })
  t.ok(words.answer.length <= 150)
  t.match(words.answer, /koleksi\d+\.$/)
})

t.test('overlapping chunks: repeated sentences and cut-off fragments are not used', async (t) => {
  const text = loadDoc('sejarah-itb.md').passages[0].text
  const cut = text.indexOf('Technische Hoogeschool te Bandoeng, yang sering')
  const passages: ExtractivePassage[] = [
    { id: 'c0', title: 'Sejarah', url: 'https://www.itb.ac.id/', text: text.slice(0, cut + 60), score: 1 },
    { id: 'c1', title: 'Sejarah', url: 'https://www.itb.ac.id/', text: text.slice(cut - 40), score: 0.9 }
  ]
  const result = createExtractiveAnswerer({ maxSentences: 3, maxChars: 1000 }).answer({ question: 'Kapan Technische Hoogeschool te Bandoeng didirikan?', passages, found: true })
  t.match(result.answer, /3 Juli 1920/)
  t.equal(result.answer.split('didirikan pada 3 Juli 1920').length, 2, 'the overlapping sentence appears once')
  t.notMatch(result.answer, /Hoogeschool te Bandoeng, yang sering disingkat TH Bandung, adalah perguruan\.?$/)
  t.notMatch(result.answer, /\b(Bandoeng|Bandung)\.\s+(yang|adalah)/)
  for (const sentence of result.answer.replace(/^Berdasarkan informasi yang tersedia, /, '').split(/(?<=\.)\s+/)) {
    t.ok(text.includes(sentence.replace(/^\p{Ll}/u, (c) => c.toUpperCase())) || text.includes(sentence), `"${sentence}" is a whole sentence of the document`)
  }
})

t.test('a repeated sentence is considered once', async (t) => {
  const sentence = 'Wisuda ITB diselenggarakan di gedung Sabuga beberapa kali dalam setahun.'
  const passages: ExtractivePassage[] = [
    { id: 'a', title: 'A', url: 'https://a.example/', text: `${sentence} Keluarga wisudawan datang lebih awal.`, score: 1 },
    { id: 'b', title: 'B', url: 'https://b.example/', text: `Gedung Sabuga dekat Kampus Ganesha. ${sentence}`, score: 0.9 }
  ]
  const result = answerer.answer({ question: 'Di mana wisuda ITB diselenggarakan?', passages, found: true })
  t.equal(result.answer.toLowerCase().split(sentence.toLowerCase()).length, 2)
  t.same(result.usedPassageIds, ['a'])
})

t.test('sentences without a full stop get one', async (t) => {
  const passages: ExtractivePassage[] = [{
    id: 'p',
    title: 'Perpustakaan',
    url: 'https://lib.example/',
    text: 'Layanan Perpustakaan Pusat ITB meliputi peminjaman buku dan ruang baca:\n\nLayanan Perpustakaan Pusat ITB buka pada hari kerja\n\nItu saja.'
  }]
  const result = createExtractiveAnswerer({ maxSentences: 2 }).answer({ question: 'Apa layanan Perpustakaan Pusat ITB?', passages, found: true })
  t.match(result.answer, /ruang baca\. /)
  t.match(result.answer, /hari kerja\.$/)
})

t.test('near-duplicate sentences are not repeated', async (t) => {
  const passages: ExtractivePassage[] = [
    { id: 'a', title: 'A', url: 'https://a.example/', text: 'Wisuda ITB diselenggarakan di gedung Sabuga beberapa kali dalam setahun.', score: 1 },
    { id: 'b', title: 'B', url: 'https://b.example/', text: 'Wisuda ITB diselenggarakan di gedung Sabuga beberapa kali setiap tahun.', score: 0.9 }
  ]
  const result = answerer.answer({ question: 'Di mana wisuda ITB diselenggarakan?', passages, found: true })
  t.same(result.usedPassageIds, ['a'])
})

t.test('a count announced by the best sentence brings the items its passage then gives, in order', async (t) => {
  const passages: ExtractivePassage[] = [
    { id: 'k', title: 'KIP Kuliah', url: 'https://k.example/', text: 'KIP Kuliah memberikan dua jenis manfaat utama. Manfaat pertama adalah pembebasan biaya pendidikan bagi penerima KIP Kuliah. Manfaat kedua adalah bantuan biaya hidup setiap semester.', score: 1 },
    { id: 's', title: 'KIP Kuliah', url: 'https://k.example/', text: 'Penerima KIP Kuliah wajib menjaga prestasi akademik agar manfaat KIP Kuliah tetap diterima.', score: 0.9 }
  ]
  const result = answerer.answer({ question: 'Apa saja manfaat KIP Kuliah?', passages, found: true })
  t.equal(result.answer, 'Berdasarkan informasi yang tersedia, KIP Kuliah memberikan dua jenis manfaat utama. Manfaat pertama adalah pembebasan biaya pendidikan bagi penerima KIP Kuliah. Manfaat kedua adalah bantuan biaya hidup setiap semester.')
})
