import { UserError } from './user-error'

/**
 * Splits a command line into an argument array the way a POSIX shell would split words
 * (quotes and backslashes), without a shell: operators such as `&&`, `|`, `;`, redirections
 * and substitutions are refused so that nothing is silently passed as an argument.
 */
export function splitCommandLine(inputName: string, text: string): string[] {
  const args: string[] = []
  let current = ''
  let inWord = false
  let quote: '"' | "'" | undefined
  const refuse = (what: string, shellHint = true): never => {
    const hint = shellHint
      ? '; the command runs without a shell, so give one command (put pipelines into a package.json script)'
      : ''
    throw new UserError(`Input '${inputName}' has invalid value '${text}': ${what}${hint}`)
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quote === "'") {
      if (ch === "'") quote = undefined
      else current += ch
      continue
    }
    if (quote === '"') {
      if (ch === '"') quote = undefined
      else if (ch === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) current += text[++i]
      else if (ch === '$' || ch === '`') refuse('it uses shell substitution')
      else current += ch
      continue
    }
    if (ch === "'" || ch === '"') {
      quote = ch
      inWord = true
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[++i]
      inWord = true
    } else if (/\s/.test(ch)) {
      if (inWord) args.push(current)
      current = ''
      inWord = false
    } else if ('|&;<>()'.includes(ch)) {
      refuse(`it contains the shell operator '${ch}'`)
    } else if (ch === '$' || ch === '`') {
      refuse('it uses shell substitution')
    } else {
      current += ch
      inWord = true
    }
  }
  if (quote) refuse(`expected every quote closed (a ${quote} is not)`, false)
  if (inWord) args.push(current)
  return args
}
