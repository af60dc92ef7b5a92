// Offline mode end to end (offline-answers-fixture.ts), on the questions the offline-answers issue
// reported as answered wrongly, with what the answer must contain: by question kind (lists, "berapa",
// "kapan", "di mana", "siapa", "how", comparisons, follow-ups), composition and declining. Questions
// found through the documents' own words: offline-answers-wording.test.ts.
import t from 'tap'
import { NO_ANSWER } from '../../../src/services/rag/extractive.ts'
import { firstSentence, offTopicSentences } from '../../../scripts/eval-answers.ts'
import type { AnswerQuestion } from '../../../scripts/eval-answers.ts'
import { ask, declined } from './offline-answers-fixture.ts'

t.test('list questions get the enumerating passage with all its items', async (t) => {
  const paths = await ask('Apa saja jalur masuk ITB untuk program sarjana?')
  for (const item of ['SNBP', 'SNBT', 'Seleksi Mandiri']) t.match(paths.answer, item)
  t.notMatch(paths.answer, /UKT|Uang Kuliah/, 'no stray sentence about tuition')

  const faculties = await ask('Fakultas apa saja yang ada di ITB?')
  for (const item of ['FMIPA', 'SITH', 'Farmasi', 'FITB', 'FTTM', 'STEI', 'FTSL', 'FTI', 'FTMD', 'FSRD', 'SAPPK', 'SBM']) t.match(faculties.answer, item)

  const campuses = await ask('Di mana saja lokasi kampus ITB?')
  for (const item of ['Ganesha', 'Jatinangor', 'Cirebon']) t.match(campuses.answer, item)

  const english = await ask('What campuses does ITB have?')
  for (const item of ['Ganesha', 'Jatinangor', 'Cirebon']) t.match(english.answer, item)
})

t.test('a fee follow-up to a question naming no faculty is about the tuition, not one faculty\'s', async (t) => {
  const fees = await ask('What about the fees?', ['Which faculties does ITB have?'])
  t.match(fees.answer, /UKT/)
  t.notMatch(fees.answer, /SBM/)
  const faculty = await ask('Pengen kuliah ngoding dan bikin software di ITB, masuk fakultas apa?')
  t.match(faculty.answer, /disingkat STEI/, 'asked which faculty, a faculty\'s own sentence naming it answers')
})

t.test('"how" questions about one admission path stay on it', async (t) => {
  const result = await ask('Bagaimana cara daftar ITB lewat SNBT?')
  t.notOk(declined(result))
  t.match(result.answer, /SNBT|UTBK/)
  t.notMatch(result.answer, /KIP Kuliah/)
})

t.test('"berapa" about a fee the documents deliberately leave out points to the official site', async (t) => {
  const result = await ask('Berapa UKT di ITB per semester?')
  t.match(result.answer, /admission\.itb\.ac\.id/)
  t.notMatch(result.answer, /disebut "tunggal"/, 'not why UKT is called "tunggal"')
  t.match((await ask('Berapa SKS minimal untuk lulus sarjana?')).answer, /144/, 'a figure when there is one')
  t.match((await ask('Berapa lama kuliah program sarjana di ITB?')).answer, /delapan semester|empat tahun/, 'a duration for "berapa lama"')
  const longest = (await ask('Berapa lama masa studi maksimal S1 di ITB?')).answer
  t.match(firstSentence(longest), /batas masa studi maksimum yang ditetapkan dalam Peraturan Akademik/, 'a limit left to the regulations, not the usual duration')
})

t.test('kapan and di mana get a date and a place', async (t) => {
  t.match((await ask('Kapan Dies Natalis ITB diperingati?')).answer, /2 Maret/)
  t.match((await ask('Di mana letak Observatorium Bosscha?')).answer, /Lembang/)
  t.match((await ask('Where is the Bosscha Observatory?')).answer, /Lembang/)
})

t.test('questions outside the knowledge base are declined in their own language', async (t) => {
  const weather = await ask('Bagaimana cuaca di Bandung besok?')
  t.equal(weather.answer, NO_ANSWER.id)
  t.same(weather.sources, [])
  t.equal((await ask('Apa saja fakultas di Universitas Gadjah Mada?')).answer, NO_ANSWER.id)
  t.equal((await ask('Kapan Universitas Padjadjaran didirikan?')).answer, NO_ANSWER.id, 'another university named in the corpus is still another university')
  t.equal((await ask('What is the tuition fee at Stanford University?')).answer, NO_ANSWER.en)
  t.equal((await ask("What's the weather like in Jakarta today?")).answer, NO_ANSWER.en)
  t.notOk(declined(await ask('Apakah ITB dulu bagian dari Universitas Indonesia?')), 'ITB\'s own history with another university is answered')
})

