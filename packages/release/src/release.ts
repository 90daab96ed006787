import { readFile } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import { describeError, UserError, type Logger } from '@pipeline-kit/common'
import { findRefusals, formatRefusals } from './checks'
import { checkDist, type DistCheckOptions } from './dist-check'
import {
  assertFullClone,
  branchesContaining,
  createAnnotatedTag,
  createGit,
  ensureTagObjects,
  headCommit,
  listRemoteRefs,
  localTagCommit,
  remoteAuthEnv,
  pushTags,
  readCommits,
  setFloatingTags,
} from './git'
import { createRelease, getDefaultBranch, listReleases, type GitHubRequest, type RepoRef } from './github'
import { findChangelogSection, renderReleaseNotes } from './notes'
import { describeStep, planRelease, renderPlan, type ReleasePlan, type ReleaseStep } from './plan'
import {
  compareVersions,
  formatVersion,
  isPrerelease,
  maxVersion,
  parseVersion,
  versionTag,
  type Version,
} from './semver'

export interface ReleaseOptions {
  /** The repository checkout (full history, remote configured). */
  readonly cwd: string
  readonly repo: RepoRef
  /** https://github.com, for links in the notes. */
  readonly serverUrl: string
  /** The remote tags are pushed to; default origin. */
  readonly remote?: string
  /**
   * `Authorization` header value (tokenAuthorization) for the remote, given to each git
   * command (ls-remote, fetch, push) and never written, for a checkout that persisted no
   * credentials; the caller masks it.
   */
  readonly remoteAuthorization?: string
  readonly version: Version
  /** GITHUB_REF of the run: `refs/tags/<tag>` means the tag was pushed to start it. */
  readonly ref: string
  /** From the event payload when known; else read from the API. */
  readonly defaultBranch?: string
  /** Further branches (or `releases/*` patterns) a release may be made from. */
  readonly releaseBranches: readonly string[]
  readonly allowOlder: boolean
  readonly dist: DistCheckOptions
  /** A changelog whose section for the version becomes the notes (required to exist). */
  readonly changelogPath?: string
  readonly dryRun: boolean
}

export interface ReleaseDeps {
  readonly github: GitHubRequest
  readonly log: Logger
}

export interface ReleaseResult {
  readonly plan: ReleasePlan
  readonly notes: string
  readonly previousTag?: string
  readonly dryRun: boolean
  /** The steps that were carried out (none in a dry run). */
  readonly done: readonly ReleaseStep[]
  readonly releaseUrl?: string
}

/**
 * Releases the checked-out commit: gathers the facts (tags locally and on the remote,
 * GitHub Releases, release branches, bundles, changelog), refuses with every reason when a
 * check fails — before anything is created — then creates and pushes the annotated tag,
 * creates the GitHub Release and moves the floating tags. A dry run stops after the plan.
 */
