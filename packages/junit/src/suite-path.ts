/** A `<testsuite>` as a node of the suite tree: its name and its enclosing suite. */
export interface SuiteNode {
  readonly name: string
  readonly parentSuite?: SuiteNode
  /** Set by suitePath: the path, built once for a suite that holds tests. */
  path?: readonly string[]
  keyPrefix?: string
}

const NO_SUITE: readonly string[] = Object.freeze([])

/**
 * Suite names from the outermost down to `suite`, from the parent pointers, built once per
 * suite that asks (the suites holding tests) and shared by its tests. Intermediate suites are
 * not given paths of their own: a test 1,000 suites deep costs one array of 1,000 names, not
 * a path per level.
 */
export function suitePath(suite: SuiteNode): readonly string[] {
  if (suite.path) return suite.path
  const names: string[] = []
  let known: readonly string[] = NO_SUITE
  for (let s: SuiteNode | undefined = suite; s; s = s.parentSuite) {
    if (s.path) {
      known = s.path
      break
    }
    names.push(s.name)
  }
  names.reverse()
  suite.path = known.length ? [...known, ...names] : names
  return suite.path
}

/** The suite path as the leading part of a test's merge key. */
export function suiteKeyPrefix(suite: SuiteNode): string {
  return (suite.keyPrefix ??= suitePath(suite).join('\u001f'))
}
