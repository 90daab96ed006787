import { urlPasswords } from '@pipeline-kit/common'
import type { ReadInput } from './inputs'

/**
 * How an input holds its secrets:
 * - `value`: the whole value (a token, a password, a private key);
 * - `key-values`: `KEY=value` lines, each value secret;
 * - `headers`: `Name: value` lines, each value secret;
 * - `logins`: `registry username password` lines, each password secret;
 * - `urls`: URLs, one per line, whose `user:password@` passwords are secret.
 */
export type SecretKind = 'value' | 'key-values' | 'headers' | 'logins' | 'urls'

/** An action's secret-bearing inputs by their action.yml names. */
export type SecretInputs = Readonly<Record<string, SecretKind>>

/**
 * Every value to register with setSecret, from the raw inputs, so that not even a parse
 * error can print one. Like the runner does for a secret, a value is masked whole and line
 * by line (each trimmed; the runner's `::add-mask::` takes a multi-line value only whole),
 * plus the secret part of each line its kind names. `urls` inputs give their passwords only.
 */
export function secretValues(read: ReadInput, inputs: SecretInputs): string[] {
  const values = new Set<string>()
  for (const [name, kind] of Object.entries(inputs)) {
    const text = read(name).trim()
    if (!text) continue
    if (kind === 'urls') {
      for (const password of urlPasswords(text)) values.add(password)
      continue
    }
    values.add(text)
    for (const line of text.split(/[\r\n]+/)) {
      const trimmed = line.trim()
      if (!trimmed) continue
      values.add(trimmed)
      const part = secretPart(trimmed, kind)
      if (part) values.add(part)
      for (const password of urlPasswords(trimmed)) values.add(password)
    }
  }
  return [...values]
}

function secretPart(line: string, kind: SecretKind): string | undefined {
  const after = (separator: string) => {
    const at = line.indexOf(separator)
    return at > 0 ? line.slice(at + 1).trim() : undefined
  }
  switch (kind) {
    case 'key-values':
      return after('=')
    case 'headers':
      return after(':')
    case 'logins':
      return /^\S+\s+\S+\s+(.+)$/.exec(line)?.[1]?.trim()
    default:
      return undefined
  }
}