export async function runRelease(options: ReleaseOptions, deps: ReleaseDeps): Promise<ReleaseResult> {
  const { log } = deps
  const remote = options.remote ?? 'origin'
  const git = createGit(
    options.cwd,
    log,
    await remoteAuthEnv(createGit(options.cwd, log), options.serverUrl, options.remoteAuthorization),
  )
  await assertFullClone(git, remote)
  const version = options.version
  const tag = versionTag(version)
  const commit = await headCommit(git)
  const startedByTag = options.ref === `refs/tags/${tag}`
  log.info(
    `Release ${tag} of ${options.repo.owner}/${options.repo.repo} at ${commit}${options.dryRun ? ' (dry run)' : ''}`,
  )

  const remoteTags = await listRemoteRefs(git, remote, 'tags')
  const releases = await listReleases(deps.github, options.repo)
  const defaultBranch = options.defaultBranch || (await getDefaultBranch(deps.github, options.repo))
  const allowedBranches = [...new Set([defaultBranch, ...options.releaseBranches])]
  const heads = await listRemoteRefs(git, remote, 'heads')
  const candidates = new Map([...heads].filter(([name]) => allowedBranches.some((p) => matchBranch(p, name))))
  const containing = await branchesContaining(git, remote, commit, candidates)

  const tagged = [...remoteTags.keys()]
    .map((name) => ({ name, version: parseVersion(name) }))
    .filter((t): t is { name: string; version: Version } => Boolean(t.version) && t.name.startsWith('v'))
  const released = releases.filter((r) => !r.draft && r.version).map((r) => r.version!)
  const others = (vs: readonly Version[]) => vs.filter((v) => compareVersions(v, version) !== 0)
  const knownVersions = [...others(released), ...others(tagged.map((t) => t.version))]
  const latestRelease = maxVersion(others(released).filter((v) => v.major === version.major))
  const latestTag = maxVersion(others(tagged.map((t) => t.version)).filter((v) => v.major === version.major))
  const latestSameMajor =
    latestRelease && (!latestTag || compareVersions(latestRelease, latestTag) >= 0)
      ? { version: latestRelease, source: 'release' }
      : latestTag
        ? { version: latestTag, source: 'tag' }
        : undefined

  const distProblem = await checkDist(git, options.dist, log)
  const changelog = await readChangelog(options, version)

  const localTag = await localTagCommit(git, tag)
  const refusals = findRefusals({
    version,
    tag,
    commit,
    startedByTag,
    localTagCommit: localTag,
    remoteTagCommit: remoteTags.get(tag),
    remote,
    releaseExists: releases.some((r) => r.tag === tag),
    latestSameMajor,
    allowOlder: options.allowOlder,
    allowedBranches,
    containingBranches: containing,
    distProblem,
    changelogProblem: changelog.problem,
  })
  if (refusals.length) throw new UserError(formatRefusals(tag, refusals))
  log.info(`Checks passed: bundles current, ${tag} is new, on ${containing.join(', ')}`)

  const previous = findPreviousTag(version, tagged)
  if (previous) await ensureTagObjects(git, remote, previous.name, remoteTags.get(previous.name)!)
  const commits = await readCommits(git, previous ? remoteTags.get(previous.name) : undefined, commit)
  const repoUrl = `${options.serverUrl}/${options.repo.owner}/${options.repo.repo}`
  const notes = renderReleaseNotes({
    tag,
    previousTag: previous?.name,
    commits,
    repoUrl,
    changelogSection: changelog.section,
  })

  const plan = planRelease({
    version,
    commit,
    knownVersions,
    // A pushed tag needs no local copy: only the remote one matters from here on.
    tagCreated: startedByTag && (localTag === commit || remoteTags.get(tag) === commit),
    tagPushed: startedByTag && remoteTags.get(tag) === commit,
    remote,
  })
  log.info(renderPlan(plan, options.dryRun))
  if (options.dryRun) {
    await log.group('Release notes (dry run)', async () => log.info(notes))
    return { plan, notes, previousTag: previous?.name, dryRun: true, done: [] }
  }

  const done: ReleaseStep[] = []
  let releaseUrl: string | undefined
  for (const step of plan.steps) {
    log.info(`→ ${describeStep(step)}`)
    try {
      if (step.kind === 'create-tag') await createAnnotatedTag(git, step.tag, step.commit, step.message)
      else if (step.kind === 'push-tag') await pushTags(git, step.remote, [step.tag], false)
      else if (step.kind === 'create-release') {
        const created = await createRelease(deps.github, options.repo, {
          tag: step.tag,
          name: step.name,
          body: notes,
          prerelease: step.prerelease,
          makeLatest: step.makeLatest,
        })
        releaseUrl = created.url
      } else {
        await setFloatingTags(git, step.tags, step.commit)
        await pushTags(git, step.remote, step.tags, true)
      }
    } catch (error) {
      const before = done.length ? ` after: ${done.map(describeStep).join('; ')}` : ' before any change'
      throw new UserError(
        `Release ${tag} stopped at '${describeStep(step)}'${before}: ${describeError(error)}`,
      )
    }
    done.push(step)
  }
  return { plan, notes, previousTag: previous?.name, dryRun: false, done, releaseUrl }
}

/** The tag the notes start from: the highest lower version (stable only, for a stable release). */
export function findPreviousTag<T extends { name: string; version: Version }>(
  version: Version,
  tags: readonly T[],
): T | undefined {
  const stable = !isPrerelease(version)
  let best: T | undefined
  for (const t of tags) {
    if (compareVersions(t.version, version) >= 0) continue
    if (stable && isPrerelease(t.version)) continue
    if (!best || compareVersions(t.version, best.version) > 0) best = t
  }
  return best
}

/** `releases/*` style patterns: `*` matches any run of characters. */
export function matchBranch(pattern: string, branch: string): boolean {
  if (!pattern.includes('*')) return pattern === branch
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  )
  return regex.test(branch)
}

async function readChangelog(
  options: ReleaseOptions,
  version: Version,
): Promise<{ section?: string; problem?: string }> {
  if (!options.changelogPath) return {}
  const path = isAbsolute(options.changelogPath)
    ? options.changelogPath
    : join(options.cwd, options.changelogPath)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new UserError(`Input 'changelog': ${options.changelogPath} does not exist in the checkout`)
  }
  const v = formatVersion(version)
  const section = findChangelogSection(text, v)
  if (section) return { section }
  return {
    problem: `${options.changelogPath} has no section for ${v}: add a '## [${v}]' heading with the changes (or leave 'changelog' empty to generate the notes from commits)`,
  }
}
