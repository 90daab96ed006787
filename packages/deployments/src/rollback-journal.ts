/**
 * Where a provider records, once it starts changing the target, what undoing the change
 * needs, and clears it once the new version is verified or rolled back. The deploy action
 * keeps the record in GITHUB_STATE, so a run cancelled or timed out in between (the main
 * step killed) is rolled back by the post step.
 */
export interface RollbackJournal<T> {
  record(pending: T): void
  clear(): void
}
