import { escapeCell } from '../packages/common/src/markdown'

interface ActionYml {
  readonly inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>
  readonly outputs?: Record<string, { description?: string }>
}

/** The inputs table of an action's README, generated from action.yml. */
export function renderInputsTable(action: ActionYml): string {
  const rows = Object.entries(action.inputs ?? {}).map(([name, spec]) => {
    const fallback = spec.default === undefined || spec.default === '' ? '' : `\`${String(spec.default)}\``
    return `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${escapeCell(fallback)} | ${escapeCell(spec.description ?? '')} |`
  })
  return ['| Input | Required | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n')
}

/** The outputs table of an action's README, generated from action.yml. */
export function renderOutputsTable(action: ActionYml): string {
  const rows = Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${escapeCell(spec.description ?? '')} |`,
  )
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n')
}

/**
 * Replaces the text between `<!-- name -->` and `<!-- /name -->` markers; throws when the
 * README lacks them, so a new action cannot ship without generated tables.
 */
export function replaceBetweenMarkers(readme: string, name: string, content: string): string {
  const start = `<!-- ${name} -->`
  const end = `<!-- /${name} -->`
  const from = readme.indexOf(start)
  const to = readme.indexOf(end)
  if (from < 0 || to < from) throw new Error(`README has no ${start} … ${end} markers`)
  return `${readme.slice(0, from + start.length)}\n${content}\n${readme.slice(to)}`
}
