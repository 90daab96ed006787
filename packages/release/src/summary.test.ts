import { describe, expect, it } from 'vitest'
import { planRelease } from './plan'
import { parseVersion } from './semver'
import { renderReleaseSummary } from './summary'

const plan = planRelease({
  version: parseVersion('1.4.0')!,
  commit: 'c0ffee0000000000000000000000000000000000',
  knownVersions: [parseVersion('1.3.0')!],
  tagCreated: false,
  tagPushed: false,
  remote: 'origin',
})

describe('renderReleaseSummary', () => {
  it('shows each step with its status, the release link and the notes', () => {
    const summary = renderReleaseSummary({
      plan,
      notes: '## Features\n\n- x\n',
      previousTag: 'v1.3.0',
      dryRun: false,
      done: plan.steps.slice(0, 3),
      releaseUrl: 'https://github.com/o/r/releases/tag/v1.4.0',
    })
    expect(summary).toContain('## Release v1.4.0: ✅ released')
    expect(summary).toContain(
      'Commit `c0ffee0000000000000000000000000000000000` · changes since v1.3.0 · [release page](https://github.com/o/r/releases/tag/v1.4.0)',
    )
    expect(summary).toContain('| 3 | create GitHub Release v1.4.0, marked latest | done |')
    expect(summary).toContain(
      '| 4 | move v1.4 and v1 to c0ffee000000 (git push --force to origin) | not run |',
    )
    expect(summary).toContain('<details><summary>Release notes</summary>\n\n## Features\n\n- x\n\n</details>')
  })

  it('says a dry run changed nothing', () => {
    const summary = renderReleaseSummary({ plan, notes: 'n', dryRun: true, done: [] })
    expect(summary).toContain('## Release v1.4.0: dry run, nothing changed')
    expect(summary.match(/\| would run \|/g)).toHaveLength(4)
  })
})
