// Every answer says its language (`language`: "id" or "en"), by what its text is: POST /v1/chat as
// JSON and in the SSE `done` event, POST /v1/audio likewise, and each assistant turn of GET
// /v1/conversations/{id}; extractive answers from the answerer, generative ones from the model's text,
// whatever the question's language. One that mixes languages also gives each sentence's (`sentences`).
import t, { type Test } from 'tap'
import type { ChatRequest } from '../../support/fakes/openai-chat.ts'
import { build } from '../../support/helpers/app.ts'
import { ask, headers, passagesIn } from '../../support/helpers/chat.ts'
import { startModelPair } from '../../support/helpers/models.ts'
import { question, upload, vendors } from './audio-fixture.ts'

type App = Awaited<ReturnType<typeof build>>['app']
interface Answer { answer: string, language?: string, mode: string, sentences?: Array<{ sentence: string, language: string }> }

const ID_QUESTION = 'Kapan ITB didirikan?'
const EN_QUESTION = 'When was ITB founded?'

/** The `done` event's data of a server-sent event stream. */
function doneOf (body: string): Answer {
  const done = body.trim().split('\n\n').map((block) => block.split('\n')).find(([event]) => event === 'event: done')
  if (done === undefined) throw new Error(`no done event in: ${body.slice(0, 300)}`)
  return JSON.parse(done[1]?.replace('data: ', '') ?? 'null') as Answer
}

async function chat (app: App, message: string, conversationId: string, stream: boolean): Promise<Answer> {
  const response = await app.inject({ ...ask(message, conversationId), headers: { ...headers(conversationId), ...(stream ? { accept: 'text/event-stream' } : {}) } })
  if (response.statusCode !== 200) throw new Error(`${response.statusCode}: ${response.body.slice(0, 300)}`)
  return stream ? doneOf(response.body) : response.json()
}

/** The assistant turns stored in a conversation, with their language (absent: undefined). */
async function storedAnswers (t: Test, app: App, conversationId: string): Promise<Array<{ text: string, language?: string }>> {
  const { turns } = (await app.inject({ url: `/v1/conversations/${conversationId}`, headers: headers(conversationId) })).json() as { turns: Array<{ role: string, text: string, language?: string }> }
  t.ok(turns.filter((turn) => turn.role === 'user').every((turn) => !('language' in turn)), 'a question has no language')
  return turns.filter((turn) => turn.role === 'assistant').map(({ text, language }) => ({ text, language }))
}

/** Asks each question as JSON and as a stream, checks both answers' language, then the stored turns'. */
async function checkChat (t: Test, app: App, cases: Array<[string, string, RegExp]>, mode: string): Promise<void> {
  for (const stream of [false, true]) {
    const conversationId = `${mode}-${stream ? 'sse' : 'json'}`
    const answers: Answer[] = []
    for (const [message, language, text] of cases) {
      const answer = await chat(app, message, conversationId, stream)
      t.match(answer, { mode, language, answer: text }, `${stream ? 'done event' : 'JSON'}: "${message}"`)
      answers.push(answer)
    }
    t.same(await storedAnswers(t, app, conversationId), answers.map(({ answer, language }) => ({ text: answer, language })), `stored turns (${conversationId})`)
  }
}

