// "Berapa jumlah program studi di FTI?" (and "Kalau di FTI?" after "Berapa jumlah program studi di
// STEI?") was declined: FTI's document lists its six study programmes and writes no number. A list
// said whole, of what its subject has, counts its items (lists.ts listedCount): the answer is the
// list with its count. Not a list of examples ("Beberapa contoh unit …"), nor one that is no count of
// what is asked ("Senat Akademik adalah organ ITB yang menetapkan kebijakan, norma, dan etika"), nor
// one whose items cannot be told apart ("A, B dan C dan D"), nor one group's list for its unit's whole.
import t from 'tap'
import { listedCount } from '../../../../src/services/rag/extractive/lists.ts'
import { ask, declined } from '../offline-answers-fixture.ts'

t.test('how many items a sentence lists whole, and who has them', async (t) => {
  t.same(listedCount('FTI ITB memiliki program studi sarjana Teknik Kimia, Teknik Fisika, Teknik Industri, Manajemen Rekayasa Industri, Teknik Pangan, serta Teknik Bioenergi dan Kemurgi.'), { count: 6, owner: 'FTI' })
  t.same(listedCount('FSRD ITB memiliki program studi sarjana Seni Rupa, Kriya, Desain Interior, Desain Komunikasi Visual, dan Desain Produk.'), { count: 5, owner: 'FSRD' })
  t.equal(listedCount('Beberapa contoh unit kegiatan mahasiswa ITB adalah PSM ITB, Marching Band Waditra Ganesha, LFM ITB, dan Loedroek ITB.'), undefined, 'examples')
  t.equal(listedCount('Senat Akademik adalah organ ITB yang menetapkan kebijakan, norma, dan etika di bidang akademik.'), undefined, 'no subject having the items')
  t.equal(listedCount('Sebagai PTN-BH, ITB memiliki organ MWA, Rektor, Senat Akademik, dan Majelis Guru Besar.'), undefined, 'a comma before the items')
  t.equal(listedCount('FTI memiliki Teknik Kimia, Teknik Fisika dan Teknik Pangan dan Kemurgi.'), undefined, 'no comma before the last item: which "dan" closes the list is not known')
  t.equal(listedCount('FTI memiliki Teknik Kimia dan Teknik Fisika.'), undefined, 'two items')
})

t.test('"how many" is answered by a list said whole, with its count', async (t) => {
  for (const [question, previous] of [['Berapa jumlah program studi di FTI?', []], ['Kalau di FTI?', ['Berapa jumlah program studi di STEI?']], ['How many study programs does FTI have?', []]] as const) {
    const result = await ask(question, [...previous])
    t.match(result.answer, /FTI ITB memiliki program studi sarjana Teknik Kimia, .*serta Teknik Bioenergi dan Kemurgi \(berjumlah 6\)\./, question)
  }
  const fsrd = await ask('Ada berapa prodi di FSRD?')
  t.match(fsrd.answer, /dan Desain Produk \(berjumlah 5\)\./)
  const stei = await ask('Berapa jumlah program studi di STEI?')
  t.match(stei.answer, /enam program studi sarjana/)
  t.notMatch(stei.answer, /berjumlah/, 'a number written is not counted again')
})

t.test('a list of examples, or of one group of a unit, is no count', async (t) => {
  for (const question of ['Berapa jumlah UKM di ITB?', 'Berapa jumlah program studi di SITH?', 'Berapa jumlah organ ITB?']) {
    const result = await ask(question)
    t.ok(declined(result), `${question}: ${result.answer}`)
  }
})
