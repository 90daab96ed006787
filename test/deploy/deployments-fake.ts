import type { GitHubFake, RecordedRequest } from '../github-fake'
import { loadSpec } from '../github-fake'
import { sampleFromSchema } from '../github-fake/sample'

interface FakeDeployment {
  readonly id: number
  readonly environment: string
  readonly ref: string
  readonly statuses: string[]
}

/** The Deployments API as state: what was created and every status set, by deployment id. */
export interface DeploymentsState {
  readonly deployments: FakeDeployment[]
  /** Status calls in order, as `<id>:<state>`. */
  readonly sequence: string[]
}

const jsonSchema = async (operationId: string, status: string) => {
  const spec = await loadSpec()
  const operation = spec.operations.get(operationId)
  if (!operation) throw new Error(`unknown operation ${operationId}`)
  const schema = operation.responses[status]?.content['application/json']?.schema
  return sampleFromSchema(schema, spec.schemaRoot, { useExamples: false, branch: 0 }) as Record<
    string,
    unknown
  >
}

/**
 * Makes the GitHub fake keep deployments and their statuses, so list-deployments and
 * list-deployment-statuses answer what earlier requests created (schema-valid bodies built
 * from the OpenAPI description, validated by the fake like any other response).
 */
export async function trackDeployments(gh: GitHubFake, firstId = 500): Promise<DeploymentsState> {
  const deploymentBody = await jsonSchema('repos/create-deployment', '201')
  const statusBody = await jsonSchema('repos/create-deployment-status', '201')
  const state: DeploymentsState = { deployments: [], sequence: [] }
  let nextId = firstId
  let nextStatusId = 9000
  const render = (d: FakeDeployment) => ({
    ...deploymentBody,
    id: d.id,
    environment: d.environment,
    ref: d.ref,
    sha: d.ref,
  })
  const find = (req: RecordedRequest) =>
    state.deployments.find((d) => d.id === Number(req.params.deployment_id))
  gh.on('repos/create-deployment', (req) => {
    const body = req.body as { environment: string; ref: string }
    const deployment = { id: nextId++, environment: body.environment, ref: body.ref, statuses: [] }
    state.deployments.push(deployment)
    state.sequence.push(`${deployment.id}:created`)
    return { status: 201, body: render(deployment) }
  })
  gh.on('repos/create-deployment-status', (req) => {
    const deployment = find(req)
    if (!deployment) return { status: 404 }
    const stateName = (req.body as { state: string }).state
    deployment.statuses.push(stateName)
    state.sequence.push(`${deployment.id}:${stateName}`)
    return { status: 201, body: { ...statusBody, id: nextStatusId++, state: stateName } }
  })
  gh.on('repos/list-deployments', (req) => ({
    status: 200,
    body: state.deployments
      .filter((d) => !req.query.environment || d.environment === req.query.environment)
      .reverse()
      .map(render),
  }))
  gh.on('repos/list-deployment-statuses', (req) => {
    const deployment = find(req)
    if (!deployment) return { status: 404 }
    return {
      status: 200,
      body: [...deployment.statuses].reverse().map((s, i) => ({ ...statusBody, id: 100 + i, state: s })),
    }
  })
  return state
}
