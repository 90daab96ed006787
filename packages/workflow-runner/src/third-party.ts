import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { findFiles, runProcess, UserError } from '@pipeline-kit/common'

/** The result of a third-party step's local equivalent. */
export interface LocalEquivalent {
  readonly ok: boolean
  readonly detail: string
  readonly warnings: readonly string[]
  readonly outputs?: Readonly<Record<string, string>>
}

const skipOnCopy = new Set(['node_modules', '.venv', '__pycache__', '.pytest_cache'])

/** actions/checkout: a copy of the working tree (without node_modules and virtualenvs) into the workspace or `path`. */
export function checkoutCopy(source: string, workspace: string, path: string): LocalEquivalent {
  const target = resolve(workspace, path || '.')
  if (!existsSync(source)) throw new UserError(`checkout: the working tree ${source} does not exist`)
  mkdirSync(target, { recursive: true })
  let files = 0
  cpSync(source, target, {
    recursive: true,
    filter: (from) => {
      if (skipOnCopy.has(basename(from))) return false
      if (statSync(from).isFile()) files++
      return true
    },
  })
  return {
    ok: true,
    detail: `copied ${files} files of ${source} to ${relative(workspace, target) || '.'}`,
    warnings: [],
  }
}

const toolchains: Record<string, { command: string; args: string[]; versionInput?: string }> = {
  node: { command: 'node', args: ['--version'], versionInput: 'node-version' },
  python: { command: 'python3', args: ['--version'], versionInput: 'python-version' },
  go: { command: 'go', args: ['version'], versionInput: 'go-version' },
  java: { command: 'java', args: ['-version'], versionInput: 'java-version' },
  dotnet: { command: 'dotnet', args: ['--version'], versionInput: 'dotnet-version' },
  pnpm: { command: 'pnpm', args: ['--version'], versionInput: 'version' },
  buildx: { command: 'docker', args: ['buildx', 'version'] },
  docker: { command: 'docker', args: ['version', '--format', '{{.Client.Version}}'] },
  ruby: { command: 'ruby', args: ['--version'], versionInput: 'ruby-version' },
}

/** Whether setup-<tool> has a local check (otherwise the step cannot be carried out locally). */
export function hasToolchainCheck(tool: string): boolean {
  return Object.hasOwn(toolchains, tool)
}

/**
 * setup-*: checks that the tool is installed locally and reports its version; a requested
 * version whose major differs becomes a warning (the local toolchain is used as it is).
 */
export async function checkToolchain(
  tool: string,
  action: string,
  inputs: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string>>,
): Promise<LocalEquivalent> {
  const spec = toolchains[tool]
  if (!spec) return { ok: false, detail: `${action}: no local check for ${tool}`, warnings: [] }
  let version: string
  try {
    const result = await runProcess(spec.command, spec.args, { env, okExitCodes: 'any', timeoutMs: 30_000 })
    if (result.exitCode !== 0)
      return {
        ok: false,
        detail: `${action}: '${spec.command} ${spec.args.join(' ')}' failed: ${(result.stderr || result.stdout).trim()}`,
        warnings: [],
      }
    version = (result.stdout || result.stderr).trim().split('\n')[0]!
  } catch {
    return {
      ok: false,
      detail: `${action}: ${tool} is not installed locally (${spec.command} not on PATH)`,
      warnings: [],
    }
  }
  const requested = spec.versionInput ? inputs[spec.versionInput]?.trim() : undefined
  const warnings: string[] = []
  const major = (text: string) => /(\d+)/.exec(text)?.[1]
  if (requested && /^\d/.test(requested) && major(requested) !== major(version.replace(/^[^\d]*/, ''))) {
    warnings.push(`${action} asked for ${tool} ${requested}; the local ${tool} is ${version}`)
  }
  return { ok: true, detail: `local ${tool}: ${version}`, warnings }
}

/** actions/upload-artifact: copies the files matched by `path` into artifacts/<name>. */
export async function uploadArtifact(
  artifactsDir: string,
  workspace: string,
  inputs: Readonly<Record<string, string>>,
): Promise<LocalEquivalent> {
  const name = inputs.name || 'artifact'
  const patterns = (inputs.path ?? '')
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean)
  if (patterns.length === 0) throw new UserError('upload-artifact: input path is empty')
  const target = join(artifactsDir, name)
  let count = 0
  for (const pattern of patterns) {
    const absolute = resolve(workspace, pattern.replace(/^!/, ''))
    if (!pattern.startsWith('!') && existsSync(absolute) && statSync(absolute).isDirectory()) {
      cpSync(absolute, target, { recursive: true })
      count += countFiles(absolute)
    }
  }
  const globbed = await findFiles(
    patterns.filter((p) => !existsSync(resolve(workspace, p)) || statSync(resolve(workspace, p)).isFile()),
    workspace,
  )
  for (const file of globbed.files) {
    const to = join(target, relative(workspace, file))
    mkdirSync(join(to, '..'), { recursive: true })
    cpSync(file, to)
    count++
  }
  if (count === 0) {
    const missing = inputs['if-no-files-found'] || 'warn'
    const message = `upload-artifact ${name}: no files found for ${patterns.join(', ')}`
    if (missing === 'error') return { ok: false, detail: message, warnings: [] }
    return { ok: true, detail: message, warnings: missing === 'ignore' ? [] : [message] }
  }
  return { ok: true, detail: `${count} file(s) stored as artifact ${name} in ${target}`, warnings: [] }
}

/** actions/download-artifact: copies artifacts/<name> (or every artifact matching `pattern`) to `path`. */
export function downloadArtifact(
  artifactsDir: string,
  workspace: string,
  inputs: Readonly<Record<string, string>>,
): LocalEquivalent {
  const target = resolve(workspace, inputs.path || '.')
  const available = existsSync(artifactsDir) ? readdirSync(artifactsDir) : []
  let names: string[]
  if (inputs.name) names = available.includes(inputs.name) ? [inputs.name] : []
  else if (inputs.pattern) {
    const re = new RegExp(
      `^${inputs.pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    )
    names = available.filter((n) => re.test(n))
  } else names = available
  if (names.length === 0) {
    return {
      ok: false,
      detail: `download-artifact: no artifact ${inputs.name || inputs.pattern || ''} was uploaded earlier in this run (have: ${available.join(', ') || 'none'})`,
      warnings: [],
    }
  }
  const merge = inputs['merge-multiple'] === 'true' || (inputs.name ? true : false)
  for (const name of names)
    cpSync(join(artifactsDir, name), merge ? target : join(target, name), { recursive: true })
  return {
    ok: true,
    detail: `artifact(s) ${names.join(', ')} copied to ${relative(workspace, target) || '.'}`,
    warnings: [],
  }
}

function countFiles(dir: string): number {
  let n = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    n += entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1
  }
  return n
}
