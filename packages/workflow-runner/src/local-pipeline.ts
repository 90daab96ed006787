import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { createHash } from 'node:crypto'
import { UserError, type Logger } from '@pipeline-kit/common'
import { createDockerRunner } from '@pipeline-kit/docker'
import { freePort } from './free-port'
import { startLocalRegistry, type LocalRegistry } from './local-registry'
import { buildNodeBaseImage } from './node-base-image'
import { runWorkflow } from './run-workflow'
import type { Reporter, WorkflowResult } from './types'

export interface LocalPipelineOptions {
  /** The pipeline-kit checkout (actions/<name> bundles, the template). */
  readonly toolkitRoot: string
  /** The application to run the pipeline on; default the sample app. */
  readonly source?: string
  /** Default workflows-templates/pipeline.yml. */
  readonly workflow?: string
  /** Node binary for the actions, the steps (first on PATH) and the base image. */
  readonly nodeBinary: string
  /** Use this registry instead of starting one. */
  readonly registry?: Omit<LocalRegistry, 'stop'>
  /** Prefix of the deployed containers' names; default pipeline-kit-sample. */
  readonly containerPrefix?: string
  readonly stagingPort?: number
  readonly productionPort?: number
  /** Extra or overriding repository variables. */
  readonly vars?: Readonly<Record<string, string>>
  /** Extra or overriding inputs of the reusable workflow. */
  readonly inputs?: Readonly<Record<string, string>>
  /**
   * Extra or overriding secrets. The local run has one flat set: GitHub's environment
   * secrets (DEPLOY_SSH_KEY of staging, production, review) are not told apart here.
   */
  readonly secrets?: Readonly<Record<string, string>>
  /** Environment added to every step (PATH is set to put the Node binary first). */
  readonly env?: Readonly<Record<string, string>>
  readonly reporter?: Reporter
  readonly log: Logger
  readonly workDir?: string
  /** The event to simulate (e.g. a pull_request for the review environment); default a push of main. */
  readonly event?: { readonly name: string; readonly payload: Record<string, unknown> }
  /** Repository slug (github.repository); default local/<container prefix>. */
  readonly repository?: string
  /** Remote actions and reusable workflows mapped to local folders (`runWorkflow`'s `actionMap`). */
  readonly actionMap?: Readonly<Record<string, string>>
  /** `--job`: these jobs and what they need. */
  readonly jobs?: readonly string[]
  /** `--jobs N`: jobs run at the same time. */
  readonly parallelJobs?: number
}

export interface LocalPipelineRun {
  readonly result: WorkflowResult
  readonly stagingUrl: string
  readonly productionUrl: string
  readonly image: string
  readonly containers: readonly string[]
}

/**
 * Runs the complete pipeline template (or the reusable .github/workflows/pipeline.yml,
 * given the same settings as inputs) locally as `pnpm pipeline` does: Docker must answer;
 * a registry is started unless one is given; a Node base image is built locally (no public
 * registry is reachable); the template's repository variables point the deploy jobs at the
 * local engine (host network, one port per environment) and the smoke tests at them.
 */
export async function runLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipelineRun> {
  const info = await createDockerRunner()(['info', '--format', '{{.ServerVersion}}'], {
    okExitCodes: 'any',
  }).catch(() => undefined)
  if (info?.exitCode !== 0) {
    throw new UserError(
      'The Docker engine does not answer (docker info failed): start dockerd (bash scripts/setup-system.sh does)',
    )
  }
  const source = options.source ?? join(options.toolkitRoot, 'test', 'fixtures', 'sample-app')
  const workflow = options.workflow ?? join(options.toolkitRoot, 'workflows-templates', 'pipeline.yml')
  const started = options.registry ? undefined : await startLocalRegistry()
  const registry = options.registry ?? started!
  try {
    const nodeVersion = spawnSync(options.nodeBinary, ['--version'], { encoding: 'utf8' }).stdout.trim()
    const digest = createHash('sha256').update(options.nodeBinary).digest('hex').slice(0, 8)
    const baseImage = await buildNodeBaseImage(
      `pipeline-kit-node-base:${nodeVersion.replace(/^v/, '')}-${digest}`,
      options.nodeBinary,
      options.log,
    )
    const prefix = options.containerPrefix ?? 'pipeline-kit-sample'
    const stagingPort = options.stagingPort ?? (await freePort())
    const productionPort = options.productionPort ?? (await freePort())
    const stagingUrl = `http://127.0.0.1:${stagingPort}`
    const productionUrl = `http://127.0.0.1:${productionPort}`
    const image = `${registry.server}/${prefix}`
    const vars: Record<string, string> = {
      IMAGE: image,
      IMAGE_BUILD_ARGS: `BASE_IMAGE=${baseImage}`,
      REGISTRY: registry.server,
      REGISTRY_USERNAME: registry.username,
      NODE_VERSION: nodeVersion.replace(/^v/, '').split('.')[0]!,
      LINTERS: 'shellcheck',
      COVERAGE_BASELINE_CACHE: 'false',
      // No GitHub API locally: pull-request comments and deployment records are off.
      COVERAGE_COMMENT: 'false',
      TRACK_DEPLOYMENTS: 'false',
      REVIEW_HOST: '127.0.0.1',
      // The deploy step already waited for a healthy container.
      SMOKE_TIMEOUT: '30s',
      CONTAINER_NAME: prefix,
      DEPLOY_NETWORK: 'host',
      STAGING_URL: stagingUrl,
      STAGING_PORT: String(stagingPort),
      PRODUCTION_URL: productionUrl,
      PRODUCTION_PORT: String(productionPort),
      ...options.vars,
    }
    // The reusable workflow takes the same settings as typed inputs and secrets.
    const reusable = /[\\/]\.github[\\/]workflows[\\/]/.test(workflow)
    const inputs: Record<string, string> = {
      'node-version': vars.NODE_VERSION!,
      linters: vars.LINTERS!,
      image,
      registry: registry.server,
      'registry-username': registry.username,
      'build-args': vars.IMAGE_BUILD_ARGS!,
      'container-name': prefix,
      network: 'host',
      'staging-url': stagingUrl,
      'staging-port': String(stagingPort),
      'production-url': productionUrl,
      'production-port': String(productionPort),
      'smoke-timeout': vars.SMOKE_TIMEOUT!,
      'track-deployments': 'false',
      'coverage-comment': 'false',
      ...options.inputs,
    }
    const result = await runWorkflow({
      workflow,
      toolkitRoot: options.toolkitRoot,
      source,
      nodeBinary: options.nodeBinary,
      vars: reusable ? {} : vars,
      inputs: reusable ? inputs : undefined,
      // Both push (image job) and pull (deploy jobs) use the local registry's one account.
      secrets: {
        REGISTRY_PUSH_PASSWORD: registry.password,
        REGISTRY_PASSWORD: registry.password,
        ...options.secrets,
      },
      env: { ...options.env, PATH: `${dirname(options.nodeBinary)}:${process.env.PATH ?? '/usr/bin:/bin'}` },
      reporter: options.reporter,
      workDir: options.workDir,
      repository: options.repository ?? `local/${prefix}`,
      event: options.event,
      actionMap: options.actionMap,
      jobs: options.jobs,
      parallelJobs: options.parallelJobs,
    })
    return {
      result,
      stagingUrl,
      productionUrl,
      image,
      containers: [`${prefix}-staging`, `${prefix}-production`],
    }
  } finally {
    started?.stop()
  }
}
