import { describe, expect, it } from 'vitest'
import { parseStepOutput } from './commands'
import { run } from './run-workflow.test-helper'

const DEPRECATED_SET_OUTPUT =
  'The `set-output` command is deprecated and will be disabled soon. Please upgrade to using Environment Files. For more information see: https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/'
const DISABLED_SET_ENV =
  'The `set-env` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`. For more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/'

describe('parseStepOutput (ActionCommandManager)', () => {
  it('honours set-output and save-state with the deprecation warning', () => {
    const parsed = parseStepOutput(
      '::set-output name=a::1%0A2\n::save-state name=s::x\n::set-output::no name',
    )
    expect(parsed.outputs).toEqual({ a: '1\n2' })
    expect(parsed.state).toEqual({ s: 'x' })
    expect(parsed.annotations.map((a) => a.message)).toEqual([
      DEPRECATED_SET_OUTPUT,
      DEPRECATED_SET_OUTPUT.replace('`set-output`', '`save-state`'),
      "Unable to process command '::set-output::no name' successfully.",
      "Required field 'name' is missing in ##[set-output] command.",
    ])
    expect(parsed.failures).toHaveLength(1)
  })

  it('refuses set-env and add-path unless unsecure commands are allowed', () => {
    const refused = parseStepOutput('::set-env name=A::1\n::add-path::/opt/bin')
    expect(refused.env).toEqual({})
    expect(refused.path).toEqual([])
    expect(refused.failures).toEqual([DISABLED_SET_ENV, DISABLED_SET_ENV.replace('`set-env`', '`add-path`')])
    const allowed = parseStepOutput(
      '::set-env name=A::1\n::add-path::/opt/bin\n::set-env name=NODE_OPTIONS::x',
      {
        allowUnsecureCommands: true,
      },
    )
    expect(allowed).toMatchObject({ env: { A: '1' }, path: ['/opt/bin'], failures: [] })
    expect(allowed.annotations).toEqual([
      {
        level: 'error',
        message: "Can't update NODE_OPTIONS environment variable using ::set-env:: command.",
      },
    ])
  })

  it('stops processing commands until the token, refuses unsafe tokens, echoes on request', () => {
    const parsed = parseStepOutput(
      [
        '::stop-commands::pause-123',
        '::set-output name=ignored::1',
        '::warning::not an annotation',
        '::PAUSE-123::',
        '::echo::on',
        '::set-output name=after::2',
        '::add-mask::hidden',
        '::echo::off',
        '::group::quiet',
        '::add-mask::',
      ].join('\n'),
    )
    expect(parsed.outputs).toEqual({ after: '2' })
    expect(parsed.masks).toEqual(['hidden'])
    expect(parsed.log).toEqual([
      '::stop-commands::pause-123',
      '::set-output name=ignored::1',
      '::warning::not an annotation',
      '::PAUSE-123::',
      '::set-output name=after::2',
      '::add-mask::***',
      '::echo::off',
      '▸ quiet',
    ])
    expect(parsed.annotations.map((a) => a.message)).toEqual([
      DEPRECATED_SET_OUTPUT,
      "Can't add secret mask for empty string in ##[add-mask] command.",
    ])
    for (const token of ['', 'pause-logging', 'set-output']) {
      const refused = parseStepOutput(`::stop-commands::${token}\n::set-output name=x::1`)
      expect(refused.failures[0]).toMatch(/^You cannot use a endToken that is an empty string/)
      expect(refused.outputs).toEqual({ x: '1' })
      expect(
        parseStepOutput(`::stop-commands::${token}\n::set-output name=x::1`, {
          allowUnsecureStopTokens: true,
        }).outputs,
      ).toEqual({})
    }
    expect(parseStepOutput('::echo::loud').failures).toEqual([
      "Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: 'loud'.",
    ])
  })
})

describe('workflow commands and defaults in a run', () => {
  it('applies legacy commands across steps as the runner does, and fails a step whose command is refused', async () => {
    const result = await run(`
on: push
jobs:
  legacy:
    runs-on: ubuntu-latest
    steps:
      - id: old
        run: |
          echo "::add-mask::top-secret"
          echo "::set-output name=answer::42 top-secret"
          echo "::stop-commands::resume-here"
          echo "::set-output name=hidden::nope"
          echo "::resume-here::"
      - id: unsecure
        env:
          ACTIONS_ALLOW_UNSECURE_COMMANDS: 'true'
        run: |
          mkdir -p "$RUNNER_TEMP/legacy-bin" && printf '#!/bin/sh\\necho from-legacy-path\\n' > "$RUNNER_TEMP/legacy-bin/legacy-tool" && chmod +x "$RUNNER_TEMP/legacy-bin/legacy-tool"
          echo "::set-env name=FROM_SET_ENV::yes"
          echo "::add-path::$RUNNER_TEMP/legacy-bin"
      - name: sees
        run: |
          test "\${{ steps.old.outputs.answer }}" = "42 top-secret"
          test -z "\${{ steps.old.outputs.hidden }}"
          test "$FROM_SET_ENV" = yes
          test "$(legacy-tool)" = from-legacy-path
      - id: refused
        continue-on-error: true
        run: echo "::set-env name=NOT_ALLOWED::x"
      - name: not set
        run: test -z "$NOT_ALLOWED"
`)
    const [job] = result.jobs
    expect(job!.reason).toBeUndefined()
    expect(job!.steps.map((s) => [s.id, s.outcome])).toEqual([
      ['old', 'success'],
      ['unsecure', 'success'],
      ['__run', 'success'],
      ['refused', 'failure'],
      ['__run_2', 'success'],
    ])
    expect(job!.steps[3]!.detail).toBe(DISABLED_SET_ENV)
    const messages = result.annotations.map((a) => a.message)
    expect(messages).toContain(DEPRECATED_SET_OUTPUT)
    expect(messages).toContain("Unable to process command '::set-env name=NOT_ALLOWED::x' successfully.")
    expect(job!.steps[0]!.outputs).toEqual({ answer: '42 top-secret' })
    expect(job!.steps[0]!.logTail.join('\n')).not.toContain('top-secret')
  })

  it('evaluates job defaults.run with env available instead of aborting the run', async () => {
    const result = await run(`
on: push
env:
  SCRIPT_SHELL: python
jobs:
  py:
    runs-on: ubuntu-latest
    env:
      DIR_NAME: sub
    defaults:
      run:
        shell: \${{ env.SCRIPT_SHELL }}
        working-directory: \${{ env.DIR_NAME }}
    steps:
      - run: mkdir sub
        shell: bash
        working-directory: .
      - run: |
          import os
          assert os.path.basename(os.getcwd()) == "sub", os.getcwd()
          print("python in sub")
`)
    expect(result.jobs[0]!.reason).toBeUndefined()
    expect(result.jobs[0]!.steps.map((s) => s.conclusion)).toEqual(['success', 'success'])
  })

  it('refuses expressions in the workflow-level defaults.run, as GitHub’s schema does', async () => {
    await expect(
      run(`
on: push
defaults:
  run:
    shell: \${{ env.SCRIPT_SHELL }}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo a
`),
    ).rejects.toThrow(/\(Line: 5, Col: 12\): Unrecognized named-value: 'env'/)
  })
})
