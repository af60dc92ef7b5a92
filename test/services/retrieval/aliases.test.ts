import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import data from '../../../src/services/retrieval/aliases.json' with { type: 'json' }
import { aliasesIn, expandQuery, INFORMAL_WORDS, replaceInformal } from '../../../src/services/retrieval/aliases.ts'
import { normalizeInformal } from '../../../src/services/retrieval/text-analysis.ts'
import { GENEROUS_MS, repeated, timed } from '../../support/helpers/adversarial-text.ts'

t.test('informal words and spellings become the documents\' words', async (t) => {
  t.equal(replaceInformal('ortu saya kena phk'), 'orang tua saya kena kehilangan pekerjaan')
  t.equal(replaceInformal('Bung Karno dulu kuliah apa?'), 'Soekarno dulu kuliah apa?', 'a capitalised phrase stays capitalised')
  t.equal(replaceInformal('teropong bintang punya ITB'), 'observatorium bosscha punya ITB', 'the longest phrase wins')
  t.equal(replaceInformal('Apa itu ITB?'), 'Apa itu ITB?', 'nothing to replace')
  t.equal(replaceInformal('Gimana cara milih jurusan?'), 'Bagaimana cara memilih jurusan?', '"milih" is the documents\' "memilih" (stem pilih)')
  t.equal(INFORMAL_WORDS.ortu, 'orang tua')
  t.equal(replaceInformal('BEM-nya ITB namanya apa?'), 'Keluarga mahasiswa ITB namanya apa?', 'a word with a hyphenated enclitic ("-nya") is looked up without it')
  t.equal(replaceInformal('Kampus-nya di mana?'), 'Kampus-nya di mana?', 'a word not in the table keeps its enclitic')
  t.equal(replaceInformal('Apa syarat cumlaude?'), 'Apa syarat cum laude?', 'a spelling the documents write in two words')
  t.equal(replaceInformal('Kalau mau cuti kuliah gimana caranya?'), 'Kalau mau cuti akademik bagaimana caranya?', 'taking leave from one\'s studies is the documents\' "cuti akademik"')
  t.equal(replaceInformal('Kalau UKT kemahalan gimana?'), 'Kalau UKT terlalu mahal bagaimana?')
  t.equal(replaceInformal('gmn cara daftar, brp biayanya, kpn tutup, yg dmn?'), 'bagaimana cara daftar, berapa biaya, kapan tutup, yang di mana?', 'chat abbreviations')
  t.equal(replaceInformal('ada asrama buat mhs baru jg ga?'), 'ada asrama buat mahasiswa baru juga ga?', '"mhs" is mahasiswa, "jg" juga')
  t.equal(replaceInformal('KIP Kuliah dapet apa aja?'), 'KIP Kuliah manfaat apa aja?', 'what one gets ("dapet apa") is the benefit')
  t.equal(replaceInformal('Kalau dapet KIP, dapetnya apa?'), 'Kalau dapat KIP, manfaat apa?')
  t.equal(replaceInformal('IPK berapa biar ga di DO?'), 'IPK berapa biar ga di-do?', '"di DO" written apart is "di-DO"')
  t.equal(replaceInformal('Bisa nyicil UKT?'), 'Bisa mencicil UKT?', '"ny-" before a root\'s c: "nyicil" is "mencicil"')
  t.equal(replaceInformal('SNBT pakai tes apa?'), 'SNBT menggunakan tes apa?', '"pakai" is the documents\' "menggunakan" ("Tes yang digunakan dalam SNBT …")')
  t.equal(replaceInformal('Kalau UKT kemahalan bisa diturunin?'), 'Kalau UKT terlalu mahal bisa diturunkan?', 'the informal suffix -in is the documents\' -kan')
  t.equal(replaceInformal('Perpus ITB buka jam berapa?'), 'Perpustakaan ITB buka jam berapa?')
})

