import { UserError } from '@pipeline-kit/common'

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?$|^\[[0-9a-fA-F:.]+\](?::\d{1,5})?$/

/** Whether text is a valid image tag: 1-128 of [A-Za-z0-9_.-], not starting with '.' or '-'. */
export function isValidTag(text: string): boolean {
  return TAG.test(text)
}

export const TAG_RULE = "1 to 128 characters of A-Z a-z 0-9 _ . -, not starting with '.' or '-'"

/**
 * Turns a git branch or tag name into a valid image tag: every run of characters a tag
 * cannot hold becomes '-', leading '.'/'-' are dropped, the result is cut to 128.
 * `feature/login` → `feature-login`. Returns '' when nothing usable is left.
 */
export function sanitizeTag(text: string): string {
  return text
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128)
}

/**
 * Validates and lower-cases an image name (`ghcr.io/octo/app`, `127.0.0.1:5000/app`,
 * `octo/app`). A tag or digest in the name is an error: tags come from the tags rules.
 */
export function normalizeImageName(input: string, inputName: string): string {
  const name = input.trim()
  const fail = (why: string) => new UserError(`Input '${inputName}' has invalid image name '${name}': ${why}`)
  if (name.includes('@')) throw fail('remove the digest; the image is named without tag or digest')
  const parts = name.split('/')
  const last = parts[parts.length - 1] ?? ''
  if (last.includes(':')) throw fail("remove the ':tag'; tags come from the 'tags' input")
  const hasHost =
    parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === 'localhost' || /[A-Z]/.test(parts[0]!))
  const host = hasHost ? parts[0]! : undefined
  if (host !== undefined && !HOST.test(host)) throw fail(`'${host}' is not a valid registry host[:port]`)
  const path = (hasHost ? parts.slice(1) : parts).map((p) => p.toLowerCase())
  if (path.length === 0 || path.some((p) => !PATH_COMPONENT.test(p))) {
    throw fail('path components are lower-case letters and digits separated by ., _, __ or -')
  }
  const full = [...(host ? [host.toLowerCase()] : []), ...path].join('/')
  if (full.length > 255) throw fail('the name is longer than 255 characters')
  return full
}

/** The registry host of an image name, as `docker login` expects it (docker.io when none). */
export function registryOf(image: string): string {
  const first = image.split('/')[0]!
  return image.includes('/') && (/[.:]/.test(first) || first === 'localhost') ? first : 'docker.io'
}
