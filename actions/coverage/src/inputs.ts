import { Inputs, type ReadInput } from '@pipeline-kit/action-runtime'
import type { Thresholds } from '@pipeline-kit/coverage'

export interface CoverageInputs {
  readonly reports: readonly string[]
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

/** Reads and validates every input; throws a UserError naming the first bad one. */
export function parseInputs(read: ReadInput): CoverageInputs {
  const input = new Inputs(read)
  const percentage = (name: string) => input.optionalNumber(name, { min: 0, max: 100 })
  return {
    reports: input.required('reports') ? input.list('reports') : [],
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
