// A Map that holds at most `limit` entries: caches keyed by what users type (every distinct word,
// number and typo of every question) must not grow with the traffic. Full, it drops the entry set
// longest ago; a cache of stems or normalised tokens refills what it still needs at the cost of one
// computation per word.

export class BoundedMap<K, V> extends Map<K, V> {
  readonly limit: number

  constructor (limit: number) {
    super()
    this.limit = Math.max(1, limit)
  }

  override set (key: K, value: V): this {
    if (this.size >= this.limit && !this.has(key)) this.delete(this.keys().next().value as K)
    return super.set(key, value)
  }
}
