import t from 'tap'
import { HumanMessage, AIMessage } from '@langchain/core/messages'
import { comparedItems, conversationSubject, isFollowUp, meaningAsked, searchTexts, standaloneQuestion } from '../../../src/services/rag/extractive.ts'
import { standaloneQueries } from '../../../src/services/rag/state.ts'

t.test('questions that lean on an earlier one, in both languages', async (t) => {
  for (const question of ['Kalau biayanya?', 'Kalau biayanya berapa?', 'Letaknya di mana?', 'Siapa arsiteknya?', 'Bagaimana cara daftarnya?',
    'And how much does it cost?', 'Where exactly is it?', 'Who is it named after?', 'When was it built?', 'How long do they take?',
    'And what is its motto?', 'Program studi apa saja yang ada di sana?', 'Which one teaches computer science?', 'Fakultas yang mana punya teknik mesin?', 'Wajib ikut ga?']) {
    t.ok(isFollowUp(question), question)
  }
})

t.test('questions that name their own subject are not follow-ups, however short', async (t) => {
  for (const question of ['Apa itu TPB?', 'Apa motto ITB?', 'Kapan ITB didirikan?', 'What is the IUP?', 'Where is the Bosscha Observatory?',
    'Kapan semester ganjil dimulai?', 'Bagaimana cara daftar ITB lewat SNBT?', 'Can I join more than one club?']) {
    t.notOk(isFollowUp(question), question)
  }
})

t.test('a follow-up naming only a group of students leans on the earlier question, its group in capitals or not', async (t) => {
  // "Kalau buat mahasiswa IUP?" after "Berapa UKT di ITB?" asks the UKT's question for the IUP: it was
  // searched alone (it names "IUP" in capitals) and answered with what the IUP is.
  for (const question of ['Kalau buat mahasiswa IUP?', 'Kalau IUP?', 'Kalau untuk mahasiswa S2?', 'What about international students?']) {
    t.ok(isFollowUp(question), question)
    t.equal(conversationSubject(question, ['Berapa UKT di ITB?']), 'Berapa UKT di ITB?', question)
  }
  t.same(searchTexts('Kalau buat mahasiswa IUP?', ['Berapa UKT di ITB?']), ['Berapa UKT di ITB? Kalau buat mahasiswa IUP?', 'Kalau buat mahasiswa IUP? UKT ITB'])
  // Not a question with a topic besides the group, nor one without an opening that leans on another.
  for (const question of ['Kalau biaya IUP berapa?', 'Mahasiswa IUP belajar apa?']) t.notOk(isFollowUp(question), question)
})

t.test('a follow-up naming only a faculty, school or campus leans on the earlier question', async (t) => {
  // "Kalau di FTI?" after "Berapa UKT di ITB?" asks the UKT's question of FTI: it was searched alone
  // (it names "FTI" in capitals) and answered with what FTI is.
  for (const question of ['Kalau di FTI?', 'Kalau STEI?', 'Kalau di SAPPK?', 'Kalau kampus Jatinangor?', 'Kalau di Cirebon?', 'What about the Cirebon campus?']) {
    t.ok(isFollowUp(question), question)
    t.equal(conversationSubject(question, ['Berapa UKT di ITB?']), 'Berapa UKT di ITB?', question)
  }
  t.same(searchTexts('Kalau di FTI?', ['Berapa UKT di ITB?']), ['Berapa UKT di ITB? Kalau di FTI?', 'Kalau di FTI? UKT ITB'])
  // Not a question with a topic besides the unit, nor one without an opening that leans on another.
  for (const question of ['Kalau biaya kuliah di FTI berapa?', 'Mahasiswa FTI belajar apa?', 'What about the fees at FTI?']) t.notOk(isFollowUp(question), question)
})

t.test('the subject is the last earlier question that is not itself a follow-up', async (t) => {
  t.equal(conversationSubject('Kalau biayanya?', ['Apa itu IUP?']), 'Apa itu IUP?')
  t.equal(conversationSubject('Letaknya di mana?', ['Apa itu IUP?', 'Apa itu Observatorium Bosscha?', 'Siapa yang mendanainya?']), 'Apa itu Observatorium Bosscha?')
  t.equal(conversationSubject('Kalau biayanya?', []), undefined, 'nothing before it')
  t.equal(conversationSubject('Apa itu TPB?', ['Apa itu IUP?']), undefined, 'not a follow-up')
  t.equal(conversationSubject('Terus?', ['Lalu?']), 'Lalu?', 'only follow-ups before it: the last one')
})

t.test('the search text joins a follow-up to its subject', async (t) => {
  t.equal(standaloneQuestion('And how much does it cost?', ['What is the IUP?']), 'What is the IUP? And how much does it cost?')
  t.equal(standaloneQuestion('Apa itu TPB?', ['What is the IUP?']), 'Apa itu TPB?')
  t.equal(standaloneQuestion('Cara masuknya gimana?', ['Himpunan itu apa?']), 'Himpunan itu apa? Cara masuknya gimana? masuk himpunan',
    'with the alias table\'s phrase its words make with the subject\'s (joining a himpunan)')
})

