import { UserError } from '@pipeline-kit/common'

/**
 * Checks the `known-hosts` input and returns it as known_hosts file content. Host keys are
 * always verified, so a missing value is a UserError; `requirement` says when it is needed
 * ("to deploy to deploy@host:22", "when docker-host is ssh://…").
 */
export function validateKnownHosts(knownHosts: string | undefined, requirement: string): string {
  const lines = (knownHosts ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
  if (lines.length === 0) {
    throw new UserError(
      `Input known-hosts is required ${requirement}: the host key is verified, never accepted blindly. ` +
        'Add the output of `ssh-keyscan -p <port> <host>`, checked out of band.',
    )
  }
  lines.forEach((line, index) => {
    const fields = line.split(/\s+/)
    const typeField = fields[0]?.startsWith('@') ? fields[2] : fields[1]
    if (fields.length < 3 || !typeField || !/^(ssh-|ecdsa-|sk-)/.test(typeField)) {
      throw new UserError(
        `Input known-hosts line ${index + 1} is not a known_hosts entry: expected "host key-type base64-key", ` +
          `found ${JSON.stringify(line.slice(0, 60))}`,
      )
    }
  })
  return lines.join('\n') + '\n'
}
