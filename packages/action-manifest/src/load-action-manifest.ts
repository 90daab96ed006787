import { LineCounter, parseDocument } from 'yaml'
import { UserError } from '@pipeline-kit/common'
import { convertRuns } from './convert-runs'
import { ACTION_ROOT, actionSchema } from './runner-schema'
import { TemplateReader } from './template-reader'

/** What the runner's ActionManifestManager.Load makes of one action.yml. */
export interface ManifestCheck {
  /** The runner's error lines, in its order; empty when the runner loads the manifest. */
  readonly errors: readonly string[]
  /** The manifest as plain data (undefined when it is not YAML or not a mapping). */
  readonly manifest: Readonly<Record<string, unknown>> | undefined
}

/** An action.yml GitHub's runner refuses; the message is what the runner logs. */
export class ActionManifestError extends UserError {
  constructor(
    message: string,
    readonly errors: readonly string[],
  ) {
    super(message)
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * Checks action.yml text the way GitHub's runner loads it before running the action:
 * the runner's action schema (keys, `${{ }}` only where the schema gives a context, and
 * only that context's named-values and functions), then the `runs` rules. `file` is how
 * messages name the manifest (the runner names it relative to its actions folder).
 */
export function checkActionManifest(text: string, file: string): ManifestCheck {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false })
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((error) => {
      const { line, col } = lines.linePos(error.pos[0])
      return `${file} (Line: ${line}, Col: ${col}): ${error.message.split('\n')[0]}`
    })
    return { errors, manifest: undefined }
  }
  const reader = new TemplateReader(actionSchema, doc, lines, file)
  reader.readRoot(ACTION_ROOT)
  const errors = [...reader.errors]
  const value: unknown = doc.toJS()
  if (!isRecord(value)) {
    errors.push(
      `System.ArgumentException: Unexpected type '${Array.isArray(value) ? 'SequenceToken' : 'StringToken'}' encountered while reading 'action manifest root'. The type 'MappingToken' was expected.`,
    )
    return { errors, manifest: undefined }
  }
  const runs = value.runs
  // A `runs` of another shape already has the schema's error.
  if (isRecord(runs)) errors.push(...convertRuns(runs, file))
  // Load throws "Top level 'runs:' section is required" only once the other errors are clear.
  if (runs === undefined && errors.length === 0)
    return { errors: [`Top level 'runs:' section is required for ${file}`], manifest: value }
  return { errors, manifest: value }
}

/**
 * Loads action.yml text as GitHub's runner does, or throws ActionManifestError with the
 * runner's log: each error line, then `Failed to load <file>`.
 */
export function loadActionManifest(text: string, file: string): Readonly<Record<string, unknown>> {
  const { errors, manifest } = checkActionManifest(text, file)
  if (errors.length === 0 && manifest) return manifest
  const lines = errors[0]?.startsWith("Top level 'runs:'") ? errors : [...errors, `Failed to load ${file}`]
  throw new ActionManifestError(lines.join('\n'), errors)
}
