import t from 'tap'
import { acronymDefinition, termDefinition } from '../../../src/services/rag/extractive/definitions.ts'
import { countedWords } from '../../../src/services/rag/extractive/measures.ts'
import { cuesOf } from '../../../src/services/rag/extractive/question-types.ts'
import { beforeEnumeration, enumeration, isListQuestion } from '../../../src/services/rag/extractive/lists.ts'

const cueOf = (question: string, sentence: string): boolean => cuesOf(question).every((cue) => cue.sentence.test(sentence))

t.test('how much money wants an amount or where it is published, not any number', async (t) => {
  t.equal(cuesOf('Berapa UKT di ITB per semester?').length, 1)
  t.notOk(cueOf('Berapa UKT di ITB per semester?', 'UKT disebut "tunggal" karena satu pembayaran per semester sudah mencakup biaya pendidikan pokok.'))
  t.ok(cueOf('Berapa UKT di ITB per semester?', 'Besaran UKT terbaru untuk setiap kelompok dapat dilihat di admission.itb.ac.id.'))
  t.ok(cueOf('How much does it cost?', 'Biaya pendaftaran Rp 500.000.'))
  // A cost named with no question word asks for it too: not how to pay, nor who helps those who cannot.
  for (const question of ['Kalau biayanya?', 'Biaya kuliahnya?', 'What about the fees?']) {
    t.ok(cueOf(question, 'Besaran UKT terbaru untuk setiap kelompok dapat dilihat di admission.itb.ac.id.'), question)
    t.notOk(cueOf(question, 'Mahasiswa yang mengalami kesulitan membayar biaya kuliah sebaiknya segera berkonsultasi dengan dosen wali.'), question)
  }
  for (const question of ['Bagaimana cara membayar biaya kuliah?', 'Apa itu UKT?', 'Kalau telat bayar kuliah gimana?']) {
    t.notOk(cuesOf(question).some((cue) => cue.missFactor !== undefined), `${question}: no amount asked`)
  }
})

t.test('how long wants a duration; how many any number', async (t) => {
  t.ok(cueOf('Berapa lama kuliah program sarjana?', 'Program sarjana dirancang untuk diselesaikan dalam delapan semester atau empat tahun.'))
  t.notOk(cueOf('Berapa lama kuliah program sarjana?', 'Mahasiswa harus menyelesaikan minimal 144 SKS.'))
  t.ok(cueOf('Berapa SKS minimal untuk lulus?', 'Mahasiswa harus menyelesaikan minimal 144 SKS.'))
})

t.test('when wants a date or a time, not "early" in another sense', async (t) => {
  t.ok(cueOf('Kapan SBM didirikan?', 'SBM ITB didirikan pada awal 2000-an sebagai sekolah bisnis.'))
  t.ok(cueOf('Kapan penjurusan?', 'Penjurusan biasanya dilakukan pada akhir tahun pertama.'))
  t.ok(cueOf('When was it built?', 'It was built in the early 1920s.'))
  t.notOk(cueOf('Kapan wisuda ITB?', 'Keluarga wisudawan disarankan datang lebih awal karena kawasan Tamansari ramai.'))
})

t.test('list questions and the sentences that enumerate', async (t) => {
  for (const question of ['Apa saja jalur masuk ITB?', 'Sebutkan program studi di STEI.', 'Di mana saja lokasi kampus ITB?', 'Which faculties does ITB have?', 'What campuses does ITB have?']) {
    t.ok(isListQuestion(question), question)
  }
  for (const question of ['Kapan ITB didirikan?', 'Which school covers the life sciences?', 'Bagaimana cara daftar SNBT?']) t.notOk(isListQuestion(question), question)
  t.ok(enumeration('ITB memiliki tiga kampus, yaitu Kampus Ganesha, Kampus Jatinangor, dan Kampus Cirebon.') > enumeration('FMIPA menaungi Matematika, Fisika, dan Kimia.') - 1)
  t.equal(enumeration('Kampus Ganesha di Jalan Ganesa No. 10, Bandung, adalah kampus utama dan tertua ITB.'), 0, 'commas that do not close with "dan" are no list')
  t.equal(enumeration('Ada tiga jalur, yaitu SNBP, SNBT, dan Seleksi Mandiri ITB.'), 6, 'four items, announced by "yaitu"')
})

t.test('the words before a list: up to "yaitu", or the first segment without its item', async (t) => {
  t.equal(beforeEnumeration('Calon mahasiswa dapat mendaftar KIP Kuliah bersamaan dengan pendaftaran SNBP, SNBT, atau Seleksi Mandiri ITB.'),
    'Calon mahasiswa dapat mendaftar KIP Kuliah bersamaan dengan pendaftaran')
  t.equal(beforeEnumeration('Ada tiga jalur masuk program sarjana, yaitu SNBP, SNBT, dan Seleksi Mandiri ITB.'), 'Ada tiga jalur masuk program sarjana, ')
  t.equal(beforeEnumeration('SBM memiliki dua program studi, yaitu Manajemen dan Kewirausahaan.'), 'SBM memiliki dua program studi, ')
  t.equal(beforeEnumeration('Pendaftaran mahasiswa pascasarjana dilakukan secara daring.'), 'Pendaftaran mahasiswa pascasarjana dilakukan secara daring.', 'no list: the whole sentence')
})

