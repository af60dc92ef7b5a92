// The extractive (offline) answerer by question kind and subject: which sentence answers "kapan",
// "bagaimana cara", an address, a comparison or a group of students, and which extra
// sentences stay out because they are about another subject. How the answer is composed:
// extractive-composition.test.ts; when it declines: extractive-declining.test.ts.
import t from 'tap'
import { createExtractiveAnswerer, NO_ANSWER } from '../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../src/services/rag/extractive.ts'
import { splitSentences } from '../../../src/services/text/sentences.ts'
import { negatedTerms } from '../../../src/services/rag/extractive/terms.ts'
import { passagesOf, SPEECH_UNFRIENDLY, usedPaths } from './extractive-fixture.ts'

const answerer = createExtractiveAnswerer()

t.test('"Kapan ITB didirikan?" is answered with 1920 from the history document', async (t) => {
  // The history document is deliberately not ranked first.
  const passages = passagesOf('status-ptn-bh.md', 'soekarno-dan-itb.md', 'kampus-cirebon.md', 'sejarah-itb.md')
  const result = answerer.answer({ question: 'Kapan ITB didirikan?', passages, found: true })
  t.match(result.answer, /^Berdasarkan informasi yang tersedia, /)
  t.match(result.answer, /1920/)
  t.ok(result.sources.some((source) => source.title === 'Sejarah Singkat ITB'), 'cites the history document')
  t.ok(usedPaths(result, passages).includes('knowledge/sejarah-itb.md'))
  t.notMatch(result.answer, SPEECH_UNFRIENDLY)
})

t.test('colloquial question about the founding', async (t) => {
  const passages = passagesOf('sejarah-itb.md', 'kampus-cirebon.md')
  const result = answerer.answer({ question: 'kapan sih ITB berdiri?', passages, found: true })
  t.match(result.answer, /1920/)
  t.equal(usedPaths(result, passages)[0], 'knowledge/sejarah-itb.md')
})

t.test('"bagaimana cara": the channel opens the answer, and the steps after it need not name one', async (t) => {
  const result = answerer.answer({ question: 'Bagaimana cara mengajukan penyesuaian UKT?', passages: passagesOf('penyesuaian-ukt.md'), found: true })
  t.match(result.answer, /^Berdasarkan informasi yang tersedia, pengajuan penyesuaian UKT dilakukan [^.]*secara daring/)
  t.match(result.answer, /secara daring[^.]*\.\s+\S[\s\S]*mahasiswa baru/, 'who may apply follows, though it names no channel')
})

t.test('an address question gets the street address', async (t) => {
  const passages = passagesOf('kampus-jatinangor.md', 'kontak-dan-layanan-bantuan.md', 'kampus-ganesha.md')
  const result = answerer.answer({ question: 'Di mana alamat Kampus Ganesha ITB?', passages, found: true })
  t.match(result.answer, /Jalan Ganesa No\. 10/)
  t.notMatch(result.answer, /Mashudi/, 'not the address of another campus')
  t.notMatch(result.answer, SPEECH_UNFRIENDLY)
  t.ok(result.sources.length >= 1)
})

t.test('question types favour the matching kind of sentence', async (t) => {
  const who = answerer.answer({ question: 'Siapa arsitek Aula Barat dan Aula Timur ITB?', passages: passagesOf('kampus-ganesha.md', 'aula-barat-dan-aula-timur.md'), found: true })
  t.match(who.answer, /Henri Maclaine Pont/)
  const howMany = answerer.answer({ question: 'Berapa SKS minimal untuk lulus program sarjana di ITB?', passages: passagesOf('syarat-kelulusan-dan-predikat.md', 'sistem-kredit-semester.md'), found: true })
  t.match(howMany.answer, /144 SKS/)
  const why = answerer.answer({ question: 'Mengapa lambang ITB menampilkan Ganesha?', passages: passagesOf('motto-dan-lambang-itb.md'), found: true })
  t.match(why.answer, /karena/)
  const what = answerer.answer({ question: 'Apa itu LPPM ITB?', passages: passagesOf('beasiswa-itb.md', 'penelitian-dan-lppm.md'), found: true })
  t.match(what.answer, /Lembaga Penelitian dan Pengabdian kepada Masyarakat/)
  // "Apa yang dimaksud dengan …?" asks what it is ("dimaksud" is no topic word), and "… disebut X" says it.
  for (const question of ['Apa yang dimaksud dengan penjurusan?', 'Apa itu penjurusan?']) {
    const meant = answerer.answer({ question, passages: passagesOf('himpunan-mahasiswa-jurusan.md', 'penjurusan-program-studi.md'), found: true })
    t.match(meant.answer, /^Berdasarkan informasi yang tersedia, penempatan mahasiswa dari fakultas ke program studi disebut penjurusan\./, question)
  }
})

