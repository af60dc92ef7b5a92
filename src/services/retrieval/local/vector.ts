// The vector half of the local store: passage embeddings kept L2-normalised in memory and searched
// by brute-force cosine (a dot product), which is fast enough for a campus-sized corpus.
// Snapshot form: Float32 little-endian, base64, per chunk id.

export interface SavedVectors {
  dimensions?: number
  vectors?: Record<string, string>
}

export class VectorIndex {
  private readonly vectors = new Map<string, Float32Array>()
  private dimensions: number | undefined

  constructor (saved: SavedVectors = {}) {
    this.dimensions = saved.dimensions
    for (const [id, encoded] of Object.entries(saved.vectors ?? {})) {
      const bytes = Buffer.from(encoded, 'base64')
      this.vectors.set(id, new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4))
    }
  }

  get size (): number {
    return this.vectors.size
  }

  has (id: string): boolean {
    return this.vectors.has(id)
  }

  set (id: string, vector: number[]): void {
    if (this.dimensions === undefined) this.dimensions = vector.length
    if (vector.length !== this.dimensions) {
      throw new Error(`embedding has ${vector.length} dimensions, the local index has ${this.dimensions}`)
    }
    this.vectors.set(id, normalize(vector))
  }

  delete (id: string): void {
    this.vectors.delete(id)
  }

  /** The `limit` most similar chunk ids with their cosine similarity, best first. */
  search (queryVector: number[], limit: number): Array<[string, number]> {
    const query = normalize(queryVector)
    if (query.length !== this.dimensions) return []
    const scored: Array<[string, number]> = []
    for (const [id, vector] of this.vectors) scored.push([id, dot(query, vector)])
    scored.sort((a, b) => b[1] - a[1])
    return scored.slice(0, limit)
  }

  similarity (queryVector: number[], id: string): number | undefined {
    const vector = this.vectors.get(id)
    if (vector === undefined || vector.length !== queryVector.length) return undefined
    return dot(normalize(queryVector), vector)
  }

  save (): SavedVectors {
    if (this.vectors.size === 0) return {}
    const vectors: Record<string, string> = {}
    for (const [id, vector] of this.vectors) {
      vectors[id] = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64')
    }
    return { dimensions: this.dimensions, vectors }
  }
}

function normalize (vector: ArrayLike<number>): Float32Array {
  let norm = 0
  for (let i = 0; i < vector.length; i++) norm += vector[i] * vector[i]
  norm = Math.sqrt(norm) || 1
  const out = new Float32Array(vector.length)
  for (let i = 0; i < vector.length; i++) out[i] = vector[i] / norm
  return out
}

function dot (a: Float32Array, b: Float32Array): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i]
  return sum
}
