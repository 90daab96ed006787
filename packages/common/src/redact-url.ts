// scheme://user:password@ — the password runs to the last '@' before the path, query or
// fragment, as the WHATWG URL parser splits it ('\' ends the authority of http(s) URLs too).
const USERINFO_PASSWORD = /([a-z][a-z\d+.-]*:\/\/[^\s/?#\\@:]*):([^\s/?#\\]+)@/gi

/**
 * The text with the password of every `scheme://user:password@host` URL in it replaced by
 * `***` (`http://deploy:***@host/health`). Works on the raw text, so a URL that does not
 * parse is redacted too; the user name stays, as it tells which credentials were used.
 */
export function redactUrl(text: string): string {
  return text.replace(USERINFO_PASSWORD, '$1:***@')
}

/**
 * The passwords of the `scheme://user:password@` URLs in the text, as written and as a URL
 * parser serialises and decodes them, so that masking each hides every form a log shows.
 */
export function urlPasswords(text: string): string[] {
  const found = new Set<string>()
  for (const match of text.matchAll(USERINFO_PASSWORD)) {
    const raw = match[2]!
    found.add(raw)
    const decoded = safeDecode(raw)
    if (decoded) found.add(decoded)
    try {
      const serialised = new URL(`http://u:${raw}@h/`).password
      found.add(serialised)
      const again = safeDecode(serialised)
      if (again) found.add(again)
    } catch {
      // not a parseable password: the raw form is all a log can show
    }
  }
  return [...found].filter(Boolean)
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}