t.test('"kapan": a date in a sentence about another subject does not count', async (t) => {
  const passages = passagesOf('kip-kuliah.md', 'jalur-snbp.md')
  const result = answerer.answer({ question: 'Kapan pendaftaran SNBP?', passages, found: true })
  t.match(result.answer, /^Berdasarkan informasi yang tersedia, jadwal, kuota, dan aturan SNBP/, 'the schedule pointer, lowercase after the framing')
  t.notMatch(result.answer, /KIP Kuliah/)
})

t.test('what a text negates, informal negators included', async (t) => {
  t.same([...negatedTerms('Kalau gak lulus mata kuliah gimana?', 'id')], ['lulus'])
  t.same([...negatedTerms('Mahasiswa yang tidak lulus pada suatu mata kuliah dapat mengulang.', 'id')], ['lulus'])
  t.same([...negatedTerms('What if I do not pass a course?', 'en')], ['pass'])
  t.equal(negatedTerms('Mahasiswa dinyatakan lulus apabila menyelesaikan 144 SKS.', 'id').size, 0)
})

t.test('a question about the campuses in general opens with the sentence naming them all, not one campus', async (t) => {
  // Each campus's own "… terletak di …" sentence used to win: every one of them states a place.
  const passages = passagesOf('lokasi-kampus-itb.md', 'kampus-ganesha.md', 'kampus-cirebon.md', 'kampus-jatinangor.md')
  for (const question of ['Di mana kampus ITB?', 'Kampus ITB ada di mana?']) {
    const [first] = splitSentences(answerer.answer({ question, passages, found: true }).answer)
    t.match(first, /Ganesha[^.]*Jatinangor[^.]*Cirebon/, question)
  }
  // A question about one of them is still answered about that one, its place first.
  const one = answerer.answer({ question: 'Di mana Kampus Cirebon?', passages, found: true }).answer
  t.match(one, /^Berdasarkan informasi yang tersedia, kampus ITB Cirebon berada di wilayah Kabupaten Cirebon/)
  t.notMatch(one, /tiga kampus/)
})

t.test('a question about ITB itself is answered about ITB, not declined', async (t) => {
  // The institution's name was never a topic, so these had no qualifying sentence at all.
  // What the local search returns for them: every document has "ITB".
  const passages = passagesOf('profil-itb.md', 'status-ptn-bh.md', 'ikatan-alumni-itb.md', 'penelitian-dan-lppm.md', 'sistem-informasi-akademik.md', 'soekarno-dan-itb.md', 'seleksi-mandiri-itb.md')
  const what = answerer.answer({ question: 'Apa itu ITB?', passages, found: true }).answer
  t.match(splitSentences(what)[0], /Institut Teknologi Bandung \(ITB\) adalah perguruan tinggi negeri/)
  const where = answerer.answer({ question: 'Di mana ITB?', passages, found: true }).answer
  t.match(splitSentences(where)[0], /ITB berada di Kota Bandung/)
  // A definition question about a hyphenated acronym (a RegExp is built from it).
  t.match(answerer.answer({ question: 'Apa itu IA-ITB?', passages, found: true }).answer, /Ikatan Alumni ITB, disingkat IA-ITB, adalah/)
})

