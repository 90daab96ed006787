/** A host folder (or file) mounted into a container at `container`. */
export interface ContainerMount {
  readonly host: string
  readonly container: string
  readonly readOnly?: boolean
}

/**
 * A host path as the container sees it, as the runner's TranslateToContainerPath does:
 * a value that is a mounted host path, or lies under one, gets the container path; any
 * other value is returned unchanged.
 */
export function translateToContainerPath(value: string, mounts: readonly ContainerMount[]): string {
  const byLength = [...mounts].sort((a, b) => b.host.length - a.host.length)
  for (const mount of byLength) {
    if (value === mount.host) return mount.container
    if (value.startsWith(`${mount.host}/`)) return `${mount.container}${value.slice(mount.host.length)}`
  }
  return value
}

/** `-v host:container[:ro]` for each mount. */
export function volumeArgs(mounts: readonly ContainerMount[]): string[] {
  return mounts.flatMap((m) => ['-v', `${m.host}:${m.container}${m.readOnly ? ':ro' : ''}`])
}

/**
 * `-e NAME` for each variable: the values reach the container through the docker CLI's
 * environment, as the runner passes them, so no value (a secret) is ever in argv.
 */
export function environmentArgs(env: Readonly<Record<string, string>>): string[] {
  return Object.keys(env)
    .filter((name) => name !== 'PATH')
    .flatMap((name) => ['-e', name])
}

/**
 * Splits a `docker://` step's `with: args` as the runner's process invoker does (no shell:
 * `$VAR`, `>` and `|` stay literal): words separated by whitespace, double quotes group,
 * `\"` is a literal quote; single quotes are ordinary characters.
 */
export function splitContainerArgs(text: string): string[] {
  const args: string[] = []
  let current = ''
  let inWord = false
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (char === '\\' && text[i + 1] === '"') {
      current += '"'
      inWord = true
      i++
    } else if (char === '"') {
      quoted = !quoted
      inWord = true
    } else if (!quoted && /\s/.test(char)) {
      if (inWord) args.push(current)
      current = ''
      inWord = false
    } else {
      current += char
      inWord = true
    }
  }
  if (inWord) args.push(current)
  return args
}
