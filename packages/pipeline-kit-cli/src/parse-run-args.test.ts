import { describe, expect, it } from 'vitest'
import { parseRunArgs, type RunArgs } from './parse-run-args'

const defaults: RunArgs = {
  command: 'run',
  workflow: undefined,
  event: undefined,
  eventFile: undefined,
  repository: undefined,
  ref: undefined,
  sha: undefined,
  actor: undefined,
  jobs: [],
  parallelJobs: undefined,
  list: false,
  inputs: {},
  vars: {},
  secretNames: [],
  secretFile: undefined,
  verbose: false,
}
const sha = '0123456789abcdef0123456789abcdef01234567'

describe('parseRunArgs', () => {
  it.each<[string[], Partial<RunArgs>]>([
    [['run'], {}],
    [['run', 'ci.yml'], { workflow: 'ci.yml' }],
    [
      ['run', '--event', 'pull_request', '--event-file', 'pr.json'],
      { event: 'pull_request', eventFile: 'pr.json' },
    ],
    [
      ['run', '--event=workflow_dispatch', '--input', 'level=2'],
      { event: 'workflow_dispatch', inputs: { level: '2' } },
    ],
    [['run', '--repository', 'octo/app.js', '--sha', sha], { repository: 'octo/app.js', sha }],
    [['run', '--ref', 'main'], { ref: 'refs/heads/main' }],
    [['run', '--ref', 'feature/x-1'], { ref: 'refs/heads/feature/x-1' }],
    [['run', '--ref', 'refs/tags/v1.2.0'], { ref: 'refs/tags/v1.2.0' }],
    [['run', '--actor', 'mona'], { actor: 'mona' }],
    [['run', '--actor', 'dependabot[bot]'], { actor: 'dependabot[bot]' }],
    [['run', '--job', 'test', '--job', 'lint', '--job', 'test'], { jobs: ['test', 'lint'] }],
    [['run', 'ci', '--list'], { workflow: 'ci', list: true }],
    [['run', '--jobs', '3'], { parallelJobs: 3 }],
    [['run', '--var', 'A=1', '--var', 'B=x=y', '--var', 'C='], { vars: { A: '1', B: 'x=y', C: '' } }],
    [
      ['run', '--secret', 'NPM_TOKEN', '--secret-file', '.secrets'],
      { secretNames: ['NPM_TOKEN'], secretFile: '.secrets' },
    ],
    [['run', '--verbose', '--', '--odd-name.yml'], { verbose: true, workflow: '--odd-name.yml' }],
  ])('%j', (argv, expected) => {
    expect(parseRunArgs(argv)).toEqual({ ...defaults, ...expected })
  })

  it.each([[[]], [['--help']], [['-h']], [['run', 'ci.yml', '--help']]])('help: %j', (argv) => {
    expect(parseRunArgs(argv).command).toBe('help')
  })

  it('version', () => {
    expect(parseRunArgs(['--version']).command).toBe('version')
  })

  it.each<[string[], string]>([
    [['build'], "unknown command 'build'; expected 'run'"],
    [['run', '--evnt', 'push'], "unknown option '--evnt'"],
    [['run', '--event'], '--event needs a value'],
    [['run', '--event', '--list'], "--event needs a value, got the option '--list'"],
    [['run', '--event', 'pushed'], "--event 'pushed' is not an event a workflow can run on"],
    [['run', '--event-file='], "--event-file needs the path of a JSON payload, got ''"],
    [['run', '--repository', 'app'], "--repository expects owner/name, got 'app'"],
    [['run', '--repository', 'a/b/c'], "--repository expects owner/name, got 'a/b/c'"],
    [['run', '--sha', 'abc123'], "--sha expects a full 40-character lowercase hex commit SHA, got 'abc123'"],
    [
      ['run', '--ref', 'feature..x'],
      "--ref expects a branch name or a full ref (refs/heads/…, refs/tags/…), got 'feature..x'",
    ],
    [['run', '--ref', 'my branch'], "got 'my branch'"],
    [['run', '--ref', 'refs/'], "got 'refs/'"],
    [
      ['run', '--actor', 'mona lisa'],
      "--actor expects a GitHub login (letters, digits, hyphens), got 'mona lisa'",
    ],
    [
      ['run', '--job', '1st'],
      "--job expects a job id (letters, digits, '_' and '-', not starting with a digit), got '1st'",
    ],
    [
      ['run', '--jobs', '0'],
      "--jobs expects the number of jobs to run at the same time (1 or more), got '0'",
    ],
    [['run', '--jobs=two'], "got 'two'"],
    [['run', '--input', 'level'], "--input expects NAME=VALUE, got 'level'"],
    [['run', '--var', '=1'], "--var expects NAME=VALUE, got '=1'"],
    [['run', '--list=yes'], "--list takes no value, got 'yes'"],
    [['run', '--sha', sha, '--sha', sha], '--sha given 2 times'],
    [['run', 'a.yml', 'b.yml'], "run takes one workflow, got 'a.yml', 'b.yml'"],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseRunArgs(argv)).toThrow(message)
  })

  it('refuses a secret value on the command line without repeating it', () => {
    expect(() => parseRunArgs(['run', '--secret', 'TOKEN=hunter2'])).toThrow(
      "--secret expects the NAME of an environment variable holding the secret (the value never goes on the command line), got 'TOKEN=…'",
    )
    expect(() => parseRunArgs(['run', '--secret', 'TOKEN=hunter2'])).not.toThrow('hunter2')
  })
})
