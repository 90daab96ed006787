/**
 * What packages log through. The action runtime backs it with @actions/core;
 * tests pass a recording or silent logger, so packages never import @actions/*.
 */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warning(message: string): void
  error(message: string): void
  /** Runs fn inside a collapsible log group. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warning() {},
  error() {},
  group: (_name, fn) => fn(),
}

export interface RecordedLine {
  readonly level: 'debug' | 'info' | 'warning' | 'error' | 'group'
  readonly message: string
}

/** A logger that keeps every line, for tests. */
export function createRecordingLogger(): Logger & { readonly lines: RecordedLine[] } {
  const lines: RecordedLine[] = []
  return {
    lines,
    debug: (message) => void lines.push({ level: 'debug', message }),
    info: (message) => void lines.push({ level: 'info', message }),
    warning: (message) => void lines.push({ level: 'warning', message }),
    error: (message) => void lines.push({ level: 'error', message }),
    group: async (message, fn) => {
      lines.push({ level: 'group', message })
      return fn()
    },
  }
}
