/** A number of slots taken in arrival order: what `--jobs N` and `strategy.max-parallel` limit. */
export interface Slots {
  /** Runs `task` once a slot is free, freeing it when the task settles. */
  use<T>(task: () => Promise<T>): Promise<T>
}

/** Slots for at most `limit` tasks at a time, handed out first come, first served. */
export function createSlots(limit: number): Slots {
  let free = Math.max(1, limit)
  const waiting: (() => void)[] = []
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else free++
  }
  return {
    async use(task) {
      if (free > 0) free--
      else await new Promise<void>((resolve) => waiting.push(resolve))
      try {
        return await task()
      } finally {
        release()
      }
    },
  }
}
