/** Result of following a path into a JSON value. */
export type JsonPathResult = { readonly found: true; readonly value: unknown } | { readonly found: false }

/**
 * Follows a dotted path with optional array indexes: `status`, `$.data.items[0].name`,
 * `checks[1]`. Keys containing dots can be quoted: `['a.b']`.
 */
export function readJsonPath(root: unknown, path: string): JsonPathResult {
  const tokens = tokenizePath(path)
  if (!tokens) return { found: false }
  let current: unknown = root
  for (const token of tokens) {
    if (typeof token === 'number') {
      if (!Array.isArray(current) || token >= current.length) return { found: false }
      current = current[token]
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !(token in current)) {
        return { found: false }
      }
      current = (current as Record<string, unknown>)[token]
    }
  }
  return { found: true, value: current }
}

/** The path split into keys and indexes, or undefined when it is malformed. */
export function tokenizePath(path: string): (string | number)[] | undefined {
  let rest = path.trim().replace(/^\$\.?/, '')
  const tokens: (string | number)[] = []
  while (rest) {
    const match = /^(?:\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/.exec(rest)
    if (!match) return undefined
    if (match[1] !== undefined) tokens.push(match[1])
    else if (match[2] !== undefined) tokens.push(Number(match[2]))
    else tokens.push(match[3] ?? match[4]!)
    rest = rest.slice(match[0].length)
  }
  return tokens
}

/**
 * Whether a JSON value equals the expected text: the text is parsed as JSON when it can
 * be (`true`, `3`, `"x"`, `null`, `[1]`), else compared with the value as a string.
 */
export function jsonValueEquals(value: unknown, expected: string): boolean {
  let parsed: unknown
  try {
    parsed = JSON.parse(expected)
  } catch {
    return typeof value === 'string' && value === expected
  }
  return JSON.stringify(value) === JSON.stringify(parsed) || (typeof value === 'string' && value === expected)
}
