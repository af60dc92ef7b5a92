// "Arsitektur di fakultas apa?" was answered with a history sentence ("… mencakup sains, …, arsitektur …
// dua belas fakultas …"), "Manajemen di fakultas apa?" with FTI's programmes (its "Manajemen Rekayasa
// Industri"), "Teknik Kimia di fakultas apa?" with what Teknik Bioenergi dan Kemurgi studies: the sentence
// in which a faculty has the programme asked, a whole item of its list, opens the answer (housing.ts).
import t from 'tap'
import { campusFacultiesSearch, facultiesOfCampus, housingSentence, notEveryFaculty } from '../../../../src/services/rag/extractive/housing.ts'
import { searchTexts } from '../../../../src/services/rag/extractive/follow-up.ts'
import { terms } from '../../../../src/services/rag/extractive/terms.ts'
import { ask } from '../offline-answers-fixture.ts'

t.test('which faculty has a programme', async (t) => {
  for (const [question, faculty] of [
    ['Arsitektur di fakultas apa?', /\(SAPPK\) menaungi Arsitektur|SAPPK ITB memiliki dua program studi sarjana, yaitu Arsitektur/],
    ['Jurusan arsitektur ada di fakultas mana?', /SAPPK/],
    ['Manajemen di fakultas apa?', /\(SBM\) menaungi Manajemen dan Kewirausahaan/],
    ['Teknik Kimia di fakultas apa?', /\(FTI\) menaungi Teknik Kimia/],
    ['Desain Produk masuk fakultas apa?', /\(FSRD\) menaungi/],
    ['Kimia di fakultas apa?', /FMIPA ITB memiliki lima program studi sarjana/],
    // "dan" inside an item: STEI's, not FTI's "sistem industri"
    ['Sistem dan Teknologi Informasi di fakultas apa?', /\(STEI\) menaungi/]
  ] as const) {
    const { answer } = await ask(question)
    t.match(answer, faculty, question)
  }
})

t.test('a programme is a whole item of the list', async (t) => {
  const sentences = [
    { text: 'Fakultas Teknologi Industri (FTI) menaungi Teknik Kimia, Teknik Fisika, Manajemen Rekayasa Industri, serta Teknik Pangan.' },
    { text: 'Sekolah Bisnis dan Manajemen (SBM) menaungi Manajemen dan Kewirausahaan.' },
    { text: 'Sejak 1959, ITB mencakup sains, arsitektur, serta bisnis dan manajemen.' }
  ]
  t.equal(housingSentence(sentences, terms('Manajemen', 'id'), 'id'), sentences[1])
  t.equal(housingSentence(sentences, terms('Teknik Kimia', 'id'), 'id'), sentences[0])
  t.equal(housingSentence(sentences, terms('Kimia', 'id'), 'id'), undefined, 'not Teknik Kimia')
  t.equal(housingSentence(sentences, terms('arsitektur', 'id'), 'id'), undefined, 'no faculty has it in a history sentence')
  t.equal(housingSentence(sentences, terms('jurusan program studi', 'id'), 'id'), undefined, 'nothing asked')
})

t.test('one faculty asked is not answered with the list of all of them', async (t) => {
  // Round 13: both were answered with the twelve faculties' list.
  const informatics = await ask('Which faculty offers informatics?')
  t.match(informatics.answer, /^[^.]*\bSTEI\b/, informatics.answer)
  t.notMatch(informatics.answer, /FMIPA/)
  const life = await ask('Fakultas apa yang mengurusi ilmu hayati?')
  t.match(life.answer, /^[^.]*\bSITH\b/, life.answer)
  t.notMatch(life.answer, /FMIPA/)
  const every = await ask('Fakultas apa saja yang ada di ITB?')
  t.match(every.answer, /FMIPA, SITH/, 'the list is still the answer when the list is asked')
  const sentences = [{ text: 'Kedua belas fakultas dan sekolah ITB adalah FMIPA, SITH, Sekolah Farmasi (SF), FITB, FTTM, STEI, FTSL, FTI, FTMD, FSRD, SAPPK, dan SBM.' }, { text: 'SITH-R (SITH Rekayasa) menaungi Rekayasa Hayati.' }]
  t.same(notEveryFaculty(sentences), sentences.slice(1))
})

t.test('a programme asked by its acronym, and a run of the items "dan"/"serta" join', async (t) => {
  // Round 14: declined ("SAPPK ITB memiliki … Perencanaan Wilayah dan Kota" did not have "PWK").
  for (const question of ['PWK di fakultas apa?', 'Which faculty offers urban planning?']) {
    const { answer } = await ask(question)
    t.match(answer, /^[^.]*\bSAPPK\b[^.]*Perencanaan Wilayah dan Kota/, `${question}: ${answer}`)
  }
  const sentence = { text: 'SAPPK ITB memiliki dua program studi sarjana, yaitu Arsitektur serta Perencanaan Wilayah dan Kota.' }
  t.equal(housingSentence([sentence], terms('Perencanaan Wilayah dan Kota', 'id'), 'id'), sentence)
  const pwk = terms('Perencanaan Wilayah dan Kota', 'id')
  const byAcronym = (found: Set<string>, term: string): number => (term === 'pwk' ? pwk.every((part) => found.has(part)) : found.has(term)) ? 1 : 0
  t.equal(housingSentence([sentence], ['pwk'], 'id', byAcronym), sentence, 'the acronym is had by its long form')
  t.equal(housingSentence([sentence], ['pwk'], 'id'), undefined, 'not without the acronym\'s long form')
  t.equal(housingSentence([{ text: 'FTI ITB memiliki program studi sarjana Teknik Kimia, serta Manajemen Rekayasa Industri.' }], terms('Manajemen', 'id'), 'id', byAcronym), undefined, 'still a whole item')
})

