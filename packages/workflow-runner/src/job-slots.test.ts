import { expect, it } from 'vitest'
import { createSlots } from './job-slots'

it('runs at most `limit` tasks at a time, first come first served, freeing a slot on failure too', async () => {
  const slots = createSlots(2)
  const log: string[] = []
  let running = 0
  let peak = 0
  const gates = new Map<string, () => void>()
  const task = (name: string, fail = false) =>
    slots.use(async () => {
      running++
      peak = Math.max(peak, running)
      log.push(`start ${name}`)
      await new Promise<void>((resolve) => gates.set(name, resolve))
      running--
      log.push(`end ${name}`)
      if (fail) throw new Error(name)
    })
  const all = Promise.allSettled([task('a', true), task('b'), task('c'), task('d')])
  await Promise.resolve()
  const started = async (name: string) => {
    while (!gates.has(name)) await new Promise((r) => setImmediate(r))
  }
  await started('b')
  gates.get('a')!()
  await started('c')
  gates.get('b')!()
  await started('d')
  gates.get('c')!()
  gates.get('d')!()
  expect((await all).map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled'])
  expect(peak).toBe(2)
  expect(log).toEqual(['start a', 'start b', 'end a', 'start c', 'end b', 'start d', 'end c', 'end d'])
})