t.test('aliases bring the documents\' phrase along', async (t) => {
  t.same(aliasesIn('siapa presiden pertama indonesia'), [{ said: 'presiden pertama', means: 'soekarno' }])
  t.same(aliasesIn('which school covers the life sciences').map((match) => match.means), ['fakultas|sekolah', 'sith|ilmu dan teknologi hayati'])
  t.equal(expandQuery('And how much does it cost?'), 'And how much does it cost? biaya fee')
  t.equal(expandQuery('Siapa presiden pertama?'), 'Siapa presiden pertama? soekarno')
  t.equal(expandQuery('Apa itu TPB?'), 'Apa itu TPB?')
  t.same(aliasesIn('boleh cuti tanpa di-do').map((match) => match.means), ['kehilangan status'], 'informal "di-DO" is losing the student status')
  t.equal(normalizeInformal('What is the tuition fee?'), expandQuery('What is the tuition fee?'), 'retrieval uses the table')
  t.same(aliasesIn('apa yang harus disiapkan agar lolos snbp').map((match) => match.means), ['persyaratan|syarat|penilaian|materi', 'diterima'],
    'what to prepare is searched as the requirements, the assessment and what a test covers, passing a selection as being admitted')
  t.equal(expandQuery('Apa saja yang perlu dipersiapkan untuk SNBT?'), 'Apa saja yang perlu dipersiapkan untuk SNBT? persyaratan syarat penilaian materi utbk',
    'SNBT is searched with its test, UTBK')
  t.equal(expandQuery('Bagaimana cara mendaftar program magister? Kalau biayanya berapa?'), 'Bagaimana cara mendaftar program magister? Kalau biaya berapa? pascasarjana s2',
    'a master\'s programme is searched as a postgraduate one, as S2 is')
  t.same(aliasesIn('what are the requirements for a phd').map((match) => match.means), ['persyaratan|syarat|need', 'doktor|pascasarjana|doctoral'],
    'requirements are the documents\' "persyaratan" (English ones: what applicants "need"), a PhD their doctoral programme')
  t.same(aliasesIn('what are the graduation requirements').map((match) => match.means), ['syarat kelulusan|lulus'], 'graduation requirements are no graduation ceremony')
  t.same(aliasesIn('how do i join a student club').map((match) => match.means), ['bergabung|anggota', 'unit kegiatan mahasiswa|unit'], 'a club is a student activity unit')
  t.same(aliasesIn('can the public visit the observatory').map((match) => match.means), ['publik', 'kunjungan|pengunjung', 'bosscha'], 'visiting is the documents\' "kunjungan"')
  t.same(aliasesIn('how do i get a lower ukt').map((match) => match.means), ['penyesuaian ukt|keringanan'], 'a lower UKT is its adjustment')
  t.same(aliasesIn('where can i see my grades').map((match) => match.means), ['six|sistem informasi akademik'], 'grades are seen in SIX')
  t.same(aliasesIn('biaya kuliah s3 dan program doktor').map((match) => match.means), ['doktor|pascasarjana|doctoral', 'pascasarjana|s3'], 'S3 and a doctoral programme too')
})

