/** What a `uses:` refers to, and so how the local runner carries it out. */
export type UsesTarget =
  | { readonly kind: 'pipeline-kit'; readonly name: string; readonly ref?: string }
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 'docker'; readonly image: string }
  | { readonly kind: 'checkout'; readonly ref: string }
  | { readonly kind: 'setup'; readonly tool: string; readonly action: string }
  | { readonly kind: 'upload-artifact' | 'download-artifact'; readonly action: string }
  | { readonly kind: 'other'; readonly action: string }

/**
 * Classifies a step's `uses:`: this toolkit's actions (`<owner>/pipeline-kit/actions/<name>@<ref>`)
 * run from their local bundles; `./path` is a folder of the workspace; `docker://image` a container step; checkout, setup-*
 * and artifact actions have local equivalents; anything else is a remote action.
 */
export function resolveUses(uses: string): UsesTarget {
  const toolkit = /^[A-Za-z0-9_.-]+\/pipeline-kit\/actions\/([a-z0-9-]+)@(.+)$/.exec(uses)
  if (toolkit) return { kind: 'pipeline-kit', name: toolkit[1]!, ref: toolkit[2]! }
  if (uses.startsWith('./')) return { kind: 'local', path: uses }
  if (/^docker:\/\//i.test(uses)) return { kind: 'docker', image: uses.slice('docker://'.length) }
  const [repo = uses, ref = ''] = uses.split('@')
  const action = repo.toLowerCase()
  if (action === 'actions/checkout') return { kind: 'checkout', ref }
  if (action === 'actions/upload-artifact') return { kind: 'upload-artifact', action: uses }
  if (action === 'actions/download-artifact') return { kind: 'download-artifact', action: uses }
  const setup = /^[a-z0-9_.-]+\/setup-([a-z0-9_.-]+?)(?:-action)?$/.exec(action)
  if (setup) return { kind: 'setup', tool: setup[1]!, action: uses }
  if (action === 'pnpm/action-setup') return { kind: 'setup', tool: 'pnpm', action: uses }
  return { kind: 'other', action: uses }
}