t.test('no extra sentence whose subject is another institution or unit than the question\'s', async (t) => {
  // "SBM ITB didirikan pada awal 2000-an …" has a date and the question's verb, but it is about SBM.
  for (const order of [['sejarah-itb.md', 'fakultas-sbm.md'], ['fakultas-sbm.md', 'sejarah-itb.md']]) {
    const passages = passagesOf(...order)
    const result = answerer.answer({ question: 'Kapan ITB didirikan?', passages, found: true })
    t.match(result.answer, /1920/, order.join(', '))
    t.notMatch(result.answer, /SBM|Sekolah Bisnis/, order.join(', '))
    t.same(usedPaths(result, passages), ['knowledge/sejarah-itb.md'])
  }
  // Asked about SBM itself, the same sentence is the answer.
  t.match(answerer.answer({ question: 'Kapan SBM ITB didirikan?', passages: passagesOf('sejarah-itb.md', 'fakultas-sbm.md'), found: true }).answer, /SBM ITB didirikan pada awal 2000-an/)
  // A follower named after another campus than the one asked about stays out too.
  const campus = answerer.answer({ question: 'Di mana letak Kampus Jatinangor?', passages: passagesOf('kampus-jatinangor.md', 'kampus-ganesha.md'), found: true })
  t.match(campus.answer, /Sumedang/)
  t.notMatch(campus.answer, /Kampus Ganesha (terletak|berada)/)
})

t.test('no extra sentence about the same thing with another qualifier', async (t) => {
  // "Semester genap dimulai …" is no answer to when the odd semester starts.
  const result = answerer.answer({ question: 'Kapan semester ganjil dimulai?', passages: passagesOf('kalender-akademik.md'), found: true })
  t.match(result.answer, /Agustus/)
  t.notMatch(result.answer, /genap/i)
})