t.test('a phrase said of another subject the question names does not mean the documents\' phrase', async (t) => {
  t.same(aliasesIn('bagaimana cara masuk itb').map((match) => match.means), ['jalur penerimaan'], 'how to get in is how to be admitted')
  t.same(aliasesIn('bagaimana cara masuk').map((match) => match.means), ['jalur penerimaan'])
  t.same(aliasesIn('bagaimana cara masuk himpunan').map((match) => match.means), ['bergabung|anggota'], 'getting into a himpunan is joining it')
  t.same(aliasesIn('cara masuk UKM gimana').map((match) => match.means), ['bergabung|anggota'], 'in capitals too')
  t.same(aliasesIn('asrama itb bayar ga').map((match) => match.means), ['biaya|fee'], 'whether one pays is the cost')
  t.same(aliasesIn("how long is the bachelor's program").map((match) => match.means), ['masa studi|diselesaikan'], 'how long a degree takes is its study period')
  t.same(aliasesIn('where do students live').map((match) => match.means), ['mahasiswa', 'tinggal'], 'students are the documents\' "mahasiswa"')
  t.same(aliasesIn('snbp ada tesnya gak').map((match) => match.means), ['ujian'], 'a test is the documents\' "ujian" too')
  t.same(aliasesIn('ada ukm musik ga').map((match) => match.means), ['unit kegiatan mahasiswa|unit'], 'UKM is the documents\' "unit" (at ITB "sering hanya disebut unit")')
  t.same(aliasesIn('does snbp have a test').map((match) => match.means), ['ujian'], 'in English too ("SNBP tidak menggunakan ujian tulis")')
  t.same(aliasesIn('does itb have dorms').map((match) => match.means), ['asrama'], 'dorms, as a dorm')
  t.same(aliasesIn('where is the main campus').map((match) => match.means), ['ganesha'], 'the main campus is Ganesha')
  t.same(aliasesIn('gimana cara gabungnya').map((match) => match.means), ['bergabung|anggota'], 'joining ("gabung") is becoming a member, as "join" is')
  t.same(aliasesIn('can i join more than one club').map((match) => match.means), ['bergabung|anggota', 'lebih dari satu', 'unit kegiatan mahasiswa|unit'], 'more than one is the documents\' "lebih dari satu"')
  t.same(aliasesIn('do i have to live in the dormitory').map((match) => match.means).sort(), ['asrama', 'tinggal'], 'living somewhere is "tinggal"')
  t.equal(expandQuery('Gimana cara masuk himpunan?'), 'Bagaimana cara masuk himpunan? bergabung anggota', 'retrieval searches for joining, not admission')
})

t.test('a follow-up\'s words are said of its conversation\'s subject', async (t) => {
  t.same(aliasesIn('Cara masuknya gimana?', 'Himpunan itu apa?'), [{ said: 'masuk himpunan', means: 'bergabung|anggota', ofSubject: 'himpunan' }],
    'getting into it ("-nya"), after a question about a himpunan, is joining one')
  t.same(aliasesIn('Cara masuk gimana?', 'Himpunan itu apa?').map((match) => match.said), ['masuk himpunan'],
    'not admission: the subject names what "cara masuk" is said of')
  t.same(aliasesIn('Cara masuk gimana?').map((match) => match.said), ['cara masuk'], 'with no subject, admission as before')
  t.same(aliasesIn('Cara masuknya gimana?', 'Apa itu SNBT?'), [], 'a subject the table pairs with no word of the follow-up adds nothing')
  t.same(aliasesIn('Kapan punya?', 'Himpunan itu apa?'), [], 'a short word ending in "nya" is no pointer')
  const { value, ms } = await timed(() => aliasesIn(repeated('masuknya ', 200_000), repeated('himpunan unit ', 200_000)))
  t.equal(value.length, 2, 'each phrase once')
  t.ok(ms < GENEROUS_MS, `${Math.round(ms)} ms`)
})

t.test('the table is reviewable data: lowercase phrases, each said once, documents\' phrases the documents use', async (t) => {
  const knowledge = join(import.meta.dirname, '../../../knowledge')
  const corpus = readdirSync(knowledge).filter((file) => file.endsWith('.md') && file !== 'README.md')
    .map((file) => readFileSync(join(knowledge, file), 'utf8').toLowerCase()).join('\n')
  const said = new Map<string, string>()
  for (const [phrase, means] of Object.entries(data.replace)) {
    t.equal(phrase, phrase.toLowerCase(), phrase)
    t.notOk(said.has(phrase), `${phrase} is said once`)
    said.set(phrase, means)
  }
  for (const entry of data.expand) {
    for (const phrase of entry.said) {
      t.equal(phrase, phrase.toLowerCase(), phrase)
      t.notOk(said.has(phrase), `${phrase} is said once`)
      said.set(phrase, entry.means)
    }
    for (const option of entry.means.split('|')) t.ok(option.split(' ').every((word) => corpus.includes(word)), `the documents use "${option}"`)
  }
})
