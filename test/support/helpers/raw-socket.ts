// Reading a raw HTTP/1.1 response off a client socket the test paused (backpressure tests).
import type { Socket } from 'node:net'

/** Resumes a paused client and reads until its chunked response's last chunk. */
export async function readToEnd (client: Socket): Promise<Buffer> {
  const chunks: Buffer[] = []
  await new Promise<void>((resolve) => {
    client.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      if (Buffer.concat(chunks.slice(-2)).subarray(-5).toString() === '0\r\n\r\n') resolve()
    })
    client.resume()
  })
  return Buffer.concat(chunks)
}
