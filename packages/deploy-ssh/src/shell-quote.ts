/**
 * Quotes one argument for a POSIX shell. ssh sends the remote command as one string
 * that the login shell parses, so every value reaching it goes through here; the scripts
 * themselves are constants of this package and user values only ever arrive as quoted
 * positional parameters or variable assignments.
 */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** A remote command line from an argument array. */
export function shellJoin(args: readonly string[]): string {
  return args.map(shellQuote).join(' ')
}
