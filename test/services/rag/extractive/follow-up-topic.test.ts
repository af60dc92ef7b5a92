// "And what is its motto?" after "When was ITB founded?": the follow-up asks about the motto, its own
// topic. A sentence with the earlier question's words only (the founding) answers that question, not
// this one, and neither opens nor follows the answer while a sentence has the follow-up's own words.
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import type { ExtractivePassage } from '../../../../src/services/rag/extractive.ts'
import { passage } from '../../../support/helpers/passages.ts'
import { ask } from '../offline-answers-fixture.ts'

const answerer = createExtractiveAnswerer()

const passages: ExtractivePassage[] = [{
  id: 'overview',
  title: 'Institut Teknologi Bandung (ITB) at a Glance',
  section: 'History and Motto',
  url: 'https://www.itb.ac.id/',
  path: 'knowledge/itb-overview-en.md',
  score: 1,
  text: 'ITB traces its origins to the Technische Hoogeschool te Bandoeng, which was founded on 3 July 1920 as the first institution of higher technical education in the Dutch East Indies. ' +
    'ITB\'s motto is "In Harmonia Progressio", a Latin phrase meaning progress in harmony.'
}]

t.test('a follow-up is answered about its own topic, not its subject\'s', async (t) => {
  const { answer } = answerer.answer({ question: 'And what is its motto?', previousQuestion: 'When was ITB founded?', passages, found: true })
  t.equal(answer, 'According to the available information, ITB\'s motto is "In Harmonia Progressio", a Latin phrase meaning progress in harmony.')
})

t.test('a follow-up with no topic of its own is answered about its subject', async (t) => {
  const { answer } = answerer.answer({ question: 'And when was that?', previousQuestion: 'When was ITB founded?', passages, found: true })
  t.match(answer, /3 July 1920/)
})

t.test('a follow-up\'s words are read with its subject\'s: getting into a himpunan is joining it', async (t) => {
  const hmj = [
    passage('oskm', 'OSKM ITB (Orientasi Mahasiswa Baru)',
      'ITB menegaskan bahwa kegiatan orientasi mahasiswa baru, termasuk OSKM dan kaderisasi di himpunan, harus bebas dari kekerasan fisik, kekerasan verbal, perpeloncoan, dan perundungan.',
      { section: 'Etika', path: 'knowledge/oskm-itb.md' }),
    passage('hmj', 'Himpunan Mahasiswa Jurusan (HMJ)',
      'Mahasiswa ITB biasanya mulai berhimpun setelah ditempatkan ke program studi pada akhir Tahap Persiapan Bersama (TPB). ' +
        'Untuk menjadi anggota himpunan, mahasiswa umumnya mengikuti proses pengaderan atau kaderisasi yang diselenggarakan oleh himpunan.',
      { section: 'Menjadi Anggota Himpunan', path: 'knowledge/himpunan-mahasiswa-jurusan.md', score: 0.3 })
  ]
  for (const question of ['Cara masuknya gimana?', 'Cara masuk gimana?']) {
    const { answer } = answerer.answer({ question, previousQuestion: 'Himpunan itu apa?', passages: hmj, found: true })
    t.match(answer, /^Berdasarkan informasi yang tersedia, untuk menjadi anggota himpunan/, question)
    t.notMatch(answer, /bebas dari kekerasan/, question)
  }
})

t.test('a follow-up naming only a group of students asks its subject\'s question for that group', async (t) => {
  // "Kalau untuk mahasiswa S2?" after "Berapa UKT di ITB?": the UKT for postgraduates, not their registration or funding.
  const fees = [
    passage('pascasarjana', 'Penerimaan Mahasiswa Pascasarjana (S2 dan S3)',
      'Pendaftaran mahasiswa pascasarjana ITB dilakukan secara daring melalui laman admission.itb.ac.id. ' +
      'Mahasiswa pascasarjana dapat membiayai studinya sendiri, dibiayai instansi tempat bekerja, atau memperoleh beasiswa.'),
    passage('uang-kuliah-tunggal', 'Uang Kuliah Tunggal (UKT) di ITB',
      'Besaran UKT terbaru untuk setiap kelompok dapat dilihat di admission.itb.ac.id. ' +
      'Biaya untuk jalur Seleksi Mandiri, International Undergraduate Program (IUP), dan program pascasarjana diatur tersendiri dan tidak selalu mengikuti skema UKT yang sama.')
  ]
  for (const question of ['Kalau untuk mahasiswa S2?', 'Kalau S2?']) {
    const { answer } = answerer.answer({ question, previousQuestion: 'Berapa UKT di ITB?', passages: fees, found: true })
    t.match(answer, /^Berdasarkan informasi yang tersedia, biaya untuk jalur Seleksi Mandiri, .* program pascasarjana diatur tersendiri/, question)
  }
})

t.test('"Which one …?" after a question about the faculties picks one of them: "one" is no topic word', async (t) => {
  const faculties = [
    passage('itb-overview-en', 'Institut Teknologi Bandung (ITB) at a Glance',
      'Undergraduate (bachelor\'s) students apply to ITB through one of three admission paths: the national selection based on school achievement (SNBP), the national selection based on a computer-based written test (SNBT), and ITB\'s own selection.'),
    passage('fakultas-stei', 'Sekolah Teknik Elektro dan Informatika (STEI)',
      'STEI-K (Komputasi) menaungi Teknik Informatika serta Sistem dan Teknologi Informasi. ' +
      'Program Studi Teknik Informatika mempelajari ilmu komputer dan rekayasa perangkat lunak, termasuk algoritma dan pemrograman.')
  ]
  const { answer } = answerer.answer({ question: 'Which one teaches computer science?', previousQuestion: 'What faculties does ITB have?', passages: faculties, found: true })
  t.match(answer, /STEI-K \(Komputasi\) menaungi Teknik Informatika/)
  t.notMatch(answer, /admission paths/)
})

t.test('a follow-up\'s subject carries the evidence its own words lack', async (t) => {
  // "Syaratnya apa?" after "Apa itu KIP Kuliah?", on the real knowledge folder: the eligibility sentence never says "syarat",
  // and the follow-up's one topical word was too little evidence alone (declined before).
  const { answer } = await ask('Syaratnya apa?', ['Apa itu KIP Kuliah?'])
  t.match(answer, /^Berdasarkan informasi yang tersedia, calon penerima KIP Kuliah umumnya adalah lulusan SMA, MA, SMK, atau sederajat/)
})

t.test('a follow-up restating its subject\'s word in the documents\' words asks about it in either language', async (t) => {
  // "Kalau biayanya?" after "How much is the tuition?": "biaya" is the alias table's word for "tuition", so an
  // English sentence with "tuition" has it; it weighed as missing from every English sentence, and the question was declined.
  const fees = [
    passage('itb-overview-en', 'Institut Teknologi Bandung (ITB) at a Glance',
      'Undergraduates admitted through SNBP and SNBT pay a single tuition fee each semester, the Uang Kuliah Tunggal (UKT), whose amount depends on the economic ability of the student\'s family.'),
    passage('international-undergraduate-program-en', 'International Undergraduate Program (IUP)',
      'The IUP is open to both Indonesian and international applicants.')
  ]
  const { answer } = answerer.answer({ question: 'Kalau biayanya?', previousQuestion: 'How much is the tuition?', passages: fees, found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia \(dalam bahasa Inggris\), undergraduates admitted through SNBP and SNBT pay a single tuition fee/)
})
