// "Bagaimana cara ke Jatinangor dari Ganesha?" was answered with FTI's admission choices ("… FTI Kampus
// Ganesha dan FTI Kampus Jatinangor"), "Gimana cara pergi ke kampus Jatinangor?" with the campus's
// facilities: how to get somewhere asks for a means of transport (question-types.ts), which a sentence may
// give naming the campus only in its document's title ("ITB juga menyediakan layanan transportasi
// antarkampus …" under "Kampus ITB Jatinangor", Cue.ofTitle); with none, it is declined. "bus",
// "shuttle" are the documents' "transportasi" (aliases.json).
import t from 'tap'
import { withoutUnasked } from '../../../../src/services/rag/extractive/cue.ts'
import { cuesOf } from '../../../../src/services/rag/extractive/question-types.ts'
import { ask, declined } from '../offline-answers-fixture.ts'

const SHUTTLE = /layanan transportasi antarkampus/

t.test('the way to a campus is its transport, or nothing', async (t) => {
  for (const question of ['Gimana cara pergi ke kampus Jatinangor?', 'Ada bus antarkampus?', 'Is there a bus between campuses?']) {
    const result = await ask(question)
    t.match(result.answer, SHUTTLE, question)
  }
  const ganesha = await ask('Bagaimana cara ke kampus Ganesha?')
  t.match(ganesha.answer, /Kampus Ganesha mudah dijangkau dengan kendaraan umum/)
  // Round 14: these were declined, their search not finding the shuttle ("cara ke" now reads "transportasi|kendaraan|angkutan", aliases.json),
  // and where one sets out from is no topic of the way asked (Cue.notAsked): not "Kampus Ganesha mudah dijangkau …".
  for (const question of ['Bagaimana cara ke Jatinangor dari Ganesha?', 'How do I get to the Jatinangor campus from Ganesha?', 'Ke Jatinangor naik apa?']) {
    const result = await ask(question)
    t.match(result.answer, SHUTTLE, question)
    t.notMatch(result.answer, /Kampus Ganesha mudah dijangkau/, question)
  }
  // The way to ITB is the way to its main campus, not the transport around Cirebon's (round 12 dropped "cara ke" for that).
  const itb = await ask('Bagaimana cara ke ITB?')
  t.ok(declined(itb) || /Kampus Ganesha mudah dijangkau dengan kendaraan umum/.test(itb.answer), itb.answer)
  t.notMatch(itb.answer, /Cirebon/)
})

t.test('where one sets out from is not asked about', async (t) => {
  const [travel] = cuesOf('Bagaimana cara ke Jatinangor dari Ganesha?').filter((cue) => cue.ofTitle === true)
  const asked = withoutUnasked('Bagaimana cara ke Jatinangor dari Ganesha?', [travel])
  t.match(asked, /cara ke Jatinangor/)
  t.notMatch(asked, /dari|Ganesha/)
  t.notMatch(withoutUnasked('How do I get to the Jatinangor campus from the Ganesha campus?', [travel]), /Ganesha/)
  t.match(withoutUnasked('Bagaimana cara pindah dari FTI ke STEI?', cuesOf('Bagaimana cara pindah dari FTI ke STEI?')), /dari FTI/, 'only a way there has a starting point')
})

t.test('what asks how to get somewhere', async (t) => {
  const travel = (question: string): boolean => cuesOf(question).some((cue) => cue.ofTitle === true)
  for (const question of ['Bagaimana cara ke Jatinangor dari Ganesha?', 'Gimana cara pergi ke kampus Jatinangor?', 'Naik apa ke Jatinangor?', 'How do I get to the Ganesha campus?']) t.ok(travel(question), question)
  for (const question of ['Bagaimana cara pindah dari FTI ke STEI?', 'Bagaimana cara keluar dari UKM?', 'How do I get into ITB?', 'Bagaimana cara daftar ke ITB?']) t.notOk(travel(question), question)
})
