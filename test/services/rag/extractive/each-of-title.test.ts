// Round 17: "Apa syarat masuk S1?" was declined: "Jadwal, daya tampung, dan persyaratan setiap jalur diumumkan setiap
// tahun di https://admission.itb.ac.id/." gives the requirements of every admission path to the bachelor's programme,
// but only its document's title ("Jalur Masuk Program Sarjana ITB") says admission and the bachelor's degree. A
// sentence speaking of each of what its title's head word names has the title's words (each-of-title.ts), and the
// sentence of its document listing them comes with it.
import t from 'tap'
import { collectCandidates } from '../../../../src/services/rag/extractive/candidates.ts'
import { eachOfTitle, listOfEach } from '../../../../src/services/rag/extractive/each-of-title.ts'

const TITLE = 'Jalur Masuk Program Sarjana ITB'

t.test('a sentence speaking of each of its title\'s kind has the title\'s words', async (t) => {
  for (const text of ['Jadwal, daya tampung, dan persyaratan setiap jalur diumumkan setiap tahun.', 'Di ketiga jalur masuk, calon mahasiswa memilih fakultas.', 'Persyaratan masing-masing jalur berbeda.']) {
    t.same(eachOfTitle(text, TITLE, 'id'), ['jalur', 'masuk', 'program', 'sarjana', 'itb'], text)
  }
  t.same(eachOfTitle('Each path has its own schedule.', 'Admission paths', 'en'), [], 'the head word of the title, not any of its words')
  t.ok(eachOfTitle('Each admission path has its own schedule.', 'Admission paths', 'en').includes('path'), 'English too')
})

t.test('nor one speaking of each of something else, or of one of them', async (t) => {
  t.same(eachOfTitle('Jadwal setiap semester diumumkan di laman resmi.', TITLE, 'id'), [], 'each semester is no path')
  t.same(eachOfTitle('Persyaratan jalur SNBP diumumkan oleh SNPMB.', TITLE, 'id'), [], 'one path named is not each of them')
  t.same(eachOfTitle('Persyaratan setiap jalur diumumkan.', '', 'id'), [], 'no title, no words')
})

t.test('the sentence of its document listing them comes with it', async (t) => {
  const passages = [
    { id: 'a', title: TITLE, url: 'u', section: 'Tiga Jalur Masuk', text: 'Ada tiga jalur masuk program sarjana (S1) ITB, yaitu SNBP, SNBT, dan Seleksi Mandiri ITB.' },
    { id: 'b', title: TITLE, url: 'u', section: 'Setelah Diterima', text: 'Jadwal, daya tampung, dan persyaratan setiap jalur diumumkan setiap tahun di laman resmi.' },
    { id: 'c', title: 'Beasiswa', url: 'v', section: 'Jenis', text: 'Ada tiga jalur beasiswa, yaitu KIP Kuliah, beasiswa prestasi, dan beasiswa mitra.' },
    { id: 'd', title: 'Beasiswa', url: 'v', section: 'Cara', text: 'Mahasiswa memantau pengumuman beasiswa dari direktorat, fakultas, himpunan, dan situs penyedia beasiswa.' },
    { id: 'e', title: 'Beasiswa', url: 'v', section: 'Cara', text: 'Setiap beasiswa memiliki syarat berbeda.' }
  ]
  const { candidates } = collectCandidates(passages, 'id')
  const pointer = candidates.find((candidate) => candidate.passage.id === 'b')
  t.ok(pointer !== undefined)
  if (pointer === undefined) return
  t.equal(listOfEach(pointer, candidates, 'id')?.passage.id, 'a', 'its own document\'s list, not another\'s')
  const each = candidates.find((candidate) => candidate.passage.id === 'e')
  if (each !== undefined) t.equal(listOfEach(each, candidates, 'id'), undefined, 'a list counting no scholarships ("… pengumuman beasiswa dari …") names none of them')
  const list = candidates.find((candidate) => candidate.passage.id === 'a')
  if (list !== undefined) t.equal(listOfEach(list, candidates, 'id'), undefined, 'a sentence speaking of none has none')
})