t.test('what a number counts: the few words after it; "satu" is no count', async (t) => {
  t.same(countedWords('Mahasiswa harus menyelesaikan minimal 144 SKS untuk lulus.'), [' SKS untuk lulus'])
  t.same(countedWords('ITB memiliki dua belas unit akademik setingkat fakultas.'), [' belas unit akademik setingkat fakultas'])
  t.same(countedWords('Himpunan beranggotakan mahasiswa satu program studi.'), [])
  t.notOk(cueOf('Berapa daya tampung ITB?', 'Mahasiswa ditempatkan ke salah satu program studi.'), '"salah satu" is no figure')
  t.ok(cueOf('Berapa daya tampung ITB?', 'Daya tampung setiap jalur diumumkan setiap tahun di admission.itb.ac.id.'), 'where it is published')
  t.ok(cuesOf('Berapa jumlah mahasiswa ITB?').some((cue) => cue.counted === true && cue.required === true), 'said outright: a count is required')
  t.notOk(cuesOf('Berapa IPK minimal untuk lulus?').some((cue) => cue.counted === true), 'a value, not a count')
  t.notOk(cuesOf('Tahun berapa statuta ITB ditetapkan?').some((cue) => cue.counted === true), 'a year')
  t.notOk(cuesOf('Berapa jumlah nomor telepon ITB?').some((cue) => cue.counted === true), 'a phone number')
})

t.test('"where" wants a place: a language after "of/in" is none', async (t) => {
  t.ok(cueOf('Where is ITB?', 'ITB is in Bandung.'))
  t.notOk(cueOf('Where do I apply for a master\'s program?', 'Applicants typically need proof of English proficiency.'), 'English capitalises languages')
  t.notOk(cueOf('Where are the classes?', 'Some programs offer courses in English.'))
  t.notOk(cueOf('Where is the main campus?', 'ITB\'s emblem depicts Ganesha, who in Hindu tradition is the deity of knowledge.'), 'nor traditions: "in Hindu tradition" is no place')
  t.notOk(cueOf('Where is the motto from?', 'The motto is a phrase in Latin meaning progress in harmony.'))
  t.notOk(cueOf('Asrama ITB ada di mana saja?', 'Karena kapasitas asrama terbatas, ITB dapat memberikan prioritas kepada mahasiswa dari luar kota.'), '"dari luar kota" says where someone comes from')
  t.ok(cueOf('Di mana Kampus Cirebon?', 'Kampus ITB Cirebon adalah salah satu kampus ITB di luar Kota Bandung.'), 'outside a named city is a place')
  t.ok(cueOf('Di mana Kampus Ganesha?', 'Kampus Ganesha terletak di tengah kota.'))
})

t.test('"how to" wants the channel a thing is done through, and only to open the answer', async (t) => {
  for (const question of ['Bagaimana cara mendaftar S2 di ITB?', 'Gimana cara bayar UKT?', 'Cara daftar KIP Kuliah?', 'How do I apply for a master\'s program?', 'How to apply to the IUP?']) {
    t.ok(cuesOf(question).some((cue) => cue.decisive === true && cue.leadOnly === true), question)
  }
  t.notOk(cuesOf('Bagaimana suasana kampus Ganesha?').some((cue) => cue.leadOnly === true), '"bagaimana" alone asks what something is like')
  t.ok(cueOf('Bagaimana cara mendaftar S2?', 'Pendaftaran mahasiswa pascasarjana ITB dilakukan secara daring melalui laman admission.itb.ac.id.'))
  t.ok(cueOf('How do I apply?', 'Applications for graduate study at ITB are submitted online through https://admission.itb.ac.id/.'))
  t.ok(cueOf('Bagaimana cara membayar UKT?', 'Pembayaran biaya kuliah ITB dilakukan melalui bank mitra yang ditunjuk ITB.'))
  t.notOk(cueOf('Bagaimana cara daftar ITB?', 'Calon mahasiswa FSRD mendaftar melalui SNBP, SNBT, atau Seleksi Mandiri ITB.'), 'an admission path is no channel')
})

t.test('"apa itu" wants a definition: "singkatan" is one only as "singkatan dari"', async (t) => {
  t.ok(cueOf('Apa itu OSKM?', 'OSKM adalah singkatan dari Orientasi Studi Keluarga Mahasiswa ITB.'))
  t.ok(cueOf('Apa itu HMJ?', 'Himpunan mahasiswa jurusan, disingkat HMJ, adalah organisasi kemahasiswaan.'))
  t.notOk(cueOf('Apa itu himpunan?', 'Banyak himpunan di ITB memiliki nama dan singkatan yang khas.'), 'having an abbreviation defines nothing')
})

