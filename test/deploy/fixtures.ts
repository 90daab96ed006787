import { buildBusyboxImage } from '../services'

/** busybox httpd on 127.0.0.1:$PORT (host network), answering `body` on /. */
const serveScript = `#!/bin/sh
trap 'kill "$child" 2>/dev/null; exit 0' TERM INT
httpd -f -p "127.0.0.1:\${PORT:?}" -h /www &
child=$!
wait "$child"
`

export const healthyCheck =
  'HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD wget -q -O /dev/null "http://127.0.0.1:$PORT/" || exit 1'
export const failingCheck = 'HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD exit 1'

/** Builds a busybox-httpd image serving `body` on $PORT with the given HEALTHCHECK. */
export function buildHttpImage(tag: string, body: string, healthcheck = healthyCheck): string {
  return buildBusyboxImage(tag, {
    files: { '/www/index.html': `${body}\n`, '/bin/serve': serveScript },
    instructions: [healthcheck, 'CMD ["/bin/sh", "/bin/serve"]'],
  })
}
