import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  computeImageMetadata,
  computeImageTags,
  describeGitContext,
  formatDate,
  normalizeImageName,
  parseFlavor,
  parseSemver,
  parseTagRules,
  registryOf,
  sanitizeTag,
  type GitContext,
} from './index'

const SHA = '4f9c2b1e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c'
const NOW = new Date('2026-11-23T03:04:05Z')

function event(file: string): Record<string, any> {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'events', file), 'utf8'))
}

/** The context the runner gives for an event fixture (GITHUB_REF as the runner sets it). */
function contextFor(eventName: string, file: string, ref?: string): GitContext {
  const payload = event(file)
  return describeGitContext({
    eventName,
    ref:
      ref ?? payload.ref ?? (payload.pull_request ? `refs/pull/${payload.number}/merge` : 'refs/heads/main'),
    sha: SHA,
    payload,
    owner: 'octo',
    repo: 'app',
    serverUrl: 'https://github.com',
  })
}

const meta = (
  context: GitContext,
  tags: string[] = [],
  flavor: string[] = [],
  images = ['ghcr.io/octo/app'],
) => computeImageMetadata(context, { images, tags, flavor, now: NOW })

describe('default tags by event', () => {
  const cases: [string, string, string, string | undefined, string[]][] = [
    ['push to main', 'push', 'push-main.json', undefined, ['main', 'sha-4f9c2b1']],
    [
      'push to a branch with slashes',
      'push',
      'push-branch-slashes.json',
      undefined,
      ['feature-JIRA-12-login_page', 'sha-4f9c2b1'],
    ],
    [
      'release tag',
      'push',
      'push-tag-release.json',
      undefined,
      ['1.2.3', '1.2', '1', 'sha-4f9c2b1', 'latest'],
    ],
    ['prerelease tag', 'push', 'push-tag-prerelease.json', undefined, ['2.0.0-rc.1', 'sha-4f9c2b1']],
    ['major zero tag', 'push', 'push-tag-zero.json', undefined, ['0.4.1', '0.4', 'sha-4f9c2b1', 'latest']],
    [
      'tag that is not semver',
      'push',
      'push-tag-not-semver.json',
      undefined,
      ['release-2026.11', 'sha-4f9c2b1', 'latest'],
    ],
    ['pull request', 'pull_request', 'pull-request.json', undefined, ['pr-42', 'sha-4f9c2b1']],
    [
      'pull_request_target (ref is the base branch)',
      'pull_request_target',
      'pull-request.json',
      'refs/heads/main',
      ['pr-42', 'sha-4f9c2b1'],
    ],
    ['schedule on main', 'schedule', 'schedule.json', 'refs/heads/main', ['nightly', 'main', 'sha-4f9c2b1']],
    [
      'release published',
      'release',
      'release-published.json',
      'refs/tags/v3.1.0',
      ['3.1.0', '3.1', '3', 'sha-4f9c2b1', 'latest'],
    ],
  ]
  it.each(cases)('%s', (_name, eventName, file, ref, expected) => {
    const result = meta(contextFor(eventName, file, ref))
    expect(result.tags).toEqual(expected)
    expect(result.version).toBe(expected[0])
    expect(result.references).toEqual(expected.map((t) => `ghcr.io/octo/app:${t}`))
  })

  it('never moves latest or the short tags for a prerelease, whatever the flavor says', () => {
    const context = contextFor('push', 'push-tag-prerelease.json')
    for (const latest of ['auto', 'true']) {
      const result = meta(context, [], [`latest=${latest}`])
      expect(result.tags).not.toContain('latest')
      expect(result.tags).not.toContain('2')
      expect(result.tags).not.toContain('2.0')
      expect(result.prerelease).toBe(true)
      expect(result.notes.join('\n')).toMatch(/v2\.0\.0-rc\.1 is a prerelease/)
    }
  })

  it('says how a branch name was sanitised', () => {
    const result = meta(contextFor('push', 'push-branch-slashes.json'))
    expect(result.notes).toContain(
      "'feature/JIRA-12/login_page' was sanitised to the tag 'feature-JIRA-12-login_page'",
    )
  })
})

