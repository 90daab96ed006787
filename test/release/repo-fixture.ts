import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Author {
  readonly name: string
  readonly email: string
}

export const ADA: Author = { name: 'Ada Lovelace', email: 'ada@example.com' }
export const BOB: Author = { name: 'Bob Builder', email: '1234+bob@users.noreply.github.com' }
export const CAROL: Author = { name: 'Carol', email: 'carol@example.com' }

/** A home without any git configuration, so runs see neither the machine's identity nor its settings. */
export const bareHome = (): string => mkdtempSync(join(tmpdir(), 'pk-release-home-'))

const gitEnv = (author: Author, home: string) => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: home,
  LC_ALL: 'C',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: author.name,
  GIT_AUTHOR_EMAIL: author.email,
  GIT_COMMITTER_NAME: author.name,
  GIT_COMMITTER_EMAIL: author.email,
})

/**
 * An action repository on disk: a bare repository as `origin`, a maintainer's clone that
 * commits and pushes, and the runner's checkout (a full clone, as actions/checkout with
 * fetch-depth: 0 makes). The action's build is `node build.mjs`, writing dist/index.js.
 */
export class ActionRepo {
  readonly root = mkdtempSync(join(tmpdir(), 'pk-release-'))
  readonly remote = join(this.root, 'origin.git')
  readonly maintainer = join(this.root, 'maintainer')
  readonly checkout = join(this.root, 'checkout')
  private readonly home = bareHome()

  constructor() {
    mkdirSync(this.maintainer)
    this.git(this.root, ['init', '--quiet', '--bare', '--initial-branch=main', this.remote])
    this.git(this.maintainer, ['init', '--quiet', '--initial-branch=main'])
    this.git(this.maintainer, ['remote', 'add', 'origin', this.remote])
    this.write(
      'build.mjs',
      "import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'\n" +
        "mkdirSync('dist', { recursive: true })\n" +
        "writeFileSync('dist/index.js', '// bundled\\n' + readFileSync('src/index.js', 'utf8'))\n",
    )
  }

  git(cwd: string, args: string[], author: Author = ADA): string {
    return execFileSync('git', args, { cwd, env: gitEnv(author, this.home), encoding: 'utf8' }).trim()
  }

  write(path: string, text: string): void {
    const file = join(this.maintainer, path)
    mkdirSync(join(file, '..'), { recursive: true })
    writeFileSync(file, text)
  }

  /** Changes the source, rebuilds dist (unless told not to) and commits as the author. */
  commit(subject: string, author: Author = ADA, options: { build?: boolean } = {}): string {
    this.write('src/index.js', `export const change = ${JSON.stringify(subject)}\n`)
    if (options.build !== false) execFileSync(process.execPath, ['build.mjs'], { cwd: this.maintainer })
    this.git(this.maintainer, ['add', '--all'])
    this.git(this.maintainer, ['commit', '--quiet', '-m', subject], author)
    return this.git(this.maintainer, ['rev-parse', 'HEAD'])
  }

  tag(name: string, options: { annotated?: boolean; at?: string } = {}): void {
    const at = options.at ?? 'HEAD'
    if (options.annotated === false) this.git(this.maintainer, ['tag', '--force', name, at])
    else this.git(this.maintainer, ['tag', '--annotate', '--message', `Release ${name}`, name, at])
  }

  push(...refs: string[]): void {
    this.git(this.maintainer, ['push', '--quiet', '--force', 'origin', ...refs])
  }

  /** Clones origin as the runner's checkout, at a branch or tag. */
  clone(ref = 'main'): string {
    rmSync(this.checkout, { recursive: true, force: true })
    this.git(this.root, [
      '-c',
      'advice.detachedHead=false',
      'clone',
      '--quiet',
      '--branch',
      ref,
      this.remote,
      this.checkout,
    ])
    return this.git(this.checkout, ['rev-parse', 'HEAD'])
  }

  /** Every ref on the remote with the object it names (tag objects not peeled). */
  remoteRefs(): Record<string, string> {
    const out = this.git(this.remote, ['for-each-ref', '--format=%(refname) %(objectname)'])
    return Object.fromEntries(
      out
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ') as [string, string]),
    )
  }

  /** The commit a remote tag points to (peeled). */
  remoteTagCommit(tag: string): string {
    return this.git(this.remote, ['rev-parse', `refs/tags/${tag}^{commit}`])
  }

  remoteObjectType(ref: string): string {
    return this.git(this.remote, ['cat-file', '-t', ref])
  }

  localTags(): string[] {
    return this.git(this.checkout, ['tag', '--list']).split('\n').filter(Boolean)
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true })
    rmSync(this.home, { recursive: true, force: true })
  }
}

/** The usual history: v1.0.0 (with floating v1 and v1.0), then a fix and a feature on main. */
export function standardRepo(): { repo: ActionRepo; head: string; v100: string } {
  const repo = new ActionRepo()
  const v100 = repo.commit('feat: first version')
  repo.tag('v1.0.0')
  repo.tag('v1.0', { annotated: false })
  repo.tag('v1', { annotated: false })
  repo.commit('fix(core): handle empty input', BOB)
  const head = repo.commit('feat: add retries', CAROL)
  repo.push('main', '--tags')
  repo.clone()
  return { repo, head, v100 }
}
