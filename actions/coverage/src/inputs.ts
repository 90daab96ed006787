import { inputsFrom, invalid, type InputSource, type SecretInputs } from '@pipeline-kit/action-runtime'
import { parsePercentThreshold, type PercentThreshold, type Thresholds } from '@pipeline-kit/coverage'

export interface CoverageInputs {
  readonly reports: readonly string[]
  readonly allowOutsideWorkspace: boolean
  readonly pathPrefixes: readonly string[]
  readonly thresholds: Thresholds
  readonly patchCoverage: boolean
  readonly comment: boolean
  readonly title: string
  readonly baselineCache: boolean
  readonly baselineFile?: string
  readonly defaultBranch: string
  readonly badgePath?: string
  readonly token: string
  readonly failOnApiError: boolean
}

/** Inputs holding secrets: masked by runAction before any input is parsed. */
export const SECRET_INPUTS: SecretInputs = { 'github-token': 'value' }

/** Reads and validates every input; throws a UserError naming the first bad one. */
export function parseInputs(source: InputSource): CoverageInputs {
  const input = inputsFrom(source, SECRET_INPUTS)
  // Validated as a number first (same messages as every input), then kept as the exact decimal.
  const percentage = (name: string): PercentThreshold | undefined => {
    if (input.optionalNumber(name, { min: 0, max: 100 }) === undefined) return undefined
    const text = input.string(name)
    const threshold = parsePercentThreshold(text)
    if (!threshold) throw invalid(name, text, 'a value from 0 to 100')
    return threshold
  }
  return {
    reports: input.required('reports') ? input.list('reports') : [],
    allowOutsideWorkspace: input.boolean('allow-outside-workspace', false),
    pathPrefixes: input.list('path-prefix', 'lines'),
    thresholds: {
      lines: percentage('min-lines'),
      branches: percentage('min-branches'),
      functions: percentage('min-functions'),
      fileLines: percentage('min-file-lines'),
      patch: percentage('min-patch'),
    },
    patchCoverage: input.boolean('patch-coverage', true),
    comment: input.boolean('comment', true),
    title: input.string('title', 'Coverage'),
    baselineCache: input.boolean('baseline-cache', true),
    baselineFile: input.optional('baseline-file'),
    defaultBranch: input.string('default-branch'),
    badgePath: input.optional('badge-path'),
    token: input.string('github-token'),
    failOnApiError: input.boolean('fail-on-api-error', false),
  }
}
