import {
  commandAnnotation,
  parseCommandLine,
  parseFileCommand,
  type Annotation,
  type WorkflowCommand,
} from '@pipeline-kit/workflow-runner/commands'

// One set of rules: the harness reads commands with the local runner's parser (that module
// alone, without the workflow parser).
export type { WorkflowCommand }

/** An annotation as the runner would show it. */
export type ParsedAnnotation = Annotation

/** Parses every `::command props::message` line of a step's stdout, as the runner does. */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  return stdout
    .split(/\r?\n/)
    .map(parseCommandLine)
    .filter((c): c is WorkflowCommand => c !== undefined)
}

/** The error/warning/notice commands as annotations. */
export function toAnnotations(commands: readonly WorkflowCommand[]): ParsedAnnotation[] {
  return commands
    .filter((c): c is WorkflowCommand & { command: Annotation['level'] } =>
      ['error', 'warning', 'notice'].includes(c.command),
    )
    .map(commandAnnotation)
}

/**
 * Parses a GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE file: `name=value` lines and the
 * multi-line `name<<DELIMITER` … `DELIMITER` form.
 */
export function parseFileCommands(text: string): Record<string, string> {
  return parseFileCommand(text, 'file command')
}