describe('explicit tag rules', () => {
  const tagCtx = contextFor('push', 'push-tag-release.json')

  it('semver patterns with text around them and {{raw}}', () => {
    const result = meta(tagCtx, ['type=semver,pattern=v{{major}}.{{minor}}', 'type=semver,pattern={{raw}}'])
    expect(result.tags).toEqual(['v1.2', 'v1.2.3', 'latest'])
  })

  it('semver from an explicit value on a branch push, and build metadata dropped', () => {
    const result = meta(contextFor('push', 'push-main.json'), [
      'type=semver,pattern={{version}},value=3.4.5+build.9',
      'type=semver,pattern={{major}}.{{minor}},value=3.4.5',
    ])
    expect(result.tags).toEqual(['3.4.5', '3.4'])
    expect(result.latest).toBe(false) // not a git tag: auto adds no latest
  })

  it('a prerelease collapses short patterns to the full version (deduplicated)', () => {
    const result = meta(contextFor('push', 'push-tag-prerelease.json'), [
      'type=semver,pattern={{version}}',
      'type=semver,pattern={{major}}.{{minor}}',
      'type=semver,pattern={{major}}',
    ])
    expect(result.tags).toEqual(['2.0.0-rc.1'])
  })

  it('explicit tags, expressions, prefixes, suffixes, priority and enable', () => {
    const result = meta(contextFor('push', 'push-main.json'), [
      'stable, candidate',
      "type=raw,value=build-{{date 'YYYYMMDD'}}-{{sha}}",
      'type=raw,value=latest,enable={{is_default_branch}}',
      'type=ref,event=branch,prefix=br-,suffix=-x,priority=2000',
      'type=sha,format=long,prefix=',
      'type=edge',
      'type=ref,event=pr',
      'type=schedule,enable=false',
    ])
    expect(result.tags).toEqual([
      'br-main-x',
      'edge',
      'stable',
      'candidate',
      'build-20261123-4f9c2b1',
      'latest',
      SHA,
    ])
    expect(result.version).toBe('br-main-x')
  })

  it('latest=false wins over a release; latest=true adds latest on a branch', () => {
    expect(meta(tagCtx, [], ['latest=false']).tags).not.toContain('latest')
    expect(meta(contextFor('push', 'push-main.json'), [], ['latest=true']).tags).toEqual([
      'main',
      'sha-4f9c2b1',
      'latest',
    ])
  })

  it('flavor prefix and suffix decorate every tag, and latest only with onlatest', () => {
    expect(meta(tagCtx, ['type=semver,pattern={{version}}'], ['prefix=app-,suffix=-alpine']).tags).toEqual([
      'app-1.2.3-alpine',
      'latest',
    ])
    expect(
      meta(tagCtx, ['type=semver,pattern={{version}}'], ['prefix=app-', 'suffix=-alpine', 'onlatest=true'])
        .tags,
    ).toEqual(['app-1.2.3-alpine', 'app-latest-alpine'])
  })

  it('schedule patterns with dates only on schedule events', () => {
    const rules = ["type=schedule,pattern=nightly-{{date 'YYYY.MM.DD'}}"]
    expect(meta(contextFor('schedule', 'schedule.json', 'refs/heads/main'), rules).tags).toEqual([
      'nightly-2026.11.23',
    ])
    expect(meta(contextFor('push', 'push-main.json'), rules).tags).toEqual([])
  })

  it('pr rules use the number, never the base branch, on pull_request_target', () => {
    const context = contextFor('pull_request_target', 'pull-request.json', 'refs/heads/main')
    expect(context.isDefaultBranch).toBe(false)
    expect(
      meta(context, ['type=ref,event=branch', 'type=ref,event=pr,prefix=pull-', 'type=edge']).tags,
    ).toEqual(['pull-42'])
    // git names inside expressions are sanitised like the ref rules' names
    expect(meta(context, ['type=raw,value={{branch}}-{{base_ref}}']).tags).toEqual(['feature-login-main'])
  })
})

