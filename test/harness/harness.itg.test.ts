import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseFileCommands, parseWorkflowCommands, runActionBundle, runActionWithPost } from './index'

describe('harness', () => {
  it('parses multi-line file commands and escaped workflow commands', () => {
    expect(parseFileCommands('a=1\nb<<EOF\nx\ny\nEOF\nc=z=2\n')).toEqual({ a: '1', b: 'x\ny', c: 'z=2' })
    const [cmd] = parseWorkflowCommands('::error file=a%2Cb.ts,line=3,title=x%3Ay::bad%0Aline 100%25')
    expect(cmd).toEqual({
      command: 'error',
      properties: { file: 'a,b.ts', line: '3', title: 'x:y' },
      message: 'bad\nline 100%',
    })
  })

  it('rejects inputs the action does not declare', async () => {
    await expect(runActionBundle({ action: 'smoke-test', inputs: { 'no-such-input': 'x' } })).rejects.toThrow(
      /not declared/,
    )
  })

  it('refuses, with the runner’s message, a manifest the runner refuses, before running anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-manifest-'))
    const marker = join(dir, 'ran')
    writeFileSync(
      join(dir, 'action.yml'),
      [
        'name: Refused',
        'description: An input description with an expression',
        'inputs:',
        '  github-token:',
        "    description: 'A token, e.g. ${{ github.token }}'",
        '    default: ${{ github.token }}',
        'runs:',
        '  using: node24',
        '  main: index.js',
        '',
      ].join('\n'),
    )
    writeFileSync(
      join(dir, 'index.js'),
      `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran')\n`,
    )
    const file = join(dir, 'action.yml')
    await expect(runActionBundle({ action: dir })).rejects.toThrow(
      `${file} (Line: 5, Col: 18): Unrecognized named-value: 'github'. Located at position 1 within expression: github.token\nFailed to load ${file}`,
    )
    expect(existsSync(marker)).toBe(false)
  })

  it("kills the action with a signal once its output matches, keeping what it saved; post gets main's state and RUNNER_TEMP", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-harness-action-'))
    try {
      writeFileSync(
        join(dir, 'action.yml'),
        'name: Sleeper\ndescription: Waits to be killed.\nruns:\n  using: node24\n  main: main.js\n  post: main.js\n',
      )
      writeFileSync(
        join(dir, 'main.js'),
        [
          "const fs = require('node:fs')",
          "const marker = process.env.RUNNER_TEMP + '/marker'",
          'if (process.env.STATE_phase) {',
          "  console.log('post sees ' + process.env.STATE_phase + ' and ' + fs.readFileSync(marker, 'utf8'))",
          '} else {',
          "  fs.writeFileSync(marker, 'the marker')",
          "  fs.appendFileSync(process.env.GITHUB_STATE, 'phase=switched\\n')",
          "  console.log('switched')",
          '  setInterval(() => {}, 1000)',
          '}',
        ].join('\n'),
      )
      const killed = await runActionBundle({ action: dir, kill: { when: /switched/, signal: 'SIGTERM' } })
      expect(killed.signal).toBe('SIGTERM')
      expect(killed.state).toEqual({ phase: 'switched' })
      const { main, post } = await runActionWithPost({
        action: dir,
        kill: { when: /switched/, signal: 'SIGKILL' },
      })
      expect(main.signal).toBe('SIGKILL')
      expect(post.runnerTemp).toBe(main.runnerTemp)
      expect(post.signal).toBeUndefined()
      expect(post.stdout).toContain('post sees switched and the marker')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('evaluates input defaults with the local runner’s evaluator and the input-default contexts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-harness-defaults-'))
    try {
      writeFileSync(
        join(dir, 'action.yml'),
        [
          'name: Defaults',
          'description: Prints its inputs.',
          'inputs:',
          '  where:',
          "    default: ${{ runner.os }}/${{ github.event_name }}/${{ format('{0}#{1}', github.repository, github.run_number) }}",
          '  branch:',
          "    default: ${{ github.event.repository.default_branch == 'main' && 'default' || 'other' }}",
          '  status:',
          '    default: ${{ job.status }} ${{ strategy.job-index }}${{ matrix.os }}',
          '  lock:',
          "    default: ${{ hashFiles('*.lock') }}",
          '  token:',
          '    default: ${{ github.token }}',
          'runs:',
          '  using: node24',
          '  main: index.js',
          '',
        ].join('\n'),
      )
      writeFileSync(
        join(dir, 'index.js'),
        "for (const n of ['WHERE', 'BRANCH', 'STATUS', 'LOCK', 'TOKEN']) console.log(n + '=' + process.env['INPUT_' + n])\n",
      )
      const workspace = mkdtempSync(join(tmpdir(), 'pk-harness-ws-'))
      writeFileSync(join(workspace, 'pnpm.lock'), 'lock\n')
      const result = await runActionBundle({ action: dir, workspace, env: { GITHUB_TOKEN: 'ghs_x' } })
      expect(result.exitCode).toBe(0)
      expect(result.stdout.trim().split('\n')).toEqual([
        'WHERE=Linux/push/octo/app#7',
        'BRANCH=default',
        'STATUS=success 0',
        `LOCK=${createHash('sha256').update(createHash('sha256').update('lock\n').digest()).digest('hex')}`,
        'TOKEN=ghs_x',
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
