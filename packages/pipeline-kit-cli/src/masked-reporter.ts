import { applyMasks, type JobResult, type Reporter, type StepResult } from '@pipeline-kit/workflow-runner'

/**
 * A reporter that replaces every secret value with `***` in what it passes on — job and
 * step names (a `run:` step is named after its evaluated script), output lines, details
 * and log tails — as GitHub masks everything it shows. Longest values first, so a secret
 * containing another is masked whole.
 */
export function maskReporter<R extends Reporter>(inner: R, secrets: readonly string[]): R {
  if (!secrets.some((s) => s.length > 0)) return inner
  const mask = (text: string): string => maskText(text, secrets)
  const step = (result: StepResult): StepResult => ({
    ...result,
    name: mask(result.name),
    detail: result.detail === undefined ? undefined : mask(result.detail),
    logTail: result.logTail.map(mask),
  })
  return {
    ...inner,
    jobStarted: (job) => inner.jobStarted({ ...job, name: mask(job.name) }),
    jobFinished: (job: JobResult) =>
      inner.jobFinished({
        ...job,
        name: mask(job.name),
        reason: job.reason === undefined ? undefined : mask(job.reason),
        steps: job.steps.map(step),
      }),
    stepStarted: (job, started) => inner.stepStarted({ name: mask(job.name) }, { name: mask(started.name) }),
    stepOutput: inner.stepOutput ? (line) => inner.stepOutput!.call(inner, mask(line)) : undefined,
    stepFinished: (job, result) => inner.stepFinished({ name: mask(job.name) }, step(result)),
  }
}

/** Text with every secret value replaced by `***`, longest first. */
export function maskText(text: string, secrets: readonly string[]): string {
  const masks = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length)
  return applyMasks(text, masks)
}
