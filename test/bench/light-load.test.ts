// bench/light-load.ts: the saturation rows' keep-alive client reads what HTTP servers send, and the
// instant model answers the service's own chat model as a Chat Completions API does.
import { createServer, type Server } from 'node:http'
import t from 'tap'
import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages'
import { KeepAliveConnection, startInstantChat } from '../../bench/light-load.ts'
import { ChatCompletions } from '../../src/services/rag/chat-completions.ts'
import { createNodeFetch } from '../../src/services/node-fetch.ts'

async function listen (server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as { port: number }).port
}

t.test('the keep-alive connection reads sized and chunked answers over one socket, and opens another after a close', async (t) => {
  let connections = 0
  const seen: string[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => { body += chunk })
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${req.headers['x-turn']} ${body}`)
      if (req.url === '/sized') res.writeHead(201, { 'content-length': Buffer.byteLength('héll!') }).end('héll!')
      else if (req.url === '/chunked') { res.write('ünï'); setImmediate(() => res.end('code')) } else res.writeHead(200, { connection: 'close', 'content-length': 3 }).end('bye')
    })
  })
  server.on('connection', () => { connections++ })
  const port = await listen(server)
  t.teardown(() => { server.close() })
  const connection = new KeepAliveConnection(port)
  t.same(await connection.request('POST', '/sized', { 'x-turn': '1' }, 'añadir'), { status: 201, body: 'héll!' })
  t.same(await connection.request('GET', '/chunked', { 'x-turn': '2' }), { status: 200, body: 'ünïcode' })
  t.equal(connections, 1, 'both requests on one socket')
  t.same(await connection.request('GET', '/close', { 'x-turn': '3' }), { status: 200, body: 'bye' })
  t.same(await connection.request('GET', '/sized', { 'x-turn': '4' }), { status: 201, body: 'héll!' })
  t.equal(connections, 2, 'a new socket after the server said close')
  t.same(seen, ['POST /sized 1 añadir', 'GET /chunked 2 ', 'GET /close 3 ', 'GET /sized 4 '])
  connection.close()
})

t.test('a connection the server breaks off rejects its request, and the next request gets a new one', async (t) => {
  let first = true
  const server = createServer((req, res) => {
    if (first) {
      first = false
      res.writeHead(200, { 'content-length': 100 })
      res.write('only part of it')
      setImmediate(() => res.socket?.destroy())
      return
    }
    res.writeHead(200, { 'content-length': 2 }).end('ok')
  })
  const port = await listen(server)
  t.teardown(() => { server.close() })
  const connection = new KeepAliveConnection(port)
  await t.rejects(connection.request('GET', '/', {}), /connection closed before the response ended/)
  t.same(await connection.request('GET', '/', {}), { status: 200, body: 'ok' })
  connection.close()
})

t.test('the instant model answers our chat model at once, with usage, and refuses what a run must not send', async (t) => {
  const model = await startInstantChat({ apiKey: 'bench', answer: 'ITB didirikan pada 1920 [1].' })
  const http = createNodeFetch()
  t.teardown(async () => { http.close(); await model.close() })
  const chat = (apiKey: string): ChatCompletions => new ChatCompletions({ baseURL: model.baseURL, apiKey, model: 'instant', fetch: http.fetch })
  const searched = [
    new HumanMessage('Kapan ITB didirikan?'),
    new AIMessage({ content: '', tool_calls: [{ id: 'retrieve-0', name: 'fetch_documents', args: { search_query: 'Kapan ITB didirikan?' }, type: 'tool_call' }] }),
    new ToolMessage({ content: '<dokumen nomor="1">ITB berdiri 1920.</dokumen>', tool_call_id: 'retrieve-0' })
  ]
  const answer = await chat('bench').invoke(searched)
  t.equal(answer.content, 'ITB didirikan pada 1920 [1].')
  t.ok((answer.usage_metadata?.input_tokens ?? 0) > 10, 'prompt tokens counted from the request')
  t.equal(model.requests(), 1)
  const statusOf = async (call: Promise<unknown>): Promise<unknown> => await call.then(() => 'answered', (error: { status?: number }) => error.status)
  t.equal(await statusOf(chat('wrong').invoke(searched)), 401)
  t.equal(await statusOf(chat('bench').invoke([new HumanMessage('Kapan ITB didirikan?')])), 400, 'no search result: refused, not measured')
  const listed = await http.fetch(`${model.baseURL}/models`)
  t.match(await listed.json(), { object: 'list', data: [{ id: 'instant' }] })
})
