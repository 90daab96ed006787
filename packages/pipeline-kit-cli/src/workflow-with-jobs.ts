import { isMap, isScalar, parseDocument, type Pair } from 'yaml'

/**
 * The workflow text with only the given jobs left under `jobs:`, for `--job` until
 * runWorkflow takes a job selection itself. In a block mapping the other jobs are
 * blanked character for character, so every line and column (and so every message) of
 * the jobs kept is where it is in the file; a flow mapping is re-serialised.
 */
export function workflowWithJobs(content: string, keep: ReadonlySet<string>): string {
  const doc = parseDocument(content, { keepSourceTokens: true })
  const jobs = doc.get('jobs', true)
  if (!isMap(jobs)) return content
  const drop = jobs.items.filter((pair) => !keep.has(keyOf(pair)))
  if (drop.length === 0) return content
  if (jobs.flow) {
    for (const pair of drop) jobs.delete(pair.key)
    return doc.toString()
  }
  let text = content
  for (const pair of drop) {
    const start = (pair.key as { range?: [number, number, number] } | null)?.range?.[0]
    const end = (pair.value as { range?: [number, number, number] } | null)?.range?.[2]
    if (start === undefined || end === undefined) continue
    text = text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, ' ') + text.slice(end)
  }
  return text
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
}