t.test('"apa artinya" wants a meaning; the meaning of an acronym is its definition', async (t) => {
  const meaning = cuesOf('Lambang ITB apa artinya?')
  t.ok(meaning.some((cue) => cue.formWords?.includes('artinya') === true && cue.strong !== true), 'a meaning, and "artinya" no word of the topic')
  t.ok(cueOf('Lambang ITB apa artinya?', 'Lambang ITB menampilkan sosok Ganesha, yang dikenal sebagai dewa ilmu pengetahuan.'))
  for (const question of ['What does UKT mean?', 'Apa arti SKS?', 'Apa artinya UKT?']) {
    const cues = cuesOf(question)
    t.ok(cues.some((cue) => cue.strong === true && cue.sentence.test('UKT adalah biaya kuliah.')), question)
    t.notOk(cues.some((cue) => cue.formWords?.includes('artinya') === true && cue.strong !== true), `${question}: a definition, not a meaning`)
  }
})

t.test('"siapa yang bisa …" asks who is eligible, not for a person\'s name', async (t) => {
  for (const question of ['Siapa yang bisa dapat KIP Kuliah?', 'Siapa saja yang boleh daftar KIP Kuliah?', 'Who can apply to the IUP?']) {
    const cues = cuesOf(question)
    t.equal(cues.length, 1, question)
    t.ok(cues[0]?.strong === true && cues[0].formWords?.includes('bisa') === true, question)
  }
  t.ok(cueOf('Siapa yang bisa dapat KIP Kuliah?', 'Calon penerima KIP Kuliah umumnya adalah lulusan SMA yang memiliki keterbatasan ekonomi.'))
  t.notOk(cueOf('Siapa yang bisa dapat KIP Kuliah?', 'Bantuan KIP Kuliah dapat dihentikan apabila penerima tidak lagi memenuhi syarat.'))
  t.ok(cuesOf('Siapa pendiri ITB?').some((cue) => cue.sentence.test('Prof. Ir. Rooseno')), '"siapa" alone still wants a person')
})

t.test('the sentence defining an acronym: "Nama Panjang (X) adalah …" or "Nama Panjang, disingkat X …, adalah …"', async (t) => {
  t.ok(acronymDefinition('Apa itu ITB?')?.test('Institut Teknologi Bandung (ITB) adalah perguruan tinggi negeri.'))
  t.ok(acronymDefinition('Apa itu KIP Kuliah?')?.test('Kartu Indonesia Pintar Kuliah, disingkat KIP Kuliah, adalah program bantuan biaya pendidikan.'))
  t.notOk(acronymDefinition('Apa itu KIP Kuliah?')?.test('Manfaat pertama adalah pembebasan biaya pendidikan bagi penerima KIP Kuliah.'))
  t.equal(acronymDefinition('Kapan ITB didirikan?'), undefined, 'no definition question')
  // A sentence ending by spelling it out defines it too ("Apa itu SKS?" was answered with the
  // maximum of 24 SKS, which says what "batas maksimum" is); one opening with it and saying what it
  // is, only when what it is is asked, not what it stands for.
  const credit = 'ITB menggunakan sistem kredit semester, sehingga beban belajar dinyatakan dalam satuan kredit semester yang disingkat SKS.'
  t.ok(acronymDefinition('Apa itu SKS?')?.test(credit))
  t.ok(acronymDefinition('Apa kepanjangan SKS?')?.test(credit))
  t.notOk(acronymDefinition('Apa itu SKS?')?.test('Batas maksimum yang lazim berlaku adalah sekitar 24 SKS per semester.'))
  t.ok(acronymDefinition('Apa itu PTN-BH?')?.test('PTN-BH adalah perguruan tinggi negeri yang berstatus badan hukum publik.'))
  t.notOk(acronymDefinition('What does ITB stand for?')?.test('ITB is a state university with legal-entity status.'))
  // A word asked about: the sentence saying what it is, or naming it; not one describing it "as" something.
  const naming = termDefinition('Apa yang dimaksud dengan penjurusan?')
  t.ok(naming?.test('Penempatan mahasiswa dari fakultas ke program studi disebut penjurusan.'))
  t.ok(termDefinition('Apa itu cuti akademik?')?.test('Cuti akademik adalah izin resmi untuk tidak mengikuti kegiatan akademik.'))
  t.ok(termDefinition('What is a credit unit?')?.test('This unit is called a credit unit.'))
  t.notOk(naming?.test('Penjurusan biasanya dilakukan pada akhir tahun pertama.'))
  t.notOk(termDefinition('Apa itu perwalian?')?.test('Kehadiran alumni sering disebut sebagai momen simbolis perwalian.'))
  t.equal(termDefinition('Apa itu ITB?'), undefined, 'an acronym: acronymDefinition')
  t.equal(termDefinition('Kapan penjurusan dilakukan?'), undefined, 'no definition question')
})
