// A yes/no question asks whether an action may be taken ("Apakah bisa pindah program studi setelah
// penjurusan?"): a sentence with the action's stem in another sense ("… memindahkan lokasi
// penyelenggaraannya …", someone moves something; "… perpindahan panas …") does not say it, and with
// no sentence saying it the question is declined, not answered with what the passages say about its
// other words. One that has it as asked ("… tidak dapat mengikuti SNBT") answers. In English the
// verb's object follows it ("change my study program"): "requirements … can change every year" is
// another change.
import t from 'tap'
import { createExtractiveAnswerer, NO_ANSWER } from '../../../../src/services/rag/extractive.ts'
import { askedAction, procedureAction } from '../../../../src/services/rag/extractive/action.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const passages = [
  passage('daftar-fakultas', 'Daftar Fakultas dan Sekolah di ITB',
    'ITB dapat membuka program studi baru, mengganti nama program studi, atau memindahkan lokasi penyelenggaraannya ke Kampus Jatinangor atau Kampus Cirebon.'),
  passage('penjurusan', 'Penjurusan dari Fakultas ke Program Studi',
    'Penempatan mahasiswa dari fakultas ke program studi disebut penjurusan. ' +
    'Dalam proses penjurusan, mahasiswa mengisi urutan pilihan program studi di dalam fakultasnya, lalu penempatan dilakukan berdasarkan pilihan mahasiswa.'),
  passage('fakultas-ftmd', 'Fakultas Teknik Mesin dan Dirgantara (FTMD)',
    'Program Studi Teknik Mesin mempelajari perancangan dan analisis mesin, termasuk konversi energi, perpindahan panas, dan sistem otomotif.')
]

t.test('an action the passages only have in another sense is declined', async (t) => {
  const { answer } = answerer.answer({ question: 'Apakah bisa pindah program studi setelah penjurusan?', passages, found: true })
  t.equal(answer, NO_ANSWER.id)
  // The modal last, its action before it ("… pindah jurusan bisa ga?"), is the same question.
  for (const question of ['Kalo mau pindah program studi bisa ga?', 'Pindah program studi bisa gak?']) {
    t.equal(answerer.answer({ question, passages, found: true }).answer, NO_ANSWER.id, question)
  }
})

t.test('an action a sentence has as asked is answered', async (t) => {
  const snbt = passage('jalur-snbt', 'Seleksi Nasional Berdasarkan Tes (SNBT) dan UTBK',
    'SNBT terbuka bagi lulusan SMA, MA, SMK, atau sederajat. Siswa yang sudah diterima melalui SNBP pada tahun yang sama tidak dapat mengikuti SNBT.')
  const { answer } = answerer.answer({ question: 'Kalau sudah lolos SNBP, boleh ikut SNBT juga?', passages: [snbt], found: true })
  t.match(answer, /tidak dapat mengikuti SNBT/)
})

t.test('an English action is looked for in English sentences, done to what the question names', async (t) => {
  const english = [
    passage('iup', 'International Undergraduate Program (IUP)',
      'IUP students at ITB follow the same curriculum and academic standards as regular students in the same study program, but lectures, assignments, and examinations are conducted in English. ' +
      'Like other first-year students at ITB, IUP students start with a common first-year program before focusing on their major. ' +
      'IUP students also have wider opportunities for international experiences, such as student exchanges and, in some study programs, joint or double degree arrangements with partner universities abroad.'),
    passage('iup-apply', 'International Undergraduate Program (IUP)',
      'Admission to the IUP is handled through ITB\'s own selection process, which is announced on https://admission.itb.ac.id/. ' +
      'Exact requirements, minimum scores, required documents, and deadlines can change every year, so applicants should always read the current admission guide.')
  ]
  const declined = answerer.answer({ question: 'Can I change my study program after the major selection?', passages: english, found: true })
  t.equal(declined.answer, NO_ANSWER.en)
  const graduate = passage('graduate', 'Graduate Admissions', 'International applicants can apply for a master\'s program at ITB and will need a student visa.')
  const answered = answerer.answer({ question: 'Can international students apply for a master\'s program at ITB?', passages: [graduate], found: true })
  t.match(answered.answer, /student visa/)
})

