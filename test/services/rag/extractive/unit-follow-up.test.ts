// "Kalau di FTI?" after "Berapa UKT di ITB?" asks the UKT of FTI (units.ts): a sentence about FTI
// without the UKT does not answer it ("Fakultas Teknologi Industri, disingkat FTI, adalah …" did), so
// with none saying both it is declined; asked after "Program studi apa saja yang ada di FMIPA?", FTI's
// study programs answer it, not FMIPA's. The earlier topic may be said in the words its own document
// defines it with: "Kalau di SBM?" after "Berapa UKT di ITB?" was declined, no document saying "UKT"
// of SBM, while SBM's says "Biaya kuliah … SBM …" and the UKT's "… disingkat UKT, adalah biaya kuliah …".
// The topic is had whole, not by any one of its words: "Kalau di SBM?" after "Apa itu KIP Kuliah?" was
// answered with "Perkuliahan di SBM …", and what the earlier question asks for (a place, a duration) too.
import t from 'tap'
import { givingAsked, saysPhrase, topicDefinedAs, topicTitled, unitTopic } from '../../../../src/services/rag/extractive/units.ts'
import { cuesOf } from '../../../../src/services/rag/extractive/question-types.ts'
import { terms } from '../../../../src/services/rag/extractive/terms.ts'
import { ask, declined } from '../offline-answers-fixture.ts'

t.test('a follow-up naming a unit is declined when no sentence says the earlier topic of that unit', async (t) => {
  for (const question of ['Kalau di FTI?', 'Kalau kampus Jatinangor?', 'Kalau di SAPPK?']) {
    const result = await ask(question, ['Berapa UKT di ITB?'])
    t.ok(declined(result), `${question}: ${result.answer}`)
  }
})

t.test('a follow-up naming a unit is answered with the earlier topic of that unit', async (t) => {
  const programs = await ask('Kalau di FTI?', ['Program studi apa saja yang ada di FMIPA?'])
  t.match(programs.answer, /FTI ITB memiliki program studi sarjana Teknik Kimia/)
  t.notMatch(programs.answer, /Astronomi|FMIPA/)
  const english = await ask('What about STEI?', ['Which study programs does FMIPA have?'])
  t.match(english.answer, /Teknik Informatika/)
  t.notMatch(english.answer, /Astronomi|FMIPA/)
})

t.test('a follow-up naming a unit is answered with a sentence saying the earlier topic in the words its document defines it with', async (t) => {
  for (const [question, previous] of [['Kalau di SBM?', 'Berapa UKT di ITB?'], ['Kalau SBM?', 'UKT ITB berapa?'], ['What about SBM?', 'How much is the UKT?']]) {
    const result = await ask(question, [previous])
    t.match(result.answer, /biaya kuliah dan ketentuan penerimaan SBM mengikuti ketentuan yang diumumkan setiap tahun di admission\.itb\.ac\.id/, `${question} after ${previous}`)
  }
})

t.test('what the passages define the earlier question\'s acronyms as: a short phrase, not a description', async (t) => {
  const isTopic = (term: string): boolean => term === 'ukt' || term === 'kip'
  const texts = [
    'Uang Kuliah Tunggal, disingkat UKT, adalah biaya kuliah yang dibayar mahasiswa program sarjana setiap semester.',
    'Besaran UKT ditentukan berdasarkan kemampuan ekonomi keluarga.',
    'Kartu Indonesia Pintar Kuliah (KIP Kuliah) adalah program bantuan biaya pendidikan dari pemerintah bagi lulusan SMA.'
  ]
  t.same(topicDefinedAs('Berapa UKT di ITB?', isTopic, texts, 'id'), new Map([['ukt', [terms('biaya kuliah', 'id')]]]))
  t.same(topicDefinedAs('Apa itu KIP Kuliah?', isTopic, texts, 'id'), new Map(), 'more than a few words describe it')
  t.same(topicDefinedAs('Berapa UKT di FTI?', (term) => term === 'fti', ['FTI adalah fakultas teknologi industri.'], 'id'), new Map(), 'a unit is no topic')
  t.same(topicDefinedAs('Berapa biaya kuliah?', isTopic, texts, 'id'), new Map(), 'no acronym')
})

t.test('a follow-up naming a unit is declined when a unit\'s sentence has only some of the earlier topic', async (t) => {
  for (const [question, previous] of [
    ['Kalau di SBM?', 'Apa itu KIP Kuliah?'], // "Perkuliahan di SBM ITB banyak menggunakan bahasa Inggris …"
    ['Kalau di STEI?', 'Berapa SKS untuk lulus S1?'], // "STEI ITB memiliki enam program studi sarjana …"
    ['Kalau di STEI?', 'Apa syarat lulus S1?'],
    ['Kalau di SBM?', 'Apa itu IUP?'], // "IUP adalah program sarjana …": "SBM ITB memiliki dua program studi sarjana …"
    ['Kalau di SBM?', 'Bagaimana UKT mahasiswa baru ditentukan?'], // "Mahasiswa baru SBM menjalani TPB …"; SBM's fee sentence says no basis
    ['Kalau di FTI?', 'Berapa jumlah mahasiswa ITB?']
  ]) {
    const result = await ask(question, [previous])
    t.ok(declined(result), `${question} after ${previous}: ${result.answer}`)
  }
})

