// "More than one" in a question counts a kind (quantity.ts): "Can I join more than one club?" is
// answered by "… dapat bergabung dengan lebih dari satu unit …" (a club is a unit through the alias
// table), and "Can I join more than one himpunan?" is not, that sentence counting units (on the
// knowledge folder: offline-answers-wording.test.ts).
import t from 'tap'
import { createExtractiveAnswerer } from '../../../../src/services/rag/extractive.ts'
import { askedQuantity, quantityOfAnother, quantityOpening } from '../../../../src/services/rag/extractive/quantity.ts'
import { GENEROUS_MS, repeated, timed } from '../../../support/helpers/adversarial-text.ts'
import { passage } from '../../../support/helpers/passages.ts'

const answerer = createExtractiveAnswerer()

const units = passage('unit-kegiatan-mahasiswa', 'Unit Kegiatan Mahasiswa (UKM) ITB',
  'Mahasiswa baru biasanya dapat mengenal berbagai unit melalui acara pengenalan unit yang diselenggarakan setelah orientasi mahasiswa baru. ' +
  'Mahasiswa dapat bergabung dengan lebih dari satu unit, tetapi disarankan menyeimbangkan kegiatan unit dengan kewajiban akademik.', { section: 'Bergabung dengan Unit' })
const himpunan = passage('himpunan-mahasiswa-jurusan', 'Himpunan Mahasiswa Jurusan (HMJ)',
  'Untuk menjadi anggota himpunan, mahasiswa umumnya mengikuti proses pengaderan atau kaderisasi yang diselenggarakan oleh himpunan.', { section: 'Menjadi Anggota Himpunan' })

t.test('more than one club is more than one unit', async (t) => {
  for (const question of ['Can I join more than one club?', 'Can I join multiple clubs?']) {
    const { answer } = answerer.answer({ question, passages: [units, himpunan], found: true })
    t.match(answer, /^According to the available information \(in Indonesian\), mahasiswa dapat bergabung dengan lebih dari satu unit/, question)
  }
})

t.test('the kind counted: the words after the quantity', async (t) => {
  t.same(askedQuantity('Can I join more than one student club?', 'en'), { kind: ['student', 'club'] })
  t.same(askedQuantity('Bisa ikut lebih dari satu himpunan?', 'id'), { kind: ['himpun'] })
  t.equal(askedQuantity('Is admission open more than once a year?', 'en'), undefined, 'once is no kind')
  t.equal(askedQuantity('Can I join a club?', 'en'), undefined)
  const isHimpunan = (found: string[]): boolean => found.includes('himpun')
  t.same(quantityOfAnother('Mahasiswa dapat bergabung dengan lebih dari satu unit.', isHimpunan, 'id'), ['satu'])
  t.same(quantityOfAnother('Mahasiswa dapat bergabung dengan lebih dari satu himpunan.', isHimpunan, 'id'), [])
  const { ms } = await timed(() => [askedQuantity(repeated('more than one ', 200_000), 'en'), quantityOfAnother(repeated('lebih dari satu ', 200_000), isHimpunan, 'id')])
  t.ok(ms < GENEROUS_MS, `${Math.round(ms)} ms`)
})

t.test('the kind a quantity opening some words counts (round 22: what "ikut lebih dari satu UKM" joins)', async (t) => {
  t.same(quantityOpening(['lebih', 'dari', 'satu', 'ukm'], 'id'), ['ukm'])
  t.same(quantityOpening(['ukm', 'lebih', 'dari', 'satu', 'unit'], 'id'), [], 'not opening them')
  t.same(quantityOpening(['lebih', 'dari', 'dua', 'ukm'], 'id'), [])
  t.same(quantityOpening([], 'id'), [])
})