t.test('"berapa" needs a figure or where it is published, "how many" a number of what is asked: declined otherwise', async (t) => {
  t.equal((await ask('Berapa jumlah mahasiswa ITB?')).answer, NO_ANSWER.id, 'not "144 SKS" nor "satu program studi"')
  t.equal((await ask('How many students does ITB have?')).answer, NO_ANSWER.en)
  t.match((await ask('Berapa jumlah fakultas di ITB?')).answer, /dua belas/)
  t.match((await ask('How many faculties does ITB have?')).answer, /dua belas|twelve/)
  // Any "berapa" wants a figure or where it is published: not "… berdasarkan akreditasi sekolah".
  t.equal((await ask('Berapa akreditasi ITB?')).answer, NO_ANSWER.id)
  t.match((await ask('Berapa daya tampung ITB?')).answer, /^Berdasarkan informasi yang tersedia, [^.]*daya tampung[^.]*admission\.itb\.ac\.id/, 'where it is published, not "salah satu program studi"')
  t.match((await ask('Berapa kuota SNBP ITB?')).answer, /admission\.itb\.ac\.id/)
  // "untuk" is a function word, not a second topic word that "dirancang untuk diselesaikan dalam dua tahun" matches.
  t.equal((await ask('Berapa skor TOEFL untuk S2?')).answer, NO_ANSWER.id, 'not the programmes\' durations')
})

t.test('live information: declined, unless the documents say where it is published', async (t) => {
  t.equal((await ask('Bagaimana cuaca di Bandung hari ini?')).answer, NO_ANSWER.id)
  t.equal((await ask('Who is the current president of Indonesia?')).answer, NO_ANSWER.en)
  t.match((await ask('Siapa rektor ITB sekarang?')).answer, /situs resmi/, 'the documents say where the current rector is published')
  t.notOk(declined(await ask('Apa saja fakultas di ITB saat ini?')), '"saat ini" about a standing fact is answered')
})

t.test('follow-ups keep the subject of the conversation, in both languages', async (t) => {
  const english = await ask('And how much does it cost?', ['What is the International Undergraduate Program?'])
  t.notOk(declined(english))
  t.match(english.answer, /IUP/)
  t.match(english.answer, /^According to the available information(?: \(in Indonesian\))?, /)
  const indonesian = await ask('Kalau biayanya berapa?', ['Apa itu International Undergraduate Program di ITB?'])
  t.match(indonesian.answer, /IUP/)
  t.match(indonesian.answer, /^Berdasarkan informasi yang tersedia, /)
  t.match((await ask('Letaknya di mana?', ['Apa itu Observatorium Bosscha?'])).answer, /Lembang/)
  t.match((await ask('When was it built?', ['Who designed the West Hall?'])).answer, /1920/)
  const chained = await ask('Letaknya di mana?', ['Apa itu Observatorium Bosscha?', 'Siapa yang mendanainya?'])
  t.match(chained.answer, /Lembang/, 'the subject comes from the last question that named one')
  // Searched with the English question only, it found the English overview alone and was answered "(dalam bahasa Inggris)".
  t.match((await ask('Kalau biayanya?', ['How much is the tuition?'])).answer, /^Berdasarkan informasi yang tersedia, .*UKT.*admission\.itb\.ac\.id/, 'asked in Indonesian after an English question')
  // "take" only shapes "how long does it take": the sentence with the duration, not the one with "take".
  t.match((await ask('How long do they take?', ['What graduate programs does ITB offer?'])).answer, /two years/)
})

t.test('things named indirectly are found through the alias table', async (t) => {
  t.match((await ask('Siapa presiden pertama Indonesia yang dulu kuliah di kampus ini?')).answer, /Soekarno/)
  t.match((await ask('What was the Dutch-era school that became ITB?')).answer, /Technische Hoogeschool/)
  t.match((await ask('Which school at ITB covers the life sciences?')).answer, /SITH|Life Sciences and Technology/)
  t.match((await ask('Kalau mau jadi apoteker, kuliahnya di fakultas apa di ITB?')).answer, /Farmasi/)
  t.match((await ask('When did the technical college in Bandung first open?')).answer, /1920/)
  t.match((await ask('Bung Karno dulu kuliah jurusan apa di Bandung?')).answer, /sipil/)
  t.match((await ask('Who designed Salman Mosque?')).answer, /Achmad Noe/, 'an English question answered from an Indonesian document')
  t.match((await ask('When is the odd semester?')).answer, /Agustus/)
  t.match((await ask('Bisakah mahasiswa asing kuliah di ITB?')).answer, /internasional/)
})

