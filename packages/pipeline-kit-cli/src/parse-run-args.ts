import { UserError } from '@pipeline-kit/common'
import { parseParallelJobs } from '@pipeline-kit/workflow-runner'

/** What `pipeline-kit run …` was asked to do; parsed once, pure. */
export interface RunArgs {
  readonly command: 'run' | 'help' | 'version'
  /** The workflow as given (a path, or a file name under .github/workflows). */
  readonly workflow?: string
  /** The event named with --event; undefined means the default push. */
  readonly event?: string
  readonly eventFile?: string
  /** `owner/name`. */
  readonly repository?: string
  /** A full ref: a bare name given to --ref is a branch (`refs/heads/<name>`). */
  readonly ref?: string
  readonly sha?: string
  readonly actor?: string
  /** --job, repeatable: these jobs and what they need. */
  readonly jobs: readonly string[]
  /** --jobs N: jobs run at the same time; undefined is the runner's default (the core count). */
  readonly parallelJobs?: number
  readonly list: boolean
  readonly inputs: Readonly<Record<string, string>>
  readonly vars: Readonly<Record<string, string>>
  /** --secret NAME: the value is read from the environment variable NAME, never from argv. */
  readonly secretNames: readonly string[]
  readonly secretFile?: string
  readonly verbose: boolean
}

/** The events a workflow can be triggered by (`on:`), from GitHub's documentation. */
export const WORKFLOW_EVENTS = [
  'branch_protection_rule',
  'check_run',
  'check_suite',
  'create',
  'delete',
  'deployment',
  'deployment_status',
  'discussion',
  'discussion_comment',
  'fork',
  'gollum',
  'issue_comment',
  'issues',
  'label',
  'merge_group',
  'milestone',
  'page_build',
  'public',
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment',
  'pull_request_target',
  'push',
  'registry_package',
  'release',
  'repository_dispatch',
  'schedule',
  'status',
  'watch',
  'workflow_call',
  'workflow_dispatch',
  'workflow_run',
] as const

const valueFlags = [
  '--event',
  '--event-file',
  '--repository',
  '--ref',
  '--sha',
  '--actor',
  '--job',
  '--jobs',
  '--input',
  '--var',
  '--secret',
  '--secret-file',
] as const
type ValueFlag = (typeof valueFlags)[number]
const booleanFlags = ['--list', '--verbose', '--help', '--version'] as const

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Parses `pipeline-kit` arguments (without node and the script): `run [workflow]` and
 * its options, `--help`, `--version`. Every mistake is a UserError naming the flag, the
 * value and what was expected.
 */
