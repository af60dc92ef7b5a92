// The Prefer request header (RFC 7240): how a client asks for a smaller answer without a new
// parameter. /v1/audio's event stream honours `return=minimal` (its `done` leaves out the audio the
// `audio` events already carried); a preference the server does not know is ignored, as the RFC says.
// https://www.rfc-editor.org/rfc/rfc7240

/** The preferences of a Prefer header (several headers arrive joined by ", "): lower-case name → value ('' without one). */
export function parsePrefer (header: string | readonly string[] | undefined): Map<string, string> {
  const preferences = new Map<string, string>()
  const text = typeof header === 'string' ? header : (header ?? []).join(',')
  for (const item of text.split(',')) {
    // Parameters after ';' qualify a preference; none of ours has any.
    const [token = ''] = item.split(';')
    const equals = token.indexOf('=')
    const name = (equals === -1 ? token : token.slice(0, equals)).trim().toLowerCase()
    if (name === '' || preferences.has(name)) continue // the first occurrence counts (RFC 7240 §2)
    const value = equals === -1 ? '' : token.slice(equals + 1).trim().replace(/^"(.*)"$/s, '$1')
    preferences.set(name, value)
  }
  return preferences
}

/** Whether the request prefers a minimal answer (`Prefer: return=minimal`). */
export function prefersMinimalReturn (header: string | readonly string[] | undefined): boolean {
  return parsePrefer(header).get('return')?.toLowerCase() === 'minimal'
}
