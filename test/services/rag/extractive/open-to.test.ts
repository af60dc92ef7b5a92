// For whom a thing is open gives the requirements asked of it (open-to.ts): "Apa syarat ikut UKM?" was declined
// (round 17) though "… unit kegiatan mahasiswa terbuka bagi mahasiswa ITB dari semua jurusan …" says who may join.
// Round 19: so do whom it has for members and what one does to become one ("Apa syarat masuk himpunan?").
// Round 20: asked whether one may join it ("Apakah semua mahasiswa bisa ikut UKM?", declined: no sentence has "ikut UKM"), they say who may.
import t from 'tap'
import { askedAction } from '../../../../src/services/rag/extractive/action.ts'
import { joinsAsked, openToWords } from '../../../../src/services/rag/extractive/open-to.ts'
import { terms } from '../../../../src/services/rag/extractive/terms.ts'
import { REQUIREMENT_WORDS } from '../../../../src/services/rag/extractive/what-it-takes.ts'
import { ask, declined } from '../offline-answers-fixture.ts'

const has = (termsOfText: Set<string>, term: string): number => termsOfText.has(term) ? 1 : 0
const UNIT = 'Berbeda dengan himpunan yang beranggotakan mahasiswa satu program studi, unit kegiatan mahasiswa terbuka bagi mahasiswa ITB dari semua jurusan dan angkatan.'

t.test('the requirement words, when what is open is what they are asked of', async (t) => {
  t.same(openToWords(UNIT, terms('unit', 'id'), has, 'id'), terms(REQUIREMENT_WORDS, 'id'))
  t.same(openToWords('SNBT terbuka bagi lulusan SMA, MA, SMK, atau sederajat.', ['snbt'], has, 'id'), terms(REQUIREMENT_WORDS, 'id'))
  t.same(openToWords('The IUP is open to Indonesian and international applicants.', ['iup'], has, 'en'), terms(REQUIREMENT_WORDS, 'en'))
})

t.test('whom it has for members, what one does to become one (round 19)', async (t) => {
  const himpunan = terms('himpunan', 'id')
  t.same(openToWords('Setiap program studi sarjana di ITB pada umumnya memiliki satu himpunan yang beranggotakan mahasiswa program studi tersebut.', himpunan, has, 'id'), terms(REQUIREMENT_WORDS, 'id'))
  t.same(openToWords('Himpunan beranggotakan mahasiswa program studi tersebut.', himpunan, has, 'id'), terms(REQUIREMENT_WORDS, 'id'))
  t.same(openToWords('Untuk menjadi anggota himpunan, mahasiswa umumnya mengikuti proses pengaderan atau kaderisasi.', himpunan, has, 'id'), terms(REQUIREMENT_WORDS, 'id'))
  t.same(openToWords('To become a member of a club, students attend its open house.', ['club'], has, 'en'), terms(REQUIREMENT_WORDS, 'en'))
})

t.test('none when another thing is open, nothing is said open, or nothing is asked', async (t) => {
  t.same(openToWords(UNIT, terms('himpunan', 'id'), has, 'id'), [], 'the himpunan is set against the unit, not open')
  t.same(openToWords('Kongres KM ITB beranggotakan senator dari himpunan.', terms('himpunan', 'id'), has, 'id'), [], 'the congress has the members, not the himpunan')
  t.same(openToWords('Untuk menjadi anggota himpunan, mahasiswa umumnya mengikuti kaderisasi.', terms('unit', 'id'), has, 'id'), [])
  t.same(openToWords(UNIT, [], has, 'id'), [], 'no requirement question, or one asking of nothing')
})

t.test('end to end: joining a unit, not a himpunan (round 18)', async (t) => {
  for (const question of ['Apa syarat ikut UKM?', 'Apa syarat gabung UKM?', 'Apa syarat jadi anggota UKM?', 'What are the requirements to join a UKM?']) {
    const { answer } = await ask(question)
    t.match(answer, /^[^.]*unit kegiatan mahasiswa terbuka bagi mahasiswa ITB dari semua jurusan/, `${question}: ${answer}`)
  }
  t.match((await ask('Bagaimana cara ikut UKM?')).answer, /acara pengenalan unit kegiatan mahasiswa/, 'how to join keeps its answer')
})

t.test('end to end: joining a himpunan, from its own document (round 19)', async (t) => {
  // Were the unit's openness ("Berbeda dengan himpunan …, unit kegiatan mahasiswa terbuka bagi …"), or declined.
  for (const question of ['Apa syarat masuk himpunan?', 'Apa syarat ikut himpunan?', 'Apa syarat jadi anggota himpunan?', 'What are the requirements to join a himpunan?']) {
    const { answer } = await ask(question)
    t.match(answer, /^[^.]*untuk menjadi anggota himpunan, mahasiswa umumnya mengikuti proses pengaderan atau kaderisasi/, `${question}: ${answer}`)
    t.match(answer, /himpunan yang beranggotakan mahasiswa program studi tersebut/, 'and whom it has for members')
    t.notMatch(answer, /unit kegiatan mahasiswa terbuka/, 'not the unit\'s openness')
  }
  // Not whom another thing has for members: "Kongres KM ITB beranggotakan senator yang mewakili himpunan mahasiswa jurusan." says the congress's
  // (a first try taking any "beranggotakan" for whom a thing is for answered this with it; round 20: its short name, short-names.test.ts).
  const hmj = await ask('Apa syarat menjadi anggota HMJ?')
  t.notMatch(hmj.answer, /Kongres KM ITB/, hmj.answer)
  const who = await ask('Siapa yang bisa masuk himpunan?')
  t.match(who.answer, /^[^.]*satu himpunan yang beranggotakan mahasiswa program studi tersebut/, who.answer)
  t.notOk(declined(who))
})