export function parseRunArgs(argv: readonly string[]): RunArgs {
  const rest = [...argv]
  const first = rest[0]
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return empty('help')
  if (first === '--version' || first === '-v') return empty('version')
  if (first !== 'run')
    throw new UserError(`unknown command '${first}'; expected 'run' (pipeline-kit run [workflow] [options])`)
  rest.shift()

  const values = new Map<ValueFlag, string[]>()
  const flags = new Set<string>()
  const positional: string[] = []
  while (rest.length > 0) {
    const arg = rest.shift()!
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg)
      continue
    }
    if (arg === '--') {
      positional.push(...rest.splice(0))
      continue
    }
    const eq = arg.indexOf('=')
    const flag = eq > 0 ? arg.slice(0, eq) : arg
    if ((booleanFlags as readonly string[]).includes(flag) || flag === '-h') {
      if (eq > 0) throw new UserError(`${flag} takes no value, got '${arg.slice(eq + 1)}'`)
      flags.add(flag === '-h' ? '--help' : flag)
      continue
    }
    if (!(valueFlags as readonly string[]).includes(flag))
      throw new UserError(`unknown option '${flag}' (see pipeline-kit run --help)`)
    const value = eq > 0 ? arg.slice(eq + 1) : rest.shift()
    if (value === undefined || (eq < 0 && value.startsWith('--')))
      throw new UserError(`${flag} needs a value${value === undefined ? '' : `, got the option '${value}'`}`)
    values.set(flag as ValueFlag, [...(values.get(flag as ValueFlag) ?? []), value])
  }
  if (flags.has('--help')) return empty('help')
  if (flags.has('--version')) return empty('version')
  if (positional.length > 1)
    throw new UserError(`run takes one workflow, got ${positional.map((p) => `'${p}'`).join(', ')}`)

  const one = (flag: ValueFlag): string | undefined => {
    const given = values.get(flag)
    if (given && given.length > 1)
      throw new UserError(`${flag} given ${given.length} times ('${given.join("', '")}'); give it once`)
    return given?.[0]
  }
  const many = (flag: ValueFlag): string[] => values.get(flag) ?? []

  const event = one('--event')
  if (event !== undefined && !(WORKFLOW_EVENTS as readonly string[]).includes(event))
    throw new UserError(
      `--event '${event}' is not an event a workflow can run on (e.g. push, pull_request, workflow_dispatch)`,
    )
  const eventFile = one('--event-file')
  if (eventFile === '') throw new UserError(`--event-file needs the path of a JSON payload, got ''`)

  const repository = one('--repository')
  if (repository !== undefined && !/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(repository))
    throw new UserError(`--repository expects owner/name, got '${repository}'`)

  const sha = one('--sha')
  if (sha !== undefined && !/^[0-9a-f]{40}$/.test(sha))
    throw new UserError(`--sha expects a full 40-character lowercase hex commit SHA, got '${sha}'`)

  const ref = one('--ref')
  if (ref !== undefined && !isRefName(ref))
    throw new UserError(`--ref expects a branch name or a full ref (refs/heads/…, refs/tags/…), got '${ref}'`)

  const actor = one('--actor')
  if (actor !== undefined && !/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\[bot\])?$/.test(actor))
    throw new UserError(`--actor expects a GitHub login (letters, digits, hyphens), got '${actor}'`)

  const jobs = many('--job')
  for (const job of jobs)
    if (!NAME.test(job))
      throw new UserError(
        `--job expects a job id (letters, digits, '_' and '-', not starting with a digit), got '${job}'`,
      )

  const parallel = one('--jobs')
  const parallelJobs = parallel === undefined ? undefined : parseParallelJobs(parallel)

  const secretNames = many('--secret')
  for (const name of secretNames)
    if (!ENV_NAME.test(name))
      throw new UserError(
        `--secret expects the NAME of an environment variable holding the secret (the value never goes on the command line), got '${name.split('=')[0]}${name.includes('=') ? '=…' : ''}'`,
      )

  return {
    command: 'run',
    workflow: positional[0],
    event,
    eventFile,
    repository,
    ref: ref === undefined || ref.startsWith('refs/') ? ref : `refs/heads/${ref}`,
    sha,
    actor,
    jobs: [...new Set(jobs)],
    parallelJobs,
    list: flags.has('--list'),
    inputs: pairs(many('--input'), '--input'),
    vars: pairs(many('--var'), '--var'),
    secretNames,
    secretFile: one('--secret-file'),
    verbose: flags.has('--verbose'),
  }
}

function empty(command: 'help' | 'version'): RunArgs {
  return { command, jobs: [], list: false, inputs: {}, vars: {}, secretNames: [], verbose: false }
}

function pairs(given: readonly string[], flag: string): Record<string, string> {
  const result: Record<string, string> = {}
  for (const pair of given) {
    const at = pair.indexOf('=')
    const name = at > 0 ? pair.slice(0, at) : ''
    if (!NAME.test(name)) throw new UserError(`${flag} expects NAME=VALUE, got '${pair}'`)
    result[name] = pair.slice(at + 1)
  }
  return result
}

/** git check-ref-format's rules, enough to catch typos and shell leftovers. */
function isRefName(ref: string): boolean {
  if (ref === '' || ref === 'refs/' || ref.startsWith('/') || ref.endsWith('/') || ref.endsWith('.lock'))
    return false
  if (/\.\.|@\{|\/\/|[\s~^:?*[\\]/.test(ref) || [...ref].some((c) => c < ' ' || c === '\x7f')) return false
  return ref.split('/').every((part) => part !== '' && !part.startsWith('.'))
}
