// How strongly a sentence enumerates (lists.ts): what list questions are answered with; and a
// sentence about the list of what is asked, which answers where the documents enumerate none.
import t from 'tap'
import { aboutListOf, enumerated, enumeration, isListQuestion } from '../../../../src/services/rag/extractive/lists.ts'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { passage } from '../../../support/helpers/passages.ts'
import { ADVERSARIAL_TEXTS, GENEROUS_MS, timed } from '../../../support/helpers/adversarial-text.ts'

t.test('three items closed by a conjunction, or two announced by "yaitu"', async (t) => {
  t.equal(enumeration('ITB punya tiga kampus, yaitu Ganesha, Jatinangor, dan Cirebon.'), 6, 'four pieces, announced')
  t.equal(enumeration('Ada dua program studi sarjana, yaitu Manajemen dan Kewirausahaan.'), 2)
  t.equal(enumeration('Ada dua program studi, yaitu  Manajemen  dan Kewirausahaan.'), 2, 'with runs of spaces')
  t.equal(enumeration('Ada dua program studi, yaitu Manajemen.'), 0)
  t.same(enumerated('Ada dua program studi sarjana, yaitu Manajemen dan Kewirausahaan.').before, 'Ada dua program studi sarjana, ')
})

t.test('"yaitu" before a long run of spaces is read in time proportional to it', async (t) => {
  // "yaitu\s+" and the words after it ("[^,]+", spaces too) split the run in every way: 55 s for
  // 150,000 characters before.
  const { value, ms } = await timed(() => enumeration(ADVERSARIAL_TEXTS.enumeration(150_000)))
  t.equal(value, 0)
  t.ok(ms < GENEROUS_MS, `${ms.toFixed(1)} ms`)
})

t.test('a sentence about the list of what is asked', async (t) => {
  const query = ['program', 'studi', 'kampus', 'cirebon']
  const match = (termsOfText: Set<string>, term: string): number => termsOfText.has(term) ? 1 : 0
  t.ok(aboutListOf('Daftar program studi yang dibuka di Kampus Cirebon dapat berubah dari tahun ke tahun.', query, match, 'id'))
  t.notOk(aboutListOf('Daftar ulang dilakukan setiap semester.', query, match, 'id'), 'registering again: another word')
  t.notOk(aboutListOf('Program studi di Kampus Cirebon dapat berubah.', query, match, 'id'), 'no list its subject')
  // "jurusan" is "program studi" in the alias table's words: both words together, each of them needed.
  const jurusan = (termsOfText: Set<string>, term: string): number => term === 'jurus' && termsOfText.has('program') && termsOfText.has('studi') ? 0.9 : match(termsOfText, term)
  t.ok(aboutListOf('Daftar program studi yang dibuka di Kampus Cirebon dapat berubah.', ['jurus', 'kampus', 'cirebon'], jurusan, 'id'))
  t.notOk(aboutListOf('Daftar program sarjana dapat berubah.', ['program'], match, 'id'), 'one word of two asked')
})

t.test('where no sentence lists what is asked, the one about its list answers, not a list of something else', async (t) => {
  const cirebon = passage('kampus-cirebon', 'Kampus ITB Cirebon',
    'Kampus ITB Cirebon memiliki gedung perkuliahan, laboratorium, dan fasilitas pendukung kegiatan mahasiswa. ' +
    'Mahasiswa yang diterima pada program studi yang berlokasi di Kampus Cirebon mengikuti kurikulum yang sama dengan mahasiswa ITB di kampus lain. ' +
    'Daftar program studi yang dibuka di Kampus Cirebon dapat berubah dari tahun ke tahun, sehingga calon mahasiswa sebaiknya memeriksa daftar terbaru di admission.itb.ac.id.')
  const { answer } = createExtractiveAnswerer().answer({ question: 'Program studi apa saja yang ada di Kampus Cirebon?', passages: [cirebon], found: true })
  t.match(answer, /Daftar program studi yang dibuka di Kampus Cirebon dapat berubah/i)
  t.notMatch(answer, /gedung perkuliahan/)
})