t.test('composition: no extra sentence about another subject than the question\'s', async (t) => {
  t.notMatch((await ask('Kapan ITB didirikan?')).answer, /SBM/, 'the founding of ITB, not of SBM')
  // No sentence after the first opens with a name that neither the question nor the first sentence has.
  const questions: Array<[string, string?]> = [
    ['Kapan ITB didirikan?'], ['When was ITB founded?'], ['Di mana kampus Jatinangor?'], ['Di mana letak kampus Ganesha?'],
    ['Where is the Cirebon campus?'], ['Kapan kampus Jatinangor dibuka?'], ['Apa itu KIP Kuliah?'], ['Apa itu TPB?'], ['Where is SBM ITB?'],
    ['Berapa biayanya?', 'Apa itu IUP?'], ['Kapan didirikan?', 'Apa itu SBM?'], ['Berapa lama kuliah sarjana di ITB?']
  ]
  for (const [question, previous] of questions) {
    const { answer } = await ask(question, previous === undefined ? [] : [previous])
    const asked: AnswerQuestion = { id: question, kind: 'composition', lang: 'id', question, facts: [], ...(previous !== undefined ? { previous } : {}) }
    t.same(offTopicSentences(asked, answer), [], `"${question}": ${answer}`)
  }
})

t.test('composition: sentence case after the framing, one short paragraph', async (t) => {
  const result = await ask('Sejak kapan nama Institut Teknologi Bandung resmi digunakan?')
  t.match(result.answer, /^Berdasarkan informasi yang tersedia, nama Institut Teknologi Bandung/)
  t.match((await ask('Ada kolam renangnya?', ['Apa itu Saraga?'])).answer, /^Berdasarkan informasi yang tersedia, Saraga memiliki/, 'a name keeps its capital')
  for (const question of ['Kapan ITB didirikan?', 'Apa itu TPB?', 'Siapa arsitek Masjid Salman?', 'What is ITB\'s motto?']) {
    const answer = (await ask(question)).answer
    t.notMatch(answer, /\n/, 'one paragraph')
    t.ok(answer.length <= 600, `${answer.length} characters`)
    t.notMatch(answer, /, (?!ITB|IUP|SBM|TPB)\p{Lu}\p{Ll}+ \p{Ll}/u, 'no capital after the framing before an ordinary word')
  }
})

t.test('"kapan" opens with a date or the schedule\'s pointer about the question\'s subject, not another subject\'s', async (t) => {
  const snbp = firstSentence((await ask('Kapan pendaftaran SNBP?')).answer)
  t.match(snbp, /SNBP/)
  t.match(snbp, /jadwal|\d{4}|laman|admission\.itb\.ac\.id/i, 'the schedule, or where it is published')
  t.notMatch(snbp, /KIP Kuliah/, 'not when to register for KIP Kuliah')
  t.match(firstSentence((await ask('Kapan OSKM dilaksanakan?')).answer), /Agustus|jadwal/i, 'answered, with its month or schedule')
  t.match(firstSentence((await ask('Kapan ospek ITB?')).answer), /Agustus/, '"Setelah OSKM, …" is no time for OSKM')
  const graduation = firstSentence((await ask('Kapan wisuda ITB diadakan?')).answer)
  t.notMatch(graduation, /^pendaftaran wisuda/i, 'the schedule of graduation registration is another subject\'s')
  t.match(graduation, /kalender akademik/)
})

t.test('"di mana" opens with the place, not the question\'s subject near another noun', async (t) => {
  const bosscha = firstSentence((await ask('Di mana Observatorium Bosscha?')).answer)
  t.match(bosscha, /Lembang/)
  t.notMatch(bosscha, /teleskop/i, '"berada di bawah kubah" is no place')
  t.match(firstSentence((await ask('Di mana Sabuga?')).answer), /Tamansari/, '"di Sasana Budaya Ganesha (Sabuga)" does not say where Sabuga is')
  t.match(firstSentence((await ask('Di mana alamat ITB?')).answer), /Ganesa No\. 10/)
})

