// "Apa syarat daftar S1?" was answered "Program sarjana (S1) di ITB umumnya mensyaratkan minimal 144 SKS
// untuk lulus.": the requirements of graduating, not of registering. A question naming one purpose of its
// requirements passes over the sentences stating another and none of its own, in their words or their
// section's heading (requirement-purpose.ts).
import t from 'tap'
import { ofAnotherPurpose, purposeAsked } from '../../../../src/services/rag/extractive/requirement-purpose.ts'
import { ask } from '../offline-answers-fixture.ts'

t.test('the requirements of another purpose do not answer', async (t) => {
  const registering = await ask('Apa syarat daftar S1?')
  t.notMatch(registering.answer, /144 SKS|lulus/, registering.answer)
  // Round 17: declined until then; the requirements of each admission path are announced every year (each-of-title.ts).
  t.match(registering.answer, /^[^.]*persyaratan setiap jalur diumumkan setiap tahun/, 'what the documents say of S1\'s admission requirements')
  const applying = await ask("What are the requirements to apply for a bachelor's degree?")
  t.notMatch(applying.answer, /kelulusan|ijazah/, applying.answer)
  const graduating = await ask('Apa syarat lulus S1?')
  // Since round 15 the sentence giving a requirement ("… dinyatakan lulus apabila … minimal 144 SKS"), before "… mensyaratkan minimal 144 SKS untuk lulus", which names none (Cue.required).
  t.match(graduating.answer, /^[^.]*dinyatakan lulus apabila[^.]*144 SKS/, 'the graduation requirements still answer their own question')
  const master = await ask('Apa syarat daftar S2?')
  t.match(master.answer, /persyaratan umum penerimaan program magister/i)
})

t.test('which sentences state another purpose', async (t) => {
  const registering = ofAnotherPurpose('Apa syarat daftar S1?')
  t.ok(registering('Beban Studi Sarjana. Program sarjana (S1) di ITB umumnya mensyaratkan minimal 144 SKS untuk lulus.'))
  t.ok(registering('Syarat Lulus Program Sarjana. Mahasiswa sarjana juga wajib menyelesaikan tugas akhir.'), 'its section says it')
  t.notOk(registering('Siapa yang Dapat Mendaftar. SNBT terbuka bagi lulusan SMA, MA, SMK, atau sederajat.'), '"lulusan" is who may register')
  t.notOk(registering('Persyaratan. Siswa yang sudah dinyatakan lulus SNBP tidak dapat lagi mendaftar SNBT.'), 'its own purpose too')
  t.ok(ofAnotherPurpose('Apa syarat lulus S1?')('Cara Mendaftar. Pendaftaran dilakukan secara daring.'))
  for (const question of ['Apa syarat KIP Kuliah?', 'Kapan pendaftaran SNBP?', 'Apa syarat daftar dan lulus S1?']) {
    t.notOk(ofAnotherPurpose(question)('Program sarjana mensyaratkan 144 SKS untuk lulus.'), `${question}: no one purpose asked`)
  }
})

t.test('"daftar" as a list names no purpose', async (t) => {
  // Round 15: "Catatan tentang Daftar Program Studi" made "Daftar di atas mencakup program studi sarjana …" S1's admission requirement.
  const registering = purposeAsked('Apa syarat daftar S1?')
  t.ok(registering?.test('Apa syarat daftar S1?'))
  for (const text of ['Catatan tentang Daftar Program Studi. Daftar di atas mencakup program studi sarjana utama.', 'Calon mahasiswa memeriksa daftar terbaru pada laman.']) {
    t.notOk(registering?.test(text), text)
  }
  t.ok(registering?.test('Calon mahasiswa daftar melalui laman.'))
  t.equal(purposeAsked('Apa itu S1?'), undefined, 'no requirements asked')
  t.equal(purposeAsked('Apa syarat daftar dan lulus S1?'), undefined, 'two purposes')
})

t.test('the requirements of the subject asked, or none', async (t) => {
  // Round 15: "Apa syarat daftar SNBT?" was answered "Pendaftaran KIP Kuliah dilakukan melalui laman resmi …, … bersamaan
  // dengan pendaftaran SNBP, SNBT, atau seleksi mandiri.": another subject's registration, no requirement; the requirement cue is required.
  // Since round 16 "SNBT terbuka bagi lulusan …", under "Siapa yang Dapat Mendaftar", answers it (headings.ts).
  const snbt = await ask('Apa syarat daftar SNBT?')
  t.notMatch(snbt.answer, /KIP Kuliah|Jadwal pendaftaran/i, snbt.answer)
  t.match(snbt.answer, /^[^.]*SNBT terbuka bagi lulusan/, snbt.answer)
  const kip = await ask('Apa syarat KIP Kuliah?')
  t.match(kip.answer, /calon penerima KIP Kuliah umumnya adalah lulusan/i, 'a subject\'s own requirements still answer')
})