t.test('extractive: the answerer\'s language, a "don\'t know" in the question\'s', async (t) => {
  const { app } = await build(t)
  await checkChat(t, app, [
    [ID_QUESTION, 'id', /^Berdasarkan informasi yang tersedia, .*1920/],
    [EN_QUESTION, 'en', /^According to the available information, .*1920/],
    ['Where is the Bosscha Observatory?', 'id', /^According to the available information \(in Indonesian\), Observatorium Bosscha/],
    ['What is the population of Tokyo?', 'en', /^Sorry, I couldn't find/],
    ['Siapa pemenang Piala Dunia sepak bola 2022?', 'id', /^Maaf, /]
  ], 'extractive')
})

t.test('an answer that mixes languages gives its sentences\' languages, as JSON and in the done event; one in one language does not', async (t) => {
  const { app } = await build(t)
  for (const stream of [false, true]) {
    const mixed = await chat(app, 'Where is the Bosscha Observatory?', `mixed-${String(stream)}`, stream)
    t.match(mixed.sentences?.[0], { sentence: 'According to the available information (in Indonesian),', language: 'en' }, 'the English framing')
    t.match(mixed.sentences?.slice(1), [{ sentence: /^Observatorium Bosscha/, language: 'id' }], 'then the Indonesian sentences')
    t.same(new Set(mixed.sentences?.slice(1).map((part) => part.language)), new Set(['id']))
    for (const message of [ID_QUESTION, EN_QUESTION]) {
      t.notOk('sentences' in await chat(app, message, `one-${String(stream)}`, stream), `not for "${message}"`)
    }
  }
})

/** The model's answer to each question: what it writes decides the language, not what was asked. */
const WRITTEN: Record<string, string> = {
  [ID_QUESTION]: 'ITB didirikan pada 3 Juli 1920 di Bandung.',
  [EN_QUESTION]: 'ITB was founded on 3 July 1920 in Bandung.',
  'Kapan ITB didirikan? Jawab dalam bahasa Inggris.': 'It was founded on 3 July 1920, as the Technische Hoogeschool te Bandoeng.',
  'When was ITB founded? Answer in Indonesian.': 'ITB didirikan pada tanggal 3 Juli 1920 dengan nama Technische Hoogeschool te Bandoeng.',
  'What is the population of Tokyo?': 'Maaf, informasi tersebut tidak ada di basis pengetahuan ITB. Silakan kunjungi www.itb.ac.id.'
}

function writer (request: ChatRequest) {
  const cited = passagesIn(request.toolResults)[0]
  return { content: `${WRITTEN[request.lastUserText] ?? 'Tidak tahu.'}${cited === undefined ? '' : ` [${cited.number}]`}` }
}

t.test('generative: detected from the model\'s text, whatever the question\'s language', async (t) => {
  const { env } = await startModelPair(t, { primary: writer, fallback: writer, llmTimeout: '20' })
  const { app } = await build(t, env)
  await checkChat(t, app, [
    [ID_QUESTION, 'id', /^ITB didirikan pada 3 Juli 1920/],
    [EN_QUESTION, 'en', /^ITB was founded/],
    ['Kapan ITB didirikan? Jawab dalam bahasa Inggris.', 'en', /^It was founded/],
    ['When was ITB founded? Answer in Indonesian.', 'id', /^ITB didirikan pada tanggal/],
    ['What is the population of Tokyo?', 'id', /^Maaf, /]
  ], 'generative')
})

t.test('voice: the JSON answer, the done event and the stored turns, extractive and generative', async (t) => {
  let heard = ID_QUESTION
  const voice = await vendors(t, { transcript: () => heard })
  const models = await startModelPair(t, { primary: writer, fallback: writer, llmTimeout: '20' })
  const extractive = await build(t, voice.env)
  const generative = await build(t, { ...voice.env, ...models.env })
  for (const [mode, app] of [['extractive', extractive.app], ['generative', generative.app]] as const) {
    for (const stream of [false, true]) {
      const conversation = `voice-${mode}-${stream ? 'sse' : 'json'}`
      const answers: Answer[] = []
      for (const [transcript, language] of [[ID_QUESTION, 'id'], [EN_QUESTION, 'en']] as const) {
        heard = transcript
        const response = await upload(app, question, { conversation, ...(stream ? { accept: 'text/event-stream' } : {}) })
        t.equal(response.statusCode, 200, response.body.slice(0, 300))
        const answer = stream ? doneOf(response.body) : response.json() as Answer
        t.match(answer, { mode, language, answer: /1920/ }, `${mode}, ${stream ? 'done event' : 'JSON'}: "${transcript}"`)
        answers.push(answer)
      }
      t.same(await storedAnswers(t, app, conversation), answers.map(({ answer, language }) => ({ text: answer, language })), `stored turns (${conversation})`)
    }
  }
})
