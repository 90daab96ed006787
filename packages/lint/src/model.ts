/** How serious a finding is, on GitHub's three annotation levels. */
export type Severity = 'error' | 'warning' | 'notice'

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'notice']

/** One finding of one tool, in the shape every parser produces. */
export interface Diagnostic {
  readonly tool: string
  /** The tool's rule or code (`no-unused-vars`, `E501`, `B101`); undefined when it names none. */
  readonly rule?: string
  readonly severity: Severity
  /** Repository-relative POSIX path; undefined for a finding about the whole project. */
  readonly file?: string
  /** 1-based; undefined for a finding about a whole file. */
  readonly line?: number
  /** 1-based. */
  readonly column?: number
  readonly endLine?: number
  readonly endColumn?: number
  readonly message: string
  /** The tool says it can fix this one automatically. */
  readonly fixable: boolean
  /** A page explaining the rule, when the tool gives one. */
  readonly url?: string
}

/** What one tool run came to. */
export type ToolStatus = 'ok' | 'missing' | 'crashed'

export interface ToolResult {
  readonly tool: string
  readonly status: ToolStatus
  /** The command line that ran (argument array joined for display), or the files ingested. */
  readonly command: string
  readonly exitCode?: number
  readonly durationMs: number
  /** Findings before only-changed filtering. */
  readonly diagnostics: readonly Diagnostic[]
  /** Why it is missing or crashed, with how to fix that; undefined when ok. */
  readonly problem?: string
  /** The last lines of its output when it crashed. */
  readonly outputTail?: string
  /** Lines of the tool's output no parser rule matched (kept so nothing is lost silently). */
  readonly unparsedLines?: number
}

export type SeverityCounts = Record<Severity, number>

/** Creates a zeroed count per severity. */
export function emptyCounts(): SeverityCounts {
  return { error: 0, warning: 0, notice: 0 }
}
