// RIFF/WAVE files assembled chunk by chunk in the tests, in orders and with chunks that the common
// writers do not produce but RIFF allows (data before fmt, LIST/INFO anywhere, odd sizes). Written
// here rather than with the code under test (src/services/speech/wav.ts), so a test never checks the
// reader against itself.

/** A RIFF chunk: id, size, body and, after an odd-sized body, its pad byte. */
export function riffChunk (id: string, body: Buffer): Buffer {
  const header = Buffer.alloc(8)
  header.write(id, 0, 'latin1')
  header.writeUInt32LE(body.length, 4)
  return Buffer.concat([header, body, Buffer.alloc(body.length % 2)])
}

/** The chunks of a RIFF/WAVE file after its 12-byte header, by id, each whole (as riffChunk makes them). */
export function wavChunks (wav: Buffer): Map<string, Buffer> {
  const chunks = new Map<string, Buffer>()
  for (let offset = 12; offset + 8 <= wav.length;) {
    const size = wav.readUInt32LE(offset + 4)
    const end = Math.min(wav.length, offset + 8 + size + (size % 2))
    chunks.set(wav.toString('latin1', offset, offset + 4), wav.subarray(offset, end))
    offset = end
  }
  return chunks
}

/** A RIFF/WAVE file of these chunks in this order (RIFF allows any). */
export function riffWave (chunks: Buffer[]): Buffer {
  const header = Buffer.alloc(12)
  header.write('RIFF', 0, 'latin1')
  header.writeUInt32LE(4 + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4)
  header.write('WAVE', 8, 'latin1')
  return Buffer.concat([header, ...chunks])
}

/** A LIST/INFO chunk naming the software (ISFT), as many editors write one. */
export function listInfo (software = 'test'): Buffer {
  return riffChunk('LIST', Buffer.concat([Buffer.from('INFO'), riffChunk('ISFT', Buffer.from(`${software}\0`))]))
}
