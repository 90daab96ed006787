import { UserError } from '@pipeline-kit/common'
import type { Value } from './expressions'

export type MatrixCombination = Readonly<Record<string, Value>>

type Entry = Record<string, Value>

function isRecord(value: Value | undefined): value is { readonly [key: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function matches(combination: Entry, partial: Entry): boolean {
  return Object.entries(partial).every(
    ([key, value]) => JSON.stringify(combination[key]) === JSON.stringify(value),
  )
}

/**
 * Expands an evaluated `strategy.matrix` as GitHub does: the cartesian product of the
 * list-valued keys, minus `exclude` entries (partial matches), then each `include`
 * entry extends every combination whose original values it does not overwrite, or is
 * added as a new combination when it extends none. No matrix gives one empty combination.
 */
export function expandMatrix(matrix: Value | undefined): MatrixCombination[] {
  if (matrix === undefined || matrix === null) return [{}]
  if (!isRecord(matrix))
    throw new UserError(`strategy.matrix must be a mapping, found ${JSON.stringify(matrix)}`)
  const dimensions = Object.entries(matrix).filter(([key]) => key !== 'include' && key !== 'exclude')
  let combinations: Entry[] = dimensions.length > 0 ? [{}] : []
  for (const [key, values] of dimensions) {
    if (!Array.isArray(values))
      throw new UserError(`strategy.matrix.${key} must be a list, found ${JSON.stringify(values)}`)
    if (values.length === 0) throw new UserError(`strategy.matrix.${key} is an empty list`)
    combinations = combinations.flatMap((c) => (values as Value[]).map((v) => ({ ...c, [key]: v })))
  }
  const exclude = matrix.exclude ?? []
  const include = matrix.include ?? []
  if (!Array.isArray(exclude) || !Array.isArray(include))
    throw new UserError('strategy.matrix include/exclude must be lists')
  for (const partial of exclude as Value[]) {
    if (!isRecord(partial)) throw new UserError('strategy.matrix.exclude items must be mappings')
    combinations = combinations.filter((c) => !matches(c, partial))
  }
  const originalKeys = new Set(dimensions.map(([key]) => key))
  const originals = combinations.map((c) => ({ ...c }))
  for (const extra of include as Value[]) {
    if (!isRecord(extra)) throw new UserError('strategy.matrix.include items must be mappings')
    let extended = false
    originals.forEach((original, index) => {
      const overwritesOriginal = Object.entries(extra).some(
        ([key, value]) => originalKeys.has(key) && JSON.stringify(original[key]) !== JSON.stringify(value),
      )
      if (!overwritesOriginal) {
        combinations[index] = { ...combinations[index], ...extra }
        extended = true
      }
    })
    if (!extended) combinations.push({ ...extra })
  }
  if (combinations.length === 0) throw new UserError('strategy.matrix produced no combination')
  return combinations
}
