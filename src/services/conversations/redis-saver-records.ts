// How the Redis checkpoint saver stores a value: a packed buffer (u32 header length, a UTF-8 JSON
// header, the serialized payload) for checkpoints, pending writes and channel blobs, and the records
// read back from those buffers (standalone copies, never views into a reply buffer).
import type { CheckpointRecord, SerializedValue, WriteRecord } from './saver-records.ts'

// Packed value: u32 header length, UTF-8 header, payload bytes.
export function pack (header: string, ...parts: Uint8Array[]): Buffer {
  const head = Buffer.from(header, 'utf8')
  const length = Buffer.allocUnsafe(4)
  length.writeUInt32BE(head.length, 0)
  return Buffer.concat([length, head, ...parts])
}

function unpack (buffer: Buffer): { header: string, data: Buffer } {
  const headerLength = buffer.readUInt32BE(0)
  return {
    header: buffer.toString('utf8', 4, 4 + headerLength),
    data: buffer.subarray(4 + headerLength)
  }
}

/** A standalone copy (never a view into a larger reply buffer, never a Buffer subclass). */
function bytes (view: Uint8Array): Uint8Array {
  return Uint8Array.from(view)
}

/** `b`: blob fields of the checkpoint's channel versions (absent in checkpoints stored before it existed). */
export interface CheckpointHeader { c: string, m: string, p: string | null, n: number, b?: string[] }
export type WriteHeader = [channel: string, type: string, taskPath: string, taskId: string, idx: number]

export function checkpointRecord (raw: Buffer): CheckpointRecord {
  const { header, data } = unpack(raw)
  const parsed = JSON.parse(header) as CheckpointHeader
  return {
    checkpoint: { type: parsed.c, data: bytes(data.subarray(0, parsed.n)) },
    metadata: { type: parsed.m, data: bytes(data.subarray(parsed.n)) },
    parentId: parsed.p ?? undefined,
    blobFields: parsed.b
  }
}

export function writeRecord (value: Buffer): WriteRecord {
  const { header, data } = unpack(value)
  const [channel, type, taskPath, taskId, idx] = JSON.parse(header) as WriteHeader
  return { taskId, idx, channel, taskPath, value: { type, data: bytes(data) } }
}

export function blobValue (value: Buffer): SerializedValue {
  const { header, data } = unpack(value)
  return { type: header, data: bytes(data) }
}
