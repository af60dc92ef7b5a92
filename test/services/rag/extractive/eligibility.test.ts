// "Siapa yang boleh ikut?", "Who can apply …?" ask who is eligible: taking part, registering or
// applying is what eligibility is for, not a topic of its own, so the sentence saying for whom it is
// open ("SNBT terbuka bagi lulusan SMA …") answers, not the one with the verb that says who may not
// ("… tidak dapat mengikuti SNBT").
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const who = passage('jalur-snbt', 'Seleksi Nasional Berdasarkan Tes (SNBT) dan UTBK',
  'SNBT terbuka bagi lulusan SMA, MA, SMK, atau sederajat dalam tahun kelulusan yang diizinkan oleh aturan tahun berjalan. ' +
  'Siswa yang sudah diterima melalui SNBP pada tahun yang sama tidak dapat mengikuti SNBT. ' +
  'Peserta SNBT dapat memilih beberapa pilihan program studi atau fakultas sesuai aturan yang berlaku.', { section: 'Siapa yang Dapat Mendaftar' })

t.test('who may take part is whom it is open to', async (t) => {
  const { answer } = answerer.answer({ question: 'Siapa yang boleh ikut?', previousQuestion: 'Apa itu SNBT?', passages: [who], found: true })
  t.match(answer, /^Berdasarkan informasi yang tersedia, SNBT terbuka bagi lulusan SMA/)
  t.notMatch(answer, /^Berdasarkan informasi yang tersedia, siswa yang sudah diterima/)
})
