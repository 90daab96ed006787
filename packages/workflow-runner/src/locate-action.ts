import { existsSync, realpathSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { UsesTarget } from './resolve-uses'
import type { RunWorkflowOptions } from './run-options'
import { toolkitActionDir } from './toolkit-action'

/** Where an action's files are, and whether the runner treats it as downloaded or local. */
export interface ActionLocation {
  readonly dir: string
  /** A repository action (downloaded in "Set up job", so its `pre` runs); false for `./path`. */
  readonly repository: boolean
}

/**
 * Finds the folder of a `uses:` action: `./path` in the workspace (this toolkit's bundle
 * for `./actions/<name>` only when the working tree is this repository), this toolkit's
 * `<owner>/pipeline-kit/actions/<name>@<ref>` in its checkout, a remote action in the
 * folder `actionMap` maps it to or else in the `actionCache`; undefined when neither has it.
 */
export function locateAction(
  options: Pick<RunWorkflowOptions, 'toolkitRoot' | 'source' | 'actionMap' | 'actionCache'>,
  workspace: string,
  uses: string,
  target: UsesTarget,
): ActionLocation | undefined {
  if (target.kind === 'pipeline-kit')
    return { dir: toolkitActionDir(options.toolkitRoot, target.name), repository: true }
  if (target.kind === 'local') {
    const own = /^\.\/actions\/([a-z0-9-]+)\/?$/.exec(target.path)
    if (own && sameFolder(options.source, options.toolkitRoot))
      return { dir: toolkitActionDir(options.toolkitRoot, own[1]!), repository: false }
    return { dir: resolve(workspace, target.path), repository: false }
  }
  const mapped = mappedFolder(options.actionMap ?? {}, uses) ?? cachedFolder(options.actionCache, uses)
  return mapped ? { dir: mapped, repository: true } : undefined
}

/**
 * The folder of `owner/repo[/path]@ref` in a cache of actions fetched earlier, laid out as
 * the runner's `_actions` folder (`<cache>/<owner>/<repo>/<ref>/<path>`), when it holds an
 * action.yml (or action.yaml), or whatever `holds` accepts.
 */
export function cachedFolder(
  cache: string | undefined,
  uses: string,
  holds: (dir: string) => boolean = (dir) =>
    ['action.yml', 'action.yaml'].some((f) => existsSync(join(dir, f))),
): string | undefined {
  const parsed = cache ? parseRemote(uses) : undefined
  if (!cache || !parsed) return undefined
  const [owner, repo] = uses.trim().split('@')[0]!.split('/')
  for (const [o, r] of [
    [owner!, repo!],
    [owner!.toLowerCase(), repo!.toLowerCase()],
  ]) {
    const dir = join(resolve(cache), o!, r!, parsed.ref, parsed.path)
    if (holds(dir)) return dir
  }
  return undefined
}

/**
 * The local copy of a remote reusable workflow `owner/repo/.github/workflows/x.yml@ref`,
 * through the same `actionMap` and `actionCache` as remote actions; undefined when neither has it.
 */
export function locateRemoteWorkflow(
  options: Pick<RunWorkflowOptions, 'actionMap' | 'actionCache'>,
  uses: string,
): string | undefined {
  const mapped = mappedFolder(options.actionMap ?? {}, uses)
  if (mapped && existsSync(mapped)) return mapped
  return cachedFolder(options.actionCache, uses, (file) => existsSync(file))
}

/**
 * The folder `actionMap` gives `owner/repo[/path]@ref`: the entry for exactly that, or the
 * entry for `owner/repo@ref` joined with the path. Owner and repository are matched
 * case-insensitively, as GitHub does; the ref exactly.
 */
export function mappedFolder(actionMap: Readonly<Record<string, string>>, uses: string): string | undefined {
  const parsed = parseRemote(uses)
  if (!parsed) return undefined
  for (const [key, folder] of Object.entries(actionMap)) {
    const entry = parseRemote(key)
    if (!entry || entry.repo !== parsed.repo || entry.ref !== parsed.ref) continue
    if (entry.path === parsed.path) return resolve(folder)
    if (entry.path === '') return resolve(join(folder, parsed.path))
  }
  return undefined
}

function parseRemote(uses: string): { repo: string; path: string; ref: string } | undefined {
  const match = /^([^/@\s]+\/[^/@\s]+)((?:\/[^@\s]+)?)@(\S+)$/.exec(uses.trim())
  if (!match) return undefined
  return { repo: match[1]!.toLowerCase(), path: match[2]!.replace(/^\/|\/$/g, ''), ref: match[3]! }
}

function sameFolder(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b)
  } catch {
    return false
  }
}
