import { UserError } from '@pipeline-kit/common'

/**
 * A `--secret-file`: `NAME=VALUE` lines (blank lines and `#` comments ignored, one pair
 * of surrounding quotes removed). Errors name the file and line, never a value.
 */
export function parseSecretFile(text: string, file: string): Record<string, string> {
  const secrets: Record<string, string> = {}
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line)
    if (!match) throw new UserError(`${file}:${index + 1}: expected NAME=VALUE`)
    const value = match[2]!
    secrets[match[1]!] = /^(['"]).*\1$/.test(value) && value.length >= 2 ? value.slice(1, -1) : value
  })
  return secrets
}