describe('invalid input is a UserError naming the input', () => {
  const main = contextFor('push', 'push-main.json')
  it.each([
    [
      ['type=raw,value=has space'],
      [],
      /Input 'tags' entry 'type=raw,value=has space' produced the invalid tag 'has space'/,
    ],
    [['type=raw,value=.hidden'], [], /produced the invalid tag '.hidden'/],
    [[`type=raw,value=${'a'.repeat(129)}`], [], /produced the invalid tag/],
    [['type=nope'], [], /Input 'tags' has invalid entry 'type=nope': unknown type 'nope'/],
    [['type=ref'], [], /type=ref needs event=branch, event=tag or event=pr/],
    [['type=ref,event=branch,colour=red'], [], /unknown attribute 'colour' for type=ref/],
    [['type=semver'], [], /type=semver needs a pattern/],
    [['type=sha,format=medium'], [], /format must be short or long/],
    [['type=raw,value=x,priority=high'], [], /priority must be a whole number/],
    [
      ['type=raw,value={{nope}}'],
      [],
      /Input 'tags' entry 'type=raw,value=\{\{nope\}\}' uses the unknown expression \{\{nope\}\}/,
    ],
    [['type=raw,value=x,enable=maybe'], [], /enable must be true, false or an expression/],
    [
      [],
      ['prefix=-bad'],
      /Input 'flavor' \(prefix '-bad', suffix ''\) turned 'main' into the invalid tag '-badmain'/,
    ],
    [[], ['latest=sometimes'], /Input 'flavor' has invalid entry 'latest=sometimes'/],
    [[], ['colour=red'], /unknown key 'colour'/],
  ])('%j %j', (tags, flavor, message) => {
    expect(() => meta(main, tags, flavor)).toThrow(message)
  })

  it('image names: lower-cased, tags and digests refused, hosts kept', () => {
    expect(normalizeImageName('GHCR.io/Octo/App', 'images')).toBe('ghcr.io/octo/app')
    expect(normalizeImageName('127.0.0.1:5000/team/app', 'images')).toBe('127.0.0.1:5000/team/app')
    expect(normalizeImageName('localhost/app', 'images')).toBe('localhost/app')
    expect(() => normalizeImageName('ghcr.io/octo/app:1.0', 'images')).toThrow(
      "Input 'images' has invalid image name 'ghcr.io/octo/app:1.0': remove the ':tag'",
    )
    expect(() => normalizeImageName('app@sha256:abc', 'images')).toThrow(/remove the digest/)
    expect(() => normalizeImageName('octo/my app', 'images')).toThrow(/path components/)
    expect(() => meta(main, [], [], [])).toThrow("Input 'images' is empty")
    expect(registryOf('ghcr.io/octo/app')).toBe('ghcr.io')
    expect(registryOf('127.0.0.1:5000/app')).toBe('127.0.0.1:5000')
    expect(registryOf('octo/app')).toBe('docker.io')
    expect(registryOf('app')).toBe('docker.io')
  })

  it('several images get every tag; duplicates are removed', () => {
    const result = meta(main, ['v1'], [], ['ghcr.io/octo/app', '127.0.0.1:5000/app', 'GHCR.IO/octo/app'])
    expect(result.references).toEqual(['ghcr.io/octo/app:v1', '127.0.0.1:5000/app:v1'])
  })
})