t.test('an English action answered from Indonesian sentences is looked for in them through the alias table', async (t) => {
  const calendar = passage('kalender-akademik', 'Kalender Akademik ITB',
    'Kalender akademik ITB juga memuat jadwal pembayaran biaya kuliah, batas perubahan rencana studi, masa ujian, batas pengumpulan nilai, periode penerimaan mahasiswa baru, dan jadwal wisuda.')
  const extend = answerer.answer({ question: 'Can I extend my study period?', passages: [calendar], found: true })
  t.equal(extend.answer, NO_ANSWER.en, 'no sentence says it: declined, as "Apakah bisa memperpanjang masa studi?" is')
  const unit = passage('unit-kegiatan-mahasiswa', 'Unit Kegiatan Mahasiswa (UKM) ITB',
    'Mahasiswa dapat bergabung dengan lebih dari satu unit, tetapi disarankan menyeimbangkan kegiatan unit dengan kewajiban akademik.')
  const join = answerer.answer({ question: 'Can I join a student club?', passages: [unit], found: true })
  t.match(join.answer, /^According to the available information \(in Indonesian\), mahasiswa dapat bergabung/, '"join" is "bergabung" in the table')
})

t.test('the sentence taking the action asked about opens the answer, before the sentences of its passage before it', async (t) => {
  const bosscha = passage('observatorium-bosscha', 'Observatorium Bosscha',
    'Observatorium Bosscha menghadapi tantangan berupa polusi cahaya akibat perkembangan permukiman di sekitar Lembang dan Bandung. ' +
    'Observatorium Bosscha membuka program kunjungan publik pada waktu tertentu, dan pengunjung biasanya harus melakukan reservasi terlebih dahulu. ' +
    'Jadwal kunjungan, ketentuan, dan biaya dapat berubah, sehingga calon pengunjung sebaiknya memeriksa informasi terbaru di situs resmi Observatorium Bosscha.')
  const { answer } = answerer.answer({ question: 'Can I visit the Bosscha Observatory?', passages: [bosscha], found: true })
  t.match(answer, /^According to the available information \(in Indonesian\), Observatorium Bosscha membuka program kunjungan publik/)
})

t.test('an action asked as its bare root is had by the documents\' meN-/peN- noun ("diturunkan": "penurunan")', async (t) => {
  const adjusted = passage('penyesuaian-ukt', 'Penyesuaian dan Keringanan UKT',
    'Hasil pengajuan penyesuaian UKT dapat berupa penurunan kelompok UKT, keringanan, cicilan, atau penolakan jika data tidak mendukung.')
  for (const question of ['Kalau UKT terlalu mahal bisa diturunkan?', 'Kalau UKT kemahalan bisa diturunin?']) {
    const { answer } = answerer.answer({ question, passages: [adjusted], found: true })
    t.match(answer, /penurunan kelompok UKT/, question)
  }
})

t.test('"kuliah sambil kerja" asks for both actions in one sentence, each as its own word, not group work nor a guest lecture', async (t) => {
  const others = [
    passage('fakultas-sbm', 'Sekolah Bisnis dan Manajemen (SBM)',
      'Perkuliahan di SBM ITB banyak menggunakan bahasa Inggris dan metode pembelajaran berbasis kasus, proyek, serta kerja kelompok.'),
    passage('ikatan-alumni-itb', 'Ikatan Alumni ITB',
      'Alumni ITB berkontribusi bagi mahasiswa melalui program mentoring, kuliah tamu, dan beasiswa. Banyak beasiswa alumni disalurkan dengan bekerja sama dengan Direktorat Kemahasiswaan ITB.')
  ]
  for (const question of ['Bisa kuliah sambil kerja?', 'Boleh kuliah sambil bekerja?']) {
    t.equal(answerer.answer({ question, passages: others, found: true }).answer, NO_ANSWER.id, question)
  }
  const both = passage('kerja', 'Kehidupan Mahasiswa', 'Sebagian mahasiswa kuliah sambil bekerja paruh waktu di sekitar kampus.')
  t.match(answerer.answer({ question: 'Bisa kuliah sambil kerja?', passages: [...others, both], found: true }).answer, /kuliah sambil bekerja paruh waktu/)
})

