/**
 * Delay before retry number `attempt` (1-based): exponential from base, capped, with
 * "equal jitter" (half fixed, half random) so many clients do not retry in lockstep.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(exponential / 2 + random() * (exponential / 2))
}
