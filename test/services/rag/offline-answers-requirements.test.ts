// Offline mode end to end (offline-answers-fixture.ts) on requirement questions round 16 found answered
// wrongly or declined though the knowledge base answers them: who may register under "Siapa yang Dapat
// Mendaftar" (headings.ts), a selection's name that is no test ("Berdasarkan Tes", what-it-takes.ts), a
// requirement question asked "Syarat … apa saja?", and the master's requirements after the undergraduate
// ones, asked "masuk" or in English (degrees.ts, headings.ts). Round 17: the bachelor's admission requirements, said of each
// path in the paths' document (each-of-title.ts), and the followers of a sentence with its heading's words (selection.ts).
// Round 18: what one needs, asked without "requirements", restated as them (what-it-takes.ts restatedNeed), and "undergraduate" alone as "sarjana" (aliases.json).
// Round 19: what it takes to study somewhere or be its student, restated as getting in, and searched so too (admission-asked.ts).
import t from 'tap'
import { ask, declined } from './offline-answers-fixture.ts'

t.test('who may register for SNBT answers its requirements', async (t) => {
  for (const question of ['Apa syarat daftar SNBT?', 'Persyaratan SNBT apa saja?', 'Syarat ikut SNBT apa aja?', 'What are the SNBT requirements?']) {
    const { answer } = await ask(question)
    t.match(answer, /^[^.]*SNBT terbuka bagi lulusan SMA/, `${question}: ${answer}`)
  }
})

t.test('SNBP\'s requirements, not the list of admission paths', async (t) => {
  for (const question of ['Apa syarat masuk jalur SNBP?', 'What are the requirements for SNBP?']) {
    const { answer } = await ask(question)
    t.match(answer, /^[^.]*siswa kelas terakhir SMA, MA, atau SMK yang memenuhi syarat/, `${question}: ${answer}`)
    t.notMatch(answer, /tiga jalur masuk/, 'the paths\' list names "Berdasarkan Tes", no test required')
  }
})

t.test('Seleksi Mandiri\'s requirements are in its yearly guide', async (t) => {
  // The documents give no requirements of their own: that they change every year and where the guide is.
  const { answer } = await ask('Syarat daftar jalur mandiri apa saja?')
  t.match(answer, /persyaratan, dan daya tampung Seleksi Mandiri ITB dapat berubah setiap tahun/, answer)
  t.match(answer, /panduan resmi Seleksi Mandiri ITB[^.]*admission\.itb\.ac\.id/)
})

