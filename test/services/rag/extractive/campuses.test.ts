// Round 15: "Cara ke kampus ITB naik apa?" was answered "Informasi tentang fasilitas terbaru, asrama, dan
// transportasi di sekitar Kampus Cirebon …": a question naming no campus matched every campus's transport
// sentence alike. The way to ITB is the way to its main campus; a sentence about the way to another campus
// than the one asked (in its words or, naming none, its document's title) does not answer (campuses.ts).
// "Transportasi ke Jatinangor?" asks the way there too (question-types.ts).
import t from 'tap'
import { campusesNamed, ofAnotherCampus } from '../../../../src/services/rag/extractive/campuses.ts'
import { ask } from '../offline-answers-fixture.ts'

const GANESHA_ACCESS = /^[^.]*Kampus Ganesha mudah dijangkau dengan kendaraan umum/i

t.test('the way to ITB is the way to its main campus', async (t) => {
  for (const question of ['Cara ke kampus ITB naik apa?', 'Naik apa ke ITB?', 'Bagaimana cara ke ITB?', 'How do I get to ITB?', 'Cara ke Ganesha naik apa?']) {
    const { answer } = await ask(question)
    t.match(answer, GANESHA_ACCESS, `${question}: ${answer}`)
    t.notMatch(answer, /Cirebon|antarkampus/, `${question}: no branch campus's transport`)
  }
})

t.test('the way to a campus named is its own', async (t) => {
  for (const question of ['Transportasi ke Jatinangor?', 'Bagaimana cara ke Jatinangor dari Ganesha?']) {
    const { answer } = await ask(question)
    t.match(answer, /^[^.]*layanan transportasi antarkampus/, `${question}: ${answer}`)
  }
  // Public transport, in English or as "angkot", is the documents' "kendaraan umum" (aliases.json): "Is there public transport to ITB?" was declined.
  for (const question of ['Is there public transport to ITB?', 'Ada angkot ke ITB?']) t.match((await ask(question)).answer, GANESHA_ACCESS, question)
  const cirebon = await ask('Cara ke kampus Cirebon?')
  t.match(cirebon.answer, /transportasi di sekitar Kampus Cirebon/, 'Cirebon\'s, which says where to find it')
  t.notMatch(cirebon.answer, /Ganesha mudah dijangkau/)
})

t.test('which sentences are about another campus', async (t) => {
  t.same([...campusesNamed('Kampus Ganesha dan kampus JATINANGOR')], ['ganesha', 'jatinangor'])
  const toItb = ofAnotherCampus('Cara ke kampus ITB naik apa?', true)
  t.ok(toItb('Informasi tentang transportasi di sekitar Kampus Cirebon …', 'Kampus ITB Cirebon'))
  t.ok(toItb('ITB juga menyediakan layanan transportasi antarkampus.', 'Kampus ITB Jatinangor'), 'the campus in its document\'s title')
  t.notOk(toItb('Kampus Ganesha mudah dijangkau dengan kendaraan umum.', 'Kampus Ganesha ITB'))
  t.notOk(toItb('Layanan transportasi tersedia.', 'Kontak dan Layanan'), 'no campus named at all')
  t.notOk(toItb('Transportasi antara Kampus Ganesha dan Kampus Jatinangor.', 'X'), 'one of them the one asked')
  const toJatinangor = ofAnotherCampus('Bagaimana cara ke Jatinangor ?', true)
  t.ok(toJatinangor('Kampus Ganesha mudah dijangkau dengan kendaraan umum.', 'Kampus Ganesha ITB'))
  t.notOk(toJatinangor('ITB juga menyediakan layanan transportasi antarkampus.', 'Kampus ITB Jatinangor'))
  t.notOk(ofAnotherCampus('Apa itu ITB?', false)('Kampus Cirebon …', 'Kampus ITB Cirebon'), 'only for the way somewhere')
})
