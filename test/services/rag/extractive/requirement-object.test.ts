// Round 17: "Apa syarat ikut UKM?" was answered with the graduation's "Mahasiswa yang ingin mengikuti wisuda harus …",
// "Apa syarat pindah prodi?" with the final project's "Mahasiswa sarjana juga wajib …", "Apa syarat beasiswa LPDP?"
// with "Setiap beasiswa memiliki syarat berbeda …" (no LPDP). What the requirements are asked of (requirement-object.ts)
// must be had by the answering sentence, its heading or its title; the knowledge base says nothing of the last two.
// Round 18: "Apa syarat ikut UKM?" answered as "Syarat masuk UKM apa saja?" is: for whom a unit is open (open-to.ts).
import t from 'tap'
import { requirementObject } from '../../../../src/services/rag/extractive/requirement-object.ts'
import { namesPurpose } from '../../../../src/services/rag/extractive/requirement-purpose.ts'
import { ask, declined } from '../offline-answers-fixture.ts'

t.test('what requirements are asked of: their names, else their topical words; the purpose and joining aside', async (t) => {
  t.same(requirementObject('Apa syarat ikut UKM?', 'id'), ['ukm'])
  t.same(requirementObject('Apa syarat pindah prodi?', 'id'), ['pindah', 'prodi'])
  t.same(requirementObject('Apa syarat beasiswa LPDP?', 'id'), ['lpdp'], 'the name, not the kind it is')
  t.same(requirementObject('Apa syarat masuk jalur SNBP?', 'id'), ['snbp'], '"jalur" is the kind SNBP is')
  t.same(requirementObject('Apa syarat daftar S1?', 'id').includes('daftar'), false, 'registering is the purpose (requirement-purpose.ts)')
  t.ok(requirementObject('What are the requirements for the LPDP scholarship?', 'en').includes('lpdp'))
  t.same(requirementObject('What are the undergraduate admission requirements?', 'en'), [], 'nothing said after them')
  t.same(requirementObject('Apa itu UKM?', 'id'), [], 'no requirement question')
  t.ok(namesPurpose('daftar') && namesPurpose('lulus') && namesPurpose('admission'))
  t.notOk(namesPurpose('beasiswa') || namesPurpose('pindah'), 'what the requirements are of is no purpose')
})

t.test('requirements of something the knowledge base says nothing of are declined (round 17)', async (t) => {
  for (const question of ['Apa syarat pindah prodi?', 'Syarat pindah jurusan apa saja?', 'Bagaimana syarat pindah jurusan di ITB?',
    'Apa syarat beasiswa LPDP?', 'Syarat LPDP apa saja?', 'What are the requirements for the LPDP scholarship?', 'What are the requirements to change study program?']) {
    const result = await ask(question)
    t.ok(declined(result), `${question}: ${result.answer}`)
  }
})

t.test('what the knowledge base says of them still answers', async (t) => {
  for (const question of ['Syarat masuk UKM apa saja?', 'Apa syarat ikut UKM?']) {
    const unit = (await ask(question)).answer
    t.match(unit, /unit kegiatan mahasiswa terbuka bagi mahasiswa ITB dari semua jurusan/, `${question}: ${unit}`)
    t.notMatch(unit, /wisuda/)
  }
  t.match((await ask('Apa syarat beasiswa?')).answer, /^Berdasarkan informasi yang tersedia, setiap beasiswa memiliki syarat berbeda/)
  t.match((await ask('Apa syarat KIP Kuliah?')).answer, /calon penerima KIP Kuliah umumnya adalah lulusan/)
  t.match((await ask('Apa syarat masuk jalur SNBP?')).answer, /siswa kelas terakhir SMA, MA, atau SMK/)
})
