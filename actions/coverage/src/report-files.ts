import { join } from 'node:path'
import { confineToRoots, findFilesOrFail, type AllowedRoot } from '@pipeline-kit/action-runtime'

/**
 * The report files the `reports` patterns match, each inside the workspace or RUNNER_TEMP
 * (after symlinks are resolved) unless allow-outside-workspace says otherwise. RUNNER_TEMP is
 * emptied by the runner at the start and end of every job, so it holds only what this job
 * wrote (downloaded artifacts, a tool's output); its `_runner_file_commands` folder is the
 * runner's own (GITHUB_ENV, GITHUB_OUTPUT… of every step) and stays refused.
 */
export async function findReportFiles(
  inputs: { readonly reports: readonly string[]; readonly allowOutsideWorkspace: boolean },
  where: { readonly workspace: string; readonly runnerTemp?: string },
): Promise<readonly string[]> {
  const files = await findFilesOrFail('reports', inputs.reports, where.workspace)
  if (inputs.allowOutsideWorkspace) return files
  const roots: AllowedRoot[] = [{ name: 'GITHUB_WORKSPACE', path: where.workspace }]
  if (where.runnerTemp)
    roots.push({
      name: 'RUNNER_TEMP',
      path: where.runnerTemp,
      except: [
        {
          path: join(where.runnerTemp, '_runner_file_commands'),
          reason: "in the runner's file-command folder",
        },
      ],
    })
  return confineToRoots(files, {
    input: 'reports',
    kind: 'report files',
    roots,
    override: 'Set allow-outside-workspace: true to read files elsewhere.',
  })
}
