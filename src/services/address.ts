// What a log line or the doctor may show of a configured address: its host and port, never the URL
// itself, which may carry credentials (`https://user:password@host/…`) or a key in its query.

/** host[:port] of a URL, without credentials, path or query; a fixed phrase when it does not parse. */
export function hostOf (url: string): string {
  try {
    return new URL(url).host
  } catch {
    return 'the configured address'
  }
}
