import { apiCall, describeApiFailure, errorStatus, truncateChars, type Logger } from '@pipeline-kit/common'

/** GitHub's check-run limits: 50 annotations per request, 65,535 characters per text field. */
export const CHECK_RUN_LIMITS = {
  annotationsPerRequest: 50,
  outputChars: 65_535,
  titleChars: 255,
  annotationMessageChars: 65_535,
} as const

/**
 * The default cap on a check run's annotations: one create request's worth, so a run with
 * thousands of failures is not minutes of throttled PATCHes (dorny/test-reporter caps at 10).
 */
export const DEFAULT_MAX_ANNOTATIONS = CHECK_RUN_LIMITS.annotationsPerRequest

export type CheckAnnotationLevel = 'notice' | 'warning' | 'failure'
export type CheckConclusion =
  'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required'

export interface CheckAnnotation {
  readonly path: string
  readonly start_line: number
  readonly end_line: number
  readonly start_column?: number
  readonly end_column?: number
  readonly annotation_level: CheckAnnotationLevel
  readonly message: string
  readonly title?: string
  readonly raw_details?: string
}

export interface CheckRunRequest {
  readonly owner: string
  readonly repo: string
  readonly headSha: string
  readonly name: string
  readonly conclusion: CheckConclusion
  readonly title: string
  readonly summary: string
  readonly text?: string
  readonly annotations: readonly CheckAnnotation[]
  /** Link shown as "View more details"; usually the workflow run. */
  readonly detailsUrl?: string
  /**
   * Most annotations to send (the first ones, in the order given); the rest are returned as
   * `leftOut` for the caller to list elsewhere. Default all of them.
   */
  readonly maxAnnotations?: number
}

/** The part of an octokit client this needs (octokit's `request` fits). */
export interface RequestClient {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ data: unknown }>
}

export type CheckRunOutcome =
  | {
      readonly published: true
      readonly id: number
      readonly url: string
      readonly annotationsSent: number
      readonly requests: number
      /** The annotations past maxAnnotations, not sent. */
      readonly leftOut: readonly CheckAnnotation[]
    }
  | { readonly published: false; readonly reason: string }

/**
 * Creates a completed check run carrying the annotations (up to maxAnnotations): the first
 * 50 with the create call, the rest in PATCHes of 50 (GitHub's per-request cap), the
 * conclusion set with the last batch. Text fields are cut to GitHub's limits with an
 * explicit line. A token that may not write checks (a fork's pull request) gives
 * `published: false` and the reason, so the caller can fall back to workflow-command
 * annotations; any other failure is an ApiCallError naming the check run
 * (`Could not publish check run 'Tests': 500 after 4 attempts`).
 */
export async function publishCheckRun(
  client: RequestClient,
  request: CheckRunRequest,
  log: Logger,
): Promise<CheckRunOutcome> {
  const call = `publish check run '${request.name}'`
  const max = request.maxAnnotations ?? request.annotations.length
  const leftOut = request.annotations.slice(max)
  const sending = request.annotations.slice(0, max)
  const batches = chunk(sending.map(fitAnnotation), CHECK_RUN_LIMITS.annotationsPerRequest)
  const output = (annotations: readonly CheckAnnotation[]) => ({
    title: fitTitle(request.title),
    summary: fitText(request.summary),
    ...(request.text ? { text: fitText(request.text) } : {}),
    annotations,
  })
  const completion = (last: boolean) =>
    last
      ? { status: 'completed', conclusion: request.conclusion, completed_at: new Date().toISOString() }
      : { status: 'in_progress' }
  const base = { owner: request.owner, repo: request.repo }
  const first = batches[0] ?? []
  let created: { id: number; html_url?: string | null }
  try {
    const response = await apiCall(call, () =>
      client.request('POST /repos/{owner}/{repo}/check-runs', {
        ...base,
        name: request.name,
        head_sha: request.headSha,
        ...(request.detailsUrl ? { details_url: request.detailsUrl } : {}),
        ...completion(batches.length <= 1),
        output: output(first),
      }),
    )
    created = response.data as typeof created
  } catch (error) {
    const status = errorStatus(error)
    if (status === 403 || status === 404) {
      const detail = describeApiFailure((error as Error).cause ?? error)
      const reason = `the token may not create check runs (HTTP ${detail}); give the job \`checks: write\` (pull requests from forks never get it)`
      log.warning(`Check run not published: ${reason}`)
      return { published: false, reason }
    }
    throw error
  }
  for (let i = 1; i < batches.length; i++) {
    await apiCall(call, () =>
      client.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        ...base,
        check_run_id: created.id,
        ...completion(i === batches.length - 1),
        output: output(batches[i]!),
      }),
    )
  }
  const sent = batches.reduce((n, b) => n + b.length, 0)
  const omitted = leftOut.length ? ` (${leftOut.length} more left out: max-annotations is ${max})` : ''
  log.info(
    `Check run "${request.name}" published with ${sent} annotation(s) in ${Math.max(batches.length, 1)} request(s)${omitted}`,
  )
  return {
    published: true,
    id: created.id,
    url: created.html_url ?? '',
    annotationsSent: sent,
    requests: Math.max(batches.length, 1),
    leftOut,
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = []
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size))
  return batches
}

function fitText(text: string): string {
  return truncateChars(text, CHECK_RUN_LIMITS.outputChars, 'check run text')
}

function fitTitle(title: string): string {
  return title.length <= CHECK_RUN_LIMITS.titleChars
    ? title
    : title.slice(0, CHECK_RUN_LIMITS.titleChars - 1) + '…'
}

/** Columns are only allowed on single-line annotations; messages have a size cap too. */
function fitAnnotation(annotation: CheckAnnotation): CheckAnnotation {
  const singleLine = annotation.start_line === annotation.end_line
  const fitted: CheckAnnotation = {
    path: annotation.path,
    start_line: Math.max(1, annotation.start_line),
    end_line: Math.max(annotation.start_line, annotation.end_line, 1),
    ...(singleLine && annotation.start_column !== undefined ? { start_column: annotation.start_column } : {}),
    ...(singleLine && annotation.end_column !== undefined ? { end_column: annotation.end_column } : {}),
    annotation_level: annotation.annotation_level,
    message: fitText(annotation.message || '(no message)'),
    ...(annotation.title ? { title: fitTitle(annotation.title) } : {}),
    ...(annotation.raw_details ? { raw_details: fitText(annotation.raw_details) } : {}),
  }
  return fitted
}
