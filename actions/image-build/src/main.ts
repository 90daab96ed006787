import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { runAction, type ActionContext } from '@pipeline-kit/action-runtime'
import { computeImageMetadata, describeGitContext } from '@pipeline-kit/image-meta'
import { parseInputs, SECRET_INPUTS } from './inputs'

const REGISTRIES_STATE = 'logged-in-registries'
/** Docker, the layer scan and its zlib: loaded once the inputs are valid, so bad input fails fast. */
const loadImageBuild = () => import('@pipeline-kit/image-build')

async function main(gh: ActionContext): Promise<void> {
  gh.secret(process.env.ACTIONS_RUNTIME_TOKEN)
  const inputs = parseInputs(gh.input)
  const {
    dockerWithSecrets,
    describeBuild,
    renderBuildSummary,
    runImageBuild,
    scanImageForSecrets,
    SecretList,
    shouldPush,
  } = await loadImageBuild()
  const secrets = new SecretList()
  for (const value of gh.masked) secrets.add(value)
  const context = describeGitContext(gh.run)
  const metadata = computeImageMetadata(context, { ...inputs, now: new Date() })
  const loggedIn: string[] = []
  const tempDir = mkdtempSync(join(gh.run.tempDir, 'pk-image-build-'))
  try {
    const result = await runImageBuild(
      {
        metadata,
        build: inputs.build,
        push: shouldPush(inputs.push, context.isPullRequest),
        engine: inputs.engine,
        logins: inputs.logins,
        scan: inputs.scan,
        cwd: gh.run.workspace,
        tempDir,
      },
      {
        docker: dockerWithSecrets(secrets),
        secrets,
        log: gh.log,
        onLoggedIn: (registry) => {
          loggedIn.push(registry)
          if (inputs.logout) gh.saveState(REGISTRIES_STATE, JSON.stringify(loggedIn))
        },
        scanImage: (image) => scanImageForSecrets(image),
      },
    )
    gh.setOutputs({
      'image-id': result.imageId,
      digest: result.digest,
      tags: result.references.join('\n'),
      labels: Object.entries(result.labels)
        .map(([key, value]) => `${key}=${value}`)
        .join('\n'),
      version: result.version,
      metadata: JSON.stringify(describeBuild(result)),
    })
    await gh.summary(renderBuildSummary(result))
    gh.annotate(
      (result.scan?.findings ?? []).map((f) => ({
        level: 'warning' as const,
        title: 'Possible secret in the image',
        message: `${f.path} (${f.reason}) in layer ${f.layer}${f.createdBy ? ` from \`${f.createdBy}\`` : ''}${f.removedLater ? '; deleted by a later layer but still shipped in this one' : ''}`,
      })),
    )
  } finally {
    rmSync(tempDir, { recursive: true, force: true })
  }
}

/** The post step logs out of every registry main logged in to (even when main failed). */
async function post(gh: ActionContext): Promise<void> {
  const registries = JSON.parse(gh.getState(REGISTRIES_STATE) || '[]') as string[]
  const { dockerWithSecrets, logoutRegistries, SecretList } = await loadImageBuild()
  await logoutRegistries(dockerWithSecrets(new SecretList()), registries, gh.log)
}

await runAction(main, { post, secretInputs: SECRET_INPUTS })
