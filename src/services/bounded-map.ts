// A Map that holds at most `limit` entries, dropping the one set longest ago when full. Caches keyed
// by what users type (every distinct word, number and typo of every question: stems, Orama's
// normalised tokens) must not grow with the traffic; the others (the answerer's passages and the
// terms of recurring texts, retrieval's memo, the resampler's filters, the ETags of Swagger UI's
// pages) hold what recurs, and must not grow without end either. A cache refills what it still needs
// at the cost of one computation. One that refreshes an entry on use (least recently used out)
// deletes it and sets it again.

export class BoundedMap<K, V> extends Map<K, V> {
  readonly limit: number
  /**
   * The keys in the order they were set, read on from the last one dropped. A new `keys()` iterator
   * for every drop (as before) starts at the table's first slot and steps over every slot deleted
   * since V8 last rebuilt the table (it rebuilds when live plus deleted slots fill it): up to ~0.6 ×
   * `limit` of them, 11.5 µs a drop at 10,000 against 0.7 µs at 500. A Map iterator is live (it
   * sees what is set after it, and follows the table when V8 rebuilds it), and every entry behind it
   * was dropped through it, so it never ends while the map is full.
   */
  #oldestFirst: MapIterator<K> | undefined

  constructor (limit: number) {
    super()
    this.limit = Math.max(1, limit)
  }

  override set (key: K, value: V): this {
    if (this.size >= this.limit && !this.has(key)) {
      this.#oldestFirst ??= this.keys()
      let oldest = this.#oldestFirst.next()
      if (oldest.done === true) { // not expected (see above); a fresh iterator finds the oldest anyway
        this.#oldestFirst = this.keys()
        oldest = this.#oldestFirst.next()
      }
      this.delete(oldest.value as K)
    }
    return super.set(key, value)
  }
}
