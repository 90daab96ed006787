/** An input as action.yml declares it. */
export interface DeclaredInput {
  readonly default?: unknown
  readonly required?: boolean
}

/** `INPUT_<NAME>` as the runner spells it: upper-cased, spaces to underscores, hyphens kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/**
 * The INPUT_* environment the runner gives an action: every input the step passes, then
 * each declared input the step did not pass (names compared case-insensitively, as the
 * runner does) with its default, `${{ }}` in it through `evaluateDefault`, or ''.
 */
export function actionInputEnv(
  declared: Readonly<Record<string, DeclaredInput>>,
  given: Readonly<Record<string, string>>,
  evaluateDefault: (text: string) => string,
): Record<string, string> {
  const env: Record<string, string> = {}
  const givenNames = new Set(Object.keys(given).map((name) => name.toLowerCase()))
  for (const [name, spec] of Object.entries(declared)) {
    if (givenNames.has(name.toLowerCase())) continue
    env[inputEnvName(name)] = spec.default === undefined ? '' : evaluateDefault(String(spec.default))
  }
  for (const [name, value] of Object.entries(given)) env[inputEnvName(name)] = value
  return env
}
