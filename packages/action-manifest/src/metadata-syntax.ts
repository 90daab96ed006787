import { isMap, isScalar, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml'
import { RUNS_USING } from './convert-runs'

/**
 * The documented metadata syntax ("Metadata syntax for GitHub Actions", and the strict
 * action schema of @actions/workflow-parser): keys the runner ignores but GitHub does not
 * document, and the name, description and runs every action must have. The runner loads
 * a manifest with these problems; the Marketplace and editors do not.
 */
const TOP_LEVEL = ['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding']
const INPUT_KEYS = ['description', 'required', 'default', 'deprecationMessage']
const OUTPUT_KEYS = ['description', 'value']
const BRANDING_KEYS = ['icon', 'color']

function entries(node: unknown): { key: string; offset: number; value: Node | null }[] {
  if (!isMap(node)) return []
  return (node as YAMLMap).items.flatMap((pair) => {
    const key = pair.key as Node | null
    if (!key || !isScalar(key)) return []
    return [{ key: String(key.value), offset: key.range?.[0] ?? 0, value: pair.value as Node | null }]
  })
}

/**
 * Problems of an action.yml against the documented metadata syntax, one line each,
 * `<file> (Line: L, Col: C): …`: undocumented keys at the top level, in an input, an
 * output or branding; a missing or empty `name`, `description` or `runs`; a `runs.using`
 * GitHub does not list. Not YAML at all is left to checkActionManifest.
 */
export function metadataSyntaxProblems(text: string, file: string): string[] {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false })
  if (doc.errors.length > 0 || !isMap(doc.contents)) return []
  const problems: string[] = []
  const at = (offset: number, message: string) => {
    const { line, col } = lines.linePos(offset)
    problems.push(`${file} (Line: ${line}, Col: ${col}): ${message}`)
  }
  const unknown = (node: unknown, allowed: readonly string[], where: string) => {
    for (const { key, offset } of entries(node))
      if (!allowed.includes(key))
        at(offset, `'${key}' is not a key of ${where} (the documented keys are ${allowed.join(', ')})`)
  }
  const root = entries(doc.contents)
  unknown(doc.contents, TOP_LEVEL, 'action.yml')
  for (const required of ['name', 'description', 'runs']) {
    const entry = root.find((e) => e.key === required)
    const value = entry?.value && isScalar(entry.value) ? entry.value.value : entry?.value
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
      at(entry?.offset ?? 0, `'${required}' is required`)
  }
  const section = (name: string) => root.find((e) => e.key === name)?.value
  for (const input of entries(section('inputs'))) unknown(input.value, INPUT_KEYS, `input '${input.key}'`)
  for (const output of entries(section('outputs')))
    unknown(output.value, OUTPUT_KEYS, `output '${output.key}'`)
  unknown(section('branding'), BRANDING_KEYS, 'branding')
  const using = entries(section('runs')).find((e) => e.key === 'using')
  const usingValue = using?.value && isScalar(using.value) ? String(using.value.value) : undefined
  if (using && usingValue !== undefined && !(RUNS_USING as readonly string[]).includes(usingValue))
    at(
      using.value?.range?.[0] ?? using.offset,
      `runs.using '${usingValue}' is not one of ${RUNS_USING.join(', ')}`,
    )
  return problems
}
