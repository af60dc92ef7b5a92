// V8's heap used in another Node process after a full collection: what a heap that grows with the
// traffic leaves behind, without the garbage of the last turns. Read over the inspector protocol of a
// process started with `--inspect=127.0.0.1:0` (loopback, a free port it prints on stderr), through
// Node's own WebSocket client (no package): HeapProfiler.collectGarbage forces V8's most thorough
// collection (the one the service's idle collector runs, src/services/idle-gc.ts), Runtime.getHeapUsage
// returns the same figure as process.memoryUsage().heapUsed. The service's code is not changed for it.
// Not the alternatives: the minimum of /metrics' nodejs_heap_size_used_bytes is whatever survived the
// last collection V8 chose to run (a young-generation one keeps the old generation's garbage, and the
// service lets the heap double before a full one), and a heap snapshot's file size is its encoding's
// size, not the heap's, for seconds of work and a file of tens of MB.

/** The inspector's WebSocket address, from the output of a process started with --inspect. */
export function inspectorUrl (output: string): string {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1]
  if (url === undefined) throw new Error('the process printed no inspector address: start it with --inspect=127.0.0.1:0')
  return url
}

/** Bytes of V8 heap used after two full collections (the second frees what the first's finalizers released). */
export async function heapUsedAfterGc (url: string): Promise<number> {
  const socket = new WebSocket(url)
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true })
    socket.addEventListener('error', () => { reject(new Error(`cannot connect to the inspector at ${url}`)) }, { once: true })
  })
  let nextId = 0
  const pending = new Map<number, (message: { result?: Record<string, unknown>, error?: { message: string } }) => void>()
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number, result?: Record<string, unknown>, error?: { message: string } }
    if (message.id !== undefined) pending.get(message.id)?.(message)
  })
  const send = async (method: string): Promise<Record<string, unknown>> => await new Promise((resolve, reject) => {
    const id = ++nextId
    pending.set(id, (message) => {
      pending.delete(id)
      if (message.error !== undefined) reject(new Error(`${method}: ${message.error.message}`))
      else resolve(message.result ?? {})
    })
    socket.send(JSON.stringify({ id, method }))
  })
  try {
    await send('HeapProfiler.collectGarbage')
    await new Promise((resolve) => setTimeout(resolve, 500))
    await send('HeapProfiler.collectGarbage')
    return (await send('Runtime.getHeapUsage')).usedSize as number
  } finally {
    socket.close()
  }
}
