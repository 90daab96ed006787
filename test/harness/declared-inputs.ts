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
