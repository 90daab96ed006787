/* GitHub's workflow parser is a pure library (no runner I/O), used instead of a home-made
   reader; this is the one file that imports it (the evaluator: expression-evaluator.ts). */
import { register } from 'node:module'
export type {
  MappingToken,
  SequenceToken,
  TemplateToken,
} from '@actions/workflow-parser/templates/tokens/index'
export type { BasicExpressionToken } from '@actions/workflow-parser/templates/tokens/basic-expression-token'
export type { ReusableWorkflowJob } from '@actions/workflow-parser/model/workflow-template'

/**
 * @actions/workflow-parser imports its JSON schema without an import attribute (it is
 * written for bundlers), which Node's own loader refuses. This load hook serves those JSON
 * files as ES modules, so the parser loads under plain Node, tsx and vitest alike.
 */
const hook = `
export async function load(url, context, next) {
  if (url.includes('/@actions/workflow-parser/') && url.endsWith('.json') && !context.importAttributes?.type) {
    const { readFile } = await import('node:fs/promises')
    const text = await readFile(new URL(url), 'utf8')
    return { format: 'module', source: 'export default ' + text + ';', shortCircuit: true }
  }
  return next(url, context)
}
`
register(`data:text/javascript,${encodeURIComponent(hook)}`)

const parser = await import('@actions/workflow-parser')
/** Checks a `jobs.<id>.uses` call against the called workflow's `on.workflow_call` (inputs, secrets, outputs). */
export const { convertReferencedWorkflow } =
  await import('@actions/workflow-parser/model/converter/referencedWorkflow')

export const {
  parseWorkflow,
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  isMapping,
  isSequence,
  isBasicExpression,
  isBoolean,
  isLiteral,
  isNumber,
  isString,
} = parser