t.test('a follow-up naming a unit is answered with what the earlier question asks for', async (t) => {
  const place = await ask('Kalau Cirebon?', ['Di mana Kampus Ganesha?'])
  t.match(place.answer, /berada di wilayah Kabupaten Cirebon/)
  t.notMatch(place.answer, /gedung perkuliahan/)
  const campus = await ask('Kalau di Jatinangor?', ['Di mana perpustakaan ITB?'])
  t.match(campus.answer, /kampus ITB Jatinangor dilengkapi .*perpustakaan/, 'the campus is the place of what it has')
  const date = await ask('Kalau SBM?', ['Kapan ITB didirikan?'])
  t.match(date.answer, /SBM ITB didirikan pada awal 2000-an/)
  // No document gives TPB's duration at Jatinangor or FTI ("TPB berlangsung selama dua semester pertama" names no unit).
  for (const [question, previous] of [['Kalau di Jatinangor?', 'Berapa lama TPB?'], ['What about Jatinangor?', 'How long is the TPB?'], ['Kalau di FTI?', 'Berapa lama TPB?']]) {
    const duration = await ask(question, [previous])
    t.ok(declined(duration), `${question} after ${previous}: ${duration.answer}`)
  }
  const definition = await ask('Kalau di SBM?', ['Apa itu TPB?'])
  t.match(definition.answer, /Mahasiswa baru SBM menjalani Tahap Persiapan Bersama/i, 'a definition is alike everywhere: the topic is enough')
})

t.test('the earlier topic of a unit: its topical terms but the students, a definition said in a row, what it asks for', async (t) => {
  t.same(unitTopic('Bagaimana UKT mahasiswa baru ditentukan?', ['ukt', 'mahasiswa', 'baru'], 'id'), ['ukt'])
  t.same(unitTopic('How is the UKT of new students decided?', terms('UKT new students', 'en'), 'en'), terms('UKT', 'en'))
  t.same(unitTopic('Apa itu KIP Kuliah?', ['kip', 'kuliah'], 'id'), ['kip', 'kuliah'])
  t.ok(saysPhrase('Biaya kuliah dan ketentuan penerimaan SBM …', terms('biaya kuliah', 'id'), 'id'))
  t.notOk(saysPhrase('SBM ITB memiliki dua program studi sarjana.', terms('program sarjana', 'id'), 'id'))
  const sentences = [{ text: 'Kampus ITB Cirebon memiliki gedung perkuliahan.' }, { text: 'Kampus ITB Cirebon adalah salah satu kampus di luar Kota Bandung.' }, { text: 'Kampus ITB Cirebon berada di wilayah Kabupaten Cirebon.' }]
  t.same(givingAsked(sentences, cuesOf('Di mana Kampus Ganesha?')).map((sentence) => sentence.text), [sentences[2].text, sentences[1].text, sentences[0].text])
  t.same(givingAsked(sentences.slice(0, 1), cuesOf('Di mana Kampus Ganesha?')), [], 'none gives a place')
  t.same(givingAsked(sentences, cuesOf('Program studi apa saja di FTI?')), sentences, 'nothing asked beyond the topic')
  t.same(givingAsked(sentences.slice(0, 1), cuesOf('Di mana perpustakaan ITB?'), true), sentences.slice(0, 1), 'the campus is the place')
  const tpb = [{ text: 'Sebagian mahasiswa tahun pertama juga menjalani TPB di Kampus Jatinangor.' }, { text: 'TPB di Kampus Jatinangor berlangsung selama dua semester.' }]
  t.same(givingAsked(tpb, cuesOf('Berapa lama TPB?')).map((sentence) => sentence.text), [tpb[1].text, tpb[0].text], 'a duration')
  t.same(givingAsked(tpb.slice(0, 1), cuesOf('Berapa lama TPB?')), [], 'none gives a duration')
  t.same(givingAsked(tpb.slice(0, 1), cuesOf('Apa itu TPB?')), tpb.slice(0, 1), 'a definition is alike everywhere')
})

t.test('a follow-up naming a unit is answered with a sentence saying the earlier topic by the name of the document whose section says it', async (t) => {
  // "Penerimaan Mahasiswa Pascasarjana (S2 dan S3)", section "Cara Mendaftar": SBM's "Penerimaan mahasiswa pascasarjana SBM …".
  for (const previous of ['Bagaimana cara daftar S2?', 'Bagaimana cara mendaftar S2 di ITB?', 'Bagaimana cara daftar S3?']) {
    const result = await ask('Kalau di SBM?', [previous])
    t.match(result.answer, /penerimaan mahasiswa pascasarjana SBM dilakukan melalui sistem penerimaan pascasarjana ITB dan situs SBM ITB/, previous)
  }
  for (const question of ['Kalau di FTI?', 'Kalau di STEI?']) {
    const result = await ask(question, ['Bagaimana cara daftar S2?'])
    t.ok(declined(result), `${question}: no document says how to apply to its postgraduate programmes: ${result.answer}`)
  }
})

t.test('the name of a document whose title has part of the topic and its section the rest', async (t) => {
  const topic = terms('daftar S2', 'id')
  const passages = [
    { title: 'Penerimaan Mahasiswa Pascasarjana (S2 dan S3)', section: 'Cara Mendaftar' },
    { title: 'Penerimaan Mahasiswa Pascasarjana (S2 dan S3)', section: 'Pendanaan' },
    { title: 'KIP Kuliah di ITB', section: 'Syarat dan Cara Mendaftar' }
  ]
  t.same(topicTitled(topic, passages, 'id'), [terms('Penerimaan Mahasiswa Pascasarjana', 'id')])
  t.same(topicTitled(terms('S2', 'id'), passages, 'id'), [], 'the title alone has the topic: nothing said another way')
  t.same(topicTitled(topic, [{ title: 'Program Studi Sarjana dan Pascasarjana di ITB (S1, S2, S3)', section: 'Cara Mendaftar' }], 'id'), [], 'a long name describes, it does not name')
})