t.test('an English question answered from an Indonesian document says so in its framing', async (t) => {
  const result = await ask('Where is the Bosscha Observatory?')
  t.match(firstSentence(result.answer), /Lembang/)
  if (/^According to the available information, /.test(result.answer)) t.notMatch(result.answer, /\b(adalah|terletak|yang)\b/, 'English framing, English sentence')
  else t.match(result.answer, /^According to the available information \(in Indonesian\), /)
  t.match((await ask('Who designed Salman Mosque?')).answer, /^According to the available information \(in Indonesian\), .*Achmad Noe/)
  t.match((await ask('When was ITB founded?')).answer, /^According to the available information, /, 'an English sentence keeps the plain framing')
})

t.test('paraphrases through the alias table: informal words with an enclitic, "di-DO"', async (t) => {
  t.match((await ask('BEM-nya ITB namanya apa?')).answer, /KM ITB|Keluarga Mahasiswa/)
  t.match((await ask('Kalau sakit lama, boleh berhenti kuliah sementara tanpa di-DO?')).answer, /cuti akademik/i)
})

t.test('a list announced with ordinals keeps its items ("Manfaat pertama …" is no other qualifier)', async (t) => {
  const benefits = (await ask('Apa saja manfaat KIP Kuliah?')).answer
  t.match(benefits, /pembebasan biaya/)
  t.match(benefits, /Manfaat kedua adalah bantuan biaya hidup/, 'the second item too, though it names no "KIP Kuliah"')
  t.notMatch(benefits, /Calon penerima/, 'not the eligibility sentence (an enumeration of schools) instead')
})

t.test('"di mana" prefers the sentence that states the place as the subject\'s, "siapa" the founder through the alias table', async (t) => {
  const jatinangor = firstSentence((await ask('Di mana kampus Jatinangor?')).answer)
  t.match(jatinangor, /Sumedang/, 'not "… karena Kampus Ganesha di tengah Kota Bandung …"')
  t.match(firstSentence((await ask('Siapa pendiri Observatorium Bosscha?')).answer), /dibangun oleh/)
  t.match(firstSentence((await ask('Who founded the Bosscha Observatory?')).answer), /dibangun oleh/)
  t.match(firstSentence((await ask('Berapa jumlah fakultas di ITB?')).answer), /dua belas/)
})

t.test('a question\'s acronym is found where the passages spell it out', async (t) => {
  const result = await ask('Apa saja UKM di ITB?')
  for (const item of ['Paduan Suara Mahasiswa', 'Liga Film Mahasiswa']) t.match(result.answer, item, 'the examples of "unit kegiatan mahasiswa", not the definition')
})

t.test('questions about ITB itself, and about its campuses in general', async (t) => {
  // "Apa itu ITB?" and "Di mana ITB?" were declined (the institution's name was never a topic), and
  // "Di mana kampus ITB?" opened with one campus: Cirebon.
  for (const question of ['Apa itu ITB?', 'ITB itu apa?']) {
    t.match(firstSentence((await ask(question)).answer), /^Institut Teknologi Bandung \(ITB\) adalah perguruan tinggi negeri/, question)
  }
  for (const question of ['Di mana ITB?', 'Where is ITB?']) {
    const { answer } = await ask(question)
    t.match(answer, /ITB berada di Kota Bandung/, question)
    // Not "IA-ITB dipimpin …" after it: the institution's name inside another's is another subject.
    const asked: AnswerQuestion = { id: question, kind: 'where', lang: 'id', question, facts: [] }
    t.same(offTopicSentences(asked, answer), [], `"${question}": ${answer}`)
  }
  t.match(firstSentence((await ask('Where is ITB located?')).answer), /^ITB is located in the city of Bandung/)
  for (const question of ['Di mana kampus ITB?', 'Di mana lokasi ITB?']) {
    t.match(firstSentence((await ask(question)).answer), /Kampus Ganesha[^.]*Kampus Jatinangor[^.]*Kampus Cirebon/, question)
  }
  // Not "Masjid Salman ITB berada tepat di seberang Kampus Ganesha …": a mosque, the campus in passing.
  t.match(firstSentence((await ask("Where is ITB's campus?")).answer), /Ganesha campus[^.]*Jatinangor campus[^.]*Cirebon campus/)
})