t.test('the faculties of a campus', async (t) => {
  // Round 14: "… FTI Kampus Ganesha dan FTI Kampus Jatinangor.", one of three.
  for (const question of ['Fakultas apa yang ada di Jatinangor?', 'Di Jatinangor ada fakultas apa?', 'Fakultas apa saja yang ada di Jatinangor?']) {
    const { answer } = await ask(question)
    t.match(answer, /^[^.]*dari SITH,[^.]*dari FTI,[^.]*dari FTSL/, `${question}: ${answer}`)
  }
  const passage = (title: string): { title: string } => ({ title })
  const one = { text: 'Dalam penerimaan mahasiswa baru, FTI memiliki FTI Kampus Ganesha dan FTI Kampus Jatinangor.', passage: passage('Fakultas Teknologi Industri (FTI)') }
  const three = { text: 'Contoh program studi yang berkaitan adalah Rekayasa Hayati dari SITH, Teknik Pangan dari FTI, serta Teknik Lingkungan dari FTSL.', passage: passage('Kampus ITB Jatinangor') }
  t.equal(facultiesOfCampus([one, three], 'Fakultas apa yang ada di Jatinangor?'), three, 'the campus in its document\'s title')
  t.equal(facultiesOfCampus([one, three], 'Fakultas apa yang ada di Cirebon?'), undefined, 'not another campus\'s')
  t.equal(facultiesOfCampus([one], 'Fakultas apa yang ada di Jatinangor?'), undefined, 'one faculty named twice is one')
  t.equal(facultiesOfCampus([one, three], 'Fakultas apa yang ada di ITB?'), undefined, 'no campus asked')
})

t.test('the faculties of a campus said as a whole, and nothing else about the campus after them', async (t) => {
  // Round 15: "Fakultas apa yang ada di Ganesha?" got "… FTI Kampus Ganesha dan FTI Kampus Jatinangor." (one faculty), and
  // "Fakultas apa yang ada di Jatinangor?" went on with the campus's facilities and dormitory.
  const ganesha = await ask('Fakultas apa yang ada di Ganesha?')
  t.match(ganesha.answer, /^[^.]*Kampus Ganesha menampung sebagian besar fakultas dan sekolah ITB/, ganesha.answer)
  t.notMatch(ganesha.answer, /FTI Kampus Jatinangor/)
  const cirebon = await ask('Fakultas apa saja di kampus Cirebon?')
  t.match(cirebon.answer, /^[^.]*Cirebon menyelenggarakan beberapa program studi sarjana dari sejumlah fakultas/i, cirebon.answer)
  for (const question of ['Fakultas apa yang ada di Jatinangor?', 'Di Jatinangor ada fakultas apa?']) {
    const { answer } = await ask(question)
    t.notMatch(answer, /asrama|dilengkapi gedung kuliah/i, `${question}: ${answer}`)
  }
  const passage = (title: string): { title: string } => ({ title })
  const whole = { text: 'Kampus Ganesha menampung sebagian besar fakultas dan sekolah ITB.', passage: passage('Kampus Ganesha ITB') }
  const one = { text: 'FTI memiliki FTI Kampus Ganesha dan FTI Kampus Jatinangor.', passage: passage('Fakultas Teknologi Industri (FTI)') }
  const every = { text: 'Fakultas yang sama dapat berbeda untuk Kampus Ganesha, Kampus Jatinangor, dan Kampus Cirebon.', passage: passage('Kampus ITB Cirebon') }
  t.equal(facultiesOfCampus([one, every, whole], 'Fakultas apa yang ada di Ganesha?'), whole)
  t.equal(facultiesOfCampus([one, every], 'Fakultas apa yang ada di Ganesha?'), undefined, 'not of every campus, nor one faculty')
})

t.test('a campus\'s faculties are searched as its study programmes, in the question\'s language (round 19)', async (t) => {
  t.equal(campusFacultiesSearch('Which faculties are at ITB Jatinangor?', () => 'en'), 'study programs on the Jatinangor campus')
  t.equal(campusFacultiesSearch('Fakultas apa yang ada di Jatinangor?', () => 'id'), 'program studi di Kampus Jatinangor')
  t.equal(campusFacultiesSearch('Which schools are on the Cirebon campus?', () => 'en'), 'study programs on the Cirebon campus')
  for (const question of ['Which faculties does ITB have?', 'Where is the Jatinangor campus?', 'Which faculties are at Ganesha and Jatinangor?']) t.equal(campusFacultiesSearch(question, () => { throw new Error('no language needed') }), undefined, question)
  t.same(searchTexts('Which faculties are at ITB Jatinangor?', []), ['Which faculties are at ITB Jatinangor?', 'study programs on the Jatinangor campus'])
  t.same(searchTexts('Which faculties does ITB have?', []), ['Which faculties does ITB have?'])
})
