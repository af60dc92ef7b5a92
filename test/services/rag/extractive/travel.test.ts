// "Bagaimana cara ke Jatinangor dari Ganesha?" was answered with FTI's admission choices ("… FTI Kampus
// Ganesha dan FTI Kampus Jatinangor"), "Gimana cara pergi ke kampus Jatinangor?" with the campus's
// facilities: how to get somewhere asks for a means of transport (question-types.ts), which a sentence may
// give naming the campus only in its document's title ("ITB juga menyediakan layanan transportasi
// antarkampus …" under "Kampus ITB Jatinangor", Cue.ofTitle); with none, it is declined. "bus",
// "shuttle" are the documents' "transportasi" (aliases.json).
import t from 'tap'
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
  for (const question of ['Bagaimana cara ke Jatinangor dari Ganesha?', 'How do I get to Jatinangor campus from Ganesha?', 'Bagaimana cara ke ITB?']) {
    const result = await ask(question)
    t.ok(declined(result) || SHUTTLE.test(result.answer), `${question}: ${result.answer}`)
  }
})

t.test('what asks how to get somewhere', async (t) => {
  const travel = (question: string): boolean => cuesOf(question).some((cue) => cue.ofTitle === true)
  for (const question of ['Bagaimana cara ke Jatinangor dari Ganesha?', 'Gimana cara pergi ke kampus Jatinangor?', 'Naik apa ke Jatinangor?', 'How do I get to the Ganesha campus?']) t.ok(travel(question), question)
  for (const question of ['Bagaimana cara pindah dari FTI ke STEI?', 'Bagaimana cara keluar dari UKM?', 'How do I get into ITB?', 'Bagaimana cara daftar ke ITB?']) t.notOk(travel(question), question)
})