t.test('a passive verb after the action\'s object, last, is the action asked', async (t) => {
  t.equal(askedAction('Bisa bayar UKT dicicil?', 'id')?.stem, 'cicil', 'paying the UKT in instalments asks about instalments')
  t.equal(askedAction('Bisa bayar UKT dicicil ga?', 'id')?.stem, 'cicil', 'a tag after it')
  t.equal(askedAction('Boleh ikut SNBT juga?', 'id')?.stem, 'ikut', 'no passive: the action after the modal')
  t.equal(askedAction('Bisa dicicil UKT-nya?', 'id')?.stem, 'cicil', 'the passive itself after the modal')
})

t.test('a procedure question\'s action ("cara pindah jurusan") is had only as asked: "perpindahan panas" is another thing', async (t) => {
  t.same(procedureAction('Bagaimana cara pindah jurusan?', 'id'), { stem: 'pindah', word: 'pindah', object: ['jurus'], reach: 4 })
  t.equal(procedureAction('Cara masuknya gimana?', 'id')?.object.length, 0, 'nothing it is done to')
  t.equal(procedureAction('Apa itu TPB?', 'id'), undefined)
  // The Teknik Mesin sentence has "program studi" (jurusan) and "perpindahan" (heat transfer), no moving to another programme.
  for (const question of ['Bagaimana cara pindah jurusan?', 'Gimana caranya pindah prodi?']) {
    t.equal(answerer.answer({ question, passages, found: true }).answer, NO_ANSWER.id, question)
  }
  // What it is done to in the alias table's words: "bayar UKT" is "pembayaran biaya kuliah".
  const paying = passage('pembayaran-biaya-kuliah', 'Pembayaran Biaya Kuliah dan Registrasi Semester',
    'UKT disebut tunggal karena satu pembayaran per semester sudah mencakup biaya pendidikan pokok. ' +
    'Pembayaran biaya kuliah ITB dilakukan melalui bank mitra yang ditunjuk ITB.')
  t.match(answerer.answer({ question: 'Gimana cara bayar UKT?', passages: [paying], found: true }).answer, /^Berdasarkan informasi yang tersedia, pembayaran biaya kuliah ITB dilakukan melalui bank mitra/)
})

t.test('the action of "Can international students apply …?" is applying, done by the students; applicants have it', async (t) => {
  t.equal(askedAction('Can international students apply to ITB?', 'en')?.stem, 'appli', 'not "international"')
  t.equal(askedAction('Can I visit the Bosscha Observatory?', 'en')?.stem, 'visit')
  const passages = [
    passage('jalur-masuk', 'Jalur Masuk Program Sarjana ITB',
      'Kelas berbahasa Inggris, yaitu International Undergraduate Program (IUP), diterima melalui seleksi yang diselenggarakan ITB sendiri.'),
    passage('graduate-admissions-en', 'Graduate Admissions at ITB', 'International applicants are welcome in ITB\'s graduate programs. ' +
      'International students will also need a study permit and a student visa, which ITB\'s international office can help with after admission.')
  ]
  const { answer } = answerer.answer({ question: 'Can international students apply to ITB?', passages, found: true })
  t.match(answer, /^According to the available information, international applicants are welcome in ITB's graduate programs\./)
})

t.test('what a procedure\'s action is done to may come a few words after it', async (t) => {
  const graduate = passage('pascasarjana', 'Penerimaan Mahasiswa Pascasarjana (S2 dan S3)',
    'Pendaftaran mahasiswa pascasarjana ITB dilakukan secara daring melalui laman admission.itb.ac.id.')
  t.match(answerer.answer({ question: 'Bagaimana cara mendaftar S2 di ITB?', passages: [graduate], found: true }).answer, /^Berdasarkan informasi yang tersedia, pendaftaran mahasiswa pascasarjana/)
})
