import type { Logger } from '@pipeline-kit/common'
import {
  defaultProbeDeps,
  probeAll,
  renderProbeSummary,
  type ProbeDeps,
  type ProbeOptions,
  type ProbeReport,
} from '@pipeline-kit/http-probe'
import type { Verify } from './verify'

/** The smoke checks a deployment runs once the new version serves (the smoke-test action's probe). */
export interface SmokeChecks {
  readonly urls: readonly string[]
  readonly headers?: Readonly<Record<string, string>>
  readonly probe: ProbeOptions
}

/** A verifier plus the last report it produced, for the job summary. */
export interface SmokeVerifier {
  readonly verify: Verify
  lastReport(): ProbeReport | undefined
  /** The report as a job-summary section, or '' when the checks never ran. */
  renderSummary(): string
}

/**
 * Builds the providers' `verify` from the smoke-test package: every URL is probed with its
 * readiness wait and assertions; a failure message names the first failing assertion.
 */
export function createSmokeVerifier(checks: SmokeChecks, log: Logger, deps?: ProbeDeps): SmokeVerifier {
  let last: ProbeReport | undefined
  const targets = checks.urls.map((url) => ({ url, method: 'GET', headers: checks.headers ?? {} }))
  return {
    verify: async () => {
      last = await log.group('Smoke checks', () =>
        probeAll(targets, checks.probe, deps ?? defaultProbeDeps(log)),
      )
      if (last.passed) {
        return { ok: true, message: `${targets.length} smoke check${targets.length === 1 ? '' : 's'} passed` }
      }
      const failed = last.targets.find((t) => !t.passed)!
      const first = failed.failures[0]
      return {
        ok: false,
        message: `Smoke check of ${failed.url} failed: ${first ? `${first.assertion}: ${first.message}` : 'no response'}`,
      }
    },
    lastReport: () => last,
    renderSummary: () => (last ? renderProbeSummary(last, 'Smoke checks') : ''),
  }
}