describe('OCI labels and annotations', () => {
  it('come from the repository, the commit and the version; user labels win', () => {
    const result = computeImageMetadata(contextFor('push', 'push-tag-release.json'), {
      images: ['ghcr.io/octo/app'],
      tags: [],
      flavor: [],
      labels: { 'org.opencontainers.image.title': 'App', maintainer: 'team@octo.dev' },
      now: NOW,
    })
    expect(result.labels).toEqual({
      'org.opencontainers.image.created': '2026-11-23T03:04:05.000Z',
      'org.opencontainers.image.description': 'The sample app',
      'org.opencontainers.image.licenses': 'MIT',
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.source': 'https://github.com/octo/app',
      'org.opencontainers.image.title': 'App',
      'org.opencontainers.image.url': 'https://github.com/octo/app',
      'org.opencontainers.image.version': '1.2.3',
      maintainer: 'team@octo.dev',
    })
    expect(result.annotations).toContain('manifest:org.opencontainers.image.version=1.2.3')
    expect(result.annotations.some((a) => a.includes('maintainer'))).toBe(false)
  })

  it('leave out what the repository does not have', () => {
    const context = describeGitContext({
      eventName: 'push',
      ref: 'refs/heads/dev',
      sha: SHA,
      payload: {},
      owner: 'octo',
      repo: 'lib',
      serverUrl: 'https://ghe.example.com/',
    })
    const labels = meta(context).labels
    expect(labels['org.opencontainers.image.source']).toBe('https://ghe.example.com/octo/lib')
    expect(labels['org.opencontainers.image.title']).toBe('lib')
    expect(labels).not.toHaveProperty('org.opencontainers.image.description')
    expect(labels).not.toHaveProperty('org.opencontainers.image.licenses')
  })
})

describe('building blocks', () => {
  it('parseSemver', () => {
    expect(parseSemver('v1.2.3')).toMatchObject({ major: 1, minor: 2, patch: 3, prerelease: '' })
    expect(parseSemver('2.0.0-rc.1+b.7')).toMatchObject({ prerelease: 'rc.1', build: 'b.7' })
    for (const bad of ['1.2', 'v01.2.3', '1.2.3-', 'release-1', '1.2.3.4'])
      expect(parseSemver(bad)).toBeUndefined()
  })

  it('sanitizeTag', () => {
    expect(sanitizeTag('feature/x')).toBe('feature-x')
    expect(sanitizeTag('dependabot/npm_and_yarn/@types/node-20.1')).toBe(
      'dependabot-npm_and_yarn-types-node-20.1',
    )
    expect(sanitizeTag('-.-x')).toBe('x')
    expect(sanitizeTag('ünïcode')).toBe('n-code')
    expect(sanitizeTag('///')).toBe('')
    expect(sanitizeTag('a'.repeat(300))).toHaveLength(128)
  })

  it('formatDate, parseFlavor, parseTagRules', () => {
    expect(formatDate(NOW, 'YYYYMMDD-HHmmss YY')).toBe('20261123-030405 26')
    expect(parseFlavor(['latest=false,prefix=p-', 'onlatest=true'])).toEqual({
      latest: 'false',
      prefix: 'p-',
      suffix: '',
      onLatest: true,
    })
    expect(parseTagRules(["type=raw,value={{date 'YYYY,MM'}},priority=5"])[0]).toMatchObject({
      value: "{{date 'YYYY,MM'}}",
      priority: 5,
    })
    expect(parseTagRules(['# comment', 'a, b']).map((r) => r.value)).toEqual(['a', 'b'])
  })

  it('computeImageTags reports which rule produced each tag', () => {
    const context = contextFor('push', 'push-tag-release.json')
    const result = computeImageTags(context, {
      rules: parseTagRules(['type=semver,pattern={{version}}', 'type=sha']),
      flavor: parseFlavor([]),
      now: NOW,
    })
    expect(result.produced).toEqual([
      { tag: '1.2.3', rule: 'type=semver,pattern={{version}}' },
      { tag: 'sha-4f9c2b1', rule: 'type=sha' },
      { tag: 'latest', rule: 'flavor latest=auto' },
    ])
  })
})
