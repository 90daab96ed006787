import { readActionMetadata } from './run-action-bundle'

/**
 * The input names an action's parseInputs reads when every input has a value, so a test
 * can assert they equal the names action.yml declares.
 */
export function inputNamesRead(
  parse: (read: (name: string) => string) => unknown,
  values: Record<string, string>,
): string[] {
  const names = new Set<string>()
  parse((name) => {
    names.add(name)
    return values[name] ?? ''
  })
  return [...names].sort()
}

/** Declared inputs of an action, sorted, and those that are required but carry a default. */
export function declaredInputs(action: string): { names: string[]; requiredWithDefault: string[] } {
  const inputs = readActionMetadata(action).inputs ?? {}
  return {
    names: Object.keys(inputs).sort(),
    requiredWithDefault: Object.entries(inputs)
      .filter(([, spec]) => spec.required === true && spec.default !== undefined)
      .map(([name]) => name),
  }
}

/**
 * What is wrong with an action's declared secret inputs against its action.yml: an input
 * whose description says it is masked, a token or password, or a URL input that is not
 * declared (URL inputs as `urls`), or a declared name action.yml does not have. Empty when right.
 */
export function secretInputProblems(action: string, declared: Readonly<Record<string, string>>): string[] {
  const inputs = readActionMetadata(action).inputs ?? {}
  const problems: string[] = []
  for (const [name, spec] of Object.entries(inputs)) {
    const isUrl = /(^|-)urls?$/.test(name)
    const secret = isUrl || /(^|-)(token|password)$/.test(name) || /\bmasked\b/i.test(spec.description ?? '')
    if (secret && !(name in declared)) problems.push(`${name} is secret-bearing but not declared`)
    if (isUrl && name in declared && declared[name] !== 'urls') problems.push(`${name} should be 'urls'`)
  }
  for (const name of Object.keys(declared))
    if (!(name in inputs)) problems.push(`${name} is declared but not an input of ${action}`)
  return problems
}
