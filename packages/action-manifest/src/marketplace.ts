import { BRANDING_COLORS, BRANDING_ICONS } from './branding'

/** One action of a repository, as its manifest reads. */
export interface ListedAction {
  /** How messages name the manifest, e.g. `actions/lint/action.yml`. */
  readonly file: string
  readonly manifest: Readonly<Record<string, unknown>>
}

/** The Marketplace refuses a release whose description has 125 characters or more. */
export const MAX_DESCRIPTION_LENGTH = 124

/**
 * What GitHub Marketplace refuses when the actions of one repository are listed: a
 * description of 125 characters or more ("Description must be less than 125
 * characters"), a name another action already has (names are unique across the
 * Marketplace, so at least across the repository), and a branding icon or colour
 * outside the lists of "Metadata syntax for GitHub Actions". One line per problem.
 */
export function marketplaceProblems(actions: readonly ListedAction[]): string[] {
  const problems: string[] = []
  const names = new Map<string, string>()
  for (const { file, manifest } of actions) {
    const name = typeof manifest.name === 'string' ? manifest.name.trim() : ''
    const description = typeof manifest.description === 'string' ? manifest.description.trim() : ''
    if (name === '') problems.push(`${file}: name is missing`)
    else {
      const other = names.get(name.toLowerCase())
      if (other) problems.push(`${file}: name '${name}' is already the name of ${other}`)
      else names.set(name.toLowerCase(), file)
    }
    if (description === '') problems.push(`${file}: description is missing`)
    else if (description.length > MAX_DESCRIPTION_LENGTH)
      problems.push(
        `${file}: description has ${description.length} characters; the Marketplace takes fewer than 125`,
      )
    const branding = (manifest.branding ?? {}) as Record<string, unknown>
    const icon = String(branding.icon ?? '')
    const color = String(branding.color ?? '')
    if (!BRANDING_ICONS.has(icon))
      problems.push(`${file}: branding.icon '${icon}' is not one of the Feather icons GitHub accepts`)
    if (!BRANDING_COLORS.has(color))
      problems.push(`${file}: branding.color '${color}' is not one of ${[...BRANDING_COLORS].join(', ')}`)
  }
  return problems
}
