// Pull-style reading of a `ws` WebSocket: `await frames.next(signal)` instead of event handlers, so
// a protocol reads top to bottom (send config, await reply, send text, await audio...).
// Why not `events.on(socket, 'message', { signal })`: the Prosa clients also need the close code and
// reason as a frame, the HTTP status of a failed upgrade ('unexpected-response', which their error
// mapping uses) and the wait for 'open' raced against errors; `events.on` would need all of those
// listeners beside it and yields only 'message' events.
import type { WebSocket } from 'ws'

export type IncomingFrame =
  | { kind: 'text', text: string }
  | { kind: 'binary', data: Buffer }
  | { kind: 'closed', code: number, reason: string }

export interface WebSocketFrames {
  /** Resolves once the socket is open; rejects with the connection error. */
  opened: (signal: AbortSignal) => Promise<void>
  /** The next frame; after the socket closed, always the `closed` frame. Rejects on a connection error. */
  next: (signal: AbortSignal) => Promise<IncomingFrame>
}

function toBuffer (data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.from(data)
}

export function readFrames (socket: WebSocket, toConnectionError: (error: Error, status?: number) => Error): WebSocketFrames {
  const inbox: IncomingFrame[] = []
  let closed: Extract<IncomingFrame, { kind: 'closed' }> | undefined
  let failure: Error | undefined
  let isOpen = false
  let wake: (() => void) | undefined
  const notify = (): void => {
    const resume = wake
    wake = undefined
    resume?.()
  }

  socket.on('open', () => { isOpen = true; notify() })
  socket.on('message', (data, isBinary) => {
    const buffer = toBuffer(data)
    inbox.push(isBinary ? { kind: 'binary', data: buffer } : { kind: 'text', text: buffer.toString('utf8') })
    notify()
  })
  socket.on('unexpected-response', (request, response) => {
    // An HTTP answer instead of an upgrade (401, 429, 502...): keep the status, drop the request.
    failure ??= toConnectionError(new Error(`Unexpected server response: ${response.statusCode ?? 0}`), response.statusCode)
    response.resume()
    request.destroy()
    notify()
  })
  socket.on('error', (error) => { failure ??= toConnectionError(error); notify() })
  socket.on('close', (code, reason) => {
    closed = { kind: 'closed', code, reason: reason.toString('utf8') }
    notify()
  })

  const wait = async (signal: AbortSignal): Promise<void> => {
    signal.throwIfAborted()
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => { wake = undefined; reject(signal.reason) }
      signal.addEventListener('abort', onAbort, { once: true })
      wake = () => { signal.removeEventListener('abort', onAbort); resolve() }
    })
  }

  return {
    async opened (signal) {
      for (;;) {
        if (failure !== undefined) throw failure
        if (isOpen) return
        if (closed !== undefined) throw toConnectionError(new Error('WebSocket closed before it opened'))
        await wait(signal)
      }
    },
    async next (signal) {
      for (;;) {
        const frame = inbox.shift()
        if (frame !== undefined) return frame
        // A dropped connection or a failed handshake also closes the socket: report the cause.
        if (failure !== undefined) throw failure
        if (closed !== undefined) return closed
        await wait(signal)
      }
    }
  }
}

/** Ends the conversation politely (1000) when possible, otherwise drops the connection. */
export function closeSocket (socket: WebSocket): void {
  if (socket.readyState === socket.OPEN) socket.close(1000)
  else if (socket.readyState === socket.CONNECTING) socket.terminate()
}