t.test('asked whether one may join it, what it is open to or has for members takes the joining (round 20)', async (t) => {
  const joining = (question: string) => {
    const action = askedAction(question, 'id')
    if (action === undefined) throw new Error(`no action in ${question}`)
    return action
  }
  t.ok(joinsAsked(UNIT, joining('Apakah semua mahasiswa bisa ikut unit?'), has, 'id'))
  t.ok(joinsAsked('Setiap program studi sarjana di ITB memiliki satu himpunan yang beranggotakan mahasiswa program studi tersebut.', joining('Apakah mahasiswa jurusan lain bisa ikut himpunan?'), has, 'id'))
  t.notOk(joinsAsked(UNIT, joining('Apakah mahasiswa jurusan lain bisa ikut himpunan?'), has, 'id'), 'the himpunan is set against the unit')
  t.notOk(joinsAsked('SNBT terbuka bagi lulusan SMA, MA, SMK, atau sederajat.', joining('Apakah bisa pindah SNBT?'), has, 'id'), 'moving is no joining')
})

t.test('end to end: whether one may join a unit or a himpunan (round 20)', async (t) => {
  // Both were declined: the action asked ("ikut UKM") is in no sentence.
  for (const question of ['Apakah semua mahasiswa bisa ikut UKM?', 'Apakah mahasiswa FTI bisa ikut UKM?', 'Boleh gabung UKM walau beda jurusan?']) {
    const { answer } = await ask(question)
    t.match(answer, /^[^.]*unit kegiatan mahasiswa terbuka bagi mahasiswa ITB dari semua jurusan/, `${question}: ${answer}`)
  }
  const himpunan = await ask('Apakah mahasiswa jurusan lain bisa ikut himpunan?')
  t.match(himpunan.answer, /^[^.]*satu himpunan yang beranggotakan mahasiswa program studi tersebut/, himpunan.answer)
  t.notMatch(himpunan.answer, /unit kegiatan mahasiswa terbuka/)
  // "Student activity unit", the English name of a UKM, was no word of the alias table's: declined.
  for (const question of ['Who can join a student activity unit?', 'Who may join a student activity unit?']) {
    t.match((await ask(question)).answer, /^According to the available information \(in Indonesian\), [^.]*unit kegiatan mahasiswa terbuka bagi mahasiswa ITB dari semua jurusan/, question)
  }
  t.match((await ask('Apakah bisa ikut SNBT setelah lulus SNBP?')).answer, /tidak dapat lagi mendaftar SNBT/, 'another yes/no question keeps its answer')
})

t.test('end to end: joining an HMJ, or more than one UKM (round 22)', async (t) => {
  // Declined: the himpunan's membership sentence names "himpunan", its document's short name for HMJ (short-names.ts).
  const hmj = await ask('Apakah mahasiswa jurusan lain bisa ikut HMJ?')
  t.match(hmj.answer, /^[^.]*satu himpunan yang beranggotakan mahasiswa program studi tersebut/, hmj.answer)
  // The UKM's definition opened it: "ikut lebih dari satu UKM" joins UKMs, as "bergabung dengan lebih dari satu unit" does.
  const several = await ask('Apakah mahasiswa bisa ikut lebih dari satu UKM?')
  t.match(several.answer, /^[^.]*mahasiswa dapat bergabung dengan lebih dari satu unit/, several.answer)
  // Whether one may join at all is whom it is open to, not that one may join several.
  t.match((await ask('Apakah semua mahasiswa bisa ikut UKM?')).answer, /^[^.]*unit kegiatan mahasiswa terbuka bagi/)
})

t.test('a sentence joining several of what is asked', async (t) => {
  const SEVERAL = 'Mahasiswa dapat bergabung dengan lebih dari satu unit, tetapi disarankan menyeimbangkan kegiatan unit.'
  const several = askedAction('Apakah mahasiswa bisa ikut lebih dari satu unit?', 'id')
  const once = askedAction('Apakah mahasiswa bisa ikut unit?', 'id')
  if (several === undefined || once === undefined) throw new Error('no action')
  t.same(several.object, ['unit'])
  t.ok(joinsAsked(SEVERAL, several, has, 'id'))
  t.notOk(joinsAsked(SEVERAL, once, has, 'id'), 'joining several says nothing of whom it is open to')
  t.notOk(joinsAsked(SEVERAL.replace('unit,', 'himpunan,'), several, has, 'id'), 'joining another kind')
})
