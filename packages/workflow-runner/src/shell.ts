import { UserError } from '@pipeline-kit/common'

const builtIn: Record<string, { readonly args: readonly string[]; readonly extension: string }> = {
  bash: { args: ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '{0}'], extension: '.sh' },
  sh: { args: ['sh', '-e', '{0}'], extension: '.sh' },
  python: { args: ['python3', '{0}'], extension: '.py' },
  pwsh: { args: ['pwsh', '-command', ". '{0}'"], extension: '.ps1' },
}

// No `shell:` at all is `bash -e {0}` on GitHub's Linux runners: no pipefail, unlike `shell: bash`.
const unspecified: readonly string[] = ['bash', '-e', '{0}']

/**
 * The command line of a `run:` step for its `shell:` as GitHub defines them (unspecified
 * bash -e, bash with pipefail, sh -e, python, pwsh, or a custom `command [options] {0}`);
 * the script file takes the place of {0}.
 */
export function shellCommand(
  shell: string | undefined,
  scriptFile: string,
): { command: string; args: string[] } {
  const name = shell?.trim() || 'bash'
  const known = shell?.trim() ? builtIn[name] : { args: unspecified }
  const template = known ? [...known.args] : name.split(/\s+/)
  if (!known && !template.some((part) => part.includes('{0}'))) {
    throw new UserError(
      `shell '${name}' must contain {0} where the script file goes (or be bash, sh, python or pwsh)`,
    )
  }
  const [command, ...args] = template.map((part) => part.replace('{0}', scriptFile))
  return { command: command!, args }
}

/** The script file extension the runner uses for a shell (python needs .py). */
export function scriptExtension(shell: string | undefined): string {
  const name = shell?.trim() || 'bash'
  return builtIn[name]?.extension ?? (name.startsWith('python') ? '.py' : '.sh')
}
