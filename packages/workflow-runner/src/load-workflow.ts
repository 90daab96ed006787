import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import {
  convertWorkflowTemplate,
  isMapping,
  isSequence,
  NoOperationTraceWriter,
  parseWorkflow,
  type BasicExpressionToken,
  type MappingToken,
  type ReusableWorkflowJob,
  type TemplateToken,
} from './actions-libraries'
import { UserError } from '@pipeline-kit/common'

/** One step of a job, as written; tokens keep their expressions for evaluation at run time. */
export interface StepPlan {
  /** The step id, or the id GitHub generates (`__run`, `__actions_checkout`). */
  readonly id: string
  /** True when the workflow gave the id (only those appear in the `steps` context). */
  readonly explicitId: boolean
  readonly name?: TemplateToken
  /** The condition with GitHub's implicit `success() &&` applied. */
  readonly if: string
  readonly run?: TemplateToken
  readonly uses?: string
  readonly with?: TemplateToken
  readonly env?: TemplateToken
  readonly shell?: TemplateToken
  readonly workingDirectory?: TemplateToken
  readonly continueOnError?: TemplateToken | boolean
  readonly timeoutMinutes?: TemplateToken
  /** 1-based line in the workflow file, for messages. */
  readonly line?: number
}

export interface JobPlan {
  readonly id: string
  readonly name?: TemplateToken
  readonly needs: readonly string[]
  readonly if: string
  readonly strategy?: TemplateToken
  /** `runs-on`, evaluated for each instance (it may use matrix and needs) though every job runs here. */
  readonly runsOn?: TemplateToken
  readonly outputs?: TemplateToken
  readonly env?: TemplateToken
  readonly environment?: TemplateToken
  readonly defaults?: TemplateToken
  readonly timeoutMinutes?: TemplateToken
  readonly continueOnError?: TemplateToken
  readonly steps: readonly StepPlan[]
  /** `jobs.<id>.container` and `jobs.<id>.services`, evaluated when the job starts. */
  readonly container?: TemplateToken
  readonly services?: TemplateToken
  /** Set for a job that calls a reusable workflow (`jobs.<id>.uses`). */
  readonly uses?: string
  /** The parsed call (`with`, `secrets`, `secrets: inherit`) of a `jobs.<id>.uses` job. */
  readonly call?: ReusableWorkflowJob
  /** `jobs.<id>.permissions`, accepted and kept; the local runner has no token to narrow. */
  readonly permissions?: TemplateToken
}

/** An input declared under `on.workflow_call.inputs` or `on.workflow_dispatch.inputs`. */
export interface WorkflowInputSpec {
  readonly type?: string
  readonly required: boolean
  readonly default?: TemplateToken
}

export interface WorkflowPlan {
  readonly file: string
  readonly name: string
  readonly env?: TemplateToken
  readonly defaults?: TemplateToken
  readonly events: readonly string[]
  readonly inputs: Readonly<Record<string, WorkflowInputSpec>>
  readonly secrets: readonly string[]
  readonly jobs: readonly JobPlan[]
}

/**
 * Parses and validates a workflow with GitHub's own parser (@actions/workflow-parser);
 * any schema or expression error becomes one UserError listing every `file (Line, Col)`.
 */
export async function loadWorkflow(
  file: string,
  content = readFileSync(file, 'utf8'),
): Promise<WorkflowPlan> {
  const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter())
  const root = parsed.value
  const errors = parsed.context.errors.getErrors()
  if (!root || errors.length > 0)
    throw invalid(
      file,
      errors.map((e) => e.message),
    )
  const template = await convertWorkflowTemplate(parsed.context, root)
  if (template.errors?.length)
    throw invalid(
      file,
      template.errors.map((e) => e.Message),
    )

  const rootMap = root.assertMapping('workflow')
  const rawJobs = mapping(rootMap.find('jobs'))
  const jobs: JobPlan[] = template.jobs.map((job) => {
    const raw = mapping(rawJobs?.find(job.id.value))
    if (job.type === 'reusableWorkflowJob') {
      return {
        id: job.id.value,
        needs: (job.needs ?? []).map((n) => n.value),
        if: expr(job.if),
        steps: [],
        uses: job.ref.value,
        name: job.name,
        strategy: job.strategy,
        call: job,
        permissions: raw?.find('permissions'),
      }
    }
    const rawSteps = raw?.find('steps')
    const stepTokens = rawSteps && isSequence(rawSteps) ? [...rawSteps] : []
    const steps: StepPlan[] = job.steps.map((step, index) => {
      const rawStep = mapping(stepTokens[index])
      if (!('run' in step) && !('uses' in step)) {
        throw new UserError(
          `${file}: job ${job.id.value} step ${index + 1}: only run and uses steps are supported locally`,
        )
      }
      const explicit = mapping(rawStep)?.find('id')
      return {
        id: step.id,
        explicitId: explicit !== undefined,
        name: step.name,
        if: expr(step.if),
        run: 'run' in step ? step.run : undefined,
        uses: 'uses' in step ? step.uses.value : undefined,
        with: rawStep?.find('with'),
        env: step.env,
        shell: rawStep?.find('shell'),
        workingDirectory: rawStep?.find('working-directory'),
        continueOnError: step['continue-on-error'],
        timeoutMinutes: rawStep?.find('timeout-minutes'),
        line: rawStep?.line,
      }
    })
    return {
      id: job.id.value,
      name: job.name,
      needs: (job.needs ?? []).map((n) => n.value),
      if: expr(job.if),
      strategy: job.strategy,
      runsOn: raw?.find('runs-on'),
      outputs: job.outputs,
      env: job.env,
      environment: job.environment,
      defaults: raw?.find('defaults'),
      timeoutMinutes: raw?.find('timeout-minutes'),
      continueOnError: raw?.find('continue-on-error'),
      container: raw?.find('container'),
      services: raw?.find('services'),
      steps,
    }
  })

  const on = rootMap.find('on')
  const events = on ? eventNames(on) : []
  const inputs: Record<string, WorkflowInputSpec> = {}
  const secrets: string[] = []
  const onMap = mapping(on)
  for (const trigger of ['workflow_call', 'workflow_dispatch']) {
    const declared = mapping(mapping(onMap?.find(trigger))?.find('inputs'))
    for (const pair of declared ?? []) {
      const spec = mapping(pair.value)
      inputs[pair.key.toString()] = {
        type: spec?.find('type')?.toString(),
        required: spec?.find('required')?.toString() === 'true',
        default: spec?.find('default'),
      }
    }
  }
  for (const pair of mapping(mapping(onMap?.find('workflow_call'))?.find('secrets')) ?? []) {
    secrets.push(pair.key.toString())
  }

  return {
    file,
    name: rootMap.find('name')?.toString() ?? basename(file),
    env: rootMap.find('env'),
    defaults: rootMap.find('defaults'),
    events,
    inputs,
    secrets,
    jobs,
  }
}

function invalid(file: string, messages: readonly string[]): UserError {
  return new UserError(`${file} is not a valid workflow:\n${messages.map((m) => `  ${m}`).join('\n')}`)
}

function mapping(token: TemplateToken | undefined): MappingToken | undefined {
  return token && isMapping(token) ? token : undefined
}

function expr(token: BasicExpressionToken): string {
  return token.expression
}

function eventNames(on: TemplateToken): string[] {
  if (isSequence(on)) return [...on].map((t) => t.toString())
  if (isMapping(on)) return [...on].map((pair) => pair.key.toString())
  return [on.toString()]
}
