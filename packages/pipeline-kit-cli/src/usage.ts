/** `pipeline-kit --help`. */
export const USAGE = `pipeline-kit run [workflow] [options]

Runs a GitHub Actions workflow of this repository on this machine, as GitHub would.
[workflow] is a path or a file name under .github/workflows (default: the only one).

Event
  --event NAME            the event (default push, with a payload generated from git)
  --event-file FILE       the webhook payload as GitHub would send it (JSON)
  --repository OWNER/NAME github.repository (default: the origin remote)
  --ref REF               github.ref: a branch name or refs/… (default: the checked-out branch)
  --sha SHA               github.sha (default: HEAD)
  --actor LOGIN           github.actor and the payload's sender (default: $USER)
Jobs
  --job ID                run this job and the jobs it needs (repeatable)
  --jobs N                jobs run at the same time (default: the core count)
  --list                  print the jobs in the order they run, and stop
Values
  --input NAME=VALUE      workflow_dispatch / workflow_call input (repeatable)
  --var NAME=VALUE        repository variable, vars.NAME (repeatable)
  --secret NAME           secret NAME, read from the environment variable NAME (repeatable)
  --secret-file FILE      secrets as NAME=VALUE lines
Output
  --verbose               print every line of every step
  --help, --version

Exit code: 0 when every job succeeded, 1 when a job failed, 2 on a usage or set-up error.
`
