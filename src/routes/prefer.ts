// The Prefer request header (RFC 7240): how a client asks for a smaller answer without a new
// parameter. /v1/audio's event stream honours `return=minimal` (its `done` leaves out the audio the
// `audio` events already carried); a preference the server does not know is ignored, as the RFC says.
// An answer that depends on Prefer, whether the client sent it or not, says `Vary: Prefer`, so a cache
// does not give one client's minimal stream to another.
// https://www.rfc-editor.org/rfc/rfc7240

/** The text's parts between `separator`s outside quoted strings (RFC 9110 §5.6.4, backslash escapes in them). */
function splitOutsideQuotes (text: string, separator: string): string[] {
  const parts: string[] = []
  let start = 0
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted) {
      if (char === '\\') i++
      else if (char === '"') quoted = false
    } else if (char === '"') {
      quoted = true
    } else if (char === separator) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}

/** The preferences of a Prefer header (several headers arrive joined by ", "): lower-case name → value ('' without one). */
export function parsePrefer (header: string | readonly string[] | undefined): Map<string, string> {
  const preferences = new Map<string, string>()
  const text = typeof header === 'string' ? header : (header ?? []).join(',')
  // A comma or semicolon inside a quoted value separates nothing: `foo="a,return=minimal"` is one preference.
  for (const item of splitOutsideQuotes(text, ',')) {
    // Parameters after ';' qualify a preference; none of ours has any.
    const [token = ''] = splitOutsideQuotes(item, ';')
    const equals = token.indexOf('=')
    const name = (equals === -1 ? token : token.slice(0, equals)).trim().toLowerCase()
    if (name === '' || preferences.has(name)) continue // the first occurrence counts (RFC 7240 §2)
    const raw = equals === -1 ? '' : token.slice(equals + 1).trim()
    const value = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1).replace(/\\(.)/gs, '$1') : raw
    preferences.set(name, value)
  }
  return preferences
}

/** Whether the request prefers a minimal answer (`Prefer: return=minimal`). */
export function prefersMinimalReturn (header: string | readonly string[] | undefined): boolean {
  return parsePrefer(header).get('return')?.toLowerCase() === 'minimal'
}

/**
 * The Vary header's value with `name` added (once, in whatever case it is already there): `current` is
 * what the reply has so far (CORS's `Origin`), a string, a list, or nothing.
 */
export function withVary (current: string | number | readonly string[] | undefined, name: string): string {
  const names = (Array.isArray(current) ? current.join(',') : String(current ?? '')).split(',').map((item) => item.trim()).filter((item) => item !== '')
  if (names.includes('*') || names.some((item) => item.toLowerCase() === name.toLowerCase())) return names.join(', ')
  return [...names, name].join(', ')
}