t.test('a follow-up with a topic of its own is searched for also with only its subject\'s names', async (t) => {
  // Joined to "Which faculties does ITB have?", the faculties outweigh the fees: one faculty's fees are found, not the tuition.
  t.same(searchTexts('What about the fees?', ['Which faculties does ITB have?']), ['Which faculties does ITB have? What about the fees?', 'What about the fees? ITB'])
  t.same(searchTexts('Kalau biaya kuliahnya?', ['Apa itu International Undergraduate Program?']),
    ['Apa itu International Undergraduate Program? Kalau biaya kuliahnya?', 'Kalau biaya kuliahnya? International Undergraduate Program'])
  t.same(searchTexts('Letaknya di mana?', ['Apa itu Observatorium Bosscha?']), ['Apa itu Observatorium Bosscha? Letaknya di mana?'], 'no topic of its own: the subject\'s')
  t.same(searchTexts('What about scholarships?', ["How do I apply for a master's program?"]),
    ["How do I apply for a master's program? What about scholarships?", 'What about scholarships?'], '"I" is no name')
  t.same(searchTexts('What about the fees?', []), ['What about the fees?'], 'nothing before it')
})

t.test('a follow-up in another language than its subject is searched for also with only its subject\'s names', async (t) => {
  // Joined to "How much is the tuition?", "Kalau biayanya?" found only the English overview: no Indonesian sentence to answer with.
  t.same(searchTexts('Kalau biayanya?', ['How much is the tuition?']), ['How much is the tuition? Kalau biayanya?', 'Kalau biayanya?'])
  t.same(searchTexts('Letaknya di mana?', ['Where is the Bosscha Observatory?']), ['Where is the Bosscha Observatory? Letaknya di mana?', 'Letaknya di mana? Bosscha Observatory'])
  t.same(searchTexts('Where is it?', ['Apa itu Observatorium Bosscha?']), ['Apa itu Observatorium Bosscha? Where is it?', 'Where is it? Observatorium Bosscha'])
  t.same(searchTexts('Kalau biayanya?', ['Apa itu IUP?']), ['Apa itu IUP? Kalau biayanya?'], 'in the same language: the subject\'s only')
})

t.test('what an abbreviation means is searched by the abbreviation alone', async (t) => {
  for (const [question, abbreviation] of [['Apa arti ITB?', 'ITB'], ['apa artinya SKS', 'SKS'], ['What does PTN-BH mean?', 'PTN-BH']]) {
    t.equal(meaningAsked(question), abbreviation, question)
    t.equal(standaloneQuestion(question, ['Apa itu IUP?']), abbreviation, `${question}: the search text`)
    t.same(searchTexts(question, []), [abbreviation], `${question}: the search texts`)
  }
  // Anything more than one word, a name, or a pointer is searched as it is.
  for (const question of ['Apa arti motto ITB?', 'Apa arti lambang ITB?', 'Apa arti Ganesha?', 'What does ITB offer?', 'Apa itu ITB?', 'What does it mean?', 'Apa artinya itu?']) {
    t.equal(meaningAsked(question), undefined, question)
    t.equal(standaloneQuestion(question, []), question, question)
    t.same(searchTexts(question, []), [question], question)
  }
})

t.test('a word in lower case whose meaning is asked is searched both with the question and alone', async (t) => {
  // Only the passages tell "itb" (an abbreviation typed in lower case) from "perwalian" (a word).
  for (const [question, word] of [['apa arti itb?', 'itb'], ['Apa artinya perwalian?', 'perwalian'], ['what does tuition mean', 'tuition']]) {
    t.equal(meaningAsked(question), word, question)
    t.same(searchTexts(question, []), [question, word], question)
  }
})

t.test('the graph reads the earlier questions from the conversation', async (t) => {
  const history = [new HumanMessage('What is the International Undergraduate Program?'), new AIMessage('It is …')]
  t.same(standaloneQueries('And how much does it cost?', history), ['What is the International Undergraduate Program? And how much does it cost?'])
  t.same(standaloneQueries('And how much does it cost?', []), ['And how much does it cost?'])
  t.same(standaloneQueries('Apa beda SNBP dan SNBT?', history), ['SNBP', 'SNBT'], 'a comparison: each of the two')
})

t.test('a comparison is searched for each of the two things it compares', async (t) => {
  const cases: Array<[string, [string, string]]> = [
    ['Apa beda SNBP dan SNBT?', ['SNBP', 'SNBT']],
    ['Apa perbedaan antara IP dengan IPK?', ['IP', 'IPK']],
    ['beda kampus Ganesha sama Jatinangor?', ['kampus Ganesha', 'Jatinangor']],
    ['Apakah perbedaan FTI dan FTMD', ['FTI', 'FTMD']],
    ['SNBP dan SNBT bedanya apa?', ['SNBP', 'SNBT']],
    ["What's the difference between SNBP and SNBT?", ['SNBP', 'SNBT']],
    ['What is the difference between a master and a doctoral program?', ['a master', 'a doctoral program']]
  ]
  for (const [question, items] of cases) {
    t.same(comparedItems(question), items, question)
    t.same(searchTexts(question, ['Apa itu IUP?']), items, `${question}: the search texts`)
  }
  for (const question of ['Apa itu SNBP dan SNBT?', 'Apakah ITB berbeda dari kampus lain?', 'Bedanya apa?', 'Kapan SNBP dan SNBT dibuka?']) {
    t.equal(comparedItems(question), undefined, question)
    t.same(searchTexts(question, []), [standaloneQuestion(question, [])], question)
  }
})
