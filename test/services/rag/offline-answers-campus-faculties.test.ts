// Offline mode end to end (offline-answers-fixture.ts): the faculties of the Jatinangor campus asked in English. Round
// 17: "Which faculties are on the Jatinangor campus?" was answered with the English overview, which names no faculty,
// "What faculties are at Jatinangor?" with FTI's admission choices; the Indonesian passage naming them ("Program Studi
// di Jatinangor") ranked 20th. aliases.json: the faculties on/at/in the Jatinangor campus are what the documents list
// as "program studi di Jatinangor", and housing.ts's sentence naming most of them by acronym answers, as in Indonesian.
// Since campuses-en.md names them too (the English campus page lacked what the Indonesian one says), an English
// question may be answered from either: the first sentence names SITH, FTI and FTSL at Jatinangor. Round 18: "What schools are
// on ITB's Jatinangor campus?" (the English overview before b906574) guarded. Round 19: the alias's twenty English
// phrasings dropped for a rule (housing.ts campusFacultiesSearch): a question asking the faculties or schools of the one
// campus it names is searched as that campus's study programmes too, so "Which faculties are at ITB Jatinangor?",
// which no phrasing had, is answered as they are.
import t from 'tap'
import { ask } from './offline-answers-fixture.ts'

const NAMING_THEM = /^According to the available information(?: \(in Indonesian\), contoh program studi yang berkaitan dengan Kampus Jatinangor adalah|, study programs taught on the Jatinangor campus include) [^.]*SITH[^.]*FTI[^.]*FTSL\./

t.test('the faculties on the Jatinangor campus, asked in English', async (t) => {
  for (const question of ['Which faculties are on the Jatinangor campus?', 'Which schools are on the Jatinangor campus?', 'What faculties are at Jatinangor?',
    'Which faculties are in Jatinangor?', 'What faculties does the Jatinangor campus have?', 'Which faculty is at Jatinangor?', "What schools are on ITB's Jatinangor campus?",
    'Which faculties are at ITB Jatinangor?', 'What faculties are there at ITB Jatinangor?', 'Which faculties does ITB Jatinangor have?', 'Which schools are located at the Jatinangor campus?']) {
    const { answer } = await ask(question)
    t.match(answer, NAMING_THEM, `${question}: ${answer}`)
    t.notMatch(answer, /pilihan yang berbeda menurut lokasi kampus/, 'not FTI\'s admission choices')
  }
})

t.test('as in Indonesian, and another campus as before', async (t) => {
  for (const question of ['Fakultas apa yang ada di Jatinangor?', 'Di ITB Jatinangor ada fakultas apa saja?']) {
    t.match((await ask(question)).answer, /^Berdasarkan informasi yang tersedia, contoh program studi yang berkaitan dengan Kampus Jatinangor/, question)
  }
  t.match((await ask('Which faculties are on the Ganesha campus?')).answer, /most faculties and schools[^.]*Ganesha campus/)
  t.match((await ask('Which faculties are on the Cirebon campus?')).answer, /Kampus ITB Cirebon menyelenggarakan beberapa program studi sarjana dari sejumlah fakultas/i)
  t.match((await ask('Where is the Jatinangor campus?')).answer, /Sumedang/, 'where it is stays where it is')
})

t.test('a campus\'s faculties named alone, or where they are based (round 20)', async (t) => {
  // "Jatinangor campus faculties?" was answered with where the campus is and when it was built, "Which faculties are
  // based in Jatinangor?" declined ("based", a word no sentence has, weighed as a topic).
  for (const question of ['Jatinangor campus faculties?', 'Jatinangor faculties?', 'Faculties at Jatinangor?', 'Faculties on the Jatinangor campus?',
    'Which faculties are based in Jatinangor?', 'What faculties are based at the Jatinangor campus?', 'Which faculties are located in Jatinangor?']) {
    const { answer } = await ask(question)
    t.match(answer, NAMING_THEM, `${question}: ${answer}`)
  }
  t.match((await ask('Fakultas apa yang berada di Jatinangor?')).answer, /^Berdasarkan informasi yang tersedia, contoh program studi yang berkaitan dengan Kampus Jatinangor/)
  t.match((await ask('Ganesha campus faculties?')).answer, /most faculties and schools[^.]*Ganesha campus/)
  // Naming no campus, they are all of ITB's: the list stays.
  t.match((await ask('ITB faculties?')).answer, /FMIPA, SITH, Sekolah Farmasi \(SF\), FITB/)
})