t.test('a follower about how a thing got its name is another subject than who designed it', async (t) => {
  const result = answerer.answer({ question: 'Siapa arsitek Masjid Salman?', passages: passagesOf('masjid-salman.md'), found: true })
  t.match(result.answer, /Achmad Noe'man/)
  t.notMatch(result.answer, /al-Farisi/)
})

t.test('acronyms defined in the passages match their long form', async (t) => {
  const passages = passagesOf('keluarga-mahasiswa-km-itb.md', 'struktur-pimpinan-itb.md')
  const result = answerer.answer({ question: 'Apa tugas Majelis Wali Amanat ITB?', passages, found: true })
  t.match(result.answer, /MWA ITB bertugas menetapkan kebijakan umum ITB/)
})

t.test('a question naming no group of students is answered for the usual case, not for postgraduates or Seleksi Mandiri; one naming a group not for another', async (t) => {
  // The narrower group's sentence matches every word of the question and comes first.
  const passages: ExtractivePassage[] = [
    { id: 'm', title: 'Seleksi Mandiri ITB', url: 'https://m.example/', text: 'Biaya kuliah jalur Seleksi Mandiri ITB diumumkan setiap tahun di laman resmi.', score: 1 },
    { id: 'u', title: 'Biaya Kuliah', url: 'https://u.example/', text: 'Biaya kuliah program sarjana berupa UKT, dan besarannya diumumkan di laman resmi.', score: 0.9 }
  ]
  const general = answerer.answer({ question: 'Berapa biaya kuliah di ITB?', passages, found: true })
  t.match(general.answer, /^Berdasarkan informasi yang tersedia, biaya kuliah program sarjana berupa UKT/)
  const named = answerer.answer({ question: 'Berapa biaya kuliah Seleksi Mandiri ITB?', passages, found: true })
  t.match(named.answer, /^Berdasarkan informasi yang tersedia, biaya kuliah jalur Seleksi Mandiri/, 'asked about the group: its sentence')
  // Named among the options, the group does not narrow the sentence.
  const paths: ExtractivePassage[] = [
    { id: 'p', title: 'Pascasarjana', url: 'https://p.example/', text: 'Pendaftaran mahasiswa pascasarjana ITB dilakukan secara daring.', score: 1 },
    { id: 'j', title: 'Jalur Masuk', url: 'https://j.example/', text: 'Pendaftaran ke ITB dilakukan lewat SNBP, SNBT, atau Seleksi Mandiri ITB.', score: 0.9 }
  ]
  t.match(answerer.answer({ question: 'Bagaimana pendaftaran ITB?', passages: paths, found: true }).answer, /SNBP, SNBT, atau Seleksi Mandiri/)
  // Named before the options, it does; and a sentence about a group never follows one about the usual case.
  const kip: ExtractivePassage[] = [
    { id: 'k', title: 'Jalur Masuk', url: 'https://j.example/', text: 'Calon mahasiswa kurang mampu dapat mendaftar KIP Kuliah bersamaan dengan pendaftaran SNBP, SNBT, atau Seleksi Mandiri ITB.', score: 1 },
    { id: 'j', title: 'Jalur Masuk', url: 'https://j.example/', text: 'Calon mahasiswa mendaftar ke ITB melalui SNBP, SNBT, atau Seleksi Mandiri ITB.', score: 0.95 },
    { id: 'p', title: 'Pascasarjana', url: 'https://p.example/', text: 'Pendaftaran mahasiswa pascasarjana ITB dilakukan secara daring.', score: 0.9 }
  ]
  const usual = answerer.answer({ question: 'Bagaimana cara daftar ITB?', passages: kip, found: true })
  t.same(usual.usedPassageIds, ['j'], usual.answer)
  // A group named through the alias table ("graduate" → "pascasarjana") is named too: its document's
  // sentence answers alone, the general one does not follow it as if it were a part.
  const fees: ExtractivePassage[] = [
    { id: 'g', title: "Graduate Admissions (Master's and Doctoral Programs)", url: 'https://g.example/', text: 'Applicants to these programs pay the application fee online.', score: 1 },
    { id: 'u', title: 'Fees', url: 'https://u.example/', text: 'Applicants pay the application fee at a partner bank.', score: 0.95 }
  ]
  t.equal(answerer.answer({ question: 'How do graduate applicants pay the application fee?', passages: fees, found: true }).answer,
    'According to the available information, applicants to these programs pay the application fee online.')
  t.match(answerer.answer({ question: 'How do applicants pay the application fee?', passages: fees, found: true }).answer, /^According to the available information, applicants pay the application fee at a partner bank\./)
  // Naming one group, the question is not answered for another: "S2" is no IUP question, though the
  // alias table reads "bahasa Inggris" as the IUP (which it is, when the question names no group).
  const english: ExtractivePassage[] = [
    { id: 'i', title: 'International Undergraduate Program (IUP)', url: 'https://i.example/', text: 'Calon mahasiswa IUP diminta menunjukkan skor tes bahasa Inggris seperti TOEFL.', score: 1 },
    { id: 'm', title: 'Penerimaan Pascasarjana', url: 'https://m.example/', text: 'Persyaratan program magister meliputi bukti kemampuan bahasa Inggris.', score: 0.95 }
  ]
  t.same(answerer.answer({ question: 'Apakah ada tes bahasa Inggris untuk S2?', passages: english, found: true }).usedPassageIds, ['m'])
  t.same(answerer.answer({ question: 'Apakah ada tes bahasa Inggris?', passages: english, found: true }).usedPassageIds, ['i'])
  // International students are no group of their own: they apply to the IUP or a postgraduate
  // programme, whose sentences answer them.
  const foreign: ExtractivePassage[] = [
    { id: 'a', title: 'Asrama', url: 'https://a.example/', text: 'ITB dapat memberikan prioritas kuliah dan asrama kepada mahasiswa dari luar kota atau mahasiswa internasional.', score: 1 },
    { id: 'i', title: 'International Undergraduate Program (IUP)', url: 'https://i.example/', text: 'IUP ITB dibuka untuk calon mahasiswa Indonesia maupun calon mahasiswa internasional yang ingin kuliah.', score: 0.95 }
  ]
  t.equal(answerer.answer({ question: 'Apakah mahasiswa asing bisa kuliah di ITB?', passages: foreign, found: true }).usedPassageIds[0], 'i')
  // Graduation is no group of students (in English its stem is graduate's).
  const ceremonies: ExtractivePassage[] = [
    { id: 'g', title: 'Sabuga', url: 'https://g.example/', text: 'The graduation ceremonies of ITB are held at Sabuga.', score: 1 },
    { id: 'o', title: 'Sabuga', url: 'https://o.example/', text: 'Other ceremonies of ITB are also held at Sabuga.', score: 0.95 }
  ]
  t.match(answerer.answer({ question: 'Which ceremonies are held at Sabuga?', passages: ceremonies, found: true }).answer, /^According to the available information, the graduation ceremonies/)
})

t.test('asked something for a group of students: a sentence about the group without it is no answer', async (t) => {
  // "baru" is in one sentence, "beasiswa" in three: by the passages' IDF alone the sentence about new
  // students (without scholarships) wins.
  const passages: ExtractivePassage[] = [
    { id: 'b1', title: 'Beasiswa', url: 'https://b.example/', text: 'Beasiswa untuk mahasiswa sarjana dapat berupa bantuan biaya kuliah atau biaya hidup.', score: 1 },
    { id: 'b2', title: 'Beasiswa', url: 'https://b.example/', text: 'Informasi beasiswa diumumkan oleh Direktorat Kemahasiswaan.', score: 0.95 },
    { id: 'b3', title: 'Beasiswa', url: 'https://b.example/', text: 'Jenis dan besaran beasiswa berubah dari tahun ke tahun.', score: 0.9 },
    { id: 'n', title: 'Orientasi', url: 'https://n.example/', text: 'Mahasiswa baru mengikuti orientasi kampus pada awal semester pertama.', score: 0.85 }
  ]
  for (const question of ['Ada beasiswa untuk mahasiswa baru?', 'Ada beasiswa buat mahasiswa baru?', 'Apakah ada beasiswa bagi calon mahasiswa baru?']) {
    t.match(answerer.answer({ question, passages, found: true }).answer, /^Berdasarkan informasi yang tersedia, beasiswa untuk mahasiswa sarjana/, question)
  }
  // Asking about the group itself, its sentence answers.
  t.match(answerer.answer({ question: 'Apa yang diikuti mahasiswa baru?', passages, found: true }).answer, /^Berdasarkan informasi yang tersedia, mahasiswa baru mengikuti orientasi/)
})

t.test('a comparison: the sentence comparing the two, else what each of them is', async (t) => {
  const passages: ExtractivePassage[] = [
    { id: 'both', title: 'Jalur Masuk', url: 'https://j.example/', text: 'Siswa yang lulus SNBP tidak dapat lagi mendaftar SNBT pada tahun yang sama.', score: 1 },
    { id: 'p', title: 'SNBP', url: 'https://p.example/', text: 'Seleksi Nasional Berdasarkan Prestasi (SNBP) adalah jalur penerimaan yang didasarkan pada prestasi akademik siswa.', score: 0.9 },
    { id: 't', title: 'SNBT', url: 'https://t.example/', text: 'Seleksi Nasional Berdasarkan Tes (SNBT) adalah jalur penerimaan yang didasarkan pada hasil tes.', score: 0.8 }
  ]
  const result = answerer.answer({ question: 'Apa beda SNBP dan SNBT?', passages, found: true })
  t.equal(result.answer, 'Berdasarkan informasi yang tersedia, Seleksi Nasional Berdasarkan Prestasi (SNBP) adalah jalur penerimaan yang didasarkan pada prestasi akademik siswa. ' +
    'Seleksi Nasional Berdasarkan Tes (SNBT) adalah jalur penerimaan yang didasarkan pada hasil tes.')
  t.same(result.usedPassageIds, ['p', 't'])
  t.same(result.sources.map((source) => source.title), ['SNBP', 'SNBT'])
  t.same(answerer.answer({ question: 'SNBT dan SNBP bedanya apa?', passages, found: true }).usedPassageIds, ['t', 'p'], 'in the order asked')
  t.match(answerer.answer({ question: "What's the difference between SNBP and SNBT?", passages, found: true }).answer,
    /^According to the available information \(in Indonesian\), Seleksi Nasional Berdasarkan Prestasi \(SNBP\) adalah .* Seleksi Nasional Berdasarkan Tes \(SNBT\) adalah /)
  // A sentence stating how the two differ answers it; one merely naming both, or varying, does not.
  const grades: ExtractivePassage[] = [
    { id: 'ip', title: 'IP', url: 'https://i.example/', text: 'Indeks Prestasi, disingkat IP, adalah rata-rata nilai satu semester.', score: 1 },
    { id: 'ipk', title: 'IPK', url: 'https://k.example/', text: 'Indeks Prestasi Kumulatif, disingkat IPK, adalah rata-rata nilai seluruh semester.', score: 0.9 },
    { id: 'd', title: 'IP dan IPK', url: 'https://d.example/', text: 'Perbedaan IP dan IPK adalah bahwa IP hanya menghitung satu semester, sedangkan IPK menghitung seluruh semester.', score: 0.8 }
  ]
  t.same(answerer.answer({ question: 'Apa perbedaan IP dan IPK?', passages: grades, found: true }).usedPassageIds, ['d'])
  // One side the passages do not know: not half an answer.
  t.equal(answerer.answer({ question: 'Apa beda SNBP dan D4?', passages, found: true }).answer, NO_ANSWER.id)
})
