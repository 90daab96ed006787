import { GITHUB_LIMITS } from '@pipeline-kit/common'

export type AnnotationLevel = 'error' | 'warning' | 'notice'

/** A message attached to a file and line (or to the run, without a file). */
export interface Annotation {
  readonly level: AnnotationLevel
  readonly message: string
  readonly title?: string
  readonly file?: string
  readonly line?: number
  readonly endLine?: number
  readonly column?: number
  readonly endColumn?: number
}

export interface AnnotationPlan {
  readonly emit: readonly Annotation[]
  /** How many of each level GitHub would not show, so the caller can say so. */
  readonly dropped: Readonly<Record<AnnotationLevel, number>>
  readonly droppedTotal: number
}

/**
 * Chooses which annotations a step can emit as workflow commands: GitHub shows at most
 * 10 per level per step (and 50 per job); the rest are counted, never silently lost.
 */
export function planAnnotations(
  annotations: readonly Annotation[],
  perLevel: number = GITHUB_LIMITS.annotationsPerStepPerLevel,
): AnnotationPlan {
  const used: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 }
  const dropped: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 }
  const emit: Annotation[] = []
  for (const annotation of annotations) {
    if (used[annotation.level] < perLevel) {
      used[annotation.level]++
      emit.push(annotation)
    } else dropped[annotation.level]++
  }
  return { emit, dropped, droppedTotal: dropped.error + dropped.warning + dropped.notice }
}

/** One line saying what planAnnotations dropped; empty when nothing was. */
export function describeDroppedAnnotations(plan: AnnotationPlan): string {
  if (plan.droppedTotal === 0) return ''
  const parts = (Object.entries(plan.dropped) as [AnnotationLevel, number][])
    .filter(([, n]) => n > 0)
    .map(([level, n]) => `${n} ${level}${n === 1 ? '' : 's'}`)
  return `${plan.droppedTotal} more annotations (${parts.join(', ')}) were not emitted: GitHub shows ${GITHUB_LIMITS.annotationsPerStepPerLevel} per level per step. They are listed in the job summary.`
}
