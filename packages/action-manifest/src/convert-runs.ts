/**
 * ActionManifestManager.ConvertRuns of the runner (actions/runner,
 * src/Runner.Worker/ActionManifestManager.cs): after the schema, `runs.using` decides the
 * kind of action and each kind needs its entry point. The runner adds these failures as
 * exceptions, so its log shows them with the .NET exception text; that first line is
 * reproduced here (without the stack trace the runner prints under it).
 */

/** The `runs.using` values the runner runs. */
export const RUNS_USING = ['docker', 'node12', 'node16', 'node20', 'node24', 'composite'] as const

const NODE = new Set(['node12', 'node16', 'node20', 'node24'])

function argumentNull(parameter: string): string {
  return `System.ArgumentNullException: Value cannot be null. (Parameter '${parameter}')`
}

/** TemplateToken.AssertString/AssertSequence: a value of another shape stops the conversion. */
class UnexpectedType extends Error {}

function typeName(value: unknown): string {
  if (value === null) return 'NullToken'
  if (Array.isArray(value)) return 'SequenceToken'
  if (value !== null && typeof value === 'object') return 'MappingToken'
  return 'StringToken'
}

function asString(value: unknown, description: string): string | undefined {
  if (value === undefined) return undefined
  if (value === null) return ''
  if (typeof value === 'object')
    throw new UnexpectedType(
      `System.ArgumentException: Unexpected type '${typeName(value)}' encountered while reading '${description}'. The type 'StringToken' was expected.`,
    )
  return String(value)
}

/**
 * The runner's verdict on a `runs` mapping: an empty list when it can run the action,
 * otherwise the error line the runner logs. `file` names the manifest as the runner does.
 */
export function convertRuns(runs: Readonly<Record<string, unknown>>, file: string): string[] {
  try {
    const using = asString(runs.using, 'using')
    const main = asString(runs.main, 'main')
    const image = asString(runs.image, 'image')
    const plugin = asString(runs.plugin, 'plugin')
    const steps = runs.steps
    if (steps !== undefined && !Array.isArray(steps))
      throw new UnexpectedType(
        `System.ArgumentException: Unexpected type '${typeName(steps)}' encountered while reading 'steps'. The type 'SequenceToken' was expected.`,
      )
    if (using !== undefined) {
      const kind = using.toLowerCase()
      if (kind === 'docker')
        return image
          ? []
          : [argumentNull(`You are using a Container Action but an image is not provided in ${file}.`)]
      if (NODE.has(kind))
        return main
          ? []
          : [
              argumentNull(
                `You are using a JavaScript Action but there is not an entry JavaScript file provided in ${file}.`,
              ),
            ]
      if (kind === 'composite')
        return steps
          ? []
          : [argumentNull(`You are using a composite action but there are no steps provided in ${file}.`)]
      return [
        `System.ArgumentOutOfRangeException: Specified argument was out of the range of valid values. (Parameter ''using: ${using}' is not supported, use 'docker', 'node12', 'node16', 'node20' or 'node24' instead.')`,
      ]
    }
    if (plugin !== undefined) return []
    return [
      "System.NotSupportedException: Missing 'using' value. 'using' requires 'composite', 'docker', 'node12', 'node16', 'node20' or 'node24'.",
    ]
  } catch (error) {
    if (error instanceof UnexpectedType) return [error.message]
    throw error
  }
}
