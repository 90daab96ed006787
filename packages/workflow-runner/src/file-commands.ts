import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseFileCommand } from './commands'

/** The GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STATE and GITHUB_STEP_SUMMARY files of one step. */
export interface FileCommandFiles {
  readonly GITHUB_OUTPUT: string
  readonly GITHUB_ENV: string
  readonly GITHUB_PATH: string
  readonly GITHUB_STATE: string
  readonly GITHUB_STEP_SUMMARY: string
}

export interface FileCommandResults {
  readonly outputs: Record<string, string>
  readonly env: Record<string, string>
  readonly path: string[]
  readonly state: Record<string, string>
  readonly summary: string
}

/** Creates the empty file-command files of a step in dir (the runner creates them before each step). */
export function createFileCommandFiles(dir: string): FileCommandFiles {
  mkdirSync(dir, { recursive: true })
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_PATH: join(dir, 'path'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  return files
}

/** Reads what the step wrote to its file-command files. */
export function readFileCommands(files: FileCommandFiles): FileCommandResults {
  const read = (file: string) => readFileSync(file, 'utf8')
  return {
    outputs: parseFileCommand(read(files.GITHUB_OUTPUT), 'GITHUB_OUTPUT'),
    env: parseFileCommand(read(files.GITHUB_ENV), 'GITHUB_ENV'),
    path: read(files.GITHUB_PATH)
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    state: parseFileCommand(read(files.GITHUB_STATE), 'GITHUB_STATE'),
    summary: read(files.GITHUB_STEP_SUMMARY),
  }
}
