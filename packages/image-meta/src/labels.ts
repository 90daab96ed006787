import type { GitContext } from './git-context'

export const OCI = 'org.opencontainers.image'

/**
 * The OCI image labels for a build: source, url, revision, created, version, title,
 * description and licenses (the last two when the repository has them), then the user's
 * labels on top (a user label with the same key wins).
 */
export function computeOciLabels(
  context: GitContext,
  version: string,
  now: Date,
  userLabels: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const labels: Record<string, string> = {
    [`${OCI}.created`]: now.toISOString(),
    [`${OCI}.description`]: context.repository.description ?? '',
    [`${OCI}.licenses`]: context.repository.license ?? '',
    [`${OCI}.revision`]: context.sha,
    [`${OCI}.source`]: context.repository.url,
    [`${OCI}.title`]: context.repository.name,
    [`${OCI}.url`]: context.repository.url,
    [`${OCI}.version`]: version,
  }
  for (const key of Object.keys(labels)) if (!labels[key]) delete labels[key]
  return { ...labels, ...userLabels }
}

/**
 * The same metadata as manifest annotations (`manifest:key=value`), for engines that
 * can write annotations (BuildKit); OCI keys only, user labels stay labels.
 */
export function computeOciAnnotations(labels: Readonly<Record<string, string>>): string[] {
  return Object.entries(labels)
    .filter(([key]) => key.startsWith(`${OCI}.`))
    .map(([key, value]) => `manifest:${key}=${value}`)
}