t.test('a question for the best of something is declined: the documents rank nothing', async (t) => {
  // "Apa jurusan terbaik di ITB?" used to get a sentence about alumni scholarships per "jurusan".
  for (const question of ['Apa jurusan terbaik di ITB?', 'Fakultas mana yang paling bagus di ITB?', 'What is the best major at ITB?']) {
    const result = await ask(question)
    t.ok(declined(result), `${question}: ${result.answer}`)
  }
  // "The best way to …" asks how, not for a ranking.
  const way = await ask('Apa cara terbaik ke Kampus Ganesha?')
  t.match(way.answer, /mudah dijangkau/)
})

t.test('"S1" is the documents\' "sarjana": how long a bachelor\'s degree takes is answered in years', async (t) => {
  // It used to get the 144-credit graduation rule: the sentence with the years says "program sarjana".
  t.match((await ask('Berapa lama kuliah S1 di ITB?')).answer, /^[^.]*(empat tahun|delapan semester)/)
})

t.test('"Bagaimana cara daftar ITB?" opens with the three paths, not a sentence pointing back to them nor one faculty\'s applicants', async (t) => {
  // It opened with "Di ketiga jalur masuk, …" (the three paths, named in the next sentence), and with
  // that one marked as pointing back, with "Calon mahasiswa FSRD mendaftar melalui …".
  for (const question of ['Bagaimana cara daftar ITB?', 'Bagaimana cara mendaftar di ITB?']) {
    t.match((await ask(question)).answer, /^Berdasarkan informasi yang tersedia, ada tiga jalur masuk program sarjana/, question)
  }
})

t.test('"di mana" opens with the place even when its passage tells something else first', async (t) => {
  // The answer read in passage order: the faculty's history, then "FSRD berlokasi di Kampus Ganesha".
  t.match((await ask('Di mana kampus FSRD?')).answer, /^Berdasarkan informasi yang tersedia, FSRD berlokasi di Kampus Ganesha, Bandung\./)
})

t.test('"siapa yang bisa/berhak …" is answered with who is eligible', async (t) => {
  // The benefits of KIP Kuliah came first; who may live in the dormitories was declined.
  t.match((await ask('Siapa yang bisa dapat KIP Kuliah?')).answer, /^Berdasarkan informasi yang tersedia, calon penerima KIP Kuliah umumnya adalah lulusan/)
  t.match((await ask('Siapa yang berhak tinggal di asrama?')).answer, /dibuka bagi mahasiswa baru/)
})

t.test('a "how do I" answer whose best sentence gives the channel opens with it, whatever its passage says first', async (t) => {
  // Read in passage order, who may apply came before where to apply.
  t.match((await ask('How do I apply for KIP Kuliah?')).answer, /^According to the available information \(in Indonesian\), pendaftaran KIP Kuliah dilakukan melalui laman resmi KIP Kuliah/)
})

t.test('"Apa beda SNBP dan SNBT?" says what each of them is', async (t) => {
  for (const question of ['Apa beda SNBP dan SNBT?', 'What is the difference between SNBP and SNBT?']) {
    const result = await ask(question)
    t.match(result.answer, /SNBP\) adalah [^.]*prestasi akademik[^.]*\. Seleksi Nasional Berdasarkan Tes \(SNBT\) adalah [^.]*hasil tes/, question)
  }
})

t.test('one sentence about both sides of a comparison is said once', async (t) => {
  const { answer } = await ask('apa bedanya fakultas dan sekolah di itb')
  t.equal(answer.split('kedudukan fakultas dan sekolah di ITB setara').length - 1, 1, answer)
})

t.test('the way to ITB by a means of transport named is the way to its main campus', async (t) => {
  // Round 16: "Gimana cara ke ITB naik angkot?" was declined ("naik" a key word no sentence has), "… naik bus?" answered
  // with civil engineering's "… transportasi …", "How can I reach ITB by bus?" with the contact page (question-types.ts, aliases.json).
  for (const question of ['Gimana cara ke ITB naik angkot?', 'Bisa ke ITB naik angkot?', 'Gimana cara ke ITB naik bus?', 'How can I reach ITB by bus?']) {
    t.match((await ask(question)).answer, /^[^.]*Kampus Ganesha mudah dijangkau dengan kendaraan umum/, question)
  }
  t.match((await ask('How can I reach ITB?')).answer, /halaman kontak/, 'reaching ITB with no means named is still contacting it')
})
