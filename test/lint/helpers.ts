import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import Ajv from 'ajv-draft-04'
import addFormats from 'ajv-formats'
import { repoRoot } from '../harness'

const require = createRequire(import.meta.url)

/** PATH for the action: the repository's eslint/prettier and the test package's biome first. */
export const toolPath = [
  join(repoRoot, 'node_modules', '.bin'),
  join(repoRoot, 'test', 'node_modules', '.bin'),
  process.env.PATH ?? '/usr/bin:/bin',
].join(':')

/** A fresh copy of a fixture project (or an empty folder) as the workspace. */
export function makeWorkspace(fixture?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pk-lint-'))
  if (fixture) cpSync(join(import.meta.dirname, 'fixtures', fixture), dir, { recursive: true })
  return dir
}

/** Writes files (path → content) below dir. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
}

/** Runs a tool the way a developer would, to compare the action's counts with its own. */
export function tool(
  cwd: string,
  command: string,
  args: readonly string[],
): { code: number; stdout: string; stderr: string } {
  // Colourless, as the action runs them (vitest sets FORCE_COLOR in its workers).
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: toolPath, NO_COLOR: '1' }
  delete env.FORCE_COLOR
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env })
  if (result.error) throw result.error
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}

export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`)
  return result.stdout.trim()
}

/** A git repository with one commit of everything in dir; returns the commit id. */
export function commitAll(dir: string, message: string): string {
  if (spawnSync('git', ['rev-parse', '--git-dir'], { cwd: dir }).status !== 0) {
    git(dir, 'init', '-q', '-b', 'main')
  }
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', message)
  return git(dir, 'rev-parse', 'HEAD')
}

const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')

/** Validates a file against the official SARIF 2.1.0 JSON schema; returns the errors (empty when valid). */
export function sarifSchemaErrors(file: string): string[] {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'))
  // The schema is draft-04, and one of its patterns is not valid with the `u` flag.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false })
  addFormats(ajv)
  const validate = ajv.compile(schema)
  if (validate(JSON.parse(readFileSync(file, 'utf8')))) return []
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)
}

/** The normalised report the action wrote. */
export function readReport(path: string): {
  tools: { tool: string; status: string; problem?: string; counts: Record<string, number> }[]
  diagnostics: {
    tool: string
    rule?: string
    severity: string
    file?: string
    line?: number
    group?: string
    fixable: boolean
  }[]
  counts: Record<string, number>
  byTool: Record<string, Record<string, number>>
  groups: { key: string; tools: string[] }[]
  filteredOut: number
} {
  return JSON.parse(readFileSync(path, 'utf8'))
}
