import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { describeError, findFiles } from '@pipeline-kit/common'
import type { Diagnostic, ToolResult } from './model'
import { parseSarif } from './parsers'
import { createPathNormaliser } from './paths'

/**
 * The `sarif` linter: reads every SARIF file matching the globs (written by tools run in
 * earlier steps). Findings are named after each run's tool. No matching file, or a file
 * that is not SARIF, makes the result `crashed` with the reason.
 */
export async function ingestSarifFiles(
  patterns: readonly string[],
  options: { root: string; cwd: string },
): Promise<ToolResult> {
  const started = performance.now()
  const { files } = await findFiles(patterns, options.cwd)
  const command = `read ${patterns.join(', ')}`
  if (files.length === 0) {
    return {
      tool: 'sarif',
      status: 'crashed',
      command,
      durationMs: performance.now() - started,
      diagnostics: [],
      problem: `sarif: no file matched ${patterns.map((p) => `'${p}'`).join(', ')} in ${options.cwd}; write the SARIF files in an earlier step or fix 'sarif-files'`,
    }
  }
  const diagnostics: Diagnostic[] = []
  const toPath = createPathNormaliser(options.root, options.cwd)
  for (const file of files) {
    try {
      const parsed = parseSarif(
        await readFile(file, 'utf8'),
        { tool: 'sarif', toPath, toolFromReport: true },
        relative(options.root, file),
      )
      for (const d of parsed.diagnostics) diagnostics.push(d)
    } catch (error) {
      return {
        tool: 'sarif',
        status: 'crashed',
        command,
        durationMs: performance.now() - started,
        diagnostics: [],
        problem: `sarif: ${describeError(error)}`,
      }
    }
  }
  return { tool: 'sarif', status: 'ok', command, durationMs: performance.now() - started, diagnostics }
}
