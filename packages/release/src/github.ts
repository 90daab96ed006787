import { apiCall, errorStatus, UserError } from '@pipeline-kit/common'
import { parseVersion, type Version } from './semver'

/**
 * The part of an Octokit client this package uses (`client.request`), so it is called
 * with any authenticated client and tested against a local fake.
 */
export interface GitHubRequest {
  request(route: string, params?: Record<string, unknown>): Promise<{ status: number; data: any }>
}

export interface RepoRef {
  readonly owner: string
  readonly repo: string
}

/** A GitHub Release as the checks need it. */
export interface ReleaseInfo {
  readonly tag: string
  readonly version?: Version
  readonly draft: boolean
  readonly prerelease: boolean
  readonly url: string
}

const PER_PAGE = 100
const MAX_PAGES = 50

/** Every release of the repository (repos/list-releases, paginated), drafts included. */
export async function listReleases(client: GitHubRequest, repo: RepoRef): Promise<ReleaseInfo[]> {
  const releases: ReleaseInfo[] = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await call(`list the GitHub Releases of ${repo.owner}/${repo.repo}`, () =>
      client.request('GET /repos/{owner}/{repo}/releases', { ...repo, per_page: PER_PAGE, page }),
    )
    const items = data as { tag_name: string; draft: boolean; prerelease: boolean; html_url: string }[]
    for (const r of items) {
      releases.push({
        tag: r.tag_name,
        version: parseVersion(r.tag_name),
        draft: r.draft,
        prerelease: r.prerelease,
        url: r.html_url,
      })
    }
    if (items.length < PER_PAGE) break
  }
  return releases
}

/** The repository's default branch (repos/get). */
export async function getDefaultBranch(client: GitHubRequest, repo: RepoRef): Promise<string> {
  const { data } = await call(`read the repository ${repo.owner}/${repo.repo}`, () =>
    client.request('GET /repos/{owner}/{repo}', { ...repo }),
  )
  return (data as { default_branch: string }).default_branch
}

export interface NewRelease {
  readonly tag: string
  readonly name: string
  readonly body: string
  readonly prerelease: boolean
  readonly makeLatest: boolean
}

/** Creates the GitHub Release for an existing tag (repos/create-release) and returns its page. */
export async function createRelease(
  client: GitHubRequest,
  repo: RepoRef,
  release: NewRelease,
): Promise<{ id: number; url: string }> {
  const { data } = await call(`create the GitHub Release ${release.tag}`, () =>
    client.request('POST /repos/{owner}/{repo}/releases', {
      ...repo,
      tag_name: release.tag,
      name: release.name,
      body: release.body,
      draft: false,
      prerelease: release.prerelease,
      make_latest: release.makeLatest ? 'true' : 'false',
    }),
  )
  return { id: (data as { id: number }).id, url: (data as { html_url: string }).html_url }
}

/** apiCall, with what to check when GitHub refuses the token. */
async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await apiCall(what, fn)
  } catch (error) {
    const status = errorStatus(error)
    if (status === 401 || status === 403 || status === 404) {
      throw new UserError(
        `${(error as Error).message}: check the token; a release needs 'permissions: contents: write'`,
      )
    }
    throw error
  }
}
