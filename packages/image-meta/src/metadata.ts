import { UserError } from '@pipeline-kit/common'
import { computeImageTags } from './compute-tags'
import { normalizeImageName } from './docker-names'
import type { GitContext } from './git-context'
import { computeOciAnnotations, computeOciLabels } from './labels'
import { DEFAULT_TAG_RULES, parseFlavor, parseTagRules } from './tag-rules'

export interface ImageMetadataOptions {
  /** Image names without tags, e.g. ghcr.io/octo/app. */
  readonly images: readonly string[]
  /** Lines of the `tags` input; empty means the default rules. */
  readonly tags: readonly string[]
  /** Lines of the `flavor` input. */
  readonly flavor: readonly string[]
  readonly labels?: Readonly<Record<string, string>>
  readonly now: Date
}

/** Everything computed before a build: what to tag, label and annotate. */
export interface ImageMetadata {
  readonly images: readonly string[]
  /** Bare tags (1.2.3, latest …). */
  readonly tags: readonly string[]
  /** Every image × tag reference (ghcr.io/octo/app:1.2.3 …). */
  readonly references: readonly string[]
  readonly version: string
  readonly latest: boolean
  readonly prerelease: boolean
  readonly labels: Readonly<Record<string, string>>
  readonly annotations: readonly string[]
  /** Which rule produced which tag. */
  readonly produced: readonly { tag: string; rule: string }[]
  readonly notes: readonly string[]
}

/**
 * Tags, references, OCI labels and annotations for the images, from the git context and
 * the inputs. Pure: the clock comes in as `now`.
 */
export function computeImageMetadata(context: GitContext, options: ImageMetadataOptions): ImageMetadata {
  const images = [...new Set(options.images.map((image) => normalizeImageName(image, 'images')))]
  if (images.length === 0)
    throw new UserError("Input 'images' is empty: name at least one image, e.g. ghcr.io/octo/app")
  const defaults = options.tags.filter((l) => l.trim() && !l.trim().startsWith('#')).length === 0
  const rules = parseTagRules(defaults ? DEFAULT_TAG_RULES : options.tags)
  const computed = computeImageTags(context, {
    rules,
    flavor: parseFlavor(options.flavor),
    now: options.now,
    defaults,
  })
  for (const key of Object.keys(options.labels ?? {})) {
    if (!key || /\s/.test(key))
      throw new UserError(`Input 'labels' has an invalid key '${key}': keys have no spaces`)
  }
  const labels = computeOciLabels(context, computed.version, options.now, options.labels)
  return {
    images,
    tags: computed.tags,
    references: images.flatMap((image) => computed.tags.map((tag) => `${image}:${tag}`)),
    version: computed.version,
    latest: computed.latest,
    prerelease: computed.prerelease,
    labels,
    annotations: computeOciAnnotations(labels),
    produced: computed.produced,
    notes: computed.notes,
  }
}
