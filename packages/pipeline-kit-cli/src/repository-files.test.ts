import { posix } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repositoryFromRemote } from './git-facts'
import { parseSecretFile } from './secret-file'
import { resolveWorkflowFile, type WorkflowFiles } from './workflow-file'

function filesOf(paths: string[]): WorkflowFiles {
  return {
    isFile: (path) => paths.includes(path),
    list: (dir) => paths.filter((p) => posix.dirname(p) === dir).map((p) => posix.basename(p)),
    resolve: posix.resolve,
  }
}

describe('resolveWorkflowFile', () => {
  const files = filesOf([
    '/repo/.github/workflows/ci.yml',
    '/repo/.github/workflows/release.yaml',
    '/repo/sub/local.yml',
  ])
  it.each([
    ['ci', '/repo/.github/workflows/ci.yml'],
    ['ci.yml', '/repo/.github/workflows/ci.yml'],
    ['release', '/repo/.github/workflows/release.yaml'],
    ['.github/workflows/ci.yml', '/repo/.github/workflows/ci.yml'],
    ['local.yml', '/repo/sub/local.yml'],
  ])('%s → %s', (given, expected) => {
    expect(resolveWorkflowFile(given, '/repo/sub', '/repo', files)).toBe(expected)
  })

  it('takes the only workflow when none is named, and lists them otherwise', () => {
    expect(resolveWorkflowFile(undefined, '/r', '/r', filesOf(['/r/.github/workflows/ci.yml']))).toBe(
      '/r/.github/workflows/ci.yml',
    )
    expect(() => resolveWorkflowFile(undefined, '/repo', '/repo', files)).toThrow(
      'name the workflow to run: pipeline-kit run <workflow> (in /repo/.github/workflows: ci.yml, release.yaml)',
    )
    expect(() => resolveWorkflowFile('deploy', '/repo', '/repo', files)).toThrow(
      "workflow 'deploy' not found, as a path or in /repo/.github/workflows (workflows there: ci.yml, release.yaml)",
    )
  })
})

describe('repositoryFromRemote', () => {
  it.each([
    ['https://github.com/octo/app.git', 'octo/app'],
    ['https://token@github.com/octo/app', 'octo/app'],
    ['git@github.com:octo/app.js.git', 'octo/app.js'],
    ['ssh://git@github.com/octo/app.git', 'octo/app'],
    ['https://gitlab.com/octo/app.git', undefined],
    ['/srv/git/app.git', undefined],
  ])('%s → %s', (url, expected) => {
    expect(repositoryFromRemote(url)).toBe(expected)
  })
})

describe('parseSecretFile', () => {
  it('reads NAME=VALUE lines, skipping comments and blank lines, unquoting once', () => {
    expect(parseSecretFile('# secrets\nA=1\n\nexport B="two words"\nC=\'x=y\'\nD=\n', '.secrets')).toEqual({
      A: '1',
      B: 'two words',
      C: 'x=y',
      D: '',
    })
  })
  it('names the file and line of a bad line, never its content', () => {
    expect(() => parseSecretFile('A=1\nTOKEN hunter2\n', '.secrets')).toThrow(
      /^\.secrets:2: expected NAME=VALUE$/,
    )
  })
})
