// The short name a document gives an abbreviation (short-names.ts): "Apa syarat menjadi anggota HMJ?" was declined
// (round 20): the himpunan's document calls it "himpunan" ("Himpunan mahasiswa jurusan, disingkat HMJ dan sering
// hanya disebut "himpunan", …"), and no sentence about joining names HMJ or spells it out.
import t from 'tap'
import type { Candidate } from '../../../../src/services/rag/extractive/candidates.ts'
import { addShortNames } from '../../../../src/services/rag/extractive/short-names.ts'
import { terms } from '../../../../src/services/rag/extractive/terms.ts'
import { ask, declined } from '../offline-answers-fixture.ts'

const DEFINITION = 'Himpunan mahasiswa jurusan, disingkat HMJ dan sering hanya disebut "himpunan", adalah organisasi kemahasiswaan di tingkat program studi di ITB.'
const JOINING = 'Untuk menjadi anggota himpunan, mahasiswa umumnya mengikuti proses pengaderan atau kaderisasi.'

function sentence (text: string, path: string): Candidate {
  return { text, terms: new Set(terms(text, 'id')), passage: { id: path, path, title: '', url: '', text, score: 1 } } as unknown as Candidate
}

t.test('a sentence with the short name has the abbreviation, in the document giving it', async (t) => {
  const candidates = [sentence(DEFINITION, 'knowledge/hmj.md'), sentence(JOINING, 'knowledge/hmj.md'), sentence('Kongres KM ITB menerima senator dari setiap himpunan.', 'knowledge/km.md')]
  addShortNames(candidates, terms('Apa syarat menjadi anggota HMJ?', 'id'), 'id')
  t.ok(candidates[1].terms.has('hmj'), 'its own document: "himpunan" is HMJ')
  t.notOk(candidates[2].terms.has('hmj'), 'another document\'s "himpunan" is not')
})

t.test('the words of a clause have their document\'s short names too (round 22)', async (t) => {
  const candidates = [sentence(DEFINITION, 'knowledge/hmj.md'), sentence(JOINING, 'knowledge/hmj.md'), sentence('Kongres KM ITB menerima senator dari setiap himpunan.', 'knowledge/km.md')]
  const has = (termsOfText: Set<string>, term: string): number => termsOfText.has(term) ? 1 : 0
  const shortNames = addShortNames(candidates, terms('Apakah mahasiswa jurusan lain bisa ikut HMJ?', 'id'), 'id')
  const clause = new Set(terms('satu himpunan', 'id'))
  t.equal(shortNames(candidates[1], has)(clause, 'hmj'), 1, 'its own document: "himpunan" is HMJ')
  t.equal(shortNames(candidates[2], has)(clause, 'hmj'), 0, 'another document\'s "himpunan" is not')
  t.notOk(clause.has('hmj'), 'the clause\'s terms are left as they were')
  t.equal(addShortNames(candidates, ['ukm'], 'id')(candidates[1], has)(clause, 'hmj'), 0, 'no short name asked')
})

t.test('nothing for an abbreviation not asked, nor a short name of several words', async (t) => {
  const candidates = [sentence(DEFINITION, 'knowledge/hmj.md'), sentence(JOINING, 'knowledge/hmj.md')]
  addShortNames(candidates, terms('Apa syarat masuk himpunan?', 'id'), 'id')
  t.notOk(candidates[1].terms.has('hmj'))
  const long = [sentence('Unit kegiatan mahasiswa, disingkat UKM dan sering disebut "unit kegiatan", adalah organisasi.', 'knowledge/ukm.md'), sentence('Unit kegiatan dibina oleh direktorat.', 'knowledge/ukm.md')]
  addShortNames(long, ['ukm'], 'id')
  t.notOk(long[1].terms.has('ukm'))
})

t.test('end to end: joining an HMJ is joining a himpunan', async (t) => {
  for (const question of ['Apa syarat menjadi anggota HMJ?', 'Apa syarat masuk HMJ?', 'Bagaimana cara menjadi anggota HMJ?']) {
    const { answer } = await ask(question)
    t.match(answer, /^[^.]*untuk menjadi anggota himpunan, mahasiswa umumnya mengikuti proses pengaderan/, `${question}: ${answer}`)
  }
  const who = await ask('Siapa yang bisa masuk HMJ?')
  t.match(who.answer, /^[^.]*satu himpunan yang beranggotakan mahasiswa program studi tersebut/, who.answer)
  // The units' document calls a UKM "unit" too, but only there: "UKM terbuka untuk siapa?" does not take the dormitories' "unit pengelola asrama".
  const ukm = await ask('UKM terbuka untuk siapa?')
  t.notOk(declined(ukm))
  t.notMatch(ukm.answer, /asrama/, ukm.answer)
})
