export { describeGitContext, type GitContext, type GitRunInput } from './git-context'
export { parseSemver, formatSemver, type SemVer } from './semver'
export { isValidTag, sanitizeTag, normalizeImageName, registryOf, TAG_RULE } from './docker-names'
export { expandExpressions, formatDate } from './expressions'
export {
  parseTagRules,
  parseFlavor,
  DEFAULT_TAG_RULES,
  TAG_RULE_TYPES,
  type TagRule,
  type TagRuleType,
  type Flavor,
} from './tag-rules'
export {
  computeImageTags,
  type TagComputation,
  type TagComputationOptions,
  type ProducedTag,
} from './compute-tags'
export { computeOciLabels, computeOciAnnotations, OCI } from './labels'
export { computeImageMetadata, type ImageMetadata, type ImageMetadataOptions } from './metadata'