t.test('the sentence about the list of what is asked opens the answer, before its passage\'s earlier sentences', async (t) => {
  const cirebon = passage('kampus-cirebon', 'Kampus ITB Cirebon',
    'Kampus ITB Cirebon menyelenggarakan beberapa program studi sarjana dari sejumlah fakultas dan sekolah di ITB. ' +
    'Mahasiswa yang diterima pada program studi yang berlokasi di Kampus Cirebon mengikuti kurikulum yang sama dengan mahasiswa ITB di kampus lain. ' +
    'Daftar program studi yang dibuka di Kampus Cirebon dapat berubah dari tahun ke tahun, sehingga calon mahasiswa sebaiknya memeriksa daftar terbaru di admission.itb.ac.id.')
  const { answer } = createExtractiveAnswerer().answer({ question: 'Program studi apa saja yang ada di Kampus Cirebon?', passages: [cirebon], found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, daftar program studi yang dibuka di Kampus Cirebon dapat berubah/)
  t.match(answer, /Kampus ITB Cirebon menyelenggarakan beberapa program studi sarjana/, 'what its passage says before it follows')
})

t.test('a list told in parallel sentences, one per unit, is answered with both', async (t) => {
  const sith = passage('fakultas-sith', 'Sekolah Ilmu dan Teknologi Hayati (SITH)',
    'Penerimaan mahasiswa baru SITH dibagi menjadi dua kelompok fakultas. ' +
    'SITH-S (SITH Sains) menaungi program studi sarjana Biologi dan Mikrobiologi. ' +
    'SITH-R (SITH Rekayasa) menaungi program studi sarjana Rekayasa Hayati, Rekayasa Pertanian, Rekayasa Kehutanan, dan Teknologi Pasca Panen. ' +
    'Program studi di bawah SITH-R sebagian besar diselenggarakan di Kampus ITB Jatinangor.')
  const { answer } = createExtractiveAnswerer().answer({ question: 'Program studi apa saja di SITH?', passages: [sith], found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, SITH-S \(SITH Sains\) menaungi program studi sarjana Biologi dan Mikrobiologi\. SITH-R \(SITH Rekayasa\) menaungi/)
  t.notMatch(answer, /Jatinangor/)
})

t.test('who may is no list question, whom it names is (round 19)', async (t) => {
  // "Siapa saja yang bisa ikut UKM?" was answered with the list of well-known units, not for whom they are open.
  for (const question of ['Siapa saja yang bisa ikut UKM?', 'Siapa saja yang boleh daftar SNBT?', 'Siapa saja yang berhak mendapat KIP Kuliah?']) t.notOk(isListQuestion(question), question)
  for (const question of ['Siapa saja rektor ITB?', 'Siapa saja pendiri ITB?', 'Apa saja UKM di ITB?']) t.ok(isListQuestion(question), question)
  const answerer = createExtractiveAnswerer()
  const ukm = passage('unit-kegiatan-mahasiswa', 'Unit Kegiatan Mahasiswa (UKM) ITB', 'Unit kegiatan mahasiswa, disingkat UKM, adalah organisasi kemahasiswaan. ' +
    'Berbeda dengan himpunan yang beranggotakan mahasiswa satu program studi, unit kegiatan mahasiswa terbuka bagi mahasiswa ITB dari semua jurusan dan angkatan. ' +
    'Beberapa contoh unit kegiatan mahasiswa ITB adalah Paduan Suara Mahasiswa (PSM) ITB, Marching Band Waditra Ganesha, Liga Film Mahasiswa (LFM) ITB, dan Loedroek ITB.')
  const { answer } = answerer.answer({ question: 'Siapa saja yang bisa ikut UKM?', passages: [ukm], found: true })
  t.match(answer, /^[^.]*unit kegiatan mahasiswa terbuka bagi mahasiswa ITB dari semua jurusan/, answer)
})