t.test('the master\'s requirements after the undergraduate ones', async (t) => {
  for (const previous of ['Apa syarat masuk S1?', 'Syarat masuk S1 apa?']) {
    const { answer } = await ask('Kalau S2?', [previous])
    t.match(answer, /^[^.]*persyaratan umum penerimaan program magister ITB meliputi ijazah sarjana/i, `${previous}: ${answer}`)
  }
  t.match((await ask('Kalau S3?', ['Apa syarat masuk S1?'])).answer, /^[^.]*persyaratan umum penerimaan program doktor/i)
  for (const previous of ['What are the requirements for undergraduate admission?', 'What are the undergraduate admission requirements?']) {
    const { answer } = await ask("What about master's?", [previous])
    t.match(answer, /^According to the available information, applicants for a master's program typically need a bachelor's degree/, `${previous}: ${answer}`)
    t.notMatch(answer, /[Tt]uition/, 'no fee')
  }
  const master = await ask("What are the requirements for master's admission?")
  t.match(master.answer, /^According to the available information, applicants for a master's program typically need/, master.answer)
  t.notMatch(master.answer, /visa/, 'not what international students need besides')
})

t.test('what stays declined', async (t) => {
  t.ok(declined(await ask('Kalau S2?', ['Apa syarat lulus S1?'])), 'the documents give no graduation requirements of S2')
})

t.test('the bachelor\'s admission requirements: announced every year for each path, and the paths (round 17)', async (t) => {
  // Declined in round 16 ("masuk", "daftar"), or answered with the IUP's requirements (English).
  for (const question of ['Apa syarat masuk S1?', 'Apa syarat daftar S1?', 'Syarat masuk S1 apa?', 'Gimana syarat masuk sarjana ITB?', 'What are the undergraduate admission requirements?', 'What are the requirements for undergraduate admission?',
    "What are the requirements to apply for a bachelor's degree?"]) {
    const { answer } = await ask(question)
    t.match(answer, /^[^.]*persyaratan setiap jalur diumumkan setiap tahun di admission\.itb\.ac\.id\./, `${question}: ${answer}`)
    t.match(answer, /Ada tiga jalur masuk program sarjana \(S1\) ITB, yaitu [^.]*SNBP[^.]*SNBT[^.]*Seleksi Mandiri ITB\./, 'and the paths')
    t.notMatch(answer, /IUP|Digilib|lulus/, 'not the IUP\'s, nor another sense of "masuk", nor graduation')
  }
})

t.test('after the bachelor\'s, the doctorate\'s requirements open; the master\'s keep their followers (round 17)', async (t) => {
  t.match((await ask('Kalau S3?', ['Apa syarat daftar S1?'])).answer, /^[^.]*persyaratan umum penerimaan program doktor ITB meliputi ijazah magister/i)
  // Its heading's words ("General Requirements") raised the bar the sentences following it had to pass.
  const { answer } = await ask("What about a master's?", ['What are the requirements for a PhD?'])
  t.match(answer, /^According to the available information, applicants for a master's program typically need/, answer)
  t.match(answer, /Application schedules, fees, and requirements change from period to period/)
  t.match(answer, /Applicants choose a study program, complete the online form/)
})

t.test('what one needs to get in as an undergraduate is the bachelor\'s admission requirements (round 18)', async (t) => {
  // Was "… biaya untuk jalur Seleksi Mandiri, …, dan program pascasarjana diatur tersendiri …" (a UKT sentence), the FSRD portfolio, or declined.
  for (const question of ['What do I need to get into ITB as an undergraduate?', 'What are the requirements to get into ITB as an undergraduate?', 'What do I need to get into ITB?',
    'Apa yang dibutuhkan untuk masuk S1 ITB?', 'Apa yang diperlukan untuk daftar S1 di ITB?']) {
    const { answer } = await ask(question)
    t.match(answer, /^[^.]*persyaratan setiap jalur diumumkan setiap tahun di admission\.itb\.ac\.id\./, `${question}: ${answer}`)
    t.match(answer, /Ada tiga jalur masuk program sarjana \(S1\) ITB, yaitu [^.]*SNBP[^.]*SNBT[^.]*Seleksi Mandiri ITB\./, 'and the paths')
    t.notMatch(answer, /UKT|portofolio/, 'not the fees, nor FSRD\'s portfolio')
  }
  const iup = await ask('What do I need to apply to the IUP?')
  t.match(iup.answer, /^[^.]*IUP applicants are generally required to show proof of English proficiency/, iup.answer)
  t.notMatch(iup.answer, /fees/, 'what it costs is not what it takes')
  const master = await ask('Apa yang dibutuhkan untuk daftar S2?')
  t.match(master.answer, /^[^.]*persyaratan umum penerimaan program magister ITB meliputi ijazah sarjana/i, master.answer)
})

t.test('studying somewhere, or being its student, is getting in (round 19)', async (t) => {
  // Were declined ("student", "study" the topic: the visa sentence, the IUP's students), or the 144 SKS to graduate.
  for (const question of ["What do I need to get into ITB as a master's student?", "What do I need to study at ITB as a master's student?", "What are the requirements to become a master's student at ITB?",
    "What do I need to study for a master's at ITB?", "What does a master's student need to get into ITB?"]) {
    const { answer } = await ask(question)
    t.match(answer, /^According to the available information, applicants for a master's program typically need a bachelor's degree/, `${question}: ${answer}`)
    t.notMatch(answer, /visa|self-funded/, 'not what international students need besides, nor the funding')
  }
  for (const question of ['What do I need to study at ITB as an undergraduate?', 'What does it take to study at ITB as an undergraduate?', 'What are the requirements to study at ITB?',
    'Apa syarat kuliah di ITB?', 'Apa yang dibutuhkan untuk kuliah S1 di ITB?', 'Apa syarat menjadi mahasiswa ITB?', 'What are the requirements to become an ITB student?']) {
    const { answer } = await ask(question)
    t.match(answer, /^[^.]*persyaratan setiap jalur diumumkan setiap tahun di admission\.itb\.ac\.id\./, `${question}: ${answer}`)
    t.notMatch(answer, /IUP|lulus|wisuda|predikat/, 'not the IUP\'s requirements, nor graduation\'s')
  }
  t.match((await ask('What do I need to get into ITB as a PhD student?')).answer, /^According to the available information, applicants for a doctoral program typically need a master's degree/)
})
